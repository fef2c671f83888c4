package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store/storetest"
)

// The demo shows both sides of the clause: the police sees the knife
// case's pupil by name, the youth worker by pseudonym; loading twice adds
// nothing.
func TestLoadCasework(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadProtocols(ctx, db.All, db.Protocols); err != nil {
			t.Fatal(err)
		}
	}
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	as := func(email string) context.Context {
		u, _, err := db.Accounts.FindCredentials(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return vios.NewContextWithActor(ctx, &vios.Actor{User: u})
	}
	police, page, err := db.Casework.ListSignals(as("partner@arnhem.demo.example"), vios.SignalFilter{MunicipalityID: arnhem.ID})
	if err != nil || page.Total != 2 {
		t.Fatalf("the police lists %d demo signals (%v)", page.Total, err)
	}
	youth, _, err := db.Casework.ListSignals(as("jongerenwerk@arnhem.demo.example"), vios.SignalFilter{MunicipalityID: arnhem.ID})
	if err != nil || len(youth) != 2 {
		t.Fatalf("youth work lists %d (%v)", len(youth), err)
	}
	for i := range police {
		if len(police[i].Pupils) == 0 {
			continue
		}
		if police[i].Pupils[0].Display() != "Daan Bakker" || youth[i].Pupils[0].Display() == "Daan Bakker" {
			t.Errorf("police sees %q, youth work %q", police[i].Pupils[0].Display(), youth[i].Pupils[0].Display())
		}
	}
}

// Demo meetings fall on school days: the first meeting, planned two weeks
// ahead, moves from a Saturday or Sunday to the Monday after.
func TestDemoMeetingsOnWeekdays(t *testing.T) {
	ctx := context.Background()
	today := vios.Date(storetest.Now())
	for _, weekend := range []time.Weekday{time.Saturday, time.Sunday} {
		// now is the day whose "two weeks later" is this weekend day.
		now := today.AddDate(0, 0, (int(weekend)-int(today.Weekday())+7)%7-14+7*3).Add(10 * time.Hour)
		t.Run(weekend.String(), func(t *testing.T) {
			db := storetest.OpenWithDemo(t)
			if err := demo.LoadUsers(ctx, db.All, ""); err != nil {
				t.Fatal(err)
			}
			if err := demo.LoadNetworks(ctx, db.All, now); err != nil {
				t.Fatal(err)
			}
			for _, slug := range []string{"arnhem", "den-haag"} {
				m, _ := db.Organisations.FindMunicipalityBySlug(ctx, slug)
				meetings, err := db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: m.ID})
				if err != nil || len(meetings) == 0 {
					t.Fatalf("%s: %d meetings (%v)", slug, len(meetings), err)
				}
				for _, mt := range meetings {
					day := mt.StartsAt.In(vios.Amsterdam)
					if w := day.Weekday(); w == time.Saturday || w == time.Sunday || vios.Date(day).After(vios.Date(now).AddDate(0, 0, 16)) {
						t.Errorf("%s: demo meeting on %s %s, planned from %s", slug, w, vios.DutchDate(day), vios.DutchDate(now))
					}
				}
			}
		})
	}
}

// The vo school's weapons protocol shows the wijkagent of the sociale
// kaart; the municipality has its defaults from the covenant.
func TestLoadProtocols(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenWithDemo(t)
	for _, step := range []func() error{
		func() error { return demo.LoadUsers(ctx, db.All, "") },
		func() error { return demo.LoadNetworks(ctx, db.All, db.Now()) },
		func() error { return demo.LoadCasework(ctx, db.All, db.Now()) },
		func() error { return demo.LoadProtocols(ctx, db.All, db.Protocols) },
		func() error { return demo.LoadProtocols(ctx, db.All, db.Protocols) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	vo, _, _ := db.Accounts.FindCredentials(ctx, "vo@arnhem.demo.example")
	as := vios.NewContextWithActor(ctx, &vios.Actor{User: vo})
	p, err := db.Protocols.ProtocolFor(as, arnhem.ID, vo.Memberships[0].OrganisationID, "wapens")
	if err != nil || p.IsDefault() || p.Steps[1].Contact == nil || p.Steps[1].Contact.Name != "Karim Bouzid" {
		t.Fatalf("the vo school's protocol: %+v %v", p, err)
	}
	list, _ := db.Protocols.ListProtocols(as, arnhem.ID, "")
	if len(list) < 2 {
		t.Errorf("%d protocols, want the defaults and the school's", len(list))
	}
}
