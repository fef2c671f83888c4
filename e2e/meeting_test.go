package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http/httptest"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-smtp"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/jobs"
	"github.com/vios-platform/vios/server"
	"github.com/vios-platform/vios/store"
	"github.com/vios-platform/vios/store/storetest"
)

// clock is the time the platform believes it is; the test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// mailbox is an in-process SMTP server that keeps every message.
type mailbox struct {
	addr string
	mu   sync.Mutex
	got  []delivered
}

type delivered struct {
	to   []string
	data string
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	mb := &mailbox{}
	srv := smtp.NewServer(mb)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb
}

func (mb *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }

// find returns the messages to recipient whose text contains every part.
func (mb *mailbox) find(recipient string, parts ...string) []delivered {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	var out []delivered
	for _, d := range mb.got {
		ok := strings.Contains(strings.Join(d.to, ","), recipient)
		for _, p := range parts {
			ok = ok && strings.Contains(d.data, p)
		}
		if ok {
			out = append(out, d)
		}
	}
	return out
}

type mailSession struct {
	mb  *mailbox
	msg delivered
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error { s.msg = delivered{}; return nil }
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = readable(b)
	s.mb.mu.Lock()
	s.mb.got = append(s.mb.got, s.msg)
	s.mb.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        { s.msg = delivered{} }
func (s *mailSession) Logout() error { return nil }

// readable turns a raw message into text a test can search: the decoded
// subject, and every part decoded, with its content type.
func readable(raw []byte) string {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return string(raw)
	}
	var b strings.Builder
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	b.WriteString("Subject: " + subject + "\n")
	var walk func(h textproto.MIMEHeader, body io.Reader)
	walk = func(h textproto.MIMEHeader, body io.Reader) {
		mediaType, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
		if strings.HasPrefix(mediaType, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				part, err := r.NextRawPart()
				if err != nil {
					return
				}
				walk(part.Header, part)
			}
		}
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		data, _ := io.ReadAll(body)
		b.WriteString("Content-Type: " + mediaType + "\n" + string(data) + "\n")
	}
	walk(textproto.MIMEHeader(msg.Header), msg.Body)
	return b.String()
}

// meetingPlatform serves the demo platform on a moving clock, with the
// mailer delivering to an in-process SMTP server and the reminder job.
type meetingPlatform struct {
	base      string
	db        *store.DB // for what a test sets up or runs beside the browser
	clock     *clock
	mailbox   *mailbox
	mailer    *jobs.Mailer
	reminders *jobs.Reminders
}

func startMeetingPlatform(t *testing.T) *meetingPlatform {
	t.Helper()
	return startMeetingPlatformWith(t, nil)
}

// startMeetingPlatformWith starts the platform with a printer for PDFs
// (nil: none, as most tests need none).
func startMeetingPlatformWith(t *testing.T, printer vios.PDFPrinter) *meetingPlatform {
	t.Helper()
	ctx := context.Background()
	p := &meetingPlatform{clock: &clock{t: storetest.Now().UTC()}, mailbox: startMailbox(t)}
	db := storetest.OpenWithDemo(t)
	db.Now = p.clock.Now
	hash, err := auth.NewHasher(1).Hash(ctx, loginTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadUsers(ctx, db.All, hash); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadNetworks(ctx, db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(db.Services(), logger, server.Options{Demo: true, HashConcurrency: 1, Now: p.clock.Now, Printer: printer})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	db.BaseURL = ts.URL
	p.base, p.db = ts.URL, db
	if p.mailer, err = jobs.NewMailer(db.Logs, "smtp://"+p.mailbox.addr, "vios@localhost", logger); err != nil {
		t.Fatal(err)
	}
	p.reminders = &jobs.Reminders{Store: db.All, Logger: logger}
	return p
}

// deliver sends what the outbox holds to the SMTP server.
func (p *meetingPlatform) deliver(t *testing.T) {
	t.Helper()
	for {
		sent, failed, err := p.mailer.SendPending(context.Background())
		if err != nil || failed > 0 {
			t.Fatalf("deliver mail: %d failed, %v", failed, err)
		}
		if sent == 0 {
			return
		}
	}
}

// logout logs out and opens the login page for the next user.
func (tb *tab) logout() {
	tb.t.Helper()
	// On a phone the menu is folded behind its button: open it first.
	if eval[bool](tb, `(() => { const b = document.querySelector(".site-nav__toggle");
		return !!b && b.offsetParent !== null && b.getAttribute("aria-expanded") === "false" })()`) {
		tb.do("open the menu", chromedp.Click(chromedp.CSS(".site-nav__toggle")))
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Uitloggen"]`))
	tb.open("/inloggen", 200)
}

// refused submits a form (to action) that the platform must refuse with 400.
func (tb *tab) refused(button, action string) {
	tb.t.Helper()
	tb.mu.Lock()
	tb.expected[tb.base+action] = true
	tb.mu.Unlock()
	if status := tb.follow(chromedp.Search(button)); status != 400 {
		tb.t.Fatalf("%s: status %d, want 400", button, status)
	}
}

// The whole cycle of a kernteam: the chair plans, a partner proposes, the
// agenda goes out, the meeting is minuted with two actions, one is done and
// one goes overdue, the reminder mail arrives, the next agenda opens with
// the overdue action, and the figures show it.
func TestMeetingCycle(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	start := vios.Date(p.clock.Now()).AddDate(0, 0, 10)
	meetingDay := start.Format(time.DateOnly)

	// The chair plans two meetings, six weeks apart.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open("/netwerken", 200)
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//table[starts-with(@id,"netwerken-")]//a[starts-with(normalize-space(),"Kernteam")]`))
	network := tb.path()
	tb.checkAccessibility()
	tb.follow(chromedp.Search(`//a[normalize-space()="Overleg plannen"]`))
	tb.checkAccessibility()
	// A meeting in the past is refused, with the reason beside the date.
	tb.do("plan in the past", chromedp.SetValue(chromedp.CSS("#datum"), "2020-01-06"), chromedp.SetValue(chromedp.CSS("#plaats"), "Lokaal 1.12"))
	tb.refused(`//button[normalize-space()="Plannen en uitnodigen"]`, network+"/plannen")
	if got := tb.text("#begin-fout"); !strings.Contains(got, "verleden") {
		t.Errorf("past meeting message: %q", got)
	}
	tb.checkAccessibility()
	tb.do("plan two meetings",
		chromedp.SetValue(chromedp.CSS("#datum"), meetingDay),
		chromedp.SetValue(chromedp.CSS("#aantal"), "2"),
		chromedp.SetValue(chromedp.CSS("#elkeWeken"), "6"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Plannen en uitnodigen"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "uitnodiging") {
		t.Fatalf("after planning: %q", got)
	}
	links := tb.texts("#komende-overleggen a")
	if len(links) != 3 { // the two planned and the demo's own
		t.Fatalf("upcoming meetings: %v", links)
	}
	first := eval[string](tb, `document.querySelector("#komende-overleggen a").getAttribute("href")`)
	second := eval[string](tb, `document.querySelectorAll("#komende-overleggen a")[2].getAttribute("href")`)
	p.deliver(t)
	if got := p.mailbox.find("partner@arnhem.demo.example", "Uitnodiging", "BEGIN:VCALENDAR"); len(got) < 2 {
		t.Errorf("the partner got %d invitations with a calendar file", len(got))
	}
	tb.logout()

	// A partner proposes an item before the deadline.
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open(first, 200)
	tb.checkAccessibility()
	tb.disclose("Agendapunt voorstellen")
	tb.do("propose an item",
		chromedp.SendKeys(chromedp.CSS("#punt-titel"), "Vapes bij de fietsenstalling"),
		chromedp.SetValue(chromedp.CSS("#punt-soort"), vios.ItemTrend),
		chromedp.SetValue(chromedp.CSS("#punt-fenomenen"), "vapes"))
	tb.follow(chromedp.Search(`//button[normalize-space()="Voorstellen"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "voorgesteld") {
		t.Fatalf("after proposing: %q", got)
	}
	tb.logout()

	// The chair takes it on the agenda and sends the agenda.
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(first, 200)
	if n := tb.count(".agenda > li"); n != 2 {
		t.Errorf("agenda items shown to the chair: %d, want the open actions and the proposal", n)
	}
	tb.follow(chromedp.Search(`//button[normalize-space()="Agenda opslaan"]`))
	tb.follow(chromedp.Search(`//button[normalize-space()="Agenda versturen aan de leden"]`))
	if got := tb.text("#status"); got != "Agenda verstuurd" {
		t.Fatalf("status after publishing: %q", got)
	}
	tb.checkAccessibility()
	p.deliver(t)
	if got := p.mailbox.find("partner@arnhem.demo.example", "Agenda: overleg"); len(got) != 1 {
		t.Errorf("agenda notices to the partner: %d", len(got))
	}

	// The meeting: attendance, minutes, two actions (one refused first).
	p.clock.Set(start.Add(13 * time.Hour)) // 14:00 in Amsterdam, or near it
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(first, 200)
	tb.follow(chromedp.Search(`//button[normalize-space()="Aanwezigheid opslaan"]`))
	if got := tb.text("#status"); !strings.HasPrefix(got, "Gehouden") {
		t.Fatalf("status after attendance: %q", got)
	}
	tb.do("write minutes", chromedp.SendKeys(chromedp.CSS(`textarea[name="verslag"]`), "Veel vapes bij de fietsenstalling na schooltijd."))
	tb.follow(chromedp.Search(`//button[starts-with(normalize-space(),"Verslag opslaan")]`))
	tb.disclose("Actiepunt afspreken")
	tb.do("an action without owner", chromedp.SendKeys(chromedp.CSS("#actie-wat"), "Voorlichting over vapes in klas 2"))
	tb.refused(`//button[normalize-space()="Actiepunt vastleggen"]`, first+"/actiepunten")
	if got := tb.text("#eigenaar-fout"); !strings.Contains(got, "wie") && !strings.Contains(got, "Kies") {
		t.Errorf("owner message: %q", got)
	}
	tb.checkAccessibility()
	partner := eval[string](tb, `[...document.querySelectorAll("#actie-eigenaar option")].find(o => o.text.startsWith("Demo Samenwerkingspartner")).value`)
	for _, a := range []struct{ what, due string }{
		{"Voorlichting over vapes in klas 2", start.AddDate(0, 0, 14).Format(time.DateOnly)},
		{"Camerabeelden fietsenstalling opvragen", start.AddDate(0, 0, 1).Format(time.DateOnly)},
	} {
		tb.disclose("Actiepunt afspreken")
		tb.do("agree an action",
			chromedp.SetValue(chromedp.CSS("#actie-wat"), a.what),
			chromedp.SetValue(chromedp.CSS("#actie-eigenaar"), partner),
			chromedp.SetValue(chromedp.CSS("#actie-deadline"), a.due))
		tb.follow(chromedp.Search(`//button[normalize-space()="Actiepunt vastleggen"]`))
	}
	if got := firstColumn(tb.table("#actiepunten-overleg")); len(got) != 2 {
		t.Fatalf("actions of the meeting: %v", got)
	}
	tb.checkAccessibility()
	tb.logout()

	// The partner finishes one on time.
	tb.submitLogin("partner@arnhem.demo.example", loginTestPassword)
	tb.open("/actiepunten", 200)
	tb.checkAccessibility()
	if got := firstColumn(tb.table("#mijn-actiepunten")); len(got) != 2 {
		t.Fatalf("my actions: %v", got)
	}
	tb.follow(chromedp.Search(`//a[normalize-space()="Voorlichting over vapes in klas 2"]`))
	tb.do("report done",
		chromedp.SetValue(chromedp.CSS("#status"), vios.ActionDone),
		chromedp.SendKeys(chromedp.CSS("#notitie"), "Voorlichting gegeven, met de GGD."))
	tb.follow(chromedp.Search(`//button[normalize-space()="Bijwerken"]`))
	if got := tb.text("#actie-status"); got != "Gereed" {
		t.Errorf("status after reporting: %q", got)
	}
	tb.checkAccessibility()
	tb.logout()

	// Three days later the other one is overdue: the reminder job mails the
	// owner and the chair, without the action's content.
	p.clock.Set(start.AddDate(0, 0, 3).Add(9 * time.Hour))
	if n, err := p.reminders.RunOnce(context.Background()); err != nil || n < 1 {
		t.Fatalf("reminders: %d, %v", n, err)
	}
	p.deliver(t)
	reminders := p.mailbox.find("partner@arnhem.demo.example", "Herinnering")
	if len(reminders) != 1 || strings.Contains(reminders[0].data, "Camerabeelden") {
		t.Fatalf("reminder to the owner: %d mails", len(reminders))
	}
	if got := p.mailbox.find("school@arnhem.demo.example", "over de deadline"); len(got) != 1 {
		t.Errorf("notices to the chair: %d", len(got))
	}

	// The next agenda opens with the overdue action.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@arnhem.demo.example", loginTestPassword)
	tb.open(second, 200)
	open := tb.table("#agenda-actiepunten")
	if len(open.Rows) != 1 || open.Rows[0][0] != "Camerabeelden fietsenstalling opvragen" ||
		!strings.Contains(open.Rows[0][tb.column(open, "Status")], "te laat") {
		t.Fatalf("first agenda item of the next meeting: %v", open.Rows)
	}
	tb.checkAccessibility()
	// The minutes of the first meeting are approved at this one.
	tb.follow(chromedp.Search(`//button[normalize-space()="Verslag vorig overleg vaststellen"]`))
	if got := tb.text("[role=status]"); !strings.Contains(got, "vastgesteld") {
		t.Errorf("after approving: %q", got)
	}

	// The figures page shows one action on time and one overdue for the police.
	tb.open(network+"/cijfers", 200)
	tb.checkAccessibility()
	org := tb.table("#per-organisatie")
	var police []string
	for _, r := range org.Rows {
		if strings.Contains(strings.ToLower(r[0]), "politie") {
			police = r
		}
	}
	if police == nil {
		t.Fatalf("no police row in %v", org.Rows)
	}
	if police[tb.column(org, "Op tijd")] != "1" || police[tb.column(org, "Over de deadline")] != "1" {
		t.Errorf("police figures: %v (%v)", police, org.Head)
	}
	core := tb.table("#kerncijfers")
	if got := tb.row(core, "Actiepunten over de deadline"); got[1] != "1" {
		t.Errorf("overdue in total: %v", got)
	}
	tb.open(network+"/jaaroverzicht", 200)
	tb.checkAccessibility()
	tb.open(first+"/afdrukken", 200)
	tb.checkAccessibility()
	if got := tb.text("#verslagstatus"); !strings.HasPrefix(got, "Vastgesteld") {
		t.Errorf("print view status: %q", got)
	}
}
