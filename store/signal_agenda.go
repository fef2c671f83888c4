package store

import (
	"context"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// PutSignalOnAgenda adds a casus item about the signal to a meeting: of the
// signal's own network (the pupils are then seen there as the clause
// allows), or of an overarching meeting of the municipality, where it is
// anonymised: the item carries the code and the phenomenon, not the link,
// and the signal stays free for its own network's agenda.
func (db *Casework) PutSignalOnAgenda(ctx context.Context, municipalityID, signalID, meetingID string) (*vios.AgendaItem, error) {
	var item *vios.AgendaItem
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		s, _, err := tx.signalForChange(ctx, municipalityID, signalID, vios.ActionProposeItem)
		if err != nil {
			return err
		}
		m, err := tx.lockMeeting(ctx, municipalityID, meetingID, time.Time{})
		if err != nil {
			return vios.Invalid("overleg", "Kies een overleg van deze gemeente.", "Het signaal is niet geagendeerd.")
		}
		var kind string
		if err := tx.queryRow(ctx, `SELECT kind FROM networks WHERE id = ?`, m.NetworkID).Scan(&kind); err != nil {
			return err
		}
		own := m.NetworkID == s.NetworkID
		// Only the own network's agenda takes the signal up; an anonymised
		// item elsewhere leaves it free for its own team.
		if own && (s.Status == vios.SignalOnAgenda || s.Status == vios.SignalCase || s.Status == vios.SignalHandled) {
			return vios.Errorf(vios.ECONFLICT, "Dit signaal staat al op een agenda of is al opgepakt.")
		}
		if !own && kind != vios.NetworkOverkoepelend && kind != vios.NetworkSignalering {
			return vios.Invalid("overleg", "Kies een overleg van het eigen netwerk, een signaleringsoverleg of een overkoepelend overleg.",
				"Het signaal is niet geagendeerd.")
		}
		// proposeItem decides whether the actor may propose to this
		// meeting, and whether the item goes on the agenda at once.
		// A signal's code, not "Casus": a signal about a group or a
		// school is no case, and a case has a code of its own.
		title := "Signaal " + s.Code
		if !own {
			title += " (geanonimiseerd)"
		}
		item = &vios.AgendaItem{MeetingID: m.ID, Kind: vios.ItemCase, Title: title, Phenomena: []string{s.Phenomenon},
			Description: vios.SignalLevelLabel(s.Level) + ", " + strings.Join(s.SchoolNames, ", ")}
		if err := item.Validate(); err != nil {
			return err
		}
		if err := tx.proposeItem(ctx, municipalityID, item); err != nil {
			return err
		}
		if own {
			if err := tx.exec(ctx, `UPDATE agenda_items SET signal_id = ? WHERE id = ?`, s.ID, item.ID); err != nil {
				return err
			}
			if err := tx.exec(ctx, `UPDATE signals SET status = ?, agenda_item_id = ?, updated_at = ? WHERE id = ?`,
				vios.SignalOnAgenda, item.ID, tx.now, s.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "signaal-geagendeerd", ObjectType: "signaal", ObjectID: s.ID, MunicipalityID: municipalityID})
	})
	return item, err
}

// AgendaPupils returns per casus item of the meeting the pupils as the actor
// may see them; names only once the agenda is out (or to the reporter).
func (db *Casework) AgendaPupils(ctx context.Context, municipalityID, meetingID string) (map[string]vios.AgendaPupils, error) {
	out := map[string]vios.AgendaPupils{}
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM meetings WHERE id = ? AND municipality_id = ?`, meetingID, municipalityID).Scan(&status); err != nil {
			return errNoRows(err, "Dit overleg bestaat niet.")
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT i.id, `+signalColumns+signalFrom+` JOIN agenda_items i ON i.signal_id = s.id
			WHERE i.meeting_id = ? AND i.municipality_id = ?`), meetingID, municipalityID)
		type itemSignal struct {
			item   string
			signal *vios.Signal
		}
		list, err := scanAll(rows, err, func(sc scanner) (itemSignal, error) {
			var is itemSignal
			var item string
			s, _, err := scanSignal(prefixScanner{sc, &item})
			is.item, is.signal = item, s
			return is, err
		})
		if err != nil || len(list) == 0 {
			return err
		}
		signals := make([]*vios.Signal, len(list))
		for i, is := range list {
			signals[i] = is.signal
		}
		if err := tx.fillSignals(ctx, municipalityID, signals, nil); err != nil {
			return err
		}
		var shown []*vios.Signal
		for _, is := range list {
			s := is.signal
			if s.Access.Level == vios.AccessNone {
				continue
			}
			// Before the agenda is out, names stay with the organisation that
			// brought the signal in.
			if s.Access.Named() && status == vios.MeetingPlanned && vios.ActorFromContext(ctx) != nil {
				na, err := tx.networkAccess(ctx, nil, municipalityID, s.NetworkID)
				if err != nil {
					return err
				}
				if na.actorOrgID != s.ReportingOrganisationID {
					s.Access = vios.PupilAccess{Level: vios.AccessPseudonym, Reason: "De namen zijn te zien zodra de agenda is verstuurd."}
					for i := range s.Pupils {
						p := &s.Pupils[i]
						p.Named, p.Name, p.BirthDate, p.Class = false, "", "", ""
					}
				}
			}
			out[is.item] = vios.AgendaPupils{SignalID: s.ID, SignalCode: s.Code, Pupils: s.Pupils, Access: s.Access}
			shown = append(shown, s)
		}
		return tx.recordSignalsShown(ctx, "agenda-leerlingen-bekeken", municipalityID, shown)
	})
	return out, err
}

// prefixScanner scans one leading column into first, the rest into the
// destinations of the wrapped scan.
type prefixScanner struct {
	scanner
	first *string
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.scanner.Scan(append([]any{p.first}, dest...)...)
}

// itemAccess reads the casus item's signal and the actor's access to it.
func (tx *Tx) itemAccess(ctx context.Context, municipalityID, itemID string) (*vios.Signal, string, error) {
	var signalID, sealed string
	if err := tx.queryRow(ctx, `SELECT COALESCE(signal_id, ''), named_minutes_sealed FROM agenda_items WHERE id = ? AND municipality_id = ?`,
		itemID, municipalityID).Scan(&signalID, &sealed); err != nil {
		return nil, "", errNoRows(err, "Dit agendapunt bestaat niet.")
	}
	if signalID == "" {
		return nil, "", vios.Invalid("notulen", "Alleen een casus over een signaal heeft notulen met naam.", "De notulen zijn niet opgeslagen.")
	}
	s, _, err := scanSignal(tx.queryRow(ctx, `SELECT `+signalColumns+signalFrom+` WHERE s.id = ?`, signalID))
	if err != nil {
		return nil, "", err
	}
	if err := tx.fillSignals(ctx, municipalityID, []*vios.Signal{s}, nil); err != nil {
		return nil, "", err
	}
	return s, sealed, nil
}

// NamedMinutes returns the named layer of a casus item's minutes to those
// who see names; others get "" and the reason.
func (db *Casework) NamedMinutes(ctx context.Context, municipalityID, itemID string) (string, vios.PupilAccess, error) {
	var text string
	var access vios.PupilAccess
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		s, sealed, err := tx.itemAccess(ctx, municipalityID, itemID)
		if err != nil {
			return err
		}
		access = s.Access
		if !access.Named() || sealed == "" {
			return nil
		}
		if text, err = db.open(municipalityID, "agenda_items", itemID, "named_minutes_sealed", sealed); err != nil {
			return err
		}
		return tx.recordSignalsShown(ctx, "notulen-met-naam-bekeken", municipalityID, []*vios.Signal{s})
	})
	return text, access, err
}

// SaveNamedMinutes stores the named layer of a casus item's minutes, for
// those who may see names, if the item was not changed since basedOn.
func (db *Casework) SaveNamedMinutes(ctx context.Context, municipalityID, itemID, text string, basedOn time.Time) error {
	text = strings.TrimSpace(text)
	if len(text) > 10000 {
		return vios.Invalid("notulenMetNaam", "De notulen mogen hoogstens 10000 tekens lang zijn.", "De notulen zijn niet opgeslagen.")
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		s, _, err := tx.itemAccess(ctx, municipalityID, itemID)
		if err != nil {
			return err
		}
		if !s.Access.Named() {
			return vios.Errorf(vios.EFORBIDDEN, "U mag de namen bij dit agendapunt niet zien en dus ook niet notuleren.")
		}
		var updated time.Time
		var approved *time.Time
		var meetingID string
		if err := tx.queryRow(ctx, `SELECT i.updated_at, i.meeting_id FROM agenda_items i WHERE i.id = ?`, itemID).Scan(&updated, &meetingID); err != nil {
			return err
		}
		m, err := tx.lockMeeting(ctx, municipalityID, meetingID, time.Time{})
		if err != nil {
			return err
		}
		approved = m.MinutesApprovedAt
		if approved != nil {
			return vios.Errorf(vios.EINVALID, "De notulen zijn vastgesteld en veranderen niet meer; voeg een correctie toe.")
		}
		if !basedOn.IsZero() && stamp(updated) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft dit agendapunt intussen gewijzigd. Uw tekst is niet opgeslagen; kopieer hem en laad de pagina opnieuw.")
		}
		next := tx.now.Truncate(time.Microsecond)
		if !next.After(updated) {
			next = updated.Add(time.Microsecond)
		}
		if err := tx.resealItem(ctx, municipalityID, itemID, map[string]string{"named_minutes_sealed": text}); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE agenda_items SET updated_at = ? WHERE id = ?`, next, itemID); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "notulen-met-naam-opgeslagen", ObjectType: "agendapunt", ObjectID: itemID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		return tx.recordSignalsShown(ctx, "notulen-met-naam-opgeslagen", municipalityID, []*vios.Signal{s})
	})
}
