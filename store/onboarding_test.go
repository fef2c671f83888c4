package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// Onboard adds the municipality, its starter approach and its first
// beheerder with an invitation in one transaction with its audit entry:
// for the landelijk role and the platform itself, never for a beheerder;
// a slug or address in use, or a key that cannot be written, leaves
// nothing behind.
func TestOnboard(t *testing.T) {
	db := storetest.Open(t)
	bg := context.Background()
	landelijk := vios.NewContextWithActor(bg, &vios.Actor{User: &vios.User{ID: "u-landelijk",
		Memberships: []vios.Membership{{Role: vios.RoleLandelijk}}}})
	o := vios.Onboarding{Slug: "purmerend", Name: "Purmerend", Email: "beheer@purmerend.example"}
	var keyed []string
	db.NewKey = func(_ context.Context, m *vios.Municipality) error { keyed = append(keyed, m.Slug); return nil }
	m, err := db.Organisations.Onboard(landelijk, &o, "token-1", "hash-1", 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(keyed) != 1 || keyed[0] != "purmerend" {
		t.Errorf("keys made: %v", keyed)
	}
	u, err := db.Accounts.FindUserToken(bg, "hash-1", "uitnodiging")
	if err != nil || u.Email != "beheer@purmerend.example" || u.Name != "Functioneel beheerder Purmerend" ||
		len(u.Memberships) != 1 || u.Memberships[0].Role != vios.RoleBeheerder || u.Memberships[0].MunicipalityID != m.ID {
		t.Fatalf("invited beheerder: %+v, %v", u, err)
	}
	a, err := db.Approaches.FindApproachByMunicipality(bg, "purmerend")
	if err != nil || a.Name != "VIOS-Purmerend" || a.Phase.Phase != "plan" {
		t.Fatalf("starter approach: %+v, %v", a, err)
	}
	if n := auditCount(t, db, m.ID, "gemeente-toegevoegd", m.ID); n != 1 {
		t.Errorf("%d audit entries of the onboarding, want 1", n)
	}

	admin := vios.NewContextWithActor(bg, &vios.Actor{User: u})
	keyFails := errors.New("sleutelbestand alleen-lezen")
	for _, tt := range []struct {
		name string
		ctx  context.Context
		o    vios.Onboarding
		key  error
		code string
	}{
		{"slug exists", landelijk, vios.Onboarding{Slug: "purmerend", Name: "Purmerend", Email: "ander@purmerend.example"}, nil, vios.ECONFLICT},
		{"e-mail in use", landelijk, vios.Onboarding{Slug: "den-haag", Name: "Den Haag", Email: "beheer@purmerend.example"}, nil, vios.ECONFLICT},
		{"malformed", landelijk, vios.Onboarding{Slug: "Den Haag", Email: "geen adres"}, nil, vios.EINVALID},
		{"a beheerder", admin, vios.Onboarding{Slug: "den-haag", Name: "Den Haag", Email: "beheer@denhaag.example"}, nil, vios.EFORBIDDEN},
		{"nobody", bg, vios.Onboarding{Slug: "den-haag", Name: "Den Haag", Email: "beheer@denhaag.example"}, nil, vios.EUNAUTHORIZED},
		{"key not written", landelijk, vios.Onboarding{Slug: "den-haag", Name: "Den Haag", Email: "beheer@denhaag.example"}, keyFails, vios.EINTERNAL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			keyed = nil
			db.NewKey = func(context.Context, *vios.Municipality) error { keyed = append(keyed, "x"); return tt.key }
			_, err := db.Organisations.Onboard(tt.ctx, &tt.o, "token-2", "hash-2", time.Hour)
			if vios.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if tt.key == nil && len(keyed) > 0 {
				t.Error("a key was made for a refused municipality")
			}
			if _, err := db.Organisations.FindMunicipalityBySlug(bg, "den-haag"); vios.ErrorCode(err) != vios.ENOTFOUND {
				t.Errorf("refused municipality stored: %v", err)
			}
			if _, err := db.Accounts.FindUserToken(bg, "hash-2", "uitnodiging"); err == nil {
				t.Error("refused invitation stored")
			}
			if mails, _ := db.Accounts.ListMail(bg, 10); len(mails) != 1 {
				t.Errorf("%d mails queued, want the first one only", len(mails))
			}
		})
	}
	// Without a key maker the keys in use must have the new municipality's
	// key already (the derived test keys do).
	db.NewKey = nil
	if _, err := db.Organisations.Onboard(landelijk, &vios.Onboarding{Slug: "den-haag", Name: "Den Haag", Email: "beheer@denhaag.example"},
		"token-3", "hash-3", time.Hour); err != nil {
		t.Fatal(err)
	}
}
