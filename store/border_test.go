package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// borderWorld is the casework world (Arnhem's kernteam under a named
// clause) with a kernteam in Den Haag under a named clause of Den Haag's
// own covenant, chaired by the Den Haag school account.
type borderWorld struct {
	*caseworkWorld
	hague          string
	hagueSchool    string
	hagueRegisseur context.Context
	hagueNetwork   *vios.Network
	hagueCovenant  *vios.Covenant
}

func newBorderWorld(t *testing.T) *borderWorld {
	t.Helper()
	ctx := context.Background()
	w := &borderWorld{caseworkWorld: newCaseworkWorld(t)}
	w.hague = municipalityID(t, w.db, "den-haag")
	school := vios.ActorFromContext(w.hagueCtx).User
	w.hagueSchool = school.Memberships[0].OrganisationID
	reg, _, err := w.db.Accounts.FindCredentials(ctx, "regisseur@den-haag.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	w.hagueRegisseur = w.asUser(reg)
	w.hagueNetwork = &vios.Network{MunicipalityID: w.hague, Kind: vios.NetworkKernteam, Name: "Kernteam Den Haag", SchoolIDs: []string{w.hagueSchool},
		Cadence: vios.Cadence{EveryWeeks: 6}, AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := w.db.Networks.CreateNetwork(w.hagueRegisseur, w.hagueNetwork); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Networks.AddNetworkMember(w.hagueRegisseur, w.hague, &vios.NetworkMember{NetworkID: w.hagueNetwork.ID, UserID: school.ID,
		OrganisationID: w.hagueSchool, Position: vios.PositionMember, Function: vios.FunctionChair, JoinedOn: w.now.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	teams, _ := w.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.hague, Kind: vios.OrgMunicipal})
	c := vios.FindCovenantTemplate("delft").Fill(w.hague, w.now.AddDate(0, -1, 0))
	signed := vios.Date(w.now.AddDate(0, -1, 0))
	for _, id := range []string{w.hagueSchool, teams[0].ID} {
		c.Parties = append(c.Parties, vios.CovenantParty{OrganisationID: id, Role: "partij", Signatories: "Bestuurder", Status: vios.PartySigned, SignedOn: &signed})
	}
	if err := w.db.Covenants.CreateCovenant(w.hagueRegisseur, c); err != nil {
		t.Fatal(err)
	}
	if err := signAsParties(w.db, c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Covenants.LinkNetworkClause(w.hagueRegisseur, w.hague, w.hagueNetwork.ID, c.Clauses[0].ID); err != nil {
		t.Fatal(err)
	}
	w.hagueCovenant = c
	return w
}

// openBorder sets the municipalities a covenant's first clause names
// across the border, as that municipality's regisseur.
func (w *borderWorld) openBorder(t *testing.T, as context.Context, c *vios.Covenant, municipalities ...string) {
	t.Helper()
	found, err := w.db.Covenants.FindCovenant(as, c.MunicipalityID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	found.Clauses[0].BorderMunicipalities = municipalities
	if err := w.db.Covenants.UpdateCovenant(as, found, "Grensafspraak", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
}

// sara is a pupil who lives in Arnhem and goes to school in Den Haag, as
// the Arnhem police enters her.
func (w *borderWorld) sara() *vios.Signal {
	return &vios.Signal{MunicipalityID: w.arnhem, NetworkID: w.network.ID, OccurredOn: w.now.AddDate(0, 0, -1),
		Phenomenon: "vechtpartijen", Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Vechtpartij bij het station.",
		Pupils: []vios.Pupil{{Name: "Sara Jansen", BirthDate: "2011-06-07", SchoolID: w.hagueSchool, Class: "3A"}}}
}

// atHagueSchool is the same pupil as her Den Haag school enters her.
func (w *borderWorld) atHagueSchool() *vios.Signal {
	return &vios.Signal{MunicipalityID: w.hague, NetworkID: w.hagueNetwork.ID, OccurredOn: w.now.AddDate(0, 0, -1),
		Phenomenon: "vechtpartijen", Level: vios.LevelPupil, Urgency: vios.UrgencyNormal, Description: "Ruzie op het schoolplein.",
		Pupils: []vios.Pupil{{Name: "sara  JANSEN", BirthDate: "2011-06-07", SchoolID: w.hagueSchool, Class: "3A"}}}
}

func (w *borderWorld) notices(t *testing.T, as context.Context) []vios.MatchNotice {
	t.Helper()
	list, err := w.db.Casework.ListMatchNotices(as)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A pupil of Arnhem at a school in Den Haag: Arnhem records her with the
// Den Haag school and keeps the record; Den Haag keeps its own. Nothing
// crosses without a border clause on both sides; with them the match
// notice reaches both reporters, each in their own municipality.
func TestBorderMatchNeedsBothClauses(t *testing.T) {
	w := newBorderWorld(t)
	police := w.as(vios.RolePartner)
	home, err := w.db.Casework.CreateSignal(police, w.sara())
	if err != nil {
		t.Fatalf("a pupil at a school of another municipality: %v", err)
	}
	if len(home.Pupils) != 1 || home.Pupils[0].Name != "Sara Jansen" || home.Pupils[0].SchoolID != w.hagueSchool || home.Pupils[0].SchoolName == "" {
		t.Fatalf("Arnhem's record of her: %+v", home.Pupils)
	}
	if _, err := w.db.Casework.CreateSignal(w.hagueCtx, w.atHagueSchool()); err != nil {
		t.Fatal(err)
	}
	check := func(when string, arnhem, hague int) {
		t.Helper()
		if a, h := len(w.notices(t, police)), len(w.notices(t, w.hagueCtx)); a != arnhem || h != hague {
			t.Errorf("%s: %d notices in Arnhem, %d in Den Haag; want %d and %d", when, a, h, arnhem, hague)
		}
	}
	check("without a clause", 0, 0)
	// A border clause of one side alone opens nothing: Arnhem's regisseur
	// cannot open the border for Den Haag.
	w.openBorder(t, w.as(vios.RoleRegisseur), w.covenant, w.hague)
	if _, err := w.db.Casework.CreateSignal(police, w.sara()); err != nil {
		t.Fatal(err)
	}
	check("with Arnhem's clause only", 0, 0)

	// Den Haag names Arnhem back in its own covenant: the next signal
	// matches, and both reporters hear of it.
	w.openBorder(t, w.hagueRegisseur, w.hagueCovenant, w.arnhem)
	third, err := w.db.Casework.CreateSignal(police, w.sara())
	if err != nil {
		t.Fatal(err)
	}
	check("with both clauses", 1, 1)
	mine, theirs := w.notices(t, police)[0], w.notices(t, w.hagueCtx)[0]
	if mine.SignalID != third.ID || mine.OtherMunicipality != "Den Haag" || mine.OtherOrg == "" {
		t.Errorf("Arnhem's notice: %+v", mine)
	}
	if theirs.OtherSignalID != third.ID || theirs.OtherMunicipality != "Arnhem" || theirs.MunicipalityID != w.hague {
		t.Errorf("Den Haag's notice: %+v", theirs)
	}
	// Nothing was copied: Den Haag's school cannot open Arnhem's signal.
	if _, err := w.db.Casework.FindSignal(w.hagueCtx, w.arnhem, third.ID); err == nil {
		t.Error("Den Haag's school reads Arnhem's signal")
	}

	// Den Haag ends its covenant: the border closes again.
	w.closeCovenant(t)
	if _, err := w.db.Casework.CreateSignal(police, w.sara()); err != nil {
		t.Fatal(err)
	}
	check("after Den Haag's covenant ended", 1, 1)
	// The match is in both municipalities' audit trails, and both log
	// chains stay whole.
	for name, m := range map[string]string{"Arnhem": w.arnhem, "Den Haag": w.hague} {
		list, err := w.db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: m, Action: "signaal-gematcht-over-grens", Limit: 10})
		if err != nil || len(list) != 1 {
			t.Errorf("%s's audit of the match across the border: %d entries, %v", name, len(list), err)
		}
	}
	if problems, _, err := w.db.Logs.VerifyLogs(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("log chains after matches across the border: %+v %v", problems, err)
	}
}

// closeCovenant ends Den Haag's covenant today.
func (w *borderWorld) closeCovenant(t *testing.T) {
	t.Helper()
	c, err := w.db.Covenants.FindCovenant(w.hagueRegisseur, w.hague, w.hagueCovenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := vios.Date(w.now)
	c.EndedOn = &today
	if err := w.db.Covenants.UpdateCovenant(w.hagueRegisseur, c, "Beëindigd", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
}

// A border clause names existing other municipalities, each once, and only
// in a clause that discusses pupils by name; bad input saves nothing.
func TestBorderClauseChecked(t *testing.T) {
	w := newBorderWorld(t)
	as := w.as(vios.RoleRegisseur)
	try := func(name string, named bool, list ...string) {
		t.Helper()
		c, err := w.db.Covenants.FindCovenant(as, w.arnhem, w.covenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Clauses[0].BorderMunicipalities, c.Clauses[0].Named = list, named
		if err := w.db.Covenants.UpdateCovenant(as, c, "x", c.UpdatedAt); vios.ErrorCode(err) != vios.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	try("own municipality", true, w.arnhem)
	try("unknown municipality", true, "00000000-0000-0000-0000-000000000000")
	try("named twice", true, w.hague, w.hague)
	try("pseudonymous clause", false, w.hague)
	if c, _ := w.db.Covenants.FindCovenant(as, w.arnhem, w.covenant.ID); len(c.Clauses[0].BorderMunicipalities) != 0 {
		t.Errorf("bad input was saved: %v", c.Clauses[0].BorderMunicipalities)
	}
}

// haguePartner is an organisation of Den Haag that is no school.
func (w *caseworkWorld) haguePartner(t *testing.T, hague string) string {
	t.Helper()
	orgs, err := w.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: hague, Kind: vios.OrgPartner})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("no partner in Den Haag: %v", err)
	}
	return orgs[0].ID
}
