package store

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// DraftNewsletters makes each municipality's draft of the month before now,
// once: the unique index on (municipality, month) makes a second pass, on
// this instance or another, a no-op.
func (db *Newsletters) DraftNewsletters(ctx context.Context) (int, error) {
	ctx = vios.NewSystemContext(ctx, "nieuwsbrief")
	month := vios.NewsletterMonth(db.Now())
	made := 0
	err := db.eachMunicipality(ctx, func(municipalityID string) error {
		ok, err := db.DraftNewsletter(ctx, municipalityID, month)
		if ok {
			made++
		}
		return err
	})
	return made, err
}

// DraftNewsletter makes the municipality's draft of month (its first day)
// unless there is one; it reports whether it made one. System work.
func (db *Newsletters) DraftNewsletter(ctx context.Context, municipalityID string, month time.Time) (bool, error) {
	if err := db.authorize(ctx, vios.ActionEditNewsletter, newsletterResource(municipalityID), "nieuwsbrief", ""); err != nil {
		return false, err
	}
	var exists int
	if err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM newsletters WHERE municipality_id = ? AND month = ?`),
			municipalityID, month).Scan(&exists)
	}); err != nil || exists > 0 {
		return false, err
	}
	in, err := db.newsletterInput(ctx, municipalityID, month)
	if err != nil {
		return false, err
	}
	n := vios.ComposeNewsletter(in)
	n.ID, n.MunicipalityID = uuid.NewString(), municipalityID
	made := false
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		// ON CONFLICT DO NOTHING: another instance made it meanwhile.
		if made, err = tx.claim(ctx, `INSERT INTO newsletters (id, municipality_id, month, intro, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality_id, month) DO NOTHING`,
			n.ID, municipalityID, month, n.Intro, vios.NewsletterDraft, tx.now, tx.now); err != nil || !made {
			return err
		}
		for i, s := range n.Sections {
			if err := tx.exec(ctx, `INSERT INTO newsletter_sections (municipality_id, newsletter_id, position, section_key, title, body)
				VALUES (?, ?, ?, ?, ?, ?)`, municipalityID, n.ID, i, s.Key, s.Title, s.Body); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "nieuwsbrief-opgesteld", ObjectType: "nieuwsbrief", ObjectID: n.ID, MunicipalityID: municipalityID})
	})
	return made, err
}

// newsletterInput gathers what the draft is made of. The counts are the
// dashboard's (Casework.Statistics, read from signal_counts): the
// newsletter counts nothing itself.
func (db *Newsletters) newsletterInput(ctx context.Context, municipalityID string, month time.Time) (vios.NewsletterInput, error) {
	in := vios.NewsletterInput{Month: month}
	if err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT name FROM municipalities WHERE id = ?`), municipalityID).Scan(&in.MunicipalityName)
	}); err != nil {
		return in, err
	}
	next := month.AddDate(0, 1, 0)
	current, err := db.Casework.Statistics(ctx, vios.StatisticsFilter{MunicipalityID: municipalityID, From: month,
		To: next.AddDate(0, 0, -1), Grain: vios.GrainMonth})
	if err != nil {
		return in, err
	}
	earlier, err := db.Casework.Statistics(ctx, vios.StatisticsFilter{MunicipalityID: municipalityID,
		From: month.AddDate(0, -vios.EarlierMonths, 0), To: month.AddDate(0, 0, -1), Grain: vios.GrainMonth})
	if err != nil {
		return in, err
	}
	in.Current, in.Earlier = current.PerPhenomenon, earlier.PerPhenomenon
	if in.Trends, err = db.monthTrends(ctx, municipalityID, month, next); err != nil {
		return in, err
	}
	if in.Knowledge, err = db.monthKnowledge(ctx, municipalityID, month, next); err != nil {
		return in, err
	}
	in.HelpDesk, err = db.monthHelpDesk(ctx, municipalityID, month, next)
	return in, err
}

// monthHelpDesk counts the help desk's requests filed and closed in the
// month (store/helpdesk.go); nil when there were none.
func (db *Newsletters) monthHelpDesk(ctx context.Context, municipalityID string, month, next time.Time) (*vios.HelpDeskMonth, error) {
	from, to := localMonth(month, next)
	var h vios.HelpDeskMonth
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		return q.QueryRowContext(ctx, db.rebind(`SELECT
			COALESCE(SUM(CASE WHEN filed_at >= ? AND filed_at < ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN closed_at >= ? AND closed_at < ? THEN 1 ELSE 0 END), 0)
			FROM help_requests WHERE municipality_id = ?`), from, to, from, to, municipalityID).Scan(&h.Filed, &h.Closed)
	})
	if err != nil || h.Filed+h.Closed == 0 {
		return nil, err
	}
	return &h, nil
}

// localMonth is the month [from, to) as instants in Amsterdam, for
// created_at.
func localMonth(from, to time.Time) (time.Time, time.Time) {
	return time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, vios.Amsterdam), time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, vios.Amsterdam)
}

// monthTrends are the phenomena the trend test proposed in the month
// (store/trend.go), with the municipality's labels.
func (db *Newsletters) monthTrends(ctx context.Context, municipalityID string, month, next time.Time) ([]vios.Label, error) {
	phenomena, err := db.Networks.ListPhenomena(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	from, to := localMonth(month, next)
	var codes []string
	err = db.readInTenant(ctx, municipalityID, func(q querier) error {
		codes, err = scanStrings(q.QueryContext(ctx, db.rebind(`SELECT DISTINCT phenomenon FROM trend_proposals
			WHERE municipality_id = ? AND created_at >= ? AND created_at < ? ORDER BY phenomenon`), municipalityID, from, to))
		return err
	})
	var out []vios.Label
	for _, c := range codes {
		label := c
		for _, p := range phenomena {
			if p.Code == c {
				label = p.Label
			}
		}
		out = append(out, vios.Label{Code: c, Label: label})
	}
	return out, err
}

// monthKnowledge are the knowledge bank's items shared in the month that
// the municipality's schools may read: openbaar, for all municipalities,
// or eigen of the municipality (knowledge.go); title and kind only.
func (db *Newsletters) monthKnowledge(ctx context.Context, municipalityID string, month, next time.Time) ([]vios.Label, error) {
	from, to := localMonth(month, next)
	var out []vios.Label
	err := db.readInTenant(ctx, "", func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT kind, title FROM knowledge_items
			WHERE withdrawn_at IS NULL AND created_at >= ? AND created_at < ? AND (visibility IN (?, ?) OR municipality_id = ?)
			ORDER BY created_at, id`), from, to, vios.VisibilityPublic, vios.VisibilityAll, municipalityID)
		out, err = scanAll(rows, err, func(s scanner) (vios.Label, error) {
			var l vios.Label
			return l, s.Scan(&l.Code, &l.Label)
		})
		return err
	})
	return out, err
}
