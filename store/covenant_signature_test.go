package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// signatureWorld is Arnhem's delft covenant as the regisseur recorded it:
// every party signed on paper, none confirmed.
func signatureWorld(t *testing.T) (*networkWorld, *vios.Covenant) {
	t.Helper()
	w := newNetworkWorld(t)
	c := delftCovenant(t, w)
	if err := w.db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	return w, c
}

func partyOf(t *testing.T, w *networkWorld, c *vios.Covenant, org string) vios.CovenantParty {
	t.Helper()
	found, err := w.db.Covenants.FindCovenant(w.as(vios.RoleRegisseur), w.arnhem, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range found.Parties {
		if p.OrganisationID == org {
			return p
		}
	}
	t.Fatalf("no party %s", org)
	return vios.CovenantParty{}
}

func partyActor(id string, memberships ...vios.Membership) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: &vios.User{ID: id, Memberships: memberships}})
}

// A recording waits for the party; the school's own user confirms it, and
// the school hears of it by mail. Who recorded it, the regisseur, another
// school and another municipality cannot.
func TestSignatureConfirmedByTheParty(t *testing.T) {
	w, c := signatureWorld(t)
	school := partyOf(t, w, c, w.school.ID)
	if school.Status != vios.PartyPending || school.Signature.RecordedBy != w.users[vios.RoleRegisseur].ID || c.Status(w.now) != vios.CovenantDraft {
		t.Fatalf("recorded party: %+v, covenant %s", school, c.Status(w.now))
	}
	mails, _ := w.db.Accounts.ListMail(context.Background(), 100)
	mailed := map[string]bool{}
	for _, m := range mails {
		if m.Subject == "Bevestig de ondertekening van het convenant" {
			mailed[m.Recipient] = strings.Contains(m.Body, "/partijen/")
		}
	}
	if !mailed[w.users[vios.RoleSchool].Email] || !mailed[w.users[vios.RolePartner].Email] || len(mailed) == 0 {
		t.Errorf("signature mails: %v", mailed)
	}
	if _, ok := mailed[w.users[vios.RoleRegisseur].Email]; ok {
		t.Errorf("the recorder was asked to confirm their own recording")
	}

	otherSchool := ""
	orgs, _ := w.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: w.arnhem, Kind: vios.OrgSchool})
	for _, o := range orgs {
		if o.ID != w.school.ID {
			otherSchool = o.ID
		}
	}
	denHaag := municipalityID(t, w.db, "den-haag")
	recorder := w.users[vios.RoleRegisseur]
	for name, try := range map[string]struct {
		as   context.Context
		want string
	}{
		"the regisseur for a school": {w.as(vios.RoleRegisseur), vios.EFORBIDDEN},
		"a user of another school": {partyActor("u-b", vios.Membership{MunicipalityID: w.arnhem, OrganisationID: otherSchool,
			Role: vios.RoleSchool}), vios.ENOTFOUND},
		"the recorder with a role at the school too": {partyActor(recorder.ID, append(recorder.Memberships, vios.Membership{
			MunicipalityID: w.arnhem, OrganisationID: w.school.ID, Role: vios.RoleSchool})...), vios.EFORBIDDEN},
		"a user of another municipality": {partyActor("u-dh", vios.Membership{MunicipalityID: denHaag, OrganisationID: w.school.ID,
			Role: vios.RoleSchool}), vios.ENOTFOUND},
		"the platform itself": {vios.NewSystemContext(context.Background(), "test"), vios.EFORBIDDEN},
	} {
		if err := w.db.Covenants.ConfirmSignature(try.as, w.arnhem, c.ID, school.ID); vios.ErrorCode(err) != try.want {
			t.Errorf("%s: %v, want %s", name, err, try.want)
		}
	}
	if p := partyOf(t, w, c, w.school.ID); p.Status != vios.PartyPending {
		t.Fatalf("refused confirmations changed the party: %s", p.Status)
	}

	if err := w.db.Covenants.ConfirmSignature(w.as(vios.RoleSchool), w.arnhem, c.ID, school.ID); err != nil {
		t.Fatal(err)
	}
	p := partyOf(t, w, c, w.school.ID)
	if p.Status != vios.PartySigned || p.Signature.DecidedBy != w.users[vios.RoleSchool].ID || p.Signature.DecidedAt == nil || p.Unconfirmed() {
		t.Errorf("confirmed party: %+v", p)
	}
	if n := rawInt(t, w.db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ? AND user_id = ?`,
		"convenant-ondertekening-bevestigd", school.ID, w.users[vios.RoleSchool].ID); n != 1 {
		t.Errorf("audit of the confirmation: %d", n)
	}
	if err := w.db.Covenants.ConfirmSignature(w.as(vios.RoleSchool), w.arnhem, c.ID, school.ID); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("confirming twice: %v", err)
	}
	logEntries(t, w.db)
}

// An editor's save keeps a confirmed signature while its date stands; a new
// date is a new recording that waits again. An editor cannot decline for a
// party, nor make it signed.
func TestSignatureSurvivesEditsButNotANewDate(t *testing.T) {
	w, c := signatureWorld(t)
	if err := signAsParties(w.db, c); err != nil {
		t.Fatal(err)
	}
	found, _ := w.db.Covenants.FindCovenant(w.as(vios.RoleRegisseur), w.arnhem, c.ID)
	found.Goals += " Ook de schoolomgeving."
	if err := w.db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), found, "Doelen", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if got := found.Status(w.now); got != vios.CovenantActive {
		t.Fatalf("after an edit: %s", got)
	}
	for i := range found.Parties {
		found.Parties[i].Status = vios.PartyDeclined
	}
	if err := w.db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), found, "Geweigerd", found.UpdatedAt); !strings.HasPrefix(fields(err), "partijen") {
		t.Errorf("an editor declines for the parties: %v", err)
	}
	found, _ = w.db.Covenants.FindCovenant(w.as(vios.RoleRegisseur), w.arnhem, c.ID)
	earlier := found.Parties[0].SignedOn.AddDate(0, 0, -1)
	found.Parties[0].SignedOn = &earlier
	found.Parties[1].Status = vios.PartySigned // as it was: kept
	if err := w.db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), found, "Andere datum", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if found.Parties[0].Status != vios.PartyPending || found.Parties[1].Status != vios.PartySigned || found.Status(w.now) != vios.CovenantDraft {
		t.Errorf("after a new date: %s, %s, covenant %s", found.Parties[0].Status, found.Parties[1].Status, found.Status(w.now))
	}
}

// A party declines with a reason, sealed in the database; the covenant does
// not run without it.
func TestSignatureDeclined(t *testing.T) {
	w, c := signatureWorld(t)
	police := partyOf(t, w, c, w.police.ID)
	if err := w.db.Covenants.DeclineSignature(w.as(vios.RolePartner), w.arnhem, c.ID, police.ID, " "); fields(err) != "reden" {
		t.Errorf("decline without a reason: %v", err)
	}
	reason := "Onze korpschef J. Jansen heeft niet getekend"
	if err := w.db.Covenants.DeclineSignature(w.as(vios.RolePartner), w.arnhem, c.ID, police.ID, reason); err != nil {
		t.Fatal(err)
	}
	p := partyOf(t, w, c, w.police.ID)
	if p.Status != vios.PartyDeclined || p.Signature.DeclineReason != reason || p.SignedOn != nil {
		t.Errorf("declined party: %+v", p)
	}
	if raw := rawScalar(t, w.db, `SELECT decline_reason_sealed FROM covenant_parties WHERE id = ?`, police.ID); raw == "" || strings.Contains(raw, "Jansen") {
		t.Errorf("the reason is not sealed: %q", raw)
	}
	if _, err := w.db.RotateKeys(context.Background(), w.arnhem, 100); err != nil {
		t.Fatal(err)
	}
	if p := partyOf(t, w, c, w.police.ID); p.Signature.DeclineReason != reason {
		t.Errorf("the reason after key rotation: %q", p.Signature.DeclineReason)
	}
	if err := w.db.Covenants.ConfirmSignature(w.as(vios.RolePartner), w.arnhem, c.ID, police.ID); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("confirming a declined signature: %v", err)
	}
	// The editor's next save keeps the party's answer and its reason.
	found, _ := w.db.Covenants.FindCovenant(w.as(vios.RoleRegisseur), w.arnhem, c.ID)
	if err := w.db.Covenants.UpdateCovenant(w.as(vios.RoleRegisseur), found, "Titel", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if p := partyOf(t, w, c, w.police.ID); p.Status != vios.PartyDeclined || p.Signature.DeclineReason != reason {
		t.Errorf("after an edit: %+v", p)
	}
	if found.Status(w.now) != vios.CovenantDraft {
		t.Errorf("a covenant with a declined party runs")
	}
}

// A party marked signed before confirmations existed keeps its status, so
// sharing goes on, and is shown as not confirmed until a user of the party
// confirms; no one who edited the covenant may.
func TestSignatureOfBeforeConfirmations(t *testing.T) {
	w, c := signatureWorld(t)
	rawExec(t, w.db, `UPDATE covenant_parties SET status = 'getekend', recorded_by = '', recorded_at = NULL WHERE covenant_id = ?`, c.ID)
	found, _ := w.db.Covenants.FindCovenant(w.as(vios.RoleRegisseur), w.arnhem, c.ID)
	if found.Status(w.now) != vios.CovenantActive || !found.Parties[0].Unconfirmed() ||
		!strings.Contains(found.Parties[0].StatusText(), "niet bevestigd") {
		t.Fatalf("an old signature: %s, %s", found.Status(w.now), found.Parties[0].StatusText())
	}
	list, err := w.db.Covenants.ListSignatureRequests(w.as(vios.RoleSchool))
	if err != nil || len(list) != 1 || list[0].Party.OrganisationID != w.school.ID || list[0].MunicipalitySlug != "arnhem" {
		t.Fatalf("the school's requests: %+v, %v", list, err)
	}
	regisseur := w.users[vios.RoleRegisseur]
	editorAtSchool := partyActor(regisseur.ID, append(regisseur.Memberships, vios.Membership{MunicipalityID: w.arnhem,
		OrganisationID: w.school.ID, Role: vios.RoleSchool})...)
	if err := w.db.Covenants.ConfirmSignature(editorAtSchool, w.arnhem, c.ID, list[0].Party.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("the editor confirms an old signature: %v", err)
	}
	if err := w.db.Covenants.ConfirmSignature(w.as(vios.RoleSchool), w.arnhem, c.ID, list[0].Party.ID); err != nil {
		t.Fatal(err)
	}
	if p := partyOf(t, w, c, w.school.ID); p.Unconfirmed() || p.Status != vios.PartySigned {
		t.Errorf("confirmed old signature: %+v", p)
	}
	if list, _ := w.db.Covenants.ListSignatureRequests(w.as(vios.RoleSchool)); len(list) != 0 {
		t.Errorf("still asked after confirming: %d", len(list))
	}
}

// The border between municipalities rests on a signed party on both
// sides: while Den Haag's school's signature only waits for the school,
// nothing crosses; once the school confirms it, the next signal matches.
func TestBorderNeedsConfirmedSignatures(t *testing.T) {
	w := newBorderWorld(t)
	police := w.as(vios.RolePartner)
	w.openBorder(t, w.as(vios.RoleRegisseur), w.covenant, w.hague)
	w.openBorder(t, w.hagueRegisseur, w.hagueCovenant, w.arnhem)
	found, err := w.db.Covenants.FindCovenant(w.hagueRegisseur, w.hague, w.hagueCovenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	school := -1
	for i, p := range found.Parties {
		if p.OrganisationID == w.hagueSchool {
			school = i
		}
	}
	// Den Haag's regisseur records the school's signature anew.
	again := found.Parties[school].SignedOn.AddDate(0, 0, 1)
	found.Parties[school].SignedOn = &again
	if err := w.db.Covenants.UpdateCovenant(w.hagueRegisseur, found, "Nieuwe ondertekening", found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Casework.CreateSignal(w.hagueCtx, w.atHagueSchool()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Casework.CreateSignal(police, w.sara()); err != nil {
		t.Fatal(err)
	}
	if a, h := len(w.notices(t, police)), len(w.notices(t, w.hagueCtx)); a != 0 || h != 0 {
		t.Fatalf("with a signature that waits for Den Haag's school: %d and %d notices", a, h)
	}
	if err := w.db.Covenants.ConfirmSignature(w.hagueCtx, w.hague, found.ID, found.Parties[school].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Casework.CreateSignal(police, w.sara()); err != nil {
		t.Fatal(err)
	}
	if a, h := len(w.notices(t, police)), len(w.notices(t, w.hagueCtx)); a != 1 || h != 1 {
		t.Errorf("once the school confirmed: %d and %d notices, want 1 and 1", a, h)
	}
}
