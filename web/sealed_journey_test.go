package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// journeyMarker is the name typed into every free text of the journey.
const (
	journeyMarker = "Markeernaam Zwaluwstaart"
	markerWord    = "Zwaluwstaart"
)

// DATA-PROTECTION.md promises that a copy of the database alone reveals no
// names. A full journey through the web types a marker name into every
// free text that may name a person — the pupil, the signal, the meeting's
// place, agenda items, minutes (both layers), corrections, actions and
// their notes and cancel reason, the case's plan, notes, route and closing
// reason, an alert and its summary — and the raw database (the SQLite file
// and its WAL; on PostgreSQL every table's rows as text) holds the marker
// nowhere. Along the way, those who may not read names never see it.
func TestNoNameInTheDatabaseAfterAFullJourney(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Keys = keys.NewHolder(storetest.TestKeys())
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, db.Organisations); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.NewHasher(1).Hash(ctx, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadCasework(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(db.Services(), slog.New(slog.DiscardHandler), server.Options{Demo: true, HashConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	arnhem, _ := db.Organisations.FindMunicipalityBySlug(ctx, "arnhem")
	p := &platform{Server: ts, db: db, arnhemID: arnhem.ID}

	sessions, users := map[string]string{}, map[string]*vios.User{}
	// Sessions follow the store's clock: log in again after moving it.
	login := func() {
		t.Helper()
		for _, who := range []string{"school", "partner", "jongerenwerk", "regisseur"} {
			email := who + "@arnhem.demo.example"
			res := p.login(t, email, testPassword)
			if res.cookie == nil {
				t.Fatalf("login %s: %d", email, res.status)
			}
			sessions[who] = res.cookie.Value
			users[who], _, _ = db.Accounts.FindCredentials(ctx, email)
		}
	}
	login()
	as := func(who string) context.Context { return vios.NewContextWithActor(ctx, &vios.Actor{User: users[who]}) }
	post := func(who, path string, form url.Values) result {
		t.Helper()
		r := p.do(t, "POST", path, sessions[who], form)
		if r.status != 303 || strings.HasPrefix(r.location, "/inloggen") {
			t.Fatalf("POST %s as %s: %d\n%s", path, who, r.status, r.body)
		}
		return r
	}
	idOf := func(location string) string {
		path := strings.SplitN(location, "?", 2)[0]
		return path[strings.LastIndex(path, "/")+1:]
	}
	nets, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: arnhem.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("demo kernteam: %v", err)
	}
	kernteam := nets[0]
	school := users["school"].Memberships[0].OrganisationID
	today := vios.Date(db.Now().In(vios.Amsterdam))

	// The school reports; the pupil and the description carry the name.
	made := post("school", "/signalen/arnhem/nieuw", url.Values{"netwerk": {kernteam.ID}, "datum": {today.AddDate(0, 0, -1).Format(time.DateOnly)},
		"fenomeen": {"wapens"}, "niveau": {"leerling"}, "scholen": {school}, "urgentie": {"hoog"},
		"omschrijving":             {journeyMarker + " had een mes bij zich."},
		"leerling-0-naam":          {journeyMarker},
		"leerling-0-geboortedatum": {today.AddDate(-13, -2, 0).Format(time.DateOnly)}, "leerling-0-school": {school}, "leerling-0-klas": {"2B"}})
	signalID := idOf(made.location)

	// A meeting at the pupil's home, with an item about him and the signal.
	day := today.AddDate(0, 0, 2)
	post("school", "/netwerken/arnhem/"+kernteam.ID+"/plannen", url.Values{"datum": {day.Format(time.DateOnly)},
		"begin": {"14:00"}, "eind": {"15:30"}, "plaats": {"Bij " + journeyMarker + " thuis"}, "aantal": {"1"}})
	meetings, err := db.Networks.ListMeetings(as("school"), vios.MeetingFilter{MunicipalityID: arnhem.ID, NetworkID: kernteam.ID})
	if err != nil {
		t.Fatal(err)
	}
	var meeting *vios.Meeting
	for _, m := range meetings {
		if strings.Contains(m.Location, markerWord) {
			meeting = m
		}
	}
	if meeting == nil {
		t.Fatal("the planned meeting is not there")
	}
	mpath := "/overleggen/arnhem/" + meeting.ID
	post("school", mpath+"/agendapunten", url.Values{"soort": {vios.ItemRound}, "titel": {"Zorgen om " + journeyMarker},
		"toelichting": {"Moeder van " + journeyMarker + " belde."}})
	post("school", "/signalen/arnhem/"+signalID+"/agenderen", url.Values{"overleg": {meeting.ID}})
	post("school", mpath+"/publiceren", nil)

	// The meeting is held: minutes in both layers, an action.
	start := meeting.StartsAt
	db.Now = func() time.Time { return start.Add(30 * time.Minute) }
	login()
	m, err := db.Networks.FindMeeting(as("school"), arnhem.ID, meeting.ID)
	if err != nil || len(m.Items) != 2 {
		t.Fatalf("meeting: %+v (%v)", m, err)
	}
	for _, item := range m.Items {
		version := url.Values{"versie": {item.UpdatedAt.Format(time.RFC3339Nano)}}
		if item.Kind == vios.ItemCase {
			version.Set("verslagMetNaam", journeyMarker+" zegt dat hij bedreigd werd.")
			post("school", mpath+"/agendapunten/"+item.ID+"/verslag-met-naam", version)
			continue
		}
		version.Set("verslag", "Besproken: "+journeyMarker)
		version.Set("besluiten", "Gesprek met "+journeyMarker)
		post("school", mpath+"/agendapunten/"+item.ID+"/verslag", version)
	}
	post("school", mpath+"/actiepunten", url.Values{"wat": {"Bellen met " + journeyMarker}, "eigenaar": {users["partner"].ID},
		"deadline": {day.AddDate(0, 0, 14).Format(time.DateOnly)}})

	// The case: plan, note, action with progress, the route.
	made = post("school", "/signalen/arnhem/"+signalID+"/casus", url.Values{"regiehouder": {users["partner"].ID},
		"plan": {"Gesprek met de ouders van " + journeyMarker + "."}, "evaluatie": {"14"}})
	cpath := strings.SplitN(made.location, "?", 2)[0]
	caseID := idOf(cpath)
	post("school", cpath+"/notities", url.Values{"notitie": {journeyMarker + " is weer op school."}})
	post("school", cpath+"/actiepunten", url.Values{"wat": {"Gesprek met moeder van " + journeyMarker}, "eigenaar": {users["school"].ID},
		"deadline": {day.AddDate(0, 0, 7).Format(time.DateOnly)}})
	post("school", cpath+"/verwijzingen", url.Values{"tafel": {"jeugdzorg"}, "toelichting": {"Aangemeld voor " + journeyMarker}})
	c, err := db.Casework.FindCase(as("partner"), arnhem.ID, caseID)
	if err != nil || len(c.Actions) != 1 || len(c.Referrals) != 1 {
		t.Fatalf("case: %+v (%v)", c, err)
	}
	post("partner", cpath+"/verwijzingen/"+c.Referrals[0].ID, url.Values{"versie": {c.Referrals[0].UpdatedAt.Format(time.RFC3339Nano)},
		"status": {vios.ReferralClosed}, "uitkomst": {journeyMarker + " krijgt hulp."}, "toelichting": {"Met " + journeyMarker + " besproken."}})
	action := c.Actions[0]
	post("school", "/actiepunten/arnhem/"+action.ID, url.Values{"versie": {action.UpdatedAt.Format(time.RFC3339Nano)},
		"status": {vios.ActionInProgress}, "notitie": {"Moeder van " + journeyMarker + " gebeld."}})
	own, err := db.Networks.ListActions(as("partner"), vios.ActionFilter{MunicipalityID: arnhem.ID, MeetingID: meeting.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range own {
		if a.CaseID == "" {
			post("partner", "/actiepunten/arnhem/"+a.ID, url.Values{"versie": {a.UpdatedAt.Format(time.RFC3339Nano)},
				"status": {vios.ActionCancelled}, "notitie": {journeyMarker + " is verhuisd."}})
		}
	}

	// Those who may not read names see none of it: the regisseur (no
	// member, pseudonyms) and youth work (a member without names).
	for _, view := range []struct{ who, path string }{
		{"regisseur", cpath}, {"regisseur", mpath}, {"regisseur", "/actiepunten/arnhem/" + action.ID}, {"regisseur", "/signalen/arnhem/" + signalID},
		{"jongerenwerk", cpath}, {"jongerenwerk", "/actiepunten/arnhem/" + action.ID}, {"jongerenwerk", "/signalen/arnhem/" + signalID},
	} {
		r := p.do(t, "GET", view.path, sessions[view.who], nil)
		if r.status != 200 || strings.Contains(r.body, markerWord) {
			i := strings.Index(r.body, markerWord)
			t.Errorf("%s reads %s (%d) with the name in it: %q", view.who, view.path, r.status, r.body[max(0, i-300):min(len(r.body), i+100)])
		}
	}
	// Members who may not read names see the meeting's texts: its forms
	// say so.
	if r := p.do(t, "GET", "/netwerken/arnhem/"+kernteam.ID+"/plannen", sessions["school"], nil); !strings.Contains(r.body, "Plaats (zonder namen)") {
		t.Errorf("the planning form does not ask to leave names out of the place")
	}
	if r := p.do(t, "GET", "/actiepunten/arnhem/"+action.ID, sessions["school"], nil); !strings.Contains(r.body, "zonder namen)") {
		t.Errorf("the action form does not ask to leave names out")
	}
	// The chair reads them all.
	if r := p.do(t, "GET", cpath, sessions["partner"], nil); !strings.Contains(r.body, "Gesprek met moeder van "+journeyMarker) {
		t.Errorf("the case's owner does not read the case's action")
	}

	// Attendance, approval, a correction; the case and an alert closed.
	members, err := db.Networks.FindNetwork(as("school"), arnhem.ID, kernteam.ID)
	if err != nil {
		t.Fatal(err)
	}
	var attendance []vios.Attendance
	for _, mb := range members.Members {
		if mb.Position == vios.PositionMember && mb.ActiveOn(vios.Date(start)) {
			attendance = append(attendance, vios.Attendance{MemberID: mb.ID, Status: vios.AttendancePresent})
		}
	}
	if err := db.Networks.RecordAttendance(as("school"), arnhem.ID, meeting.ID, attendance); err != nil {
		t.Fatal(err)
	}
	post("school", mpath+"/vaststellen", nil)
	post("school", mpath+"/correcties", url.Values{"correctie": {"Niet " + journeyMarker + " maar zijn broer."}})
	c, _ = db.Casework.FindCase(as("partner"), arnhem.ID, caseID)
	post("partner", cpath+"/sluiten", url.Values{"versie": {c.UpdatedAt.Format(time.RFC3339Nano)}, "uitkomst": {"opgelost"},
		"reden": {journeyMarker + " is geholpen."}})
	group := &vios.Network{MunicipalityID: arnhem.ID, Kind: vios.NetworkAlertgroep, Name: "Alertgroep Zuid", AgendaDaysAhead: 5, ProposalDaysAhead: 7}
	if err := db.Networks.CreateNetwork(as("regisseur"), group); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"school", "partner"} {
		member := &vios.NetworkMember{NetworkID: group.ID, UserID: users[who].ID, OrganisationID: users[who].Memberships[0].OrganisationID,
			Position: vios.PositionMember, JoinedOn: vios.Date(db.Now()).AddDate(0, 0, -1)}
		if who == "school" {
			member.Function = vios.FunctionChair
		}
		if err := db.Networks.AddNetworkMember(as("regisseur"), arnhem.ID, member); err != nil {
			t.Fatal(err)
		}
	}
	raised := post("school", "/alerts/arnhem", url.Values{"alertgroep": {group.ID}, "tekst": {journeyMarker + " wordt opgewacht."}})
	post("school", strings.SplitN(raised.location, "?", 2)[0]+"/afsluiten", url.Values{"samenvatting": {journeyMarker + " is thuis."}})

	// Every mail left without the name.
	mails, err := db.Logs.ListOutbox(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, mail := range mails {
		if strings.Contains(mail.Subject+mail.Body+mail.Attachment, markerWord) {
			t.Errorf("a mail carries the name: %s", mail.Subject)
		}
	}

	// The database itself.
	if db.Dialect() == store.Postgres {
		scanPostgres(t, dsn)
		return
	}
	ts.Close()
	scanFiles(t, filepath.Dir(dsn), "while open")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	scanFiles(t, filepath.Dir(dsn), "after the last connection checkpointed")
}

// scanFiles looks for the marker in the bytes of every file of the
// database: the main file, the WAL and the shared memory index.
func scanFiles(t *testing.T, dir, when string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		seen += len(data)
		if bytes.Contains(data, []byte(markerWord)) {
			t.Errorf("%s: %s holds the name in the clear", when, e.Name())
		}
	}
	if seen < 100_000 {
		t.Fatalf("%s: only %d bytes of database read in %s", when, seen, dir)
	}
}

// scanPostgres reads every row of every table of the test's schema as
// text and looks for the marker.
func scanPostgres(t *testing.T, dsn string) {
	t.Helper()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 30 {
		t.Fatalf("only %d tables in the schema", len(tables))
	}
	for _, table := range tables {
		var n int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM "`+table+`" t WHERE CAST(t AS text) LIKE '%'||$1||'%'`, markerWord).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if n > 0 {
			t.Errorf("%d rows of %s hold the name in the clear", n, table)
		}
	}
}
