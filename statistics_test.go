package vios_test

import (
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

func day(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

// Buckets start on Monday, the first of the month, or 1 August.
func TestBucketStart(t *testing.T) {
	for _, c := range []struct{ grain, day, want, label string }{
		{vios.GrainWeek, "2026-03-05", "2026-03-02", "week 10 2026"},
		{vios.GrainWeek, "2026-03-02", "2026-03-02", "week 10 2026"},
		{vios.GrainMonth, "2026-03-31", "2026-03-01", "mrt 2026"},
		{vios.GrainSchoolYear, "2026-07-31", "2025-08-01", "2025-2026"},
		{vios.GrainSchoolYear, "2026-08-01", "2026-08-01", "2026-2027"},
	} {
		b := vios.BucketStart(c.grain, day(c.day))
		if b.Format(time.DateOnly) != c.want || vios.BucketLabel(c.grain, b) != c.label {
			t.Errorf("%s %s: %s %q, want %s %q", c.grain, c.day, b.Format(time.DateOnly), vios.BucketLabel(c.grain, b), c.want, c.label)
		}
	}
}

// A period over five years, backwards, an unknown phenomenon, school or
// grain: each named at its field.
func TestReadStatisticsFilter(t *testing.T) {
	phenomena := []vios.Phenomenon{{Code: "wapens", Label: "Wapens"}}
	schools := map[string]bool{"s1": true}
	today := day("2026-06-15")
	for _, c := range []struct {
		query map[string]string
		field string
	}{
		{map[string]string{}, ""},
		{map[string]string{"vanaf": "2021-06-16", "totEnMet": "2026-06-15"}, ""},
		{map[string]string{"vanaf": "2021-06-15", "totEnMet": "2026-06-15"}, "vanaf"},
		{map[string]string{"vanaf": "2026-06-15", "totEnMet": "2026-06-14"}, "totEnMet"},
		{map[string]string{"fenomeen": "vapes"}, "fenomeen"},
		{map[string]string{"school": "s2"}, "school"},
		{map[string]string{"per": "jaar"}, "per"},
	} {
		var v vios.Validation
		f := vios.ReadStatisticsFilter(func(k string) string { return c.query[k] }, "m1", phenomena, schools, today, &v)
		fields := vios.ErrorFields(v.Err("x"))
		if c.field == "" && len(fields) > 0 || c.field != "" && (len(fields) == 0 || fields[0].Field != c.field) {
			t.Errorf("%v: %v, want a problem at %q", c.query, fields, c.field)
		}
		if len(c.query) == 0 && (f.From != day("2025-06-16") || f.To != today || f.Grain != vios.GrainMonth) {
			t.Errorf("default filter: %+v", f)
		}
	}
}

// The regisseur reads the municipality, the school its own school, others
// nothing.
func TestAuthorizeStatistics(t *testing.T) {
	actor := func(ms ...vios.Membership) *vios.Actor {
		return &vios.Actor{User: &vios.User{ID: "u", Memberships: ms}}
	}
	if s, err := vios.AuthorizeStatistics(actor(vios.Membership{MunicipalityID: "m1", Role: vios.RoleRegisseur}), "m1"); err != nil || s != nil {
		t.Errorf("regisseur: %v %v", s, err)
	}
	if s, err := vios.AuthorizeStatistics(actor(vios.Membership{MunicipalityID: "m1", Role: vios.RoleSchool, OrganisationID: "o1"}), "m1"); err != nil || len(s) != 1 || s[0] != "o1" {
		t.Errorf("school: %v %v", s, err)
	}
	for name, a := range map[string]*vios.Actor{
		"regisseur elsewhere": actor(vios.Membership{MunicipalityID: "m2", Role: vios.RoleRegisseur}),
		"school elsewhere":    actor(vios.Membership{MunicipalityID: "m2", Role: vios.RoleSchool, OrganisationID: "o2"}),
		"partner":             actor(vios.Membership{MunicipalityID: "m1", Role: vios.RolePartner, OrganisationID: "o3"}),
		"coordinator":         actor(vios.Membership{MunicipalityID: "m1", Role: vios.RoleCoordinator}),
		"landelijk":           actor(vios.Membership{Role: vios.RoleLandelijk}),
	} {
		if _, err := vios.AuthorizeStatistics(a, "m1"); vios.DenialOf(err) == nil {
			t.Errorf("%s: %v, want a denial", name, err)
		}
	}
}
