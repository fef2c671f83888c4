package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// alertWorld is Arnhem with the demo users on a clock the test moves (now),
// and an alert group of the demo school and the police member.
type alertWorld struct {
	db     *store.DB
	now    time.Time
	arnhem *vios.Municipality
	users  map[string]*vios.User // regisseur, school, partner
	group  *vios.Network
}

func newAlertWorld(t *testing.T) *alertWorld {
	t.Helper()
	w := &alertWorld{now: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)}
	w.db, w.arnhem, w.users = demoArnhem(t, &w.now)
	w.group = &vios.Network{MunicipalityID: w.arnhem.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep centrum", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := w.db.Networks.CreateNetwork(w.as(vios.RoleRegisseur), w.group); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{vios.RoleSchool, vios.RolePartner} {
		m := &vios.NetworkMember{NetworkID: w.group.ID, UserID: w.users[role].ID, OrganisationID: w.users[role].Memberships[0].OrganisationID,
			Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, 0, -7)}
		if err := w.db.Networks.AddNetworkMember(w.as(vios.RoleRegisseur), w.arnhem.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// as is a context acting as the user of the role.
func (w *alertWorld) as(role string) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: w.users[role]})
}
