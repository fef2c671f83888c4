package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// PushStore is the part of the store the pusher needs; *store.Logs has it.
type PushStore interface {
	ClaimPendingPush(ctx context.Context, limit int) ([]*vios.PushMessage, error)
	MarkPushSent(ctx context.Context, id string) error
	// MarkPushFailed records a failed attempt; errText holds no endpoint.
	MarkPushFailed(ctx context.Context, id, errText string) error
	ReleasePush(ctx context.Context, id string) error
	// ExpirePushSubscription removes a device the push service no longer knows.
	ExpirePushSubscription(ctx context.Context, subscriptionID string) error
}

// VAPID is the platform's key pair for Web Push (RFC 8292), base64url, and
// the contact the push services see in its token: an https address of the
// platform or a mail address.
type VAPID struct {
	PublicKey  string
	PrivateKey string
	Subscriber string
}

// Pusher sends the push queue: content-free notices (notify.Push) queued in
// the transaction of the change, encrypted for each device (RFC 8291) and
// POSTed to its push service with a VAPID token. A device whose push
// service answers 404 or 410 is removed; other failures are retried with a
// growing wait. It logs ids and counts, never an endpoint.
type Pusher struct {
	Store  PushStore
	Keys   VAPID
	Logger *slog.Logger
	// Hosts are push service hosts accepted beside vios.PushServices (the
	// store checked them at subscription; checked again before each POST).
	Hosts []string
	// Client sends the requests; nil: a client with a 30 second timeout
	// that follows no redirects (a redirect could lead anywhere).
	Client *http.Client
	// Interval is the time between two looks at the queue without Notify.
	Interval time.Duration
	// BatchSize is the most notices claimed in one pass.
	BatchSize int

	wake chan struct{}
	once sync.Once
	mu   sync.Mutex
}

func (p *Pusher) init() {
	p.once.Do(func() {
		p.wake = make(chan struct{}, 1)
		if p.Logger == nil {
			p.Logger = slog.New(slog.DiscardHandler)
		}
		if p.Client == nil {
			p.Client = &http.Client{Timeout: 30 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		}
		if p.Interval == 0 {
			p.Interval = 5 * time.Second
		}
		if p.BatchSize == 0 {
			p.BatchSize = 50
		}
	})
}

// Notify wakes the pusher to look at the queue now. It never blocks.
func (p *Pusher) Notify() {
	p.init()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run sends the queue until ctx ends (runPasses).
func (p *Pusher) Run(ctx context.Context) {
	p.init()
	runPasses(ctx, p.Logger, "push", p.Interval, p.BatchSize, p.wake, p.SendPending)
}

// SendPending makes one pass over the due notices. sent counts the notices
// a push service took; failed those that were not (expired devices among them).
func (p *Pusher) SendPending(ctx context.Context) (sent, failed int, err error) {
	p.init()
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx = vios.NewSystemContext(ctx, "push")
	list, err := p.Store.ClaimPendingPush(ctx, p.BatchSize)
	if err != nil || len(list) == 0 {
		return 0, 0, err
	}
	// An outcome is recorded even when a stop comes halfway: a notice that
	// went out but is not marked would be shown twice.
	record, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var errs []error
	for i, m := range list {
		if ctx.Err() != nil {
			for _, rest := range list[i:] {
				errs = append(errs, p.Store.ReleasePush(record, rest.ID))
			}
			errs = append(errs, ctx.Err())
			break
		}
		status, err := p.send(ctx, m)
		switch {
		case err == nil && status >= 200 && status < 300:
			errs = append(errs, p.Store.MarkPushSent(record, m.ID))
			sent++
			continue
		case err == nil && (status == http.StatusNotFound || status == http.StatusGone):
			p.Logger.Info("push device expired; removed", "subscription", m.Subscription.ID)
			errs = append(errs, p.Store.ExpirePushSubscription(record, m.Subscription.ID))
		case err == nil:
			errs = append(errs, p.Store.MarkPushFailed(record, m.ID, fmt.Sprintf("pushdienst antwoordde %d", status)))
		default:
			p.Logger.Warn("push not delivered", "push", m.ID, "err", err)
			errs = append(errs, p.Store.MarkPushFailed(record, m.ID, err.Error()))
		}
		failed++
	}
	return sent, failed, errors.Join(errs...)
}

// send encrypts and POSTs one notice, returning the push service's status.
// Its errors never hold the endpoint.
func (p *Pusher) send(ctx context.Context, m *vios.PushMessage) (int, error) {
	s := m.Subscription
	if !vios.PushEndpointAllowed(s.Endpoint, p.Hosts) {
		return 0, errors.New("adres hoort niet bij een bekende pushdienst")
	}
	payload := notify.Push{Title: m.Title, Body: m.Body, Link: m.Link}.Payload()
	res, err := webpush.SendNotificationWithContext(ctx, payload,
		&webpush.Subscription{Endpoint: s.Endpoint, Keys: webpush.Keys{Auth: s.Auth, P256dh: s.P256dh}},
		&webpush.Options{HTTPClient: p.Client, Subscriber: p.Keys.Subscriber, VAPIDPublicKey: p.Keys.PublicKey,
			VAPIDPrivateKey: p.Keys.PrivateKey, TTL: 24 * 60 * 60, Urgency: webpush.UrgencyHigh})
	if err != nil {
		return 0, safePushError(err, s.Endpoint)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // #nosec G104 -- drained only so the connection is reused; the status is the answer
	return res.StatusCode, nil
}

// safePushError drops the endpoint from an error (url.Error repeats it).
func safePushError(err error, endpoint string) error {
	text := strings.ReplaceAll(err.Error(), endpoint, "[pushadres]")
	if len(text) > 300 {
		text = strings.ToValidUTF8(text[:300], "")
	}
	return errors.New(text)
}
