package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"path/filepath"
	"strings"

	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// startPusher loads the Web Push key pair from the data folder (made at the
// first start, mode 0600) and sends the push queue until stop is called
// (never nil; it waits until the pusher has stopped, before the database
// closes). VIOS_PUSH_HOSTS (comma-separated host or host:port) adds push
// services beside the browsers' own, for a test or a self-hosted one. It
// returns the public key for the account page.
func startPusher(ctx context.Context, db *store.DB, cfg config, getenv func(string) string, logger *slog.Logger) (publicKey string, stop func(), err error) {
	stop = func() {}
	k, created, err := keys.LoadOrCreateVAPID(filepath.Join(cfg.DataDir, keys.VAPIDFileName))
	if err != nil {
		return "", stop, err
	}
	if created {
		logger.Info("web push keys created", "file", keys.VAPIDFileName)
	}
	// Several instances on one PostgreSQL database must push with one key
	// pair: a device subscribes with the public key of the instance that
	// served its page, and any instance may send to it.
	if db.Dialect() == store.Postgres {
		shared, err := db.AgreeOnSetting(ctx, "vapid-public-key", k.PublicKey)
		if err != nil {
			return "", stop, err
		}
		if shared != k.PublicKey {
			return "", stop, fmt.Errorf("de pushsleutels in %s verschillen van die van de andere instanties op deze database: kopieer %s van een andere instantie naar deze en start opnieuw",
				filepath.Join(cfg.DataDir, keys.VAPIDFileName), keys.VAPIDFileName)
		}
	}
	var hosts []string
	for _, h := range strings.Split(getenv("VIOS_PUSH_HOSTS"), ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	db.PushHosts = hosts
	p := &jobs.Pusher{Store: db.Logs, Hosts: hosts, Logger: logger.With("job", "push"),
		Keys: jobs.VAPID{PublicKey: k.PublicKey, PrivateKey: k.PrivateKey, Subscriber: pushContact(cfg.BaseURL, getenv("VIOS_MAIL_FROM"))}}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(ctx)
	}()
	return k.PublicKey, func() { cancel(); <-done }, nil
}

// pushContact is who the push services may contact about our notices: the
// platform's https address, else the sender address of its mail.
func pushContact(baseURL, from string) string {
	if strings.HasPrefix(baseURL, "https://") {
		return baseURL
	}
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Address
	}
	return "noreply@localhost"
}
