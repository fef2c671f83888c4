package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Transfers (overdrachten) hand a pupil's file to the next school, also in
// another municipality. The sender's record stays in the sender's
// municipality (transfers); the receiver gets a row of its own in its
// municipality (transfer_receipts). The border is crossed only here, by
// tx.across, inside one transaction, and only for the rows of the transfer
// itself: the receiving school and its contacts, the receipt, and on a
// decision the sender's transfer. Everything else stays behind the tenant
// that inTenant set (on PostgreSQL row-level security keeps other rows out
// of reach even there).

// across runs fn narrowed to the other municipality and narrows the
// transaction back to home afterwards. It is the one place where a
// transfer reaches another municipality's rows.
func (tx *Tx) across(ctx context.Context, home, other string, fn func() error) (err error) {
	if err := tx.setTenant(ctx, other); err != nil {
		return err
	}
	// Back home whatever fn did: a caller that goes on after an error
	// must not go on in the other municipality.
	defer func() {
		if back := tx.setTenant(ctx, home); err == nil {
			err = back
		}
	}()
	return fn()
}

// transferMunicipalities checks a clause's receiving municipalities (only a
// transfer clause names them; each exists and is not the clause's own) and
// returns them as stored.
func (tx *Tx) transferMunicipalities(ctx context.Context, own string, s *vios.SharingClause) (string, error) {
	if !s.Transfer {
		s.TransferMunicipalities = nil
	}
	seen := map[string]bool{}
	for _, id := range s.TransferMunicipalities {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM municipalities WHERE id = ?`, id).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 || id == own || seen[id] {
			return "", vios.Invalid("overdracht", "Kies andere gemeenten, elk één keer.", "De afspraak over gegevensdeling is niet volledig of niet juist.")
		}
		seen[id] = true
	}
	out, err := json.Marshal(append([]string{}, s.TransferMunicipalities...))
	return string(out), err
}

// TransferSchools lists every municipality's schools: their names are
// public (the national overview shows them), and whether someone works
// there on the platform, never who.
func (db *Casework) TransferSchools(ctx context.Context) ([]vios.TransferSchool, error) {
	if a := vios.ActorFromContext(ctx); a == nil || a.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	rows, err := db.query(ctx, `SELECT o.id, o.name, o.school_type, m.id, m.name, EXISTS (SELECT 1 FROM memberships ms
		JOIN users u ON u.id = ms.user_id WHERE ms.organisation_id = o.id AND ms.role = 'school' AND NOT u.disabled)
		FROM organisations o JOIN municipalities m ON m.id = o.municipality_id WHERE o.kind = 'school' ORDER BY m.name, o.name`)
	return scanAll(rows, err, func(sc scanner) (vios.TransferSchool, error) {
		var s vios.TransferSchool
		return s, sc.Scan(&s.ID, &s.Name, &s.SchoolType, &s.MunicipalityID, &s.MunicipalityName, &s.HasContact)
	})
}

// transferStart is what both planning and sending need: the case as the
// owner sees it, the pupil, the receiving school and the clause.
type transferStart struct {
	plan     vios.TransferPlan
	c        *vios.Case
	contacts []string // e-mail addresses of the receiving school's staff
	sender   string   // name (e-mail) of the sender: the contact
}

// startTransfer checks everything a transfer needs, in the sender's
// municipality: the actor owns the case (who sees nothing of it, or not
// the pupil by name, gets ENOTFOUND), acts for a school, and the receiving
// school exists and has a contact.
func (tx *Tx) startTransfer(ctx context.Context, municipalityID, caseID, pupilID, toSchoolID string) (*transferStart, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if !vios.ValidID(caseID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
	}
	c, err := tx.caseAsSeen(ctx, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	st := &transferStart{c: c, plan: vios.TransferPlan{CaseID: c.ID, CaseCode: c.Code}}
	found := false
	for _, p := range c.Pupils {
		if p.ID == pupilID && p.Named {
			st.plan.Pupil, found = p, true
		}
	}
	if !found {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze leerling bestaat niet.")
	}
	if c.OwnerUserID != actor.User.ID {
		return nil, refuse(vios.Errorf(vios.EFORBIDDEN, "Alleen wie de regie over de casus heeft, draagt het dossier over."), "casus", c.ID)
	}
	// The same decision as the pages': staff of a school in this
	// municipality, whatever door (web or API) the request came through.
	if err := tx.authorize(ctx, vios.ActionTransfer, vios.Resource{MunicipalityID: municipalityID}, "casus", c.ID); err != nil {
		return nil, err
	}
	if c.Status == vios.CaseClosed {
		return nil, vios.Errorf(vios.ECONFLICT, "Deze casus is gesloten; een overdracht gaat uit een open casus.")
	}
	var kind string
	if err := tx.queryRow(ctx, `SELECT kind, name FROM organisations WHERE id = ? AND municipality_id = ?`, c.OwnerOrgID, municipalityID).
		Scan(&kind, &st.plan.FromSchool); err != nil {
		return nil, err
	}
	if kind != vios.OrgSchool {
		return nil, vios.Errorf(vios.EFORBIDDEN, "Alleen een school draagt het dossier van een leerling over aan een volgende school.")
	}
	if err := tx.queryRow(ctx, `SELECT name || ' (' || email || ')' FROM users WHERE id = ?`, actor.User.ID).Scan(&st.sender); err != nil {
		return nil, err
	}
	to, err := tx.receivingSchool(ctx, municipalityID, toSchoolID)
	if err != nil {
		return nil, err
	}
	if to.ID == c.OwnerOrgID {
		return nil, vios.Invalid("school", "Kies de school waar de leerling naartoe gaat, niet de eigen school.", "Er is niets overgedragen.")
	}
	st.plan.To = to
	err = tx.across(ctx, municipalityID, to.MunicipalityID, func() error {
		st.contacts, err = scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
			WHERE ms.organisation_id = ? AND ms.municipality_id = ? AND ms.role = ? AND NOT u.disabled ORDER BY u.email`),
			to.ID, to.MunicipalityID, vios.RoleSchool))
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(st.contacts) == 0 {
		return nil, vios.Invalid("school", "Bij "+to.Name+" werkt nog niemand met de rol school op het platform: er is geen contactpersoon die de overdracht kan aannemen. Neem zelf contact op met de school.",
			"Er is niets overgedragen.")
	}
	return st, tx.transferClause(ctx, municipalityID, c.OwnerOrgID, st)
}

// receivingSchool reads a school of any municipality: the one read of
// organisations across the border, by id.
func (tx *Tx) receivingSchool(ctx context.Context, home, id string) (*vios.TransferSchool, error) {
	if !vios.ValidID(id) {
		return nil, vios.Invalid("school", "Kies de school waar de leerling naartoe gaat.", "Er is niets overgedragen.")
	}
	// Which municipality the school is in comes from the public list of
	// schools (TransferSchools); its row is then read in that municipality.
	var muni string
	rows, err := tx.db.query(ctx, `SELECT municipality_id FROM organisations WHERE id = ? AND kind = 'school'`, id)
	found, err := scanStrings(rows, err)
	if err != nil {
		return nil, err
	}
	if len(found) == 1 {
		muni = found[0]
	}
	if muni == "" {
		return nil, vios.Invalid("school", "Kies de school waar de leerling naartoe gaat.", "Er is niets overgedragen.")
	}
	s := &vios.TransferSchool{ID: id}
	err = tx.across(ctx, home, muni, func() error {
		var kind string
		err := tx.queryRow(ctx, `SELECT o.kind, o.name, o.school_type, m.id, m.name FROM organisations o JOIN municipalities m ON m.id = o.municipality_id
			WHERE o.id = ? AND o.municipality_id = ?`, id, muni).Scan(&kind, &s.Name, &s.SchoolType, &s.MunicipalityID, &s.MunicipalityName)
		if err == nil && kind != vios.OrgSchool {
			return vios.Invalid("school", "Kies een school.", "Er is niets overgedragen.")
		}
		return err
	})
	return s, err
}

// transferClause finds the transfer clause that lets the receiving school
// have the file: a clause with Transfer of an active covenant of the
// sender's municipality that the sending school signed, reaching the
// receiving school (a signed party of it, or a school of a municipality
// the clause names). It fills the plan's items with what the clause
// allows; without a clause only the notice goes.
func (tx *Tx) transferClause(ctx context.Context, municipalityID, fromSchoolID string, st *transferStart) error {
	ids, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT covenant_id FROM sharing_clauses
		WHERE municipality_id = ? AND transfer ORDER BY covenant_id`), municipalityID))
	if err != nil {
		return err
	}
	day := tx.now
	to := st.plan.To
	st.plan.Reason = "Geen afspraak over overdracht naar een volgende school geldt tussen " + st.plan.FromSchool + " en " + to.Name + "."
	for _, id := range ids {
		c, err := scanCovenant(tx.queryRow(ctx, `SELECT `+covenantColumns+` FROM covenants WHERE id = ? AND municipality_id = ?`, id, municipalityID))
		if err != nil {
			return err
		}
		if c.Parties, err = tx.db.Covenants.covenantParties(ctx, tx, c.ID); err != nil {
			return err
		}
		if c.Clauses, err = tx.db.Covenants.covenantClauses(ctx, tx, c.ID); err != nil {
			return err
		}
		if c.Status(day) != vios.CovenantActive || c.SignedParty(fromSchoolID, day) == nil {
			continue
		}
		for i := range c.Clauses {
			s := &c.Clauses[i]
			if !s.Transfer || !s.Allows(vios.OrgSchool, vios.DataIdentity) {
				continue
			}
			reaches := slices.Contains(s.TransferMunicipalities, to.MunicipalityID)
			if to.MunicipalityID == municipalityID && c.SignedParty(to.ID, day) != nil {
				for _, r := range s.Recipients {
					reaches = reaches || (r.Kind == vios.OrgSchool && (len(r.OrganisationIDs) == 0 || slices.Contains(r.OrganisationIDs, to.ID)))
				}
			}
			if reaches && st.plan.Clause == nil {
				st.plan.Clause, st.plan.Covenant = s, c.Title
				st.plan.Reason = "Volgens '" + c.Title + "' (doel: " + s.Purpose + "; grondslag: " + vios.LegalBasisLabel(s.LegalBasis) +
					") mag " + to.Name + " de onderdelen ontvangen die hieronder zijn aangevinkt."
			}
		}
	}
	st.plan.Notice = vios.TransferNotice(st.sender)
	return tx.transferItems(ctx, st)
}

// transferItems lists what the case holds: its signal, plan and notes,
// each with whether the clause lets the receiving school have it.
func (tx *Tx) transferItems(ctx context.Context, st *transferStart) error {
	c := st.c
	var on time.Time
	var phenomenon, sealed string
	if err := tx.queryRow(ctx, `SELECT occurred_on, phenomenon, description_sealed FROM signals WHERE id = ?`, c.SignalID).
		Scan(&on, &phenomenon, &sealed); err != nil {
		return err
	}
	text, err := tx.db.open(c.MunicipalityID, "signals", c.SignalID, "description_sealed", sealed)
	if err != nil {
		return err
	}
	items := []vios.TransferItem{{Key: vios.TransferSignal + ":" + c.SignalID, Kind: vios.TransferSignal, On: on,
		Title: "Signaal van " + vios.DutchDate(on) + " (" + phenomenon + ")", Text: text}}
	if c.Plan != "" {
		items = append(items, vios.TransferItem{Key: vios.TransferCasePlan + ":" + c.ID, Kind: vios.TransferCasePlan, On: c.CreatedAt,
			Title: "Plan van aanpak van casus " + c.Code, Text: c.Plan})
	}
	for _, n := range c.Notes {
		items = append(items, vios.TransferItem{Key: vios.TransferNote + ":" + n.ID, Kind: vios.TransferNote, On: n.CreatedAt,
			Title: "Notitie van " + vios.DutchDate(n.CreatedAt), Text: n.Text})
	}
	for i := range items {
		items[i].Category = vios.TransferCategory(items[i].Kind)
		items[i].Allowed = st.plan.Clause != nil && st.plan.Clause.Allows(vios.OrgSchool, items[i].Category) && c.Access.Reads(items[i].Category)
	}
	st.plan.Items = items
	return nil
}

// PlanTransfer shows the owner what would go; the read of the pupil and
// the case's texts is logged.
func (db *Casework) PlanTransfer(ctx context.Context, municipalityID, caseID, pupilID, toSchoolID string) (*vios.TransferPlan, error) {
	var plan *vios.TransferPlan
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		st, err := tx.startTransfer(ctx, municipalityID, caseID, pupilID, toSchoolID)
		if err != nil {
			return err
		}
		plan = &st.plan
		return tx.recordPupilsShown(ctx, "overdracht-voorbereid", municipalityID, pupilID)
	})
	return plan, err
}

// categoriesOf returns the distinct categories of items, in order.
func categoriesOf(items []vios.TransferItem) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it.Category) {
			out = append(out, it.Category)
		}
	}
	return out
}

// transferContent is what a transfer carries, sealed as one JSON value.
type transferContent struct {
	Name, BirthDate, Class string
	Items                  []vios.TransferItem
}

func joinCategories(c []string) string { return strings.Join(c, ",") }

func splitCategories(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// sealedContent seals c for the column of a row in the municipality.
func (db *DB) sealedContent(municipalityID, table, id, column string, c transferContent) (string, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return db.seal(municipalityID, table, id, column, string(raw))
}

// newID is a fresh record id.
func newID() string { return uuid.NewString() }
