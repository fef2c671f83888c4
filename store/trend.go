package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

var _ vios.TrendService = (*Casework)(nil)

// DetectTrends runs the trend test (vios.DetectTrend, docs/TRENDS.md) for
// each municipality over the window that ended last Monday, and proposes
// each trend once: the unique index on (municipality, phenomenon, window)
// makes a second pass, on this instance or another, a no-op, and a trend
// whose earlier window still overlaps this one is not proposed again. The
// regisseurs get a mail without content for each new proposal.
func (db *Casework) DetectTrends(ctx context.Context) (int, error) {
	ctx = vios.NewSystemContext(ctx, "trends")
	made := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
			n, err := tx.detectTrends(ctx, municipalityID)
			made += n
			return err
		})
	})
	return made, err
}

func (tx *Tx) detectTrends(ctx context.Context, municipalityID string) (int, error) {
	r := vios.DefaultTrendRules()
	var slug string
	var created time.Time
	if err := tx.queryRow(ctx, `SELECT slug, trend_min_places, created_at FROM municipalities WHERE id = ?`, municipalityID).
		Scan(&slug, &r.MinPlaces, &created); err != nil {
		return 0, err
	}
	start, end := vios.TrendWindow(tx.now, r.WindowWeeks)
	from := start.AddDate(0, 0, -7*r.HistoryWeeks)
	weeks := r.HistoryWeeks + r.WindowWeeks
	week := func(day time.Time) int { return int(vios.Date(day).Sub(from).Hours()/24) / 7 }
	// Every school is a place, with or without signals: its normal counts
	// in the test across all places.
	type place struct {
		school bool
		since  time.Time
	}
	places := map[string]*place{}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, created_at FROM organisations WHERE municipality_id = ? AND kind = ?`),
		municipalityID, vios.OrgSchool)
	type org struct {
		id      string
		created time.Time
	}
	orgs, err := scanAll(rows, err, func(sc scanner) (org, error) {
		var o org
		return o, sc.Scan(&o.id, &o.created)
	})
	if err != nil {
		return 0, err
	}
	for _, o := range orgs {
		places["school:"+o.id] = &place{school: true, since: o.created}
	}
	// Weekly counts per phenomenon and place: a signal about schools counts
	// for each school, one about no school for its neighbourhood.
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT s.phenomenon, COALESCE(ss.organisation_id, ''), s.neighbourhood, s.occurred_on, COUNT(*)
		FROM signals s LEFT JOIN signal_schools ss ON ss.signal_id = s.id
		WHERE s.municipality_id = ? AND s.occurred_on >= ? AND s.occurred_on < ?
		GROUP BY s.phenomenon, ss.organisation_id, s.neighbourhood, s.occurred_on`), municipalityID, from, end)
	type count struct {
		phenomenon, school, neighbourhood string
		day                               time.Time
		n                                 int
	}
	counts, err := scanAll(rows, err, func(sc scanner) (count, error) {
		var c count
		return c, sc.Scan(&c.phenomenon, &c.school, &c.neighbourhood, &c.day, &c.n)
	})
	if err != nil {
		return 0, fmt.Errorf("count signals: %w", err)
	}
	weekly := map[string]map[string][]int{} // phenomenon → place → weeks
	for _, c := range counts {
		key := "school:" + c.school
		if c.school == "" {
			if c.neighbourhood == "" {
				continue
			}
			key = "wijk:" + c.neighbourhood
		}
		p := places[key]
		if p == nil {
			p = &place{school: c.school != "", since: created}
			places[key] = p
		}
		if weekly[c.phenomenon] == nil {
			weekly[c.phenomenon] = map[string][]int{}
		}
		w := weekly[c.phenomenon][key]
		if w == nil {
			w = make([]int, weeks)
			weekly[c.phenomenon][key] = w
		}
		if i := week(c.day); i >= 0 && i < weeks {
			w[i] += c.n
		}
	}
	// The municipality records signals since its first one (in the weeks
	// read): a place registered later has that much history too, with the
	// weeks it had no signals; starting a place's history at its own first
	// signal would put that signal in every short history and make it look
	// busier than it is.
	earliest := created
	for _, c := range counts {
		if c.day.Before(earliest) {
			earliest = c.day
		}
	}
	for _, p := range places {
		if earliest.Before(p.since) {
			p.since = earliest
		}
	}
	labels, err := tx.phenomenonLabels(ctx, municipalityID)
	if err != nil {
		return 0, err
	}
	made := 0
	for phenomenon, byPlace := range weekly {
		var list []vios.TrendPlace
		for key, p := range places {
			counts := byPlace[key]
			if counts == nil {
				if !p.school {
					continue
				}
				counts = make([]int, weeks)
			}
			known := max(0, min(r.HistoryWeeks, week(start)-week(p.since)))
			list = append(list, vios.TrendPlace{Key: key, School: p.school, Known: known, Weekly: counts})
		}
		f, ok := vios.DetectTrend(phenomenon, list, r)
		if !ok {
			continue
		}
		n, err := tx.proposeTrend(ctx, municipalityID, slug, f, labelOr(labels, phenomenon), start, end, r.WindowWeeks)
		if err != nil {
			return 0, err
		}
		made += n
	}
	return made, nil
}

// proposeTrend stores the proposal unless this window or one overlapping
// it was proposed for the phenomenon, and tells the regisseurs.
func (tx *Tx) proposeTrend(ctx context.Context, municipalityID, slug string, f vios.TrendFinding, label string, start, end time.Time, windowWeeks int) (int, error) {
	var overlapping int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM trend_proposals WHERE municipality_id = ? AND phenomenon = ? AND window_end > ?`,
		municipalityID, f.Phenomenon, start).Scan(&overlapping); err != nil || overlapping > 0 {
		return 0, err
	}
	id := uuid.NewString()
	claimed, err := tx.claim(ctx, `INSERT INTO trend_proposals (id, municipality_id, phenomenon, window_start, window_end, schools, signals,
		reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		id, municipalityID, f.Phenomenon, start, end, f.Schools+f.Neighbourhoods, f.Signals, f.Reason(lowerFirst(label), windowWeeks), vios.TrendOpen, tx.now)
	if err != nil || !claimed {
		return 0, err
	}
	if err := tx.audit(ctx, Audit{Action: "trend-voorgesteld", ObjectType: "trend", ObjectID: id, MunicipalityID: municipalityID}); err != nil {
		return 0, err
	}
	to, err := tx.roleAddresses(ctx, municipalityID, vios.RoleRegisseur)
	if err != nil {
		return 0, err
	}
	mail := tx.db.Logs.site().TrendProposed(slug)
	for _, addr := range to {
		if err := queueMail(ctx, tx, addr, mail.Subject, mail.Body); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// phenomenonLabels maps the codes the municipality may use to their labels,
// its own before the national ones.
func (tx *Tx) phenomenonLabels(ctx context.Context, municipalityID string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT code, label FROM phenomena WHERE municipality_id IS NULL OR municipality_id = ?
		ORDER BY CASE WHEN municipality_id IS NULL THEN 0 ELSE 1 END`), municipalityID)
	type pair struct{ code, label string }
	list, err := scanAll(rows, err, func(sc scanner) (pair, error) {
		var p pair
		return p, sc.Scan(&p.code, &p.label)
	})
	labels := map[string]string{}
	for _, p := range list {
		labels[p.code] = p.label
	}
	return labels, err
}

func labelOr(labels map[string]string, code string) string {
	if l := labels[code]; l != "" {
		return l
	}
	return code
}

const trendColumns = `id, municipality_id, phenomenon, window_start, window_end, schools, signals, reason, status,
	COALESCE(agenda_item_id, ''), COALESCE(meeting_id, ''), created_at, decided_at`

func scanTrend(sc scanner) (*vios.TrendProposal, error) {
	var p vios.TrendProposal
	var decided sql.NullTime
	if err := sc.Scan(&p.ID, &p.MunicipalityID, &p.Phenomenon, &p.WindowStart, &p.WindowEnd, &p.Schools, &p.Signals, &p.Reason,
		&p.Status, &p.AgendaItemID, &p.MeetingID, &p.CreatedAt, &decided); err != nil {
		return nil, err
	}
	p.DecidedAt = timePtr(decided)
	return &p, nil
}

// TrendProposals lists the municipality's proposals, newest first, for the
// regisseur.
func (db *Casework) TrendProposals(ctx context.Context, municipalityID string) ([]*vios.TrendProposal, error) {
	if err := db.authorize(ctx, vios.ActionDecideTrend, vios.Resource{MunicipalityID: municipalityID}, "trend", ""); err != nil {
		return nil, err
	}
	var list []*vios.TrendProposal
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+trendColumns+` FROM trend_proposals WHERE municipality_id = ?
			ORDER BY created_at DESC, id LIMIT 200`), municipalityID)
		list, err = scanAll(rows, err, scanTrend)
		return err
	})
	return list, err
}

// AcceptTrend puts the proposed theme on the agenda of the municipality's
// next overarching meeting as a trend item: the phenomenon and the reason,
// nothing else.
func (db *Casework) AcceptTrend(ctx context.Context, municipalityID, id string) (*vios.TrendProposal, error) {
	return db.decideTrend(ctx, municipalityID, id, func(tx *Tx, p *vios.TrendProposal) error {
		var meetingID string
		err := tx.queryRow(ctx, `SELECT m.id FROM meetings m JOIN networks n ON n.id = m.network_id
			WHERE m.municipality_id = ? AND n.kind = ? AND m.status IN (?, ?) AND m.starts_at > ?
			ORDER BY m.starts_at, m.id LIMIT 1`, municipalityID, vios.NetworkOverkoepelend, vios.MeetingPlanned, vios.MeetingPublished, tx.now).Scan(&meetingID)
		if err == sql.ErrNoRows {
			return vios.Errorf(vios.ECONFLICT, "Er is geen volgend overkoepelend overleg gepland. Plan er eerst een; de trend blijft voorgesteld.")
		} else if err != nil {
			return err
		}
		labels, err := tx.phenomenonLabels(ctx, municipalityID)
		if err != nil {
			return err
		}
		item := &vios.AgendaItem{MeetingID: meetingID, Kind: vios.ItemTrend, Title: "Trend: " + labelOr(labels, p.Phenomenon),
			Description: p.Reason, Phenomena: []string{p.Phenomenon}}
		if err := item.Validate(); err != nil {
			return err
		}
		if err := tx.proposeItem(ctx, municipalityID, item); err != nil {
			return err
		}
		p.Status, p.AgendaItemID, p.MeetingID = vios.TrendAccepted, item.ID, meetingID
		return nil
	})
}

// DismissTrend closes a proposal without an agenda item.
func (db *Casework) DismissTrend(ctx context.Context, municipalityID, id string) (*vios.TrendProposal, error) {
	return db.decideTrend(ctx, municipalityID, id, func(tx *Tx, p *vios.TrendProposal) error {
		p.Status = vios.TrendDismissed
		return nil
	})
}

func (db *Casework) decideTrend(ctx context.Context, municipalityID, id string, decide func(*Tx, *vios.TrendProposal) error) (*vios.TrendProposal, error) {
	var p *vios.TrendProposal
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionDecideTrend, vios.Resource{MunicipalityID: municipalityID}, "trend", id); err != nil {
			return err
		}
		var err error
		if p, err = scanTrend(tx.queryRow(ctx, `SELECT `+trendColumns+` FROM trend_proposals WHERE id = ? AND municipality_id = ?`,
			id, municipalityID)); err != nil {
			return errNoRows(err, "Dit trendvoorstel bestaat niet.")
		}
		if p.Status != vios.TrendOpen {
			return vios.Errorf(vios.ECONFLICT, "Over dit trendvoorstel is al besloten.")
		}
		if err := decide(tx, p); err != nil {
			return err
		}
		now := tx.now
		p.DecidedAt = &now
		claimed, err := tx.claim(ctx, `UPDATE trend_proposals SET status = ?, agenda_item_id = ?, meeting_id = ?, decided_at = ?, decided_by = ?
			WHERE id = ? AND status = ?`, p.Status, nullable(p.AgendaItemID), nullable(p.MeetingID), now,
			vios.ActorFromContext(ctx).User.ID, id, vios.TrendOpen)
		if err != nil {
			return err
		} else if !claimed {
			return vios.Errorf(vios.ECONFLICT, "Over dit trendvoorstel is al besloten.")
		}
		return tx.audit(ctx, Audit{Action: "trend-" + p.Status, ObjectType: "trend", ObjectID: id, MunicipalityID: municipalityID})
	})
	return p, err
}

// lowerFirst writes a label inside a sentence: "Wapens en messen" becomes
// "wapens en messen".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[0])) + string(r[1:])
}
