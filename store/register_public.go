package store

import (
	"context"
	"regexp"

	"github.com/vios-platform/vios"
)

// activityKeyPattern is the form of an activity's key: a slug of the
// platform's defaults or a municipality's activity UUID.
var activityKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// FindPublicActivity returns an activity of the register by the last
// segment of its URI, for anyone: the register is public information (the
// AVG's art. 30 register), and the URIs in the processing log resolve here.
// It reads no tenant data beyond the activity and its municipality's name.
func (db *Logs) FindPublicActivity(ctx context.Context, key string) (*vios.ProcessingActivity, error) {
	notFound := vios.Errorf(vios.ENOTFOUND, "Deze verwerkingsactiviteit bestaat niet.")
	if !activityKeyPattern.MatchString(key) {
		return nil, notFound
	}
	a := &vios.ProcessingActivity{}
	err := db.queryRow(ctx, `SELECT a.id, COALESCE(a.municipality_id, ''), COALESCE(m.name, ''), a.uri, a.name, a.purpose,
		a.legal_basis, a.data_categories, a.retention, a.version, COALESCE(a.replaced_by, '') FROM processing_activities a
		LEFT JOIN municipalities m ON m.id = a.municipality_id WHERE a.uri = ?`, vios.ActivityBase+key).Scan(&a.ID, &a.MunicipalityID,
		&a.MunicipalityName, &a.URI, &a.Name, &a.Purpose, &a.LegalBasis, &a.DataCategories, &a.Retention, &a.Version, &a.ReplacedBy)
	if err != nil {
		return nil, errNoRows(err, "Deze verwerkingsactiviteit bestaat niet.")
	}
	return a, nil
}
