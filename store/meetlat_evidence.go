package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/vios-platform/vios"
)

// The evidence beside the meetlat's questions: counts the platform already
// has (accounts per role, networks and their meetings, attendance per
// organisation, approved safety plans, partners per domain, the elements
// the approach names). Organisations may be named; people never are.

// meetlatEvidence reads, in one read of the tenant, the evidence of the
// subject in the year.
type meetlatEvidence struct {
	ctx      context.Context
	q        querier
	db       *Approaches
	m        string // municipality
	school   string // "" for the municipality
	from, to any
	err      error
}

// count runs a COUNT query; the first error sticks.
func (e *meetlatEvidence) count(query string, args ...any) int {
	var n int
	if e.err == nil {
		e.err = e.q.QueryRowContext(e.ctx, e.db.rebind(query), args...).Scan(&n)
	}
	return n
}

// networks narrows networks n to the subject: a school's are those it sits at.
func (e *meetlatEvidence) networks() (string, []any) {
	if e.school == "" {
		return "n.municipality_id = ?", []any{e.m}
	}
	return "n.municipality_id = ? AND n.id IN (SELECT network_id FROM network_schools WHERE organisation_id = ?)", []any{e.m, e.school}
}

// held counts the networks of the kinds, and their meetings held and
// cancelled in the year.
func (e *meetlatEvidence) held(kinds ...string) (networks, held, cancelled int) {
	where, args := e.networks()
	in := placeholders(len(kinds))
	for _, k := range kinds {
		args = append(args, k)
	}
	networks = e.count(`SELECT COUNT(*) FROM networks n WHERE `+where+` AND n.kind IN (`+in+`)`, args...)
	meetings := `SELECT COUNT(*) FROM meetings mt JOIN networks n ON n.id = mt.network_id WHERE ` + where + ` AND n.kind IN (` + in + `)
		AND mt.starts_at >= ? AND mt.starts_at < ? AND mt.status = ?`
	held = e.count(meetings, append(args, e.from, e.to, "gehouden")...)
	cancelled = e.count(meetings, append(args, e.from, e.to, "geannuleerd")...)
	return networks, held, cancelled
}

// accounts counts the enabled accounts with the role in the municipality
// (for a school: of the school).
func (e *meetlatEvidence) accounts(role string) int {
	q := `SELECT COUNT(DISTINCT ms.user_id) FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE ms.municipality_id = ? AND ms.role = ? AND NOT u.disabled`
	if e.school != "" {
		return e.count(q+` AND ms.organisation_id = ?`, e.m, role, e.school)
	}
	return e.count(q, e.m, role)
}

// element is what the municipality's approach says of an element.
func (e *meetlatEvidence) element(code string) string {
	var status string
	if e.err != nil {
		return ""
	}
	err := e.q.QueryRowContext(e.ctx, e.db.rebind(`SELECT el.status FROM approach_elements el JOIN approaches a ON a.id = el.approach_id
		WHERE a.municipality_id = ? AND el.element = ?`), e.m, code).Scan(&status)
	if err != nil {
		return "De aanpak noemt dit element niet."
	}
	return fmt.Sprintf("De aanpak noemt dit element: %s.", strings.ToLower(vios.ElementStatusLabel(status)))
}

// attendance is the evidence of active participation: per organisation the
// share of the kernteams held in the year where it was present, and the
// organisations that send a different person most times.
func (e *meetlatEvidence) attendance() string {
	if e.err != nil {
		return ""
	}
	where, args := e.networks()
	type org struct {
		name                    string
		expected, present, seen int
	}
	var list []org
	e.err = queryEach(e.ctx, e.q, e.db.rebind(`SELECT o.name, COUNT(DISTINCT at.meeting_id),
		COUNT(DISTINCT CASE WHEN at.status IN ('aanwezig', 'vervangen') THEN at.meeting_id END),
		COUNT(DISTINCT CASE WHEN at.status = 'aanwezig' THEN nm.user_id WHEN at.status = 'vervangen' THEN at.deputy_user_id END)
		FROM attendance at JOIN meetings mt ON mt.id = at.meeting_id JOIN networks n ON n.id = mt.network_id
		JOIN network_members nm ON nm.id = at.member_id JOIN organisations o ON o.id = nm.organisation_id
		WHERE `+where+` AND n.kind = ? AND mt.status = 'gehouden' AND mt.starts_at >= ? AND mt.starts_at < ?
		GROUP BY o.id, o.name ORDER BY o.name`), append(args, vios.NetworkKernteam, e.from, e.to), func(r scanner) error {
		var o org
		err := r.Scan(&o.name, &o.expected, &o.present, &o.seen)
		list = append(list, o)
		return err
	})
	if len(list) == 0 {
		return "Geen aanwezigheid van kernteams vastgelegd in dit jaar."
	}
	good := 0
	var changing []string
	for _, o := range list {
		if o.present*4 >= o.expected*3 {
			good++
		}
		// Three or more people over the meetings it came to, and a new one
		// at least every other time: no fixed representative.
		if o.seen >= 3 && o.seen*2 >= o.present {
			changing = append(changing, o.name)
		}
	}
	s := fmt.Sprintf("%d van %d organisaties waren bij ≥ 75 %% van de kernteams.", good, len(list))
	if len(changing) > 0 {
		s += " Steeds iemand anders namens: " + strings.Join(changing, ", ") + "."
	}
	return s
}

// trainings is the evidence of trainings in the year: counts only.
func (e *meetlatEvidence) trainings(year string) string {
	sessions, participants, answers := e.trainingCounts()
	return fmt.Sprintf("In %s %d trainingssessies met samen %d deelnemers; %d evaluaties ontvangen.", year, sessions, participants, answers)
}

// MeetlatEvidence is, per question, what the platform shows of it.
func (db *Approaches) MeetlatEvidence(ctx context.Context, municipalityID, schoolID string, year int) (map[string]string, error) {
	if err := db.authorizeMeetlat(ctx, municipalityID, schoolID, false); err != nil {
		return nil, err
	}
	from, to := yearSpan(year)
	out := map[string]string{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		e := &meetlatEvidence{ctx: ctx, q: q, db: db, m: municipalityID, school: schoolID, from: from, to: to}
		y := fmt.Sprint(year)
		out["deelname"] = e.attendance()
		n, held, cancelled := e.held(vios.NetworkKernteam, vios.NetworkOverkoepelend)
		out["ketenoverleg"] = fmt.Sprintf("%d kernteams en overstijgende overleggen; in %s %d overleggen gehouden en %d geannuleerd.", n, y, held, cancelled)
		n, held, _ = e.held(vios.NetworkSignalering)
		out["signalering"] = fmt.Sprintf("%d signaleringsoverleggen; in %s %d keer gehouden.", n, y, held)
		out["trainingen"] = e.trainings(y)
		if schoolID != "" {
			approved := e.count(`SELECT COUNT(*) FROM safety_plans WHERE municipality_id = ? AND owner_org_id = ? AND approved_version > 0`, municipalityID, schoolID)
			out["veiligheidsplan"] = "De school heeft nog geen vastgesteld veiligheidsplan."
			if approved > 0 {
				out["veiligheidsplan"] = "De school heeft een vastgesteld veiligheidsplan."
			}
			out["jongerenwerk"] = fmt.Sprintf("%d organisaties voor jongerenwerk zitten aan tafel bij de overleggen van de school.",
				e.count(`SELECT COUNT(DISTINCT o.id) FROM network_members nm JOIN organisations o ON o.id = nm.organisation_id
				JOIN network_schools ns ON ns.network_id = nm.network_id
				WHERE nm.municipality_id = ? AND ns.organisation_id = ? AND o.partner_kind = 'jongerenwerk' AND nm.left_on IS NULL`, municipalityID, schoolID))
			out["interne-coordinatoren"] = fmt.Sprintf("%d accounts met de rol school; of daar een interne veiligheidscoördinator bij is, houdt het platform niet bij.",
				e.accounts(vios.RoleSchool))
			return e.err
		}
		overarching, held, _ := e.held(vios.NetworkOverkoepelend, vios.NetworkStuurgroep)
		out["regie"] = fmt.Sprintf("%d regisseurs met een account; %d overkoepelende overleggen of stuurgroepen, in %s %d keer gehouden.",
			e.accounts(vios.RoleRegisseur), overarching, y, held)
		var domains []string
		e.err = orErr(e.err, queryEach(ctx, q, db.rebind(`SELECT partner_kind, COUNT(*) FROM organisations WHERE municipality_id = ? AND kind = ?
			GROUP BY partner_kind ORDER BY partner_kind`), []any{municipalityID, vios.OrgPartner}, func(r scanner) error {
			var kind string
			var n int
			err := r.Scan(&kind, &n)
			domains = append(domains, fmt.Sprintf("%s %d", strings.ToLower(vios.PartnerKindLabel(kind)), n))
			return err
		}))
		out["domeinen"] = "Geen samenwerkingspartners vastgelegd."
		if len(domains) > 0 {
			out["domeinen"] = fmt.Sprintf("Samenwerkingspartners uit %d domeinen: %s.", len(domains), strings.Join(domains, ", "))
		}
		coordinators := e.accounts(vios.RoleCoordinator)
		kernteams := e.count(`SELECT COUNT(*) FROM networks WHERE municipality_id = ? AND kind = ?`, municipalityID, vios.NetworkKernteam)
		withCoordinator := e.count(`SELECT COUNT(DISTINCT n.id) FROM networks n JOIN network_members nm ON nm.network_id = n.id
			JOIN memberships ms ON ms.user_id = nm.user_id AND ms.municipality_id = n.municipality_id AND ms.role = ?
			WHERE n.municipality_id = ? AND n.kind = ? AND nm.left_on IS NULL`, vios.RoleCoordinator, municipalityID, vios.NetworkKernteam)
		out["coordinator"] = fmt.Sprintf("%d coördinatoren met een account; zij zitten in %d van %d kernteams.", coordinators, withCoordinator, kernteams)
		out["coordinatorfunctie"] = fmt.Sprintf("%d accounts met de rol coördinator. %s", coordinators, e.element("coordinator"))
		schools := e.count(`SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND kind = ?`, municipalityID, vios.OrgSchool)
		approved := e.count(`SELECT COUNT(DISTINCT owner_org_id) FROM safety_plans WHERE municipality_id = ? AND approved_version > 0`, municipalityID)
		out["veiligheidsplan"] = fmt.Sprintf("%d van %d scholen hebben een vastgesteld veiligheidsplan.", approved, schools)
		out["jongerenwerk"] = fmt.Sprintf("%d organisaties voor jongerenwerk. %s",
			e.count(`SELECT COUNT(*) FROM organisations WHERE municipality_id = ? AND partner_kind = 'jongerenwerk'`, municipalityID), e.element("jongerenwerk_op_school"))
		out["interne-coordinatoren"] = e.element("veiligheidscoordinator_school") + " Wie op school die rol heeft, houdt het platform niet bij."
		out["trainingen"] = e.trainings(y) + " " + e.element("trainingen")
		out["vraagbaak"] = e.helpDesk(y)
		if n, _, _ := e.held(vios.NetworkLoket); n > 0 {
			out["vraagbaak"] += fmt.Sprintf(" %d loketteams.", n)
		}
		return e.err
	})
	return out, err
}

func orErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// helpDesk is the evidence of the municipal help desk: how many requests
// came in in the year, how many were closed and how they were rated.
// Counts only: no request's content.
func (e *meetlatEvidence) helpDesk(year string) string {
	filed := `SELECT COUNT(*) FROM help_requests WHERE municipality_id = ? AND filed_at >= ? AND filed_at < ?`
	n := e.count(filed, e.m, e.from, e.to)
	closed := e.count(filed+` AND status = ?`, e.m, e.from, e.to, vios.HelpClosed)
	rated := e.count(filed+` AND rating > 0`, e.m, e.from, e.to)
	desk := e.accounts(vios.RoleOTSV)
	if n == 0 {
		return fmt.Sprintf("%d medewerkers van het hulploket met een account; in %s kwamen er geen hulpvragen binnen.", desk, year)
	}
	requests := "hulpvragen"
	if n == 1 {
		requests = "hulpvraag"
	}
	return fmt.Sprintf("%d medewerkers van het hulploket met een account; in %s %d %s, waarvan %d gesloten en %d door de vrager gewaardeerd.",
		desk, year, n, requests, closed, rated)
}
