package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vios-platform/vios"
)

var evaluationLink = regexp.MustCompile(`/evaluatie/[A-Za-z0-9_-]+`)

// questionnaires runs the job, delivers its mail and returns per address
// the path of the one-time link in the mail whose subject holds subject.
func (p *meetingPlatform) questionnaires(t *testing.T, emails []string, subject string) []string {
	t.Helper()
	if _, err := p.db.Trainings.SendTrainingQuestionnaires(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.deliver(t)
	var links []string
	for _, e := range emails {
		got := p.mailbox.find(e, subject)
		if len(got) != 1 {
			t.Fatalf("%s got %d mails about %q", e, len(got), subject)
		}
		links = append(links, evaluationLink.FindString(got[0].data))
	}
	return links
}

// answerByPost answers a questionnaire through its link without a browser.
func (p *meetingPlatform) answerByPost(t *testing.T, link string, form url.Values) {
	t.Helper()
	resp, err := http.PostForm(p.base+link, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("answer through %s: %d", link, resp.StatusCode)
	}
}

func participants(prefix string, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%s%d@school.example", prefix, i+1))
	}
	return out
}

// The landelijk role adds a training to the catalogue; Arnhem's regisseur
// records two sessions, one with fifteen participants and one with five.
// Each participant gets a one-time link before the session and three
// months after it and answers anonymously (after the session, the fifteen
// in the browser); a link past its window is refused. On a 320 px phone the
// catalogue then shows the first training's result and "nog te weinig
// antwoorden" for the second; axe finds nothing on the pages.
func TestTrainingEvaluationJourney(t *testing.T) {
	requireBrowser(t)
	p := startMeetingPlatform(t)
	tb := openTab(t, p.base)
	tb.open("/inloggen", 200)
	tb.submitLogin("landelijk@demo.example", loginTestPassword)
	tb.open("/trainingen/nieuw", 200)
	tb.checkAccessibility()
	tb.do("describe the training",
		chromedp.SendKeys(chromedp.CSS("#titel"), "Weerbaar tegen groepsdruk"),
		chromedp.SendKeys(chromedp.CSS("#aanbieder"), "Stichting School & Veiligheid"),
		chromedp.SendKeys(chromedp.CSS("#duur"), "2 dagdelen"),
		chromedp.Click(chromedp.CSS("#thema-groepsdruk")),
		chromedp.Click(chromedp.CSS("#schooltype-vo")))
	tb.follow(chromedp.Search(`//button[normalize-space()="Opslaan"]`))
	if !strings.Contains(tb.text("main"), "De training staat in de catalogus.") || !strings.Contains(tb.text("main"), "Landelijk") {
		t.Fatalf("after saving: %q", tb.text("main"))
	}
	tb.checkAccessibility()
	tb.logout()
	other := &vios.Training{Kind: "workshop", Title: "Wapens en messen herkennen", Provider: "Politie", Themes: []string{"wapens"},
		SchoolTypes: []string{"vo"}}
	if err := p.db.Trainings.CreateTraining(vios.NewSystemContext(context.Background(), "test"), other); err != nil {
		t.Fatal(err)
	}

	arnhem, _ := p.db.Organisations.FindMunicipalityBySlug(context.Background(), "arnhem")
	schools, err := p.db.Organisations.ListOrganisations(context.Background(), vios.OrganisationFilter{MunicipalityID: arnhem.ID, Kind: vios.OrgSchool})
	if err != nil || len(schools) == 0 {
		t.Fatalf("Arnhem's schools: %v", err)
	}
	held := vios.Date(p.clock.Now()).AddDate(0, 0, 14)
	fifteen, five := participants("deelnemer", 15), participants("collega", 5)
	tb.submitLogin("regisseur@arnhem.demo.example", loginTestPassword)
	tb.open("/trainingssessies/arnhem", 200)
	tb.checkAccessibility()
	for _, s := range []struct {
		training string
		emails   []string
	}{{"Weerbaar tegen groepsdruk", fifteen}, {"Wapens en messen herkennen", five}} {
		tb.choose("#training", s.training)
		tb.choose("#school", schools[0].Name)
		tb.do("the session", chromedp.SetValue(chromedp.CSS("#datum"), held.Format(time.DateOnly)),
			chromedp.SetValue(chromedp.CSS("#deelnemers"), fmt.Sprint(len(s.emails))),
			chromedp.SetValue(chromedp.CSS("#emailadressen"), strings.Join(s.emails, "\n")))
		tb.follow(chromedp.Search(`//button[normalize-space()="Sessie vastleggen"]`))
		if !strings.Contains(tb.text("[role=status]"), "De sessie is vastgelegd") {
			t.Fatalf("after recording: %q", tb.text("main"))
		}
	}
	tb.checkAccessibility()
	tb.logout()

	// Before the session: the fifteen and four of the five answer.
	scores := url.Values{"stelling-1": {"2"}, "stelling-2": {"2"}, "stelling-3": {"3"}, "stelling-4": {"2"}}
	before := p.questionnaires(t, fifteen, "vooraf")
	tb.open(before[0], 200)
	tb.checkAccessibility()
	for _, link := range before {
		p.answerByPost(t, link, scores)
	}
	beforeFive := p.questionnaires(t, five, "vooraf")
	for _, link := range beforeFive[:4] {
		p.answerByPost(t, link, scores)
	}
	// The fifth waits too long: the session's day is over.
	p.clock.Set(held.Add(30 * time.Hour))
	tb.open(beforeFive[4], http.StatusGone)
	if got := tb.text("main"); !strings.Contains(got, "verlopen") {
		t.Errorf("a link past its window: %q", got)
	}

	// Three months on: the fifteen answer in the browser, on a phone.
	p.clock.Set(held.AddDate(0, vios.TrainingFollowUpMonths, 0).Add(9 * time.Hour))
	tb.narrow()
	for i, link := range p.questionnaires(t, fifteen, "opgeleverd") {
		tb.open(link, 200)
		if i == 0 {
			tb.checkAccessibility()
			tb.fits("the questionnaire")
		}
		tb.do("answer", chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="waardering-%d"]`, 4+i%2))),
			chromedp.Click(chromedp.CSS(`label[for="stelling-1-4"]`)), chromedp.Click(chromedp.CSS(`label[for="stelling-2-4"]`)),
			chromedp.Click(chromedp.CSS(`label[for="stelling-3-4"]`)), chromedp.Click(chromedp.CSS(`label[for="stelling-4-5"]`)))
		tb.follow(chromedp.Search(`//button[normalize-space()="Antwoorden versturen"]`))
		if !strings.Contains(tb.text("main"), "Dank u wel") {
			t.Fatalf("participant %d: %q", i+1, tb.text("main"))
		}
	}
	tb.open(before[0], 404) // spent
	for _, link := range p.questionnaires(t, five, "opgeleverd")[:3] {
		p.answerByPost(t, link, url.Values{"waardering": {"2"}, "stelling-1": {"3"}, "stelling-2": {"3"}, "stelling-3": {"3"}, "stelling-4": {"3"}})
	}

	// Den Haag's school account sees the result of all municipalities.
	tb.open("/inloggen", 200)
	tb.submitLogin("school@den-haag.demo.example", loginTestPassword)
	tb.open("/trainingen?thema=groepsdruk", 200)
	tb.fits("the catalogue")
	if got := tb.text(".trainingen-lijst"); !strings.Contains(got, "Cijfer 4,5 (15 antwoorden)") || !strings.Contains(got, "+2,0") {
		t.Errorf("the result of the training: %q", got)
	}
	tb.checkAccessibility()
	tb.open("/trainingen?thema=wapens", 200)
	if got := tb.text(".trainingen-lijst"); !strings.Contains(got, "Nog te weinig antwoorden") || strings.Contains(got, "Cijfer") {
		t.Errorf("the training with three answers: %q", got)
	}
	tb.follow(chromedp.Search(`//a[normalize-space()="Wapens en messen herkennen"]`))
	if !strings.Contains(tb.text("#te-weinig"), "Nog te weinig antwoorden") {
		t.Errorf("its page: %q", tb.text("main"))
	}
	tb.fits("the training")
	tb.checkAccessibility()
}
