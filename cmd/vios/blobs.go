package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/vios-platform/vios/blob"
	"github.com/vios-platform/vios/clamd"
	"github.com/vios-platform/vios/store"
)

// Where the sealed files of attachments are kept (VIOS_BLOBS) and which
// virus scanner checks uploads (VIOS_CLAMD). Read from the environment
// only: the S3 secret must not show in the process list.
//
//	VIOS_BLOBS=schijf     DATA/bijlagen (the default with SQLite)
//	VIOS_BLOBS=database   the attachment_blobs table (the default with PostgreSQL:
//	                      every instance of the platform sees the same files)
//	VIOS_BLOBS=s3         VIOS_S3_ENDPOINT (host:port), VIOS_S3_BUCKET, VIOS_S3_REGION,
//	                      VIOS_S3_ACCESS_KEY, VIOS_S3_SECRET_KEY, VIOS_S3_INSECURE=true for plain HTTP
//	VIOS_CLAMD=unix:/run/clamav/clamd.ctl or tcp:host:3310: scan every upload;
//	                      when clamd cannot be reached, uploads are refused
func (cfg *config) attachBlobs(db *store.DB, getenv func(string) string) error {
	kind := getenv("VIOS_BLOBS")
	if kind == "" {
		kind = "schijf"
		if cfg.DatabaseURL != "" {
			kind = "database"
		}
	}
	switch kind {
	case "schijf", "disk":
		d, err := blob.NewDisk(filepath.Join(cfg.DataDir, "bijlagen"))
		if err != nil {
			return fmt.Errorf("kan de map voor bijlagen niet maken: %w\nControleer VIOS_DATA of kies VIOS_BLOBS=database of s3", err)
		}
		db.Blobs = d
	case "database":
	case "s3":
		c := blob.S3Config{Endpoint: getenv("VIOS_S3_ENDPOINT"), Bucket: getenv("VIOS_S3_BUCKET"), Region: getenv("VIOS_S3_REGION"),
			AccessKey: getenv("VIOS_S3_ACCESS_KEY"), SecretKey: getenv("VIOS_S3_SECRET_KEY"), Insecure: getenv("VIOS_S3_INSECURE") == "true"}
		if c.Endpoint == "" || c.Bucket == "" || c.AccessKey == "" || c.SecretKey == "" {
			return fmt.Errorf("VIOS_BLOBS=s3 vraagt om VIOS_S3_ENDPOINT, VIOS_S3_BUCKET, VIOS_S3_ACCESS_KEY en VIOS_S3_SECRET_KEY")
		}
		s, err := blob.NewS3(c)
		if err != nil {
			return fmt.Errorf("kan de S3-opslag voor bijlagen niet gebruiken: %w", err)
		}
		db.Blobs = s
	default:
		return fmt.Errorf("VIOS_BLOBS %q bestaat niet: kies schijf, database of s3", kind)
	}
	// Uploads wait here, sealed, until they are accepted.
	spool := filepath.Join(cfg.DataDir, "wachtrij-bijlagen")
	if err := os.MkdirAll(spool, 0o700); err == nil {
		db.SpoolDir = spool
	}
	if addr := getenv("VIOS_CLAMD"); addr != "" {
		db.Scanner = &clamd.Scanner{Address: addr}
	}
	return nil
}

// sweepBlobs removes orphaned blobs at start and tells whether clamd
// answers; neither stops the start (an unreachable clamd refuses uploads).
func sweepBlobs(ctx context.Context, db *store.DB, logger *slog.Logger) {
	if n, err := db.SweepBlobs(ctx, time.Now().Add(-store.BlobGrace)); err != nil {
		logger.Error("sweep attachment blobs", "err", err)
	} else if n > 0 {
		logger.Info("orphaned attachment blobs removed", "blobs", n)
	}
	if s, ok := db.Scanner.(*clamd.Scanner); ok {
		if err := s.Ping(ctx); err != nil {
			logger.Warn("clamd does not answer: uploads are refused until it does", "err", err)
		}
	}
}
