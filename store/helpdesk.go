package store

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// FileHelpRequest files a request of the actor's organisation about a
// school of the municipality. A signal or alert it starts from must be one
// the actor may see: the link is checked with the signal's and alert's own
// rules, so a request never reaches a pupil the requester could not. The
// desk is mailed a link, nothing of the request.
func (db *HelpDesk) FileHelpRequest(ctx context.Context, h *vios.HelpRequest) error {
	if err := db.checkHelpLinks(ctx, h); err != nil {
		return err
	}
	return db.inTenant(ctx, h.MunicipalityID, func(tx *Tx) error {
		// Who may file comes first: a refusal says nothing about the input.
		if err := tx.authorize(ctx, vios.ActionFileHelpRequest, vios.Resource{MunicipalityID: h.MunicipalityID, SchoolID: h.SchoolID},
			"hulpvraag", ""); err != nil {
			return err
		}
		if err := h.Validate(); err != nil {
			return err
		}
		var kind string
		if err := tx.queryRow(ctx, `SELECT kind FROM organisations WHERE municipality_id = ? AND id = ?`, h.MunicipalityID, h.SchoolID).Scan(&kind); err != nil || kind != vios.OrgSchool {
			return vios.Invalid("school", "Kies een school van de gemeente.", "Deze school hoort niet bij de gemeente.")
		}
		if h.RequesterOrgID = requesterOrgFor(vios.ActorFromContext(ctx), h.MunicipalityID, h.SchoolID); h.RequesterOrgID == "" {
			return vios.Errorf(vios.EFORBIDDEN, "Een hulpvraag stelt een school of partner van de gemeente.")
		}
		h.RequesterUserID, h.Status, h.FiledAt, h.ID = actorUserID(ctx), vios.HelpFiled, tx.now, uuid.NewString()
		var err error
		if h.Code, err = tx.nextCode(ctx, h.MunicipalityID, "H"); err != nil {
			return err
		}
		question, err := tx.db.seal(h.MunicipalityID, "help_requests", h.ID, "question_sealed", h.Question)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO help_requests (id, municipality_id, code, requester_user_id, requester_org_id, school_id, theme,
			urgency, status, signal_id, alert_id, question_sealed, key_version, filed_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, ?)`,
			h.ID, h.MunicipalityID, h.Code, h.RequesterUserID, h.RequesterOrgID, h.SchoolID, h.Theme, h.Urgency, h.Status,
			h.SignalID, h.AlertID, question, tx.db.activeKey(h.MunicipalityID), tx.now, tx.now); err != nil {
			return err
		}
		if err := tx.mailDesk(ctx, h); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "hulpvraag-ingediend", ObjectType: "hulpvraag", ObjectID: h.ID, MunicipalityID: h.MunicipalityID})
	})
}

// checkHelpLinks refuses a signal or alert the actor may not see, as not
// found; the finds run under the signal's and alert's own rules.
func (db *HelpDesk) checkHelpLinks(ctx context.Context, h *vios.HelpRequest) error {
	if h.SignalID != "" {
		if _, err := db.Casework.FindSignal(ctx, h.MunicipalityID, h.SignalID); err != nil {
			return vios.Invalid("signaal", "U kunt dit signaal niet inzien: koppel een signaal dat u ziet.", "Het signaal is niet te koppelen.")
		}
	}
	if h.AlertID != "" {
		if _, err := db.Alerts.FindAlert(ctx, h.MunicipalityID, h.AlertID); err != nil {
			return vios.Invalid("alert", "U kunt deze alert niet inzien: koppel een alert die u ziet.", "De alert is niet te koppelen.")
		}
	}
	return nil
}

// requesterOrgFor is the organisation a request is filed for: the school
// itself for its school account, else the actor's partner organisation.
func requesterOrgFor(actor *vios.Actor, municipalityID, schoolID string) string {
	orgs := requesterOrgs(actor, municipalityID)
	if len(orgs) == 0 {
		return ""
	}
	if slices.Contains(orgs, schoolID) {
		return schoolID
	}
	for _, m := range actor.User.Memberships {
		if m.MunicipalityID == municipalityID && m.Role == vios.RolePartner && m.OrganisationID != "" {
			return m.OrganisationID
		}
	}
	return ""
}

// mailDesk tells every desk member that a request came in.
func (tx *Tx) mailDesk(ctx context.Context, h *vios.HelpRequest) error {
	addresses, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE ms.municipality_id = ? AND ms.role = ? AND NOT u.disabled ORDER BY u.email`), h.MunicipalityID, vios.RoleOTSV))
	if err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, h.MunicipalityID)
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().HelpRequestFiled(slug, h.ID, h.Code)
	for _, to := range addresses {
		if err := queueMail(ctx, tx, to, mail.Subject, mail.Body); err != nil {
			return err
		}
	}
	return nil
}

// mailRequester tells the requester of advice or closing.
func (tx *Tx) mailRequester(ctx context.Context, h *vios.HelpRequest, mail func(site notify.Site, slug string) notify.Mail) error {
	var to string
	if err := tx.queryRow(ctx, `SELECT email FROM users WHERE id = ? AND NOT disabled`, h.RequesterUserID).Scan(&to); err != nil {
		return nil // a blocked requester gets no mail; the request goes on
	}
	slug, err := tx.municipalitySlug(ctx, h.MunicipalityID)
	if err != nil {
		return err
	}
	m := mail(tx.db.Logs.site(), slug)
	return queueMail(ctx, tx, to, m.Subject, m.Body)
}

// StepHelpRequest records a step of the desk: assign, intake, advice,
// support, close. A step that does not follow the status is refused
// (ECONFLICT), as is an assignee outside the desk.
func (db *HelpDesk) StepHelpRequest(ctx context.Context, municipalityID, id string, s vios.HelpStep) (*vios.HelpRequest, error) {
	var h *vios.HelpRequest
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var sealed []string
		var err error
		if h, sealed, err = tx.lockHelp(ctx, municipalityID, id); err != nil {
			return err
		}
		if err := tx.authorize(ctx, vios.ActionHandleHelpRequest, helpResource(h), "hulpvraag", h.ID); err != nil {
			return err
		}
		if err := tx.db.openHelp(h, sealed); err != nil {
			return err
		}
		if err := h.Apply(s, tx.now); err != nil {
			return err
		}
		if h.AssigneeUserID != "" {
			members, err := helpDeskMembers(ctx, tx.db, tx, municipalityID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(members, func(l vios.Label) bool { return l.Code == h.AssigneeUserID }) {
				return vios.Invalid("behandelaar", "Kies een medewerker van het hulploket.", "De stap is niet volledig of niet juist.")
			}
		}
		if err := tx.saveHelp(ctx, h); err != nil {
			return err
		}
		switch s.To {
		case vios.HelpAdvice:
			err = tx.mailRequester(ctx, h, func(site notify.Site, slug string) notify.Mail { return site.HelpRequestAdvised(slug, h.ID, h.Code) })
		case vios.HelpClosed:
			err = tx.mailRequester(ctx, h, func(site notify.Site, slug string) notify.Mail { return site.HelpRequestClosed(slug, h.ID, h.Code) })
		}
		if err != nil {
			return err
		}
		action := "hulpvraag-" + s.To
		if s.To == "" {
			action = "hulpvraag-toegewezen"
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "hulpvraag", ObjectID: h.ID, MunicipalityID: municipalityID})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// RateHelpRequest records the requester's rating of a closed request.
func (db *HelpDesk) RateHelpRequest(ctx context.Context, municipalityID, id string, rating int, comment string) (*vios.HelpRequest, error) {
	var h *vios.HelpRequest
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var sealed []string
		var err error
		if h, sealed, err = tx.lockHelp(ctx, municipalityID, id); err != nil {
			return err
		}
		if err := tx.authorize(ctx, vios.ActionRateHelpRequest, helpResource(h), "hulpvraag", h.ID); err != nil {
			return err
		}
		if err := tx.db.openHelp(h, sealed); err != nil {
			return err
		}
		if err := h.Rate(rating, comment, tx.now); err != nil {
			return err
		}
		if err := tx.saveHelp(ctx, h); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "hulpvraag-beoordeeld", ObjectType: "hulpvraag", ObjectID: h.ID, MunicipalityID: municipalityID})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// lockHelp reads the request in tx for a step or a rating. On PostgreSQL
// its row is locked first, so that two desk members (or two ratings)
// acting at once are serialised: the second reads the first's result and
// is refused by the domain's checks, instead of writing every column back
// over it. SQLite's single writer (BEGIN IMMEDIATE) serialises them
// already.
func (tx *Tx) lockHelp(ctx context.Context, municipalityID, id string) (*vios.HelpRequest, []string, error) {
	if !vios.ValidID(id) {
		return nil, nil, vios.Errorf(vios.ENOTFOUND, helpNotFound)
	}
	if tx.db.dialect == Postgres {
		var locked string
		if err := tx.queryRow(ctx, `SELECT id FROM help_requests WHERE municipality_id = ? AND id = ? FOR UPDATE`, municipalityID, id).Scan(&locked); err != nil {
			return nil, nil, errNoRows(err, helpNotFound)
		}
	}
	return tx.db.readHelp(ctx, tx, municipalityID, id)
}

// saveHelp writes the request's state, every free text sealed again under
// the municipality's newest key.
func (tx *Tx) saveHelp(ctx context.Context, h *vios.HelpRequest) error {
	texts := []string{h.Question, h.Intake, h.Analysis, h.Advice, h.SupportBy, h.RatingComment}
	sealed := make([]any, len(texts))
	for i, column := range helpSealed {
		s, err := tx.db.seal(h.MunicipalityID, "help_requests", h.ID, column, texts[i])
		if err != nil {
			return err
		}
		sealed[i] = s
	}
	args := append(sealed, tx.db.activeKey(h.MunicipalityID), h.Status, h.AssigneeUserID, h.SupportHours, h.Rating,
		h.AssignedAt, h.IntakeAt, h.AdviceAt, h.SupportAt, h.ClosedAt, h.RatedAt, tx.now, h.MunicipalityID, h.ID)
	return tx.exec(ctx, `UPDATE help_requests SET question_sealed = ?, intake_sealed = ?, analysis_sealed = ?, advice_sealed = ?,
		support_by_sealed = ?, rating_comment_sealed = ?, key_version = ?, status = ?, assignee_user_id = NULLIF(?, ''), support_hours = ?,
		rating = ?, assigned_at = ?, intake_at = ?, advice_at = ?, support_at = ?, closed_at = ?, rated_at = ?, updated_at = ?
		WHERE municipality_id = ? AND id = ?`, args...)
}
