package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/vios-platform/vios"
)

// MessageToAgenda proposes a message for the agenda of its network's next
// meeting (planned or with its agenda out, by the proposal rules of
// proposeItem). The item carries the message's pseudonymised text: an
// agenda is read by every member, so each pupil in it is the code, never
// the name the writer may have typed. The message keeps the link.
func (db *Networks) MessageToAgenda(ctx context.Context, municipalityID, id string) (*vios.AgendaItem, error) {
	var item *vios.AgendaItem
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, sealed, s, err := tx.ownMessage(ctx, municipalityID, id, nil)
		if err != nil {
			return err
		}
		if m.CaseID != "" {
			// An agenda is read by every member; a case's talk stays with its readers.
			return vios.Errorf(vios.EINVALID, "Alleen een bericht uit de berichten van een netwerk kan op de agenda; dit bericht hoort bij een casus.")
		}
		if m.AgendaItemID != "" {
			return vios.Errorf(vios.ECONFLICT, "Dit bericht staat al op een agenda.")
		}
		var meetingID string
		err = tx.queryRow(ctx, `SELECT id FROM meetings WHERE network_id = ? AND municipality_id = ? AND status IN (?, ?) AND starts_at > ?
			ORDER BY starts_at LIMIT 1`, m.NetworkID, municipalityID, vios.MeetingPlanned, vios.MeetingPublished, tx.now).Scan(&meetingID)
		if err == sql.ErrNoRows {
			return vios.Errorf(vios.ECONFLICT, "Dit netwerk heeft geen volgend overleg gepland: plan eerst een overleg.")
		} else if err != nil {
			return err
		}
		text, err := db.open(municipalityID, "messages", m.ID, "text_sealed", sealed)
		if err != nil {
			return err
		}
		plain, err := newPupilParts(tx, s).pseudonymous(ctx, text)
		if err != nil {
			return err
		}
		item = &vios.AgendaItem{MeetingID: meetingID, Kind: vios.ItemTrend,
			Title:       truncateRunes("Uit de berichten: "+strings.Join(strings.Fields(plain), " "), 100),
			Description: truncateRunes("Bericht van "+m.AuthorName+" ("+m.AuthorOrgName+"), "+vios.DutchDate(m.PostedAt)+":\n"+plain, 2000)}
		if err := item.Validate(); err != nil {
			return err
		}
		if err := tx.proposeItem(ctx, municipalityID, item); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE messages SET agenda_item_id = ? WHERE id = ?`, item.ID, m.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bericht-agendapunt", ObjectType: "bericht", ObjectID: m.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
	return item, err
}

// pseudonymous renders a stored text with every pupil as their code (or
// "een leerling" when the pupil is gone): the layer every member may read.
func (pp *pupilParts) pseudonymous(ctx context.Context, text string) (string, error) {
	var b strings.Builder
	for _, part := range vios.SplitMessage(text) {
		if part.PupilID == "" {
			b.WriteString(part.Text)
			continue
		}
		p, err := pp.pupil(ctx, part.PupilID)
		if err != nil {
			return "", err
		}
		if p.missing {
			b.WriteString("een leerling")
		} else {
			b.WriteString(p.code)
		}
	}
	return b.String(), nil
}
