package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// newsletterSignals gives Arnhem's first schools signals around month:
// vapes 9 in the month and 2 a month before (up), vechtpartijen 3 in the
// month and 6 a month before (down, and small), wapens 2 in the month and
// none before (new, and small).
func newsletterSignals(t *testing.T, w *knowledgeWorld, month time.Time) {
	t.Helper()
	ctx := context.Background()
	reg, _, err := w.db.Accounts.FindCredentials(ctx, "regisseur@arnhem.demo.example")
	if err != nil {
		t.Fatal(err)
	}
	schools, err := w.db.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: w.arnhem, Kind: vios.OrgSchool})
	if err != nil || len(schools) < 3 {
		t.Fatalf("schools: %d, %v", len(schools), err)
	}
	days := func(m time.Time, n int) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, m.AddDate(0, 0, 1+i*2))
		}
		return out
	}
	var list []store.SchoolSignals
	add := func(phenomenon string, m time.Time, n int) {
		list = append(list, store.SchoolSignals{SchoolID: schools[len(list)%3].ID, Phenomenon: phenomenon, Days: days(m, n)})
	}
	add("vapes", month, 9)
	add("vechtpartijen", month, 3)
	add("wapens", month, 2)
	for i := 1; i <= vios.EarlierMonths; i++ {
		add("vapes", month.AddDate(0, -i, 0), 2)
		add("vechtpartijen", month.AddDate(0, -i, 0), 6)
	}
	if err := demo.LoadNetworks(ctx, w.db.All, w.db.Now()); err != nil {
		t.Fatal(err)
	}
	nets, err := w.db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: w.arnhem, Kind: vios.NetworkKernteam})
	if err != nil || len(nets) == 0 {
		t.Fatalf("kernteam: %v", err)
	}
	if err := w.db.Casework.LoadSchoolSignals(ctx, w.arnhem, nets[0].ID, reg.ID, schools[0].ID, list); err != nil {
		t.Fatal(err)
	}
}

func findDraft(t *testing.T, db *store.DB, ctx context.Context, municipalityID string) *vios.Newsletter {
	t.Helper()
	list, err := db.Newsletters.ListNewsletters(ctx, municipalityID)
	if err != nil || len(list) != 1 {
		t.Fatalf("newsletters: %d, %v", len(list), err)
	}
	n, err := db.Newsletters.FindNewsletter(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The monthly job drafts each municipality's newsletter once, from the
// dashboard's counts: up and down, new themes, small counts as "minder dan
// 5" and no total that would give a small count away.
func TestNewsletterDraftedOnceWithoutSmallNumbers(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.Open(t))
	db, ctx := w.db, context.Background()
	month := vios.NewsletterMonth(db.Now())
	newsletterSignals(t, w, month)
	// A public item shared in the month, by another municipality, is news.
	db.Now = func() time.Time { return time.Date(month.Year(), month.Month(), 10, 12, 0, 0, 0, vios.Amsterdam) }
	item := &vios.KnowledgeItem{MunicipalityID: w.denHaag, Kind: "handreiking", Visibility: vios.VisibilityPublic,
		Title: "Handreiking vapen in de klas", Body: "Wat te doen."}
	if err := db.Knowledge.SaveKnowledge(vios.NewSystemContext(ctx, "test"), item); err != nil {
		t.Fatal(err)
	}
	// A question to the help desk in the month is news, as a count.
	question := &vios.HelpRequest{MunicipalityID: w.arnhem, SchoolID: schoolOf(t, db, "school@arnhem.demo.example"),
		Urgency: "normaal", Theme: "vapes", Question: "Hoe pakken we vapen op het toilet aan?"}
	if err := db.HelpDesk.FileHelpRequest(w.as(t, "school@arnhem.demo.example"), question); err != nil {
		t.Fatal(err)
	}
	db.Now = storetest.Now
	made, err := db.Newsletters.DraftNewsletters(ctx)
	municipalities, _ := db.Organisations.ListMunicipalities(ctx)
	if err != nil || made != len(municipalities) {
		t.Fatalf("drafted %d for %d municipalities, %v", made, len(municipalities), err)
	}
	if made, err := db.Newsletters.DraftNewsletters(ctx); err != nil || made != 0 {
		t.Fatalf("a second pass drafted %d, %v", made, err)
	}
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	n := findDraft(t, db, regisseur, w.arnhem)
	text := n.PlainText()
	for _, want := range []string{"Vapes: 9 signalen (gestegen", "Vechtpartijen: minder dan 5 signalen (gedaald",
		"Wapens en messen: minder dan 5 signalen", "Wapens en messen: nieuw", "Handreiking: Handreiking vapen in de klas",
		"kwamen er minder dan 5 hulpvragen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draft lacks %q:\n%s", want, text)
		}
	}
	// 14 signals in all: with two small phenomena the total is not shown.
	if strings.Contains(text, "14") || vios.MentionsSmallNumber(text) {
		t.Errorf("the draft gives a small number away:\n%s", text)
	}
	if n.Month != month || n.Status != vios.NewsletterDraft {
		t.Errorf("draft %v %s", n.Month, n.Status)
	}
	// The draft is the regisseur's: a school and another municipality's
	// regisseur do not see it.
	if list, err := db.Newsletters.ListNewsletters(w.as(t, "school@arnhem.demo.example"), w.arnhem); err != nil || len(list) != 0 {
		t.Errorf("a school lists the draft: %d, %v", len(list), err)
	}
	if _, err := db.Newsletters.FindNewsletter(w.as(t, "regisseur@den-haag.demo.example"), n.ID); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("Den Haag's regisseur reads Arnhem's draft: %v", err)
	}
}

// The regisseur edits and sends; a name or a small number is refused,
// nothing saved; a sent newsletter goes once to each school account,
// without names, and is frozen.
func TestNewsletterEditedSentFrozen(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.Open(t))
	db, ctx := w.db, context.Background()
	if _, err := db.Newsletters.DraftNewsletters(ctx); err != nil {
		t.Fatal(err)
	}
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	n := findDraft(t, db, regisseur, w.arnhem)
	original := n.Intro
	for _, bad := range []struct{ intro, field string }{
		{"Dit speelde op 3 scholen.", "inleiding"},
		{"Op twee scholen was het onrustig.", "inleiding"},
		{"Dank aan leerling Jan de Vries voor zijn hulp.", "geenNaam"},
		{"", "inleiding"},
	} {
		edit := *n
		edit.Intro = bad.intro
		err := db.Newsletters.SaveNewsletter(regisseur, &edit)
		if vios.ErrorCode(err) != vios.EINVALID || !hasField(err, bad.field) {
			t.Errorf("intro %q: %v, want %s refused", bad.intro, err, bad.field)
		}
	}
	if again := findDraft(t, db, regisseur, w.arnhem); again.Intro != original {
		t.Errorf("a refused edit was saved: %q", again.Intro)
	}
	// A date is no count; a confirmed text that only looks like a name is kept.
	n.Intro = "Beste collega's, op 3 december is er een bijeenkomst met Bureau Halt Gelderland."
	n.NoNameConfirmed = true
	n.Sections[0].Body += "\n\nDe toename is besproken met de wijkagenten."
	if err := db.Newsletters.SaveNewsletter(regisseur, n); err != nil {
		t.Fatal(err)
	}
	school := w.as(t, "school@arnhem.demo.example")
	if _, err := db.Newsletters.SendNewsletter(school, n.ID); vios.ErrorCode(err) != vios.EFORBIDDEN && vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a school sent the newsletter: %v", err)
	}
	sent, err := db.Newsletters.SendNewsletter(regisseur, n.ID)
	if err != nil || !sent.Sent() || sent.Recipients != 2 {
		t.Fatalf("sent: %+v, %v", sent, err)
	}
	mails := outbox(t, db)
	for _, addr := range []string{"school@arnhem.demo.example", "vo@arnhem.demo.example"} {
		if len(mails[addr]) != 1 || !strings.Contains(mails[addr][0].Body, "op 3 december is er een bijeenkomst") ||
			!strings.Contains(mails[addr][0].Body, "/nieuwsbrieven/arnhem") {
			t.Errorf("mail to %s: %+v", addr, mails[addr])
		}
	}
	if len(mails["regisseur@arnhem.demo.example"]) != 0 || len(mails["school@den-haag.demo.example"]) != 0 {
		t.Error("the newsletter went to someone who is not a school of Arnhem")
	}
	// Frozen: no second send, no edit; the school reads it in the archive.
	if _, err := db.Newsletters.SendNewsletter(regisseur, n.ID); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("second send: %v", err)
	}
	n.Intro = "Nog een wijziging."
	if err := db.Newsletters.SaveNewsletter(regisseur, n); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("edit after sending: %v", err)
	}
	if len(outbox(t, db)["school@arnhem.demo.example"]) != 1 {
		t.Error("a refused send queued mail")
	}
	if list, err := db.Newsletters.ListNewsletters(school, w.arnhem); err != nil || len(list) != 1 || !list[0].Sent() {
		t.Errorf("the school's archive: %v, %v", list, err)
	}
	if _, err := db.Newsletters.ListNewsletters(w.as(t, "school@den-haag.demo.example"), w.arnhem); err == nil {
		t.Error("Den Haag's school reads Arnhem's archive")
	}
}

func hasField(err error, name string) bool {
	for _, f := range vios.ErrorFields(err) {
		if f.Field == name {
			return true
		}
	}
	return false
}

// letters spells i in letters: a section's text carries no digits, which
// would read as counts.
func letters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%10)) + s
		if i /= 10; i == 0 {
			return s
		}
	}
}

// Saves racing a send: a save either lands before the send, and is mailed,
// or is refused as a conflict and changes nothing. The archive keeps what
// the schools were mailed.
func TestNewsletterConcurrentSaveAndSend(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.Open(t))
	db, ctx := w.db, context.Background()
	if _, err := db.Newsletters.DraftNewsletters(ctx); err != nil {
		t.Fatal(err)
	}
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	draft := findDraft(t, db, regisseur, w.arnhem)
	const savers = 6
	saved := make(chan struct{})
	var once sync.Once
	var sendErr error
	sent := make(chan struct{})
	last := make([]error, savers)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(sent)
		<-saved
		_, sendErr = db.Newsletters.SendNewsletter(regisseur, draft.ID)
	})
	for i := range savers {
		wg.Go(func() {
			defer once.Do(func() { close(saved) }) // a saver that never saved lets the send go too
			// Save until refused; after the send ended, once more at most.
			for round, after := 0, false; ; round++ {
				select {
				case <-sent:
					after = true
				default:
				}
				edit := *draft
				edit.Sections = append([]vios.NewsletterSection(nil), draft.Sections...)
				edit.NoNameConfirmed = true
				for k := range edit.Sections {
					edit.Sections[k].Body += "\n\nAanvulling " + letters(i) + " in ronde " + letters(round) + "."
				}
				last[i] = db.Newsletters.SaveNewsletter(regisseur, &edit)
				if last[i] == nil {
					once.Do(func() { close(saved) })
				}
				if last[i] != nil || after {
					return
				}
			}
		})
	}
	wg.Wait()
	if sendErr != nil {
		t.Fatalf("send: %v", sendErr)
	}
	for i, err := range last {
		if vios.ErrorCode(err) != vios.ECONFLICT || vios.ErrorMessage(err) != "Deze nieuwsbrief is verzonden en kan niet meer worden gewijzigd of opnieuw verzonden." {
			t.Errorf("saver %d after the send: %v, want the conflict", i, err)
		}
	}
	archived, err := db.Newsletters.FindNewsletter(regisseur, draft.ID)
	if err != nil || !archived.Sent() {
		t.Fatalf("archived: %+v %v", archived, err)
	}
	mails := outbox(t, db)["school@arnhem.demo.example"]
	if len(mails) != 1 {
		t.Fatalf("mails to the school: %d", len(mails))
	}
	for _, s := range archived.Sections {
		if !strings.Contains(s.Body, "Aanvulling ") || !strings.Contains(mails[0].Body, s.Body) {
			t.Errorf("section %s in the archive is not what was mailed:\n%s\n--- mailed:\n%s", s.Key, s.Body, mails[0].Body)
		}
	}
}
