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

// Cases: a signal about one or more pupils that partners agreed to work
// on, with every pupil of the signal (case_pupils), a sealed plan, an owner who holds direction (regiehouder), review dates,
// actions (action items) and the route of referrals (referral.go). What
// a reader sees of the pupil is decided as for the signal it came from: the
// signal's network and reporting organisation. The plan and the notes may
// name people, so only readers of names get them opened.

const caseColumns = `c.id, c.municipality_id, c.network_id, n.name, c.code, c.signal_id,
	c.owner_user_id, u.name, c.owner_org_id, o.name, s.reporter_org_id, c.review_days, c.next_review_on, c.status,
	c.outcome, c.close_reason, c.closed_at, COALESCE(c.meeting_id, ''), c.created_at, c.updated_at`

const caseFrom = ` FROM cases c JOIN networks n ON n.id = c.network_id JOIN users u ON u.id = c.owner_user_id
	JOIN organisations o ON o.id = c.owner_org_id JOIN signals s ON s.id = c.signal_id`

func scanCase(sc scanner) (*vios.Case, error) {
	c := &vios.Case{}
	var closed sql.NullTime
	if err := sc.Scan(&c.ID, &c.MunicipalityID, &c.NetworkID, &c.NetworkName, &c.Code, &c.SignalID,
		&c.OwnerUserID, &c.OwnerName, &c.OwnerOrgID, &c.OwnerOrgName, &c.ReportingOrganisationID, &c.ReviewEveryDays,
		&c.NextReviewOn, &c.Status, &c.Outcome, &c.CloseReason, &closed, &c.MeetingID, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.NextReviewOn = day(c.NextReviewOn)
	c.ClosedAt = timePtr(closed)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// caseRefused is the summary of a case that was not saved.
const caseRefused = "De casus is niet volledig of niet juist; er is niets opgeslagen."

// CreateCase makes a case of a signal about one or more pupils, with all
// of them: by the chair or the secretary of the signal's network, or the
// regisseur. The signal gets the status casus; the case starts in the
// latest meeting of the network held so far, if any. It returns the case
// as the actor may see it, read in the same transaction: the processing
// record of the creation is the one record per pupil.
func (db *Casework) CreateCase(ctx context.Context, c *vios.Case) (*vios.Case, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var seen *vios.Case
	err := db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		s, _, err := tx.signalForChange(ctx, c.MunicipalityID, c.SignalID, vios.ActionDirectCase)
		if err != nil {
			return err
		}
		// Two directors at once make one case: the second waits for the
		// first here (SQLite writes one at a time anyway) and then sees it.
		if db.dialect == Postgres {
			if err := tx.exec(ctx, `SELECT id FROM signals WHERE id = ? FOR UPDATE`, s.ID); err != nil {
				return err
			}
		}
		var cases int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM cases WHERE signal_id = ?`, s.ID).Scan(&cases); err != nil {
			return err
		} else if cases > 0 {
			return vios.Errorf(vios.ECONFLICT, "Van dit signaal is al een casus gemaakt.")
		}
		if len(s.Pupils) == 0 {
			return vios.Invalid("signaal", "Een casus gaat over een leerling; dit signaal noemt geen leerling.", caseRefused)
		}
		today := vios.Date(tx.now)
		if c.OwnerOrgID, err = tx.memberOrganisation(ctx, s.NetworkID, c.OwnerUserID, today); err != nil {
			return err
		} else if c.OwnerOrgID == "" {
			return vios.Invalid("regiehouder", "Kies als regiehouder een lid van dit netwerk.", caseRefused)
		}
		err = tx.queryRow(ctx, `SELECT id FROM meetings WHERE network_id = ? AND municipality_id = ? AND starts_at <= ? AND status <> ?
			ORDER BY starts_at DESC, id LIMIT 1`, s.NetworkID, c.MunicipalityID, tx.now.UTC(), vios.MeetingCancelled).Scan(&c.MeetingID)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		c.ID = uuid.NewString()
		if c.Code, err = tx.nextCode(ctx, c.MunicipalityID, "C"); err != nil {
			return err
		}
		c.NetworkID, c.NetworkName = s.NetworkID, s.NetworkName
		c.Pupils = s.Pupils
		c.ReportingOrganisationID = s.ReportingOrganisationID
		c.Status = vios.CaseOpen
		c.NextReviewOn = today.AddDate(0, 0, c.ReviewEveryDays)
		c.CreatedAt = tx.now.UTC().Truncate(time.Microsecond)
		c.UpdatedAt = c.CreatedAt
		c.Access = s.Access
		plan, err := db.seal(c.MunicipalityID, "cases", c.ID, "plan_sealed", c.Plan)
		if err != nil {
			return err
		}
		var meetingID any
		if c.MeetingID != "" {
			meetingID = c.MeetingID
		}
		if err := tx.exec(ctx, `INSERT INTO cases (id, municipality_id, network_id, code, signal_id, owner_user_id,
			owner_org_id, meeting_id, plan_sealed, key_version, review_days, next_review_on, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.MunicipalityID, c.NetworkID, c.Code, c.SignalID, c.OwnerUserID, c.OwnerOrgID, meetingID, plan,
			db.activeKey(c.MunicipalityID), c.ReviewEveryDays, c.NextReviewOn, c.Status, c.CreatedAt, c.UpdatedAt); err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		for _, id := range c.PupilIDs() {
			if err := tx.exec(ctx, `INSERT INTO case_pupils (case_id, pupil_id, municipality_id) VALUES (?, ?, ?)`,
				c.ID, id, c.MunicipalityID); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `UPDATE signals SET status = ?, updated_at = ? WHERE id = ?`, vios.SignalCase, c.CreatedAt, s.ID); err != nil {
			return err
		}
		if err := tx.fillCaseNames(ctx, c); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "casus-gemaakt", ObjectType: "casus", ObjectID: c.ID, MunicipalityID: c.MunicipalityID}); err != nil {
			return err
		}
		// A case of a phenomenon is an incident too: its school evaluates
		// the protocol, once per incident (the signal may have asked).
		if err := tx.requestEvaluations(ctx, c.MunicipalityID, s.NetworkID, s.ID, s.Phenomenon, s.SchoolIDs); err != nil {
			return err
		}
		if actor.User.ID != c.OwnerUserID {
			if err := tx.mailOwner(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.recordPupilsShown(ctx, "casus-gemaakt", c.MunicipalityID, c.PupilIDs()...); err != nil {
			return err
		}
		seen, err = tx.caseAsSeen(ctx, c.MunicipalityID, c.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return seen, nil
}

// fillCaseNames adds the names of the owner and their organisation.
func (tx *Tx) fillCaseNames(ctx context.Context, c *vios.Case) error {
	return tx.queryRow(ctx, `SELECT u.name, o.name FROM users u, organisations o WHERE u.id = ? AND o.id = ?`,
		c.OwnerUserID, c.OwnerOrgID).Scan(&c.OwnerName, &c.OwnerOrgName)
}

// mailOwner tells a new owner that they hold direction over the case; the
// mail names the code only.
func (tx *Tx) mailOwner(ctx context.Context, c *vios.Case) error {
	var email string
	if err := tx.queryRow(ctx, `SELECT email FROM users WHERE id = ?`, c.OwnerUserID).Scan(&email); err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().CaseOwner(slug, c)
	return queueMail(ctx, tx, email, mail.Subject, mail.Body)
}

// FindCase returns the case as the actor may see it: the pupil by name or
// pseudonym, the plan and the notes only to readers of names, the route and
// the actions to all who see the case. Someone who may see nothing of it
// gets ENOTFOUND. The read is in the processing log.
func (db *Casework) FindCase(ctx context.Context, municipalityID, id string) (*vios.Case, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
	}
	var c *vios.Case
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		if c, err = tx.caseAsSeen(ctx, municipalityID, id); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "casus-bekeken", municipalityID, casePupils([]*vios.Case{c})...)
	})
	if err != nil {
		return nil, err // not logged, not shown
	}
	return c, nil
}

// caseAsSeen reads the case as the actor may see it, without logging the
// read: the caller logs it, or has logged the act that showed it.
func (tx *Tx) caseAsSeen(ctx context.Context, municipalityID, id string) (*vios.Case, error) {
	c, err := scanCase(tx.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ? AND c.municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Deze casus bestaat niet.")
	}
	na, err := tx.networkAccess(ctx, nil, municipalityID, c.NetworkID)
	if err != nil {
		return nil, err
	}
	if c.Access = na.of(ctx, c.ReportingOrganisationID, vios.Date(tx.now)); c.Access.Level == vios.AccessNone {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
	}
	if err := tx.fillCase(ctx, c, na.actorOrgID); err != nil {
		return nil, err
	}
	return c, nil
}

// fillCase adds to a case with its access set: the pupils (as the reader's
// organisation readerOrg entered them, if it did, with what each
// organisation entered, for readers of names), the plan and notes as the
// access allows, the referrals with their history, the actions.
func (tx *Tx) fillCase(ctx context.Context, c *vios.Case, readerOrg string) error {
	err := tx.listPupils(ctx, []*vios.Case{c}, map[string]string{c.ID: readerOrg}, true)
	if err != nil {
		return err
	}
	c.Access = c.Access.ForSchools(pupilSchools(c.Pupils)...)
	// The plan, the notes, the reason for closing and the notes on the
	// route are of the category "plan": only readers the clause gives it.
	named := c.Access.Reads(vios.DataPlan)
	if named {
		var plan string
		if err := tx.queryRow(ctx, `SELECT plan_sealed FROM cases WHERE id = ?`, c.ID).Scan(&plan); err != nil {
			return err
		}
		if c.Plan, err = tx.db.open(c.MunicipalityID, "cases", c.ID, "plan_sealed", plan); err != nil {
			return err
		}
		if err := tx.openCloseReason(ctx, c); err != nil {
			return err
		}
	} else {
		// The reason for closing is free text as well.
		c.CloseReason = ""
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT cn.id, cn.case_id, cn.author_id, u.name, cn.text_sealed, cn.created_at
		FROM case_notes cn JOIN users u ON u.id = cn.author_id WHERE cn.case_id = ? ORDER BY cn.created_at, cn.id`), c.ID)
	c.Notes, err = scanAll(rows, err, func(sc scanner) (vios.CaseNote, error) {
		var n vios.CaseNote
		var sealed string
		if err := sc.Scan(&n.ID, &n.CaseID, &n.AuthorID, &n.AuthorName, &sealed, &n.CreatedAt); err != nil {
			return n, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		if !named {
			return n, nil
		}
		n.Text, err = tx.db.open(c.MunicipalityID, "case_notes", n.ID, "text_sealed", sealed)
		return n, err
	})
	if err != nil {
		return err
	}
	referrals, err := tx.caseReferrals(ctx, []string{c.ID}, true)
	if err != nil {
		return err
	}
	c.Referrals = referralsFor(referrals[c.ID], named)
	rows, err = tx.QueryContext(ctx, tx.db.rebind(`SELECT `+actionColumns+actionJoins+` JOIN case_actions ca ON ca.action_id = a.id
		WHERE ca.case_id = ? ORDER BY a.due_on, a.created_at, a.id`), c.ID)
	if c.Actions, err = scanAll(rows, err, tx.db.Networks.scanAction); err != nil || named {
		return err
	}
	// The actions of a case are free text about it, as the plan is.
	for _, a := range c.Actions {
		shieldAction(a, vios.ShieldedCaseText)
	}
	return nil
}

// ListCases returns the cases of the networks the actor has a place in
// (every network of the municipality for the regisseur), newest first, a
// page at a time as ListSignals. Lists open no plans: only the pupils as
// each reader may see them, and the route.
func (db *Casework) ListCases(ctx context.Context, f vios.CaseFilter) ([]*vios.Case, vios.Page, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Page{}, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var list []*vios.Case
	var page vios.Page
	err := db.readLogged(ctx, f.MunicipalityID, func(tx *Tx) error {
		today := vios.Date(tx.now)
		where := []string{"c.municipality_id = ?"}
		args := []any{f.MunicipalityID}
		if clause, placeArgs := placeFilter(actor, f.MunicipalityID, "c.network_id", today); clause != "" {
			where, args = append(where, clause), append(args, placeArgs...)
		}
		for _, c := range []struct{ value, clause string }{{f.NetworkID, "c.network_id = ?"}, {f.Status, "c.status = ?"},
			{f.PupilID, "c.id IN (SELECT case_id FROM case_pupils WHERE pupil_id = ?)"}} {
			if c.value != "" {
				where = append(where, c.clause)
				args = append(args, c.value)
			}
		}
		cond := " WHERE " + strings.Join(where, " AND ")
		query, pageArgs := caseOrder.pageQuery(`SELECT `+caseColumns+caseFrom, cond, args, f.Cursor, f.Limit)
		rows, err := tx.QueryContext(ctx, db.rebind(query), pageArgs...)
		all, err := scanAll(rows, err, scanCase)
		if err != nil {
			return err
		}
		key := func(c *vios.Case) vios.Cursor { return vios.Cursor{At: c.CreatedAt, ID: c.ID} }
		all, page = pageOf(all, f.Limit, f.Cursor, key)
		if err := tx.countPage(ctx, f.Cursor, f.Count, len(all), "cases c", cond, args, &page); err != nil {
			return err
		}
		cache := accessCache{}
		orgs := map[string]string{}
		for _, c := range all {
			na, err := tx.networkAccess(ctx, cache, f.MunicipalityID, c.NetworkID)
			if err != nil {
				return err
			}
			if c.Access = na.of(ctx, c.ReportingOrganisationID, today); c.Access.Level != vios.AccessNone {
				list = append(list, c)
				orgs[c.ID] = na.actorOrgID
			}
		}
		cursorsFrom(&page, list, key)
		if err := tx.listPupils(ctx, list, orgs, false); err != nil {
			return err
		}
		ids := make([]string, len(list))
		for i, c := range list {
			ids[i] = c.ID
			c.Access = c.Access.ForSchools(pupilSchools(c.Pupils)...)
			if !c.Access.Reads(vios.DataPlan) {
				c.CloseReason = ""
			} else if err := tx.openCloseReason(ctx, c); err != nil {
				return err
			}
		}
		referrals, err := tx.caseReferrals(ctx, ids, false)
		if err != nil {
			return err
		}
		for _, c := range list {
			c.Referrals = referralsFor(referrals[c.ID], c.Access.Reads(vios.DataPlan))
		}
		return tx.recordPupilsShown(ctx, "casussen-bekeken", f.MunicipalityID, casePupils(list)...)
	})
	return list, page, err
}

// caseOrder is the order of the cases list, as the indexes cases_recent
// and cases_list_page (within a status) hold it.
var caseOrder = keyset{
	{"c.created_at", true, func(c *vios.Cursor) any { return c.At }},
	{"c.id", false, func(c *vios.Cursor) any { return c.ID }},
}

// caseForChange reads a case in tx for a change with action: the actor
// must see it (ENOTFOUND otherwise) and may do action in its network — the
// owner may do whatever its members may and direct it. A closed case does
// not change; when basedOn is given the case must be unchanged since (a
// zero basedOn, a form without its version, is a conflict too).
func (tx *Tx) caseForChange(ctx context.Context, municipalityID, id string, action vios.Action, basedOn *time.Time) (*vios.Case, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
	}
	q := `SELECT ` + caseColumns + caseFrom + ` WHERE c.id = ? AND c.municipality_id = ?`
	if tx.db.dialect == Postgres {
		q += ` FOR UPDATE OF c`
	}
	c, err := scanCase(tx.queryRow(ctx, q, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Deze casus bestaat niet.")
	}
	na, err := tx.networkAccess(ctx, nil, municipalityID, c.NetworkID)
	if err != nil {
		return nil, err
	}
	today := vios.Date(tx.now)
	if c.Access = na.of(ctx, c.ReportingOrganisationID, today); c.Access.Level == vios.AccessNone {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
	}
	if err := tx.listPupils(ctx, []*vios.Case{c}, nil, false); err != nil {
		return nil, err
	}
	c.Access = c.Access.ForSchools(pupilSchools(c.Pupils)...)
	res := vios.Resource{MunicipalityID: municipalityID, InNetwork: na.network.PlaceOf(actor.User.ID, today), OwnerUserID: c.OwnerUserID}
	// Who directs the case may do everything to it.
	if action == vios.ActionDirectCase || !may(ctx, vios.ActionDirectCase, res) {
		if err := tx.authorize(ctx, action, res, "casus", c.ID); err != nil {
			return nil, err
		}
	}
	if c.Status == vios.CaseClosed {
		return nil, vios.Errorf(vios.ECONFLICT, "Deze casus is gesloten en verandert niet meer.")
	}
	if basedOn != nil && stamp(c.UpdatedAt) != stamp(*basedOn) {
		return nil, errCaseChanged
	}
	return c, nil
}

// errCaseChanged tells an editor who started from an older state.
var errCaseChanged = vios.Errorf(vios.ECONFLICT, "Iemand anders heeft deze casus intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen, zodat die van de ander niet verloren gaan; laad de pagina opnieuw.")

// laterStamp is the new updated_at of a changed row: always later than the
// one it replaces, even within one microsecond or on a stopped test clock,
// so an editor who started from the old state is always told.
func laterStamp(now, previous time.Time) time.Time {
	t := now.UTC().Truncate(time.Microsecond)
	if !t.After(previous) {
		t = previous.UTC().Add(time.Microsecond)
	}
	return t
}

// UpdateCase changes the plan, the owner and the review interval of an open
// case, if nobody changed it since basedOn. Someone who directs the case
// but may not read its plan (a reader of pseudonyms, or an organisation the
// clause does not give the category "plan") changes owner and interval
// only: they do not see the plan, so they cannot rewrite it.
func (db *Casework) UpdateCase(ctx context.Context, c *vios.Case, basedOn time.Time) error {
	return db.inTenant(ctx, c.MunicipalityID, func(tx *Tx) error {
		old, err := tx.caseForChange(ctx, c.MunicipalityID, c.ID, vios.ActionDirectCase, &basedOn)
		if err != nil {
			return err
		}
		c.SignalID = old.SignalID
		named := old.Access.Reads(vios.DataPlan)
		if named {
			err = c.Validate()
		} else if strings.TrimSpace(c.Plan) != "" {
			return vios.Errorf(vios.EFORBIDDEN, "U ziet het plan van deze casus niet en kunt het daarom niet wijzigen.")
		} else {
			// Check the other fields as they come, with the plan kept.
			check := *c
			check.Plan = "ongewijzigd"
			err = check.Validate()
			c.ReviewEveryDays = check.ReviewEveryDays
		}
		if err != nil {
			return err
		}
		today := vios.Date(tx.now)
		if c.OwnerOrgID, err = tx.memberOrganisation(ctx, old.NetworkID, c.OwnerUserID, today); err != nil {
			return err
		} else if c.OwnerOrgID == "" {
			return vios.Invalid("regiehouder", "Kies als regiehouder een lid van dit netwerk.", "De casus is niet gewijzigd.")
		}
		c.NextReviewOn = old.NextReviewOn
		if c.ReviewEveryDays != old.ReviewEveryDays {
			c.NextReviewOn = today.AddDate(0, 0, c.ReviewEveryDays)
		}
		c.UpdatedAt = laterStamp(tx.now, old.UpdatedAt)
		if named {
			plan, err := db.seal(c.MunicipalityID, "cases", c.ID, "plan_sealed", c.Plan)
			if err != nil {
				return err
			}
			// The only sealed column is sealed anew: the row is under the active key.
			err = tx.exec(ctx, `UPDATE cases SET plan_sealed = ?, key_version = ? WHERE id = ?`, plan, db.activeKey(c.MunicipalityID), c.ID)
			if err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `UPDATE cases SET owner_user_id = ?, owner_org_id = ?, review_days = ?, next_review_on = ?, updated_at = ?
			WHERE id = ?`, c.OwnerUserID, c.OwnerOrgID, c.ReviewEveryDays, c.NextReviewOn, c.UpdatedAt, c.ID); err != nil {
			return err
		}
		c.Code, c.NetworkID, c.NetworkName = old.Code, old.NetworkID, old.NetworkName
		if err := tx.fillCaseNames(ctx, c); err != nil {
			return err
		}
		if c.OwnerUserID != old.OwnerUserID {
			if err := tx.mailOwner(ctx, c); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, Audit{Action: "casus-gewijzigd", ObjectType: "casus", ObjectID: c.ID, MunicipalityID: c.MunicipalityID}); err != nil {
			return err
		}
		return tx.recordPupilsShown(ctx, "casus-gewijzigd", c.MunicipalityID, casePupils([]*vios.Case{old})...)
	})
}
