package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// SyncPlatformActivities writes the platform's activities of list as
// Migrate writes vios.DefaultActivities, for tests of a new version.
func (db *DB) SyncPlatformActivities(ctx context.Context, list []vios.ProcessingActivity) error {
	return db.syncPlatformActivities(ctx, list)
}
