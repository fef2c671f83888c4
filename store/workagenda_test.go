package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// agendaWorld is the demo platform with the demo kernteams, whose meeting
// in Arnhem and in Den Haag has its agenda published so actions can be
// agreed. The work agenda runs as a plain database role on PostgreSQL, so
// row-level security is live for it.
type agendaWorld struct {
	owner, db       *store.DB // owner sets up; db is the plain role
	now             time.Time
	arnhem, denHaag string
	meetings        map[string]*vios.Meeting         // by municipality id
	users           map[string]map[string]*vios.User // municipality id → role → user
}

func newAgendaWorld(t *testing.T) *agendaWorld {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t)
	owner, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	owner.Keys = keys.NewHolder(storetest.TestKeys())
	if _, err := owner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, owner.Organisations); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, owner.All, ""); err != nil {
		t.Fatal(err)
	}
	w := &agendaWorld{owner: owner, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		meetings: map[string]*vios.Meeting{}, users: map[string]map[string]*vios.User{}}
	owner.Now = func() time.Time { return w.now }
	if err := demo.LoadNetworks(ctx, owner.All, w.now); err != nil {
		t.Fatal(err)
	}
	w.db = appRole(t, owner, dsn)
	w.db.Now = owner.Now
	w.db.Keys = owner.Keys
	w.arnhem, w.denHaag = municipalityID(t, owner, "arnhem"), municipalityID(t, owner, "den-haag")
	for slug, id := range map[string]string{"arnhem": w.arnhem, "den-haag": w.denHaag} {
		w.users[id] = map[string]*vios.User{}
		for _, role := range []string{vios.RoleRegisseur, vios.RolePartner} {
			u, _, err := owner.Accounts.FindCredentials(ctx, role+"@"+slug+".demo.example")
			if err != nil {
				t.Fatal(err)
			}
			w.users[id][role] = u
		}
		nets, err := owner.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: id})
		if err != nil || len(nets) != 1 {
			t.Fatalf("demo kernteam of %s: %d, %v", slug, len(nets), err)
		}
		meetings, _ := owner.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: id, NetworkID: nets[0].ID})
		m := meetings[0]
		as := w.as(id)
		if err := owner.Networks.ProposeItem(as, id, &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemStanding, Title: "Werkagenda"}); err != nil {
			t.Fatal(err)
		}
		if err := owner.Networks.PublishAgenda(as, id, m.ID); err != nil {
			t.Fatal(err)
		}
		w.meetings[id] = m
	}
	return w
}

// as is the regisseur of the municipality.
func (w *agendaWorld) as(municipalityID string) context.Context {
	return vios.NewContextWithActor(context.Background(), &vios.Actor{User: w.users[municipalityID][vios.RoleRegisseur]})
}

// action agrees an action in the municipality's demo meeting, owned by its
// police member and due days after the meeting.
func (w *agendaWorld) action(t *testing.T, municipalityID, title string, days int) *vios.ActionItem {
	t.Helper()
	m := w.meetings[municipalityID]
	a := &vios.ActionItem{MunicipalityID: municipalityID, MeetingID: m.ID, Title: title,
		OwnerUserID: w.users[municipalityID][vios.RolePartner].ID, DueOn: vios.Date(m.StartsAt).AddDate(0, 0, days)}
	if err := w.owner.Networks.CreateAction(w.as(municipalityID), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// close sets the action's status (done or cancelled) as its owner reports.
func (w *agendaWorld) close(t *testing.T, a *vios.ActionItem, status, note string) {
	t.Helper()
	if err := w.owner.Networks.UpdateAction(w.as(a.MunicipalityID), a.MunicipalityID, a.ID, status, note, a.UpdatedAt); err != nil {
		t.Fatal(err)
	}
}

func (w *agendaWorld) priority(t *testing.T, municipalityID string, year int, title, status string) *vios.Priority {
	t.Helper()
	p := &vios.Priority{MunicipalityID: municipalityID, Year: year, Title: title, Status: status,
		Description: "Omdat scholen het vragen.", Target: "Minder incidenten"}
	if status == vios.PriorityStopped {
		p.StopReason = "Geen capaciteit"
	}
	if err := w.db.Networks.AddPriority(w.as(municipalityID), p); err != nil {
		t.Fatalf("add priority %s: %v", title, err)
	}
	return p
}

func (w *agendaWorld) link(t *testing.T, p *vios.Priority, actions ...*vios.ActionItem) {
	t.Helper()
	for _, a := range actions {
		if err := w.db.Networks.LinkPriorityAction(w.as(p.MunicipalityID), p.MunicipalityID, p.ID, a.ID); err != nil {
			t.Fatalf("link %s: %v", a.Title, err)
		}
	}
}

// auditActions counts the municipality's audit records of an action.
func auditActions(t *testing.T, db *store.DB, municipalityID, action string) int {
	t.Helper()
	list, err := db.Logs.SearchAudit(context.Background(), vios.LogFilter{MunicipalityID: municipalityID, Action: action, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range list {
		if r.Action == action {
			n++
		}
	}
	return n
}

func titles(w *vios.WorkAgenda) []string {
	var list []string
	for _, p := range w.Priorities {
		list = append(list, p.Title)
	}
	return list
}

// Progress is counted from the linked actions: done, open, overdue, and a
// cancelled action no longer counts.
func TestWorkAgendaProgress(t *testing.T) {
	w := newAgendaWorld(t)
	ctx, db := w.as(w.arnhem), w.db
	police := w.users[w.arnhem][vios.RolePartner].Memberships[0].OrganisationID

	vapes := &vios.Priority{MunicipalityID: w.arnhem, Year: 2026, Title: "Vapes rond scholen terugdringen", Status: vios.PriorityRunning,
		Description: "Scholen melden steeds meer vapes.", OwnerOrganisationID: police, Target: "Elke vo-school heeft voorlichting gehad"}
	if err := db.Networks.AddPriority(ctx, vapes); err != nil {
		t.Fatal(err)
	}
	weapons := w.priority(t, w.arnhem, 2026, "Wapens: preventie", vios.PriorityPlanned)
	talk := w.action(t, w.arnhem, "Voorlichting in klas 2", 6)
	check := w.action(t, w.arnhem, "Controle bij de snackbar", 10)
	later := w.action(t, w.arnhem, "Ouderavond", 60)
	dropped := w.action(t, w.arnhem, "Folder drukken", 6)
	w.link(t, vapes, talk, check, later, dropped)
	w.link(t, weapons, talk)
	w.close(t, talk, vios.ActionDone, "Gegeven")
	w.close(t, dropped, vios.ActionCancelled, "Niet meer nodig")

	// Twenty days after the meeting the snackbar check is overdue.
	w.now = w.meetings[w.arnhem].StartsAt.AddDate(0, 0, 20)
	agenda, err := db.Networks.WorkAgenda(context.Background(), w.arnhem, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(agenda); len(got) != 2 || got[0] != vapes.Title || got[1] != weapons.Title {
		t.Fatalf("priorities %v", got)
	}
	first := agenda.Priorities[0]
	if first.OwnerOrganisationName == "" || first.OwnerOrganisationID != police || first.Target != vapes.Target || first.Status != vios.PriorityRunning {
		t.Errorf("stored priority %+v", first)
	}
	today := vios.Date(w.now)
	if got, want := first.Progress(today), (vios.Progress{Total: 4, Done: 1, Open: 2, Overdue: 1, Cancelled: 1, Percent: 33}); got != want {
		t.Errorf("progress %+v, want %+v", got, want)
	}
	if got := agenda.Priorities[1].Progress(today); got.Total != 1 || got.Percent != 100 {
		t.Errorf("second priority %+v", got)
	}
	if got := agenda.Progress(today); got.Total != 4 || got.Done != 1 {
		t.Errorf("agenda progress %+v (an action of two priorities counts once)", got)
	}
	// Linked actions come by due date, as the action table shows them.
	if a := first.Actions; a[0].DueOn.After(a[1].DueOn) || a[len(a)-1].ID != later.ID {
		t.Errorf("actions out of order: %v", a)
	}
	found, err := db.Networks.FindPriority(context.Background(), w.arnhem, vapes.ID)
	if err != nil || len(found.Actions) != 4 || found.Progress(today) != first.Progress(today) {
		t.Errorf("FindPriority: %v, %+v", err, found)
	}

	// Linking twice, or an action that does not exist: said, nothing saved.
	if err := db.Networks.LinkPriorityAction(ctx, w.arnhem, weapons.ID, talk.ID); fields(err) != "actiepunt" {
		t.Errorf("second link: %v", err)
	}
	if err := db.Networks.LinkPriorityAction(ctx, w.arnhem, weapons.ID, ""); fields(err) != "actiepunt" {
		t.Errorf("no action chosen: %v", err)
	}
	if n := auditActions(t, db, w.arnhem, "werkagenda-actiepunt-gekoppeld"); n != 5 {
		t.Errorf("%d link audit records, want 5", n)
	}

	// Bad input says every problem at once and saves nothing.
	bad := &vios.Priority{MunicipalityID: w.arnhem, Year: 1999, Title: " ", Status: vios.PriorityPlanned}
	if err := db.Networks.AddPriority(ctx, bad); fields(err) != "jaar,titel" {
		t.Errorf("priority without title in 1999: %v (%s)", err, fields(err))
	}
	if err := db.Networks.AddPriority(ctx, &vios.Priority{MunicipalityID: w.arnhem, Year: 2028, Title: "Te vroeg", Status: vios.PriorityPlanned}); fields(err) != "jaar" {
		t.Errorf("priority in 2028: %v", err)
	}
	if err := db.Networks.AddPriority(ctx, &vios.Priority{MunicipalityID: w.arnhem, Year: 2026, Title: "wapens: PREVENTIE", Status: vios.PriorityPlanned}); fields(err) != "titel" {
		t.Errorf("same title twice: %v", err)
	}
	stop := *found
	stop.Status, stop.StopReason = vios.PriorityStopped, ""
	if err := db.Networks.UpdatePriority(ctx, &stop, found.UpdatedAt); fields(err) != "reden" {
		t.Errorf("stopping without reason: %v", err)
	}
	if again, _ := db.Networks.WorkAgenda(context.Background(), w.arnhem, 2026); len(again.Priorities) != 2 || again.Priorities[0].Status != vios.PriorityRunning {
		t.Errorf("after refused changes: %v", titles(again))
	}

	// Two people change it: the second is told; then it stops, with reason.
	change := *found
	change.Target = "Elke vo-school én elk mbo"
	if err := db.Networks.UpdatePriority(ctx, &change, found.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	stale := *found
	stale.Title = "Andere titel"
	if err := db.Networks.UpdatePriority(ctx, &stale, found.UpdatedAt); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("stale change: %v", err)
	}
	stop = change
	stop.Status, stop.StopReason = vios.PriorityStopped, "Budget naar wapenpreventie"
	if err := db.Networks.UpdatePriority(ctx, &stop, change.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	stored, _ := db.Networks.FindPriority(context.Background(), w.arnhem, vapes.ID)
	if stored.Title != vapes.Title || stored.Target != change.Target || stored.Status != vios.PriorityStopped || stored.StopReason != stop.StopReason || stored.Year != 2026 {
		t.Errorf("after changes: %+v", stored)
	}
	// A stopped priority takes no new actions.
	if err := db.Networks.LinkPriorityAction(ctx, w.arnhem, vapes.ID, w.action(t, w.arnhem, "Nog een", 5).ID); fields(err) != "actiepunt" {
		t.Errorf("link to a stopped priority: %v", err)
	}
	if n := auditActions(t, db, w.arnhem, "werkagenda-prioriteit-gestopt"); n != 1 {
		t.Errorf("%d stop audit records, want 1", n)
	}
	logEntries(t, db)
}

// Nothing of one municipality's work agenda reaches another: not its
// priorities, and no action of another municipality can be linked.
func TestWorkAgendaStaysInItsMunicipality(t *testing.T) {
	w := newAgendaWorld(t)
	db := w.db
	p := w.priority(t, w.arnhem, 2026, "Schoolomgeving veilig", vios.PriorityRunning)
	own := w.action(t, w.arnhem, "Verkeersregelaars", 7)
	foreign := w.action(t, w.denHaag, "Actie in Den Haag", 7)

	if err := db.Networks.LinkPriorityAction(w.as(w.arnhem), w.arnhem, p.ID, foreign.ID); fields(err) != "actiepunt" {
		t.Errorf("linking an action of Den Haag: %v", err)
	}
	// Den Haag's regisseur, through Den Haag's door, finds no Arnhem priority.
	dh := w.as(w.denHaag)
	if err := db.Networks.LinkPriorityAction(dh, w.denHaag, p.ID, foreign.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag links to Arnhem's priority: %v", err)
	}
	if _, err := db.Networks.FindPriority(context.Background(), w.denHaag, p.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag finds Arnhem's priority: %v", err)
	}
	moved := *p
	moved.MunicipalityID, moved.Title = w.denHaag, "Overgenomen"
	if err := db.Networks.UpdatePriority(dh, &moved, p.UpdatedAt); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag changes Arnhem's priority: %v", err)
	}
	// An owner organisation of another municipality is refused.
	dhOrg := orgsOf(t, w.owner, w.denHaag)[0]
	if err := db.Networks.AddPriority(w.as(w.arnhem), &vios.Priority{MunicipalityID: w.arnhem, Year: 2026, Title: "Met vreemde eigenaar",
		Status: vios.PriorityPlanned, OwnerOrganisationID: dhOrg.ID}); fields(err) != "eigenaar" {
		t.Errorf("owner of another municipality: %v", err)
	}
	if agenda, err := db.Networks.WorkAgenda(context.Background(), w.denHaag, 2026); err != nil || len(agenda.Priorities) != 0 {
		t.Errorf("Den Haag's agenda: %v, %v", titles(agenda), err)
	}
	w.link(t, p, own)
	agenda, err := db.Networks.WorkAgenda(context.Background(), w.arnhem, 2026)
	if err != nil || len(agenda.Priorities) != 1 || len(agenda.Priorities[0].Actions) != 1 || agenda.Priorities[0].Actions[0].ID != own.ID {
		t.Fatalf("Arnhem's agenda: %v, %v", agenda, err)
	}
	if n := auditActions(t, db, w.denHaag, "werkagenda-"); n != 0 {
		t.Errorf("%d work agenda audit records in Den Haag", n)
	}
	logEntries(t, db)
}

// A new year starts from the unfinished priorities of the year before, with
// the links to their open actions; finished and stopped ones stay behind.
func TestCopyUnfinishedPriorities(t *testing.T) {
	w := newAgendaWorld(t)
	db, ctx := w.db, w.as(w.arnhem)
	running := w.priority(t, w.arnhem, 2025, "Vapes", vios.PriorityRunning)
	w.priority(t, w.arnhem, 2025, "Convenant vernieuwen", vios.PriorityDone)
	w.priority(t, w.arnhem, 2025, "Buurtapp", vios.PriorityStopped)
	planned := w.priority(t, w.arnhem, 2025, "Wapens", vios.PriorityPlanned)
	done := w.action(t, w.arnhem, "Voorlichting", 5)
	open := w.action(t, w.arnhem, "Handhaving", 30)
	w.link(t, running, done, open)
	w.close(t, done, vios.ActionDone, "Gegeven")

	n, err := db.Networks.CopyUnfinishedPriorities(ctx, w.arnhem, 2026)
	if err != nil || n != 2 {
		t.Fatalf("copy: %d, %v", n, err)
	}
	agenda, _ := db.Networks.WorkAgenda(context.Background(), w.arnhem, 2026)
	if got := titles(agenda); len(got) != 2 || got[0] != "Vapes" || got[1] != "Wapens" {
		t.Fatalf("copied priorities %v", got)
	}
	vapes, wapens := agenda.Priorities[0], agenda.Priorities[1]
	if vapes.Status != vios.PriorityRunning || vapes.CopiedFromID != running.ID || vapes.Target != running.Target || vapes.ID == running.ID ||
		wapens.Status != vios.PriorityPlanned || wapens.CopiedFromID != planned.ID || vapes.Position != 1 || wapens.Position != 2 {
		t.Errorf("copies: %+v / %+v", vapes, wapens)
	}
	if len(vapes.Actions) != 1 || vapes.Actions[0].ID != open.ID {
		t.Errorf("the copy carries %d actions, want only the open one", len(vapes.Actions))
	}
	// The previous year stays as it was.
	last, _ := db.Networks.WorkAgenda(context.Background(), w.arnhem, 2025)
	if len(last.Priorities) != 4 || len(last.Priorities[0].Actions) != 2 {
		t.Errorf("2025 after the copy: %v", titles(last))
	}
	// Once is enough; a year before 2000 or after next year has no agenda;
	// a year whose previous year has nothing unfinished has nothing to copy.
	if _, err := db.Networks.CopyUnfinishedPriorities(ctx, w.arnhem, 2026); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("second copy: %v", err)
	}
	if _, err := db.Networks.CopyUnfinishedPriorities(ctx, w.arnhem, 2028); fields(err) != "jaar" {
		t.Errorf("copy into 2028: %v", err)
	}
	if _, err := db.Networks.CopyUnfinishedPriorities(ctx, w.arnhem, 2024); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("copy from an empty 2023: %v", err)
	}
	if _, err := db.Networks.CopyUnfinishedPriorities(w.as(w.denHaag), w.denHaag, 2026); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("Den Haag copies (Arnhem's 2025 is not its own): %v", err)
	}
	if agenda, _ := db.Networks.WorkAgenda(context.Background(), w.denHaag, 2026); len(agenda.Priorities) != 0 {
		t.Errorf("Den Haag's 2026: %v", titles(agenda))
	}
	if n := auditActions(t, db, w.arnhem, "werkagenda-prioriteit-overgenomen"); n != 2 {
		t.Errorf("%d copy audit records, want 2", n)
	}
	logEntries(t, db)
}
