package store_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// transferWorld is the knife case at the Arnhem school, directed by the
// school itself, with a note; the pupil moves to the Den Haag demo
// school, whose demo account is its contact.
type transferWorld struct {
	*caseworkWorld
	c        *vios.Case
	pupil    string
	ownerCtx context.Context
	hague    string
	toSchool string
}

func newTransferWorld(t *testing.T) *transferWorld {
	t.Helper()
	w := &transferWorld{caseworkWorld: newCaseworkWorld(t), ownerCtx: nil}
	w.ownerCtx = w.chairCtx
	s := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, s); err != nil {
		t.Fatal(err)
	}
	w.pupil = s.Pupils[0].ID
	w.c = &vios.Case{MunicipalityID: w.arnhem, SignalID: s.ID, OwnerUserID: w.users[vios.RoleSchool].ID, Plan: knifePlan, ReviewEveryDays: 14}
	if _, err := w.db.Casework.CreateCase(w.chairCtx, w.c); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Casework.AddCaseNote(w.chairCtx, w.arnhem, w.c.ID, "Gesprek met Jan de Vries en zijn moeder gevoerd."); err != nil {
		t.Fatal(err)
	}
	w.hague = municipalityID(t, w.db, "den-haag")
	w.toSchool = vios.ActorFromContext(w.hagueCtx).User.Memberships[0].OrganisationID
	return w
}

// addTransferClause gives the demo covenant a transfer clause: schools,
// also those of Den Haag, may receive the identity and the school and
// care information — not the case's plan.
func (w *transferWorld) addTransferClause(t *testing.T) {
	t.Helper()
	as := w.as(vios.RoleRegisseur)
	c, err := w.db.Covenants.FindCovenant(as, w.arnhem, w.covenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	clause := c.Clauses[0]
	clause.ID, clause.ActivityIDs = "", nil
	clause.Purpose, clause.Transfer, clause.TransferMunicipalities = "overdracht naar een volgende school", true, []string{w.hague}
	clause.Recipients = []vios.ClauseRecipient{{Kind: vios.OrgSchool, Categories: []string{vios.DataIdentity, vios.DataSchool}}}
	c.Clauses = append(c.Clauses, clause)
	if err := w.db.Covenants.UpdateCovenant(as, c, "overdracht", c.UpdatedAt); err != nil {
		t.Fatal(err)
	}
}

func (w *transferWorld) count(t *testing.T, table string) int {
	t.Helper()
	n, err := strconv.Atoi(rawScalar(t, w.db, `SELECT COUNT(*) FROM `+table))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func transferLog(t *testing.T, db *store.DB, municipalityID, subject string) []string {
	t.Helper()
	list, err := db.Logs.SearchProcessing(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, SubjectID: subject, Action: "overdracht", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range list {
		names = append(names, r.Name)
	}
	return names
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if vios.ErrorCode(err) != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}

func TestTransferWithoutClauseAndBadInput(t *testing.T) {
	w := newTransferWorld(t)
	plan, err := w.db.Casework.PlanTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Clause != nil || len(plan.Items) != 3 || plan.Items[0].Allowed || !strings.Contains(plan.Notice, "neem contact op met Demo") {
		t.Fatalf("plan without clause: clause %v, items %+v, notice %q", plan.Clause, plan.Items, plan.Notice)
	}
	_, err = w.db.Casework.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, []string{plan.Items[0].Key})
	wantCode(t, "an item without a clause", err, vios.EINVALID)
	if n := w.count(t, "transfers") + w.count(t, "transfer_receipts"); n != 0 {
		t.Fatalf("a refused transfer stored %d rows", n)
	}
	sent, err := w.db.Casework.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, nil)
	if err != nil || !sent.NoticeOnly {
		t.Fatalf("notice: %+v, %v", sent, err)
	}
	_, received, err := w.db.Casework.ListTransfers(w.hagueCtx, w.hague)
	if err != nil || len(received) != 1 {
		t.Fatalf("received: %v, %v", received, err)
	}
	got, err := w.db.Casework.FindTransfer(w.hagueCtx, w.hague, received[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.NoticeOnly || got.Pupil != nil || got.Initials != "" || len(got.Items) != 0 || !strings.Contains(got.Contact, "@arnhem.demo.example") {
		t.Errorf("the notice carries more than the fact: %+v", got)
	}
	if err := w.db.Casework.DecideTransfer(w.hagueCtx, w.hague, got.ID, true); err != nil {
		t.Fatal(err)
	}
	if got, err = w.db.Casework.FindTransfer(w.hagueCtx, w.hague, got.ID); err != nil || got.Pupil != nil || got.Status != vios.TransferAccepted {
		t.Errorf("an acknowledged notice: %+v, %v", got, err)
	}
	transferBadInput(t, w)
}

// behindRowLevelSecurity reopens the world's store as the plain role
// production uses (appRole), so the crossing is tried with row-level
// security live on PostgreSQL; on SQLite the store filters are the wall.
func (w *transferWorld) behindRowLevelSecurity(t *testing.T) {
	t.Helper()
	base := os.Getenv(storetest.EnvPostgres)
	if w.db.Dialect() != store.Postgres || base == "" {
		return
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + rawScalar(t, w.db, `SELECT current_database()`)
	q := u.Query()
	q.Set("search_path", rawScalar(t, w.db, `SELECT current_schema()`))
	u.RawQuery = q.Encode()
	app := appRole(t, w.db, u.String())
	app.Now, app.Keys = w.db.Now, w.db.Keys
	w.networkWorld.db = app
}

func TestTransferUnderClauseAcrossTheBorder(t *testing.T) {
	w := newTransferWorld(t)
	w.addTransferClause(t)
	w.behindRowLevelSecurity(t)
	plan, err := w.db.Casework.PlanTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Clause == nil || !plan.Items[0].Allowed || plan.Items[1].Allowed || plan.Items[2].Allowed {
		t.Fatalf("plan under the clause: %s; items %+v", plan.Reason, plan.Items)
	}
	// The plan of the case is not school and care information: refused.
	_, err = w.db.Casework.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, []string{plan.Items[0].Key, plan.Items[1].Key})
	wantCode(t, "an item the clause does not allow", err, vios.EINVALID)
	if n := w.count(t, "transfers") + w.count(t, "transfer_receipts"); n != 0 {
		t.Fatalf("a refused transfer stored %d rows", n)
	}
	sent, err := w.db.Casework.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, []string{plan.Items[0].Key})
	if err != nil || sent.NoticeOnly || sent.ItemCount != 1 {
		t.Fatalf("send: %+v, %v", sent, err)
	}
	_, received, err := w.db.Casework.ListTransfers(w.hagueCtx, w.hague)
	if err != nil || len(received) != 1 {
		t.Fatalf("received: %v, %v", received, err)
	}
	id := received[0].ID
	// Before acceptance: the initials, no content.
	before, err := w.db.Casework.FindTransfer(w.hagueCtx, w.hague, id)
	if err != nil || before.Initials == "" || before.Pupil != nil || len(before.Items) != 0 {
		t.Fatalf("before acceptance: %+v, %v", before, err)
	}
	// Nobody else of either municipality reaches it; the receiver reaches
	// nothing of the sender's case.
	for name, ctx := range map[string]context.Context{"partner in Arnhem": w.as(vios.RolePartner), "school in Arnhem": w.chairCtx} {
		_, err := w.db.Casework.FindTransfer(ctx, w.hague, id)
		wantCode(t, name+" reads", err, vios.ENOTFOUND)
		wantCode(t, name+" accepts", w.db.Casework.DecideTransfer(ctx, w.hague, id, true), vios.ENOTFOUND)
	}
	_, err = w.db.Casework.FindCase(w.hagueCtx, w.arnhem, w.c.ID)
	wantCode(t, "the receiver opens the sender's case", err, vios.ENOTFOUND)
	if err := w.db.Casework.DecideTransfer(w.hagueCtx, w.hague, id, true); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a second decision", w.db.Casework.DecideTransfer(w.hagueCtx, w.hague, id, false), vios.ECONFLICT)
	after, err := w.db.Casework.FindTransfer(w.hagueCtx, w.hague, id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Pupil == nil || after.Pupil.Name != "Jan de Vries" || len(after.Items) != 1 || !strings.Contains(after.Items[0].Text, "Snapchat") {
		t.Fatalf("after acceptance: %+v", after)
	}
	for _, it := range after.Items {
		if strings.Contains(it.Text, "gesprek met ouders") || strings.Contains(it.Text, "moeder") {
			t.Errorf("an item not chosen crossed: %q", it.Text)
		}
	}
	// The sender keeps its record; both sides' logs show the transfer.
	sentList, _, err := w.db.Casework.ListTransfers(w.ownerCtx, w.arnhem)
	if err != nil || len(sentList) != 1 || sentList[0].Status != vios.TransferAccepted {
		t.Fatalf("sender's list: %+v, %v", sentList, err)
	}
	if got := strings.Join(transferLog(t, w.db, w.arnhem, w.pupil), ","); !strings.Contains(got, "overdracht-verzonden") || !strings.Contains(got, "overdracht-aanvaard") {
		t.Errorf("sender's processing log: %s", got)
	}
	if got := strings.Join(transferLog(t, w.db, w.hague, id), ","); !strings.Contains(got, "overdracht-ontvangen") ||
		!strings.Contains(got, "overdracht-aanvaard") || strings.Count(got, "overdracht-gelezen") != 2 {
		t.Errorf("receiver's processing log: %s", got)
	}
	if n := len(mailsAbout(t, w.db, "Een overdracht van")); n == 0 {
		t.Errorf("mails to the receiving school: %d", n)
	}
	w.receivedCopyExpires(t, id)
}

// receivedCopyExpires: the receiver's copy is kept for the platform's
// longest case retention after acceptance, then wiped with a deletion
// record, and deleted after the grace.
func (w *transferWorld) receivedCopyExpires(t *testing.T, id string) {
	t.Helper()
	receipts := func(records []vios.DeletionRecord, action string) int {
		n := 0
		for _, r := range records {
			if r.Kind == "overdrachten" && r.Action == action && r.MunicipalityID == w.hague {
				n += r.Count
			}
		}
		return n
	}
	start := w.now
	w.now = start.AddDate(4, 11, 0)
	if records, err := w.db.Casework.RunRetention(context.Background(), false); err != nil || receipts(records, "gepseudonimiseerd") != 0 {
		t.Fatalf("before five years: %+v %v", records, err)
	}
	w.now = start.AddDate(5, 0, 2)
	records, err := w.db.Casework.RunRetention(context.Background(), false)
	if err != nil || receipts(records, "gepseudonimiseerd") != 1 {
		t.Fatalf("after five years: %+v %v", records, err)
	}
	if got, err := w.db.Casework.FindTransfer(w.hagueCtx, w.hague, id); err == nil && (got.Pupil != nil || len(got.Items) != 0 || got.Initials != "") {
		t.Errorf("the wiped copy still shows %+v", got)
	}
	w.now = start.AddDate(5, 0, 2+retentionGraceDays+1)
	records, err = w.db.Casework.RunRetention(context.Background(), false)
	if err != nil || receipts(records, "verwijderd") != 1 || w.count(t, "transfer_receipts") != 0 {
		t.Fatalf("after the grace: %+v %v", records, err)
	}
}

// retentionGraceDays is the store's grace before a wiped record goes.
const retentionGraceDays = 90

// transferBadInput runs after the notice test in its world (a world costs
// seconds on PostgreSQL): every refusal leaves the rows as they were.
func transferBadInput(t *testing.T, w *transferWorld) {
	t.Helper()
	w.addTransferClause(t)
	cw := w.db.Casework
	rows := w.count(t, "transfers") + w.count(t, "transfer_receipts")
	// A school without anyone on the platform: a clear error.
	_, err := cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.otherSchool.ID, nil)
	if vios.ErrorCode(err) != vios.EINVALID || len(vios.ErrorFields(err)) != 1 ||
		!strings.Contains(vios.ErrorFields(err)[0].Message, "geen contactpersoon") {
		t.Errorf("a school without a contact: %v", err)
	}
	// Not a school, or no such school.
	_, err = cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.police.ID, nil)
	wantCode(t, "a partner as receiving school", err, vios.EINVALID)
	_, err = cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, "00000000-0000-0000-0000-000000000000", nil)
	wantCode(t, "an unknown school", err, vios.EINVALID)
	// A pupil or case one may not see: 404; one may see but not direct: 403.
	_, err = cw.PlanTransfer(w.asUser(w.youth), w.arnhem, w.c.ID, w.pupil, w.toSchool)
	wantCode(t, "the youth worker (pseudonyms)", err, vios.ENOTFOUND)
	_, err = cw.SendTransfer(w.hagueCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, nil)
	wantCode(t, "another municipality", err, vios.ENOTFOUND)
	_, err = cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, "00000000-0000-0000-0000-000000000000", w.toSchool, nil)
	wantCode(t, "a pupil not of the case", err, vios.ENOTFOUND)
	_, err = cw.SendTransfer(w.as(vios.RolePartner), w.arnhem, w.c.ID, w.pupil, w.toSchool, nil)
	wantCode(t, "the police, who is not the owner", err, vios.EFORBIDDEN)
	_, err = cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, []string{"signaal:elders"})
	wantCode(t, "an item of another case", err, vios.EINVALID)
	_, err = cw.SendTransfer(w.ownerCtx, w.arnhem, w.c.ID, w.pupil, w.toSchool, nil)
	wantCode(t, "nothing chosen under a clause", err, vios.EINVALID)
	if n := w.count(t, "transfers") + w.count(t, "transfer_receipts"); n != rows {
		t.Fatalf("bad input stored %d rows", n-rows)
	}
	_, err = cw.FindTransfer(w.hagueCtx, w.hague, "00000000-0000-0000-0000-000000000000")
	wantCode(t, "an unknown transfer", err, vios.ENOTFOUND)
	// A transfer clause needs the pupil's identity for schools.
	bad := vios.SharingClause{Purpose: "overdracht", Transfer: true, RetentionSignals: 1, RetentionCases: 1, RetentionMinutes: 1,
		Recipients: []vios.ClauseRecipient{{Kind: vios.OrgSchool, Categories: []string{vios.DataSchool}}}}
	wantCode(t, "a transfer clause without identity", bad.Validate(), vios.EINVALID)
}
