package store

import (
	"context"
	"sort"
	"time"

	"github.com/vios-platform/vios"
)

// HelpDesk keeps the municipal help desk (hulploket). Every read and write
// runs in the request's municipality: row-level security on PostgreSQL,
// and the municipality_id in every query, keep another municipality out.
type HelpDesk struct{ *DB }

const helpNotFound = "Deze hulpvraag bestaat niet."

// helpSealed are the sealed columns of help_requests, in the order of
// helpColumns, with the field each fills.
var helpSealed = []string{"question_sealed", "intake_sealed", "analysis_sealed", "advice_sealed", "support_by_sealed", "rating_comment_sealed"}

const helpColumns = `h.id, h.municipality_id, h.code, h.requester_user_id, h.requester_org_id, ro.name, h.school_id, so.name,
	h.theme, h.urgency, h.status, COALESCE(h.signal_id, ''), COALESCE(h.alert_id, ''), COALESCE(h.assignee_user_id, ''), COALESCE(au.name, ''),
	h.support_hours, h.rating, h.filed_at, h.assigned_at, h.intake_at, h.advice_at, h.support_at, h.closed_at, h.rated_at,
	h.question_sealed, h.intake_sealed, h.analysis_sealed, h.advice_sealed, h.support_by_sealed, h.rating_comment_sealed`

const helpFrom = ` FROM help_requests h JOIN organisations ro ON ro.id = h.requester_org_id JOIN organisations so ON so.id = h.school_id
	LEFT JOIN users au ON au.id = h.assignee_user_id`

// scanHelp reads a row of helpColumns; sealed holds the sealed texts.
func scanHelp(s scanner) (*vios.HelpRequest, []string, error) {
	h := &vios.HelpRequest{}
	sealed := make([]string, len(helpSealed))
	err := s.Scan(&h.ID, &h.MunicipalityID, &h.Code, &h.RequesterUserID, &h.RequesterOrgID, &h.RequesterOrgName, &h.SchoolID, &h.SchoolName,
		&h.Theme, &h.Urgency, &h.Status, &h.SignalID, &h.AlertID, &h.AssigneeUserID, &h.AssigneeName,
		&h.SupportHours, &h.Rating, &h.FiledAt, &h.AssignedAt, &h.IntakeAt, &h.AdviceAt, &h.SupportAt, &h.ClosedAt, &h.RatedAt,
		&sealed[0], &sealed[1], &sealed[2], &sealed[3], &sealed[4], &sealed[5])
	return h, sealed, err
}

// openHelp fills the free texts of h from their seals.
func (db *DB) openHelp(h *vios.HelpRequest, sealed []string) error {
	targets := []*string{&h.Question, &h.Intake, &h.Analysis, &h.Advice, &h.SupportBy, &h.RatingComment}
	for i, column := range helpSealed {
		text, err := db.open(h.MunicipalityID, "help_requests", h.ID, column, sealed[i])
		if err != nil {
			return err
		}
		*targets[i] = text
	}
	return nil
}

// readHelp reads one request of the municipality, not yet authorized.
func (db *DB) readHelp(ctx context.Context, q querier, municipalityID, id string) (*vios.HelpRequest, []string, error) {
	if !vios.ValidID(id) {
		return nil, nil, vios.Errorf(vios.ENOTFOUND, helpNotFound)
	}
	h, sealed, err := scanHelp(q.QueryRowContext(ctx, db.rebind(`SELECT `+helpColumns+helpFrom+` WHERE h.municipality_id = ? AND h.id = ?`),
		municipalityID, id))
	if err != nil {
		return nil, nil, errNoRows(err, helpNotFound)
	}
	return h, sealed, nil
}

func helpResource(h *vios.HelpRequest) vios.Resource {
	return vios.Resource{MunicipalityID: h.MunicipalityID, ReporterOrgID: h.RequesterOrgID, SchoolID: h.SchoolID}
}

// hideRefusal records a refusal and answers it as not found: a request
// outside the actor's reach is not even said to exist.
func (db *DB) hideRefusal(ctx context.Context, err error) error {
	if vios.ErrorCode(db.recordDenial(ctx, err)) == vios.EFORBIDDEN {
		return vios.Errorf(vios.ENOTFOUND, helpNotFound)
	}
	return err
}

// FindHelpRequest returns a request the actor may read, its texts opened.
func (db *HelpDesk) FindHelpRequest(ctx context.Context, municipalityID, id string) (*vios.HelpRequest, error) {
	var h *vios.HelpRequest
	var sealed []string
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		h, sealed, err = db.readHelp(ctx, q, municipalityID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := refuse(vios.Authorize(vios.ActorFromContext(ctx), vios.ActionViewHelpRequest, helpResource(h)), "hulpvraag", h.ID); err != nil {
		return nil, db.hideRefusal(ctx, err)
	}
	return h, db.openHelp(h, sealed)
}

// ListHelpRequests lists the requests the actor may read, newest first,
// without their free texts: the desk and the regisseur every one, a school
// or partner account those of its organisations.
func (db *HelpDesk) ListHelpRequests(ctx context.Context, f vios.HelpRequestFilter) ([]*vios.HelpRequest, error) {
	actor := vios.ActorFromContext(ctx)
	where, args := ` WHERE h.municipality_id = ?`, []any{f.MunicipalityID}
	if err := vios.Authorize(actor, vios.ActionViewHelpDesk, vios.Resource{MunicipalityID: f.MunicipalityID}); err != nil {
		orgs := requesterOrgs(actor, f.MunicipalityID)
		if len(orgs) == 0 {
			return nil, db.recordDenial(ctx, refuse(err, "hulploket", f.MunicipalityID))
		}
		where += ` AND h.requester_org_id IN (` + placeholders(len(orgs)) + `)`
		for _, o := range orgs {
			args = append(args, o)
		}
	}
	switch f.Status {
	case "":
	case "open":
		where, args = where+` AND h.status <> ?`, append(args, vios.HelpClosed)
	default:
		where, args = where+` AND h.status = ?`, append(args, f.Status)
	}
	var list []*vios.HelpRequest
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		var err error
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+helpColumns+helpFrom+where+` ORDER BY h.filed_at DESC, h.id`), args...)
		list, err = scanAll(rows, err, func(s scanner) (*vios.HelpRequest, error) {
			h, _, err := scanHelp(s)
			return h, err
		})
		return err
	})
	return list, err
}

// requesterOrgs are the organisations the actor files requests for in the
// municipality: its school and partner accounts.
func requesterOrgs(actor *vios.Actor, municipalityID string) []string {
	var orgs []string
	if actor == nil || actor.User == nil {
		return nil
	}
	for _, m := range actor.User.Memberships {
		if m.MunicipalityID == municipalityID && m.OrganisationID != "" && (m.Role == vios.RoleSchool || m.Role == vios.RolePartner) {
			orgs = append(orgs, m.OrganisationID)
		}
	}
	return orgs
}

// HelpDeskMembers lists the municipality's OTSV accounts, who may be
// assigned a request.
func (db *HelpDesk) HelpDeskMembers(ctx context.Context, municipalityID string) ([]vios.Label, error) {
	if err := db.authorize(ctx, vios.ActionViewHelpDesk, vios.Resource{MunicipalityID: municipalityID}, "hulploket", municipalityID); err != nil {
		return nil, err
	}
	var list []vios.Label
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		list, err = helpDeskMembers(ctx, db.DB, q, municipalityID)
		return err
	})
	return list, err
}

func helpDeskMembers(ctx context.Context, db *DB, q querier, municipalityID string) ([]vios.Label, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT DISTINCT u.id, u.name FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE ms.municipality_id = ? AND ms.role = ? AND NOT u.disabled ORDER BY u.name, u.id`), municipalityID, vios.RoleOTSV)
	return scanAll(rows, err, func(s scanner) (vios.Label, error) {
		var l vios.Label
		return l, s.Scan(&l.Code, &l.Label)
	})
}

// HelpDeskOverview counts the municipality's requests: per school, per
// theme, per desk member, the waiting time and the ratings. Counts only:
// it opens no sealed text.
func (db *HelpDesk) HelpDeskOverview(ctx context.Context, municipalityID string) (*vios.HelpDeskOverview, error) {
	if err := db.authorize(ctx, vios.ActionViewHelpDesk, vios.Resource{MunicipalityID: municipalityID}, "hulploket", municipalityID); err != nil {
		return nil, err
	}
	o := &vios.HelpDeskOverview{}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		members, err := helpDeskMembers(ctx, db.DB, q, municipalityID)
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+helpColumns+helpFrom+` WHERE h.municipality_id = ?`), municipalityID)
		list, err := scanAll(rows, err, func(s scanner) (*vios.HelpRequest, error) {
			h, _, err := scanHelp(s)
			return h, err
		})
		if err != nil {
			return err
		}
		countHelp(o, members, list)
		return nil
	})
	return o, err
}

// countHelp fills the overview from the requests.
func countHelp(o *vios.HelpDeskOverview, members []vios.Label, list []*vios.HelpRequest) {
	load := map[string]*vios.HelpDeskMember{}
	for _, m := range members {
		o.Members = append(o.Members, vios.HelpDeskMember{UserID: m.Code, Name: m.Label})
	}
	for i := range o.Members {
		load[o.Members[i].UserID] = &o.Members[i]
	}
	schools, themes := map[string]*vios.HelpCount{}, map[string]*vios.HelpCount{}
	var wait time.Duration
	waited, ratings := 0, 0
	for _, h := range list {
		o.Total++
		theme := vios.PhenomenonLabel(h.Theme)
		if h.Theme == "" {
			theme = "Geen thema"
		}
		for key, counts := range map[string]map[string]*vios.HelpCount{h.SchoolName: schools, theme: themes} {
			c := counts[key]
			if c == nil {
				c = &vios.HelpCount{Label: key}
				counts[key] = c
			}
			if h.Open() {
				c.Open++
			} else {
				c.Closed++
			}
		}
		if h.Open() {
			o.Open++
			if m := load[h.AssigneeUserID]; m != nil {
				m.Open++
				m.Hours += h.SupportHours
			}
		}
		if h.AssignedAt != nil {
			wait += h.AssignedAt.Sub(h.FiledAt)
			waited++
		}
		if h.Rating > 0 {
			o.Rated++
			ratings += h.Rating
		}
	}
	if waited > 0 {
		o.AverageWaitHours = wait.Hours() / float64(waited)
	}
	if o.Rated > 0 {
		o.AverageRating = float64(ratings) / float64(o.Rated)
	}
	o.PerSchool, o.PerTheme = sortedCounts(schools), sortedCounts(themes)
}

func sortedCounts(m map[string]*vios.HelpCount) []vios.HelpCount {
	out := make([]vios.HelpCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}
