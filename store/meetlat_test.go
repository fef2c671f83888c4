package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
)

// answers gives every question of the subject the score.
func answers(school bool, score int) map[string]vios.MeetlatAnswer {
	out := map[string]vios.MeetlatAnswer{}
	for _, q := range vios.MeetlatQuestionsFor(school) {
		out[q.Code] = vios.MeetlatAnswer{Score: score}
	}
	return out
}

// The meetlat: the regisseur reads the evidence, saves a draft (the
// reflections sealed), completes it (then frozen); a score off the scale
// stores nothing; a school fills in its own and the regisseur reads it;
// who else asks hears not found; other municipalities further along are
// named with their score only.
func TestMeetlat(t *testing.T) {
	db := openWithDemoUsers(t)
	if err := demo.LoadNetworks(context.Background(), db.All, db.Now()); err != nil {
		t.Fatal(err)
	}
	arnhem := municipalityID(t, db, "arnhem")
	year := db.Now().Year()
	regisseur := asUser(demoUser(t, db, "regisseur@arnhem.demo.example"))
	schoolUser := demoUser(t, db, "school@arnhem.demo.example")
	school := schoolUser.Memberships[0].OrganisationID

	m, err := db.Approaches.Meetlat(regisseur, arnhem, "", year)
	if err != nil || m.ID != "" || m.Status != vios.MeetlatDraft {
		t.Fatalf("a blank meetlat: %+v %v", m, err)
	}
	evidence, err := db.Approaches.MeetlatEvidence(regisseur, arnhem, "", year)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range vios.MeetlatQuestions {
		if evidence[q.Code] == "" {
			t.Errorf("no evidence for %s", q.Code)
		}
	}
	if !strings.Contains(evidence["vraagbaak"], "geen hulpvragen binnen") {
		t.Errorf("help desk evidence: %q", evidence["vraagbaak"])
	}
	if !strings.Contains(evidence["veiligheidsplan"], "scholen hebben een vastgesteld veiligheidsplan") {
		t.Errorf("safety plan evidence: %q", evidence["veiligheidsplan"])
	}

	// Out of range: nothing stored.
	m.Answers = answers(false, 3)
	m.Answers["regie"] = vios.MeetlatAnswer{Score: 5}
	if err := db.Approaches.SaveMeetlat(regisseur, m, false); fields(err) != "score-regie" {
		t.Fatalf("a score of 5: %v", err)
	}
	if list, err := db.Approaches.Meetlats(regisseur, arnhem, ""); err != nil || len(list) != 0 {
		t.Fatalf("stored after a bad score: %v %v", list, err)
	}

	// A draft with a gap, then completed.
	m.Answers = answers(false, 3)
	m.Answers["deelname"] = vios.MeetlatAnswer{Score: 1, Reflection: "Met " + marker + " besproken"}
	delete(m.Answers, "vraagbaak")
	m.Reflection = "Overal: " + marker
	if err := db.Approaches.SaveMeetlat(regisseur, m, false); err != nil {
		t.Fatal(err)
	}
	if raw := rawValue(t, db, "meetlats", "reflection_sealed", m.ID); raw == "" || strings.Contains(raw, marker) {
		t.Errorf("the reflection in the clear: %q", raw)
	}
	if err := db.Approaches.SaveMeetlat(regisseur, m, true); fields(err) != "score-vraagbaak" {
		t.Errorf("completed with a question unscored: %v", err)
	}
	got, err := db.Approaches.Meetlat(regisseur, arnhem, "", year)
	if err != nil || got.ID != m.ID || got.Answers["deelname"].Reflection != "Met "+marker+" besproken" || got.Reflection != m.Reflection || got.Status != vios.MeetlatDraft {
		t.Fatalf("the draft read back: %+v %v", got, err)
	}
	got.Answers["vraagbaak"] = vios.MeetlatAnswer{Score: 2}
	if err := db.Approaches.SaveMeetlat(regisseur, got, true); err != nil {
		t.Fatal(err)
	}
	if err := db.Approaches.SaveMeetlat(regisseur, got, false); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("a completed meetlat changed: %v", err)
	}

	// Who else asks: not found.
	for _, email := range []string{"coordinator@arnhem.demo.example", "school@arnhem.demo.example", "partner@arnhem.demo.example", "regisseur@den-haag.demo.example"} {
		if _, err := db.Approaches.Meetlat(asUser(demoUser(t, db, email)), arnhem, "", year); vios.ErrorCode(err) != vios.ENOTFOUND {
			t.Errorf("%s reads the municipal meetlat: %v", email, err)
		}
	}

	// The school's own, lighter one; the regisseur reads but does not write it.
	s := &vios.Meetlat{MunicipalityID: arnhem, SchoolID: school, Year: year, Answers: answers(true, 2)}
	if err := db.Approaches.SaveMeetlat(regisseur, s, false); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("the regisseur fills in a school's meetlat: %v", err)
	}
	s.Answers["regie"] = vios.MeetlatAnswer{Score: 2}
	if err := db.Approaches.SaveMeetlat(asUser(schoolUser), s, true); fields(err) != "score-regie" {
		t.Errorf("a municipal question in a school's meetlat: %v", err)
	}
	delete(s.Answers, "regie")
	if err := db.Approaches.SaveMeetlat(asUser(schoolUser), s, true); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Approaches.Meetlat(regisseur, arnhem, school, year); err != nil || !got.Completed() || got.Score("deelname") != 2 {
		t.Errorf("the regisseur reads the school's meetlat: %+v %v", got, err)
	}
	if _, err := db.Approaches.Meetlat(asUser(demoUser(t, db, "vo@arnhem.demo.example")), arnhem, school, year); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("another school reads it: %v", err)
	}
	evidence, err = db.Approaches.MeetlatEvidence(asUser(schoolUser), arnhem, school, year)
	if err != nil || !strings.Contains(evidence["veiligheidsplan"], "De school heeft") {
		t.Errorf("the school's evidence: %v %v", evidence, err)
	}

	// Further along: Den Haag completes a meetlat scoring 4 everywhere.
	denHaag := municipalityID(t, db, "den-haag")
	hague := asUser(demoUser(t, db, "regisseur@den-haag.demo.example"))
	if err := db.Approaches.SaveMeetlat(hague, &vios.Meetlat{MunicipalityID: denHaag, Year: year, Answers: answers(false, 4)}, true); err != nil {
		t.Fatal(err)
	}
	peers, err := db.Approaches.MeetlatPeers(regisseur, arnhem, map[string]int{"deelname": 1, "regie": 4})
	if err != nil || len(peers["deelname"]) != 1 || peers["deelname"][0].Score != 4 || len(peers["regie"]) != 0 {
		t.Errorf("municipalities further along: %+v %v", peers, err)
	}
	p := vios.ComputeMeetlatProfile(got, peers)
	if len(p.Steps) != 2 || p.Weakest[0].Code != "deelname" {
		t.Errorf("the profile: %+v", p)
	}

	// Rotation seals the reflections again.
	if _, err := db.RotateKeys(context.Background(), arnhem, 100); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Approaches.Meetlat(regisseur, arnhem, "", year); err != nil || got.Reflection != m.Reflection {
		t.Errorf("after rotation: %+v %v", got, err)
	}
}
