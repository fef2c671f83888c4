package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// ProposeItem adds an item to a meeting's agenda. A member's proposal must
// come before the network's proposal deadline and before the agenda is
// published; whoever runs the meeting puts items on the agenda at once
// (status accepted), until the meeting is held.
func (db *Networks) ProposeItem(ctx context.Context, municipalityID string, item *vios.AgendaItem) error {
	if err := item.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error { return tx.proposeItem(ctx, municipalityID, item) })
}

// proposeItem adds the item within tx: deadline, phenomena, position.
func (tx *Tx) proposeItem(ctx context.Context, municipalityID string, item *vios.AgendaItem) error {
	m, err := tx.meetingFor(ctx, vios.ActionProposeItem, municipalityID, item.MeetingID, time.Time{})
	if err != nil {
		return err
	}
	res, err := tx.networkResource(ctx, municipalityID, m.NetworkID)
	if err != nil {
		return err
	}
	accept := may(ctx, vios.ActionRunMeeting, res)
	switch {
	case m.Status == vios.MeetingHeld || m.Status == vios.MeetingCancelled:
		return vios.Errorf(vios.ECONFLICT, "Dit overleg is al gehouden of geannuleerd; er kunnen geen agendapunten meer bij.")
	case !accept && m.Status == vios.MeetingPublished:
		return vios.Invalid("titel", "De agenda is al verstuurd. Vraag de voorzitter om het punt toe te voegen.", "Het agendapunt is niet toegevoegd.")
	}
	if !accept {
		var proposalDays int
		if err := tx.queryRow(ctx, `SELECT proposal_days FROM networks WHERE id = ?`, m.NetworkID).Scan(&proposalDays); err != nil {
			return err
		}
		// Calendar days in Amsterdam, as members read the deadline.
		if deadline := m.StartsAt.In(vios.Amsterdam).AddDate(0, 0, -proposalDays); tx.now.After(deadline) {
			return vios.Invalid("titel", fmt.Sprintf("De termijn om agendapunten voor te stellen liep af op %s. Vraag de voorzitter om het punt toe te voegen.",
				vios.DutchDate(deadline)), "Het agendapunt is niet toegevoegd.")
		}
	}
	if err := tx.checkPhenomena(ctx, municipalityID, item.Phenomena); err != nil {
		return err
	}
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?`, m.ID).Scan(&item.Position); err != nil {
		return err
	}
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	item.ID = uuid.NewString()
	item.ProposedByID, item.ProposedByName = actor.User.ID, actor.User.Name
	item.Status = vios.ItemProposed
	if accept {
		item.Status = vios.ItemAccepted
	}
	item.UpdatedAt = tx.now.Truncate(time.Microsecond)
	title, err := tx.db.seal(municipalityID, "agenda_items", item.ID, "title_sealed", item.Title)
	if err != nil {
		return err
	}
	description, err := tx.db.seal(municipalityID, "agenda_items", item.ID, "description_sealed", item.Description)
	if err != nil {
		return err
	}
	if err := tx.exec(ctx, `INSERT INTO agenda_items (id, municipality_id, meeting_id, position, kind, title, description,
		title_sealed, description_sealed, key_version, status, proposed_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, ?, ?, ?)`,
		item.ID, municipalityID, m.ID, item.Position, item.Kind, title, description, tx.db.activeKey(municipalityID), item.Status,
		item.ProposedByID, item.UpdatedAt, item.UpdatedAt); err != nil {
		return fmt.Errorf("insert agenda item: %w", err)
	}
	for _, code := range item.Phenomena {
		if err := tx.exec(ctx, `INSERT INTO agenda_item_phenomena (item_id, municipality_id, code) VALUES (?, ?, ?)`,
			item.ID, municipalityID, code); err != nil {
			return err
		}
	}
	if err := tx.touchMeeting(ctx, m); err != nil {
		return err
	}
	return tx.audit(ctx, Audit{Action: "agendapunt-voorgesteld", ObjectType: "agendapunt", ObjectID: item.ID, MunicipalityID: municipalityID})
}

// checkPhenomena refuses codes that are neither national nor the municipality's.
func (tx *Tx) checkPhenomena(ctx context.Context, municipalityID string, codes []string) error {
	seen := map[string]bool{}
	for _, code := range codes {
		if seen[code] {
			return vios.Invalid("fenomenen", "Kies elk fenomeen één keer.", "Het agendapunt is niet volledig of niet juist.")
		}
		seen[code] = true
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM phenomena WHERE code = ? AND (municipality_id IS NULL OR municipality_id = ?)`,
			code, municipalityID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return vios.Invalid("fenomenen", "Kies fenomenen uit de lijst.", "Het agendapunt is niet volledig of niet juist.")
		}
	}
	return nil
}

// OrderAgenda sets the order and status of every item of the meeting.
func (db *Networks) OrderAgenda(ctx context.Context, municipalityID, meetingID string, order []vios.AgendaOrder, basedOn time.Time) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, meetingID, basedOn)
		if err != nil {
			return err
		}
		if m.Status == vios.MeetingHeld || m.Status == vios.MeetingCancelled {
			return vios.Errorf(vios.ECONFLICT, "De agenda van een gehouden of geannuleerd overleg ligt vast.")
		}
		items, err := tx.db.Networks.agendaItems(ctx, tx, municipalityID, m.ID)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, i := range items {
			known[i.ID] = true
		}
		if len(order) != len(items) {
			return vios.Errorf(vios.ECONFLICT, "De agenda is intussen veranderd; laad de pagina opnieuw.")
		}
		for pos, o := range order {
			if !known[o.ItemID] {
				return vios.Errorf(vios.ECONFLICT, "De agenda is intussen veranderd; laad de pagina opnieuw.")
			}
			delete(known, o.ItemID)
			if o.Status != vios.ItemAccepted && o.Status != vios.ItemRejected && o.Status != vios.ItemProposed {
				return vios.Invalid("status", "Kies per punt: op de agenda of niet opnemen.", "De agenda is niet opgeslagen.")
			}
			if err := tx.exec(ctx, `UPDATE agenda_items SET position = ?, status = ?, updated_at = ? WHERE id = ? AND meeting_id = ?`,
				pos+1, o.Status, tx.now, o.ItemID, m.ID); err != nil {
				return err
			}
		}
		if err := tx.touchMeeting(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "agenda-vastgesteld", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID})
	})
}

// PublishAgenda publishes the agenda of a planned meeting and queues a
// notice with a link to every current member. Items still proposed are
// left off; the chair decides on them first.
func (db *Networks) PublishAgenda(ctx context.Context, municipalityID, meetingID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, meetingID, time.Time{})
		if err != nil {
			return err
		}
		if m.Status != vios.MeetingPlanned {
			return vios.Errorf(vios.ECONFLICT, "De agenda van dit overleg is al verstuurd, of het overleg is gehouden of geannuleerd.")
		}
		var undecided int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ? AND status = ?`, m.ID, vios.ItemProposed).Scan(&undecided); err != nil {
			return err
		}
		if undecided > 0 {
			return vios.Invalid("agenda", fmt.Sprintf("Er zijn nog %d voorgestelde punten waarover u niet besloten hebt: zet ze op de agenda of neem ze niet op.", undecided),
				"De agenda is niet verstuurd.")
		}
		now := tx.now.Truncate(time.Microsecond)
		if err := tx.exec(ctx, `UPDATE meetings SET status = ?, agenda_published_at = ? WHERE id = ?`, vios.MeetingPublished, now, m.ID); err != nil {
			return err
		}
		if err := tx.touchMeeting(ctx, m); err != nil {
			return err
		}
		recipients, err := tx.memberAddresses(ctx, m.NetworkID, vios.Date(tx.now))
		if err != nil {
			return err
		}
		slug, err := tx.municipalitySlug(ctx, municipalityID)
		if err != nil {
			return err
		}
		mail := db.Logs.site().AgendaPublished(slug, m.ID, m.NetworkName, m.StartsAt, m.EndsAt)
		for _, to := range recipients {
			if err := notifyUser(ctx, tx, to, mail, notify.AgendaPublishedPush(slug, m.ID)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, Audit{Action: "agenda-gepubliceerd", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID})
	})
}

// RecordAttendance replaces the attendance of a meeting that has started
// and marks it held. Every entry names a fixed member of the network on the
// meeting day; a replacement names one of their deputies.
func (db *Networks) RecordAttendance(ctx context.Context, municipalityID, meetingID string, list []vios.Attendance) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, meetingID, time.Time{})
		if err != nil {
			return err
		}
		switch {
		case m.Status == vios.MeetingCancelled:
			return vios.Errorf(vios.ECONFLICT, "Dit overleg is geannuleerd.")
		case m.MinutesApprovedAt != nil:
			return vios.Errorf(vios.ECONFLICT, "Het verslag van dit overleg is vastgesteld; de aanwezigheid ligt vast.")
		case m.Status == vios.MeetingPlanned:
			return vios.Errorf(vios.ECONFLICT, "Verstuur eerst de agenda; de aanwezigheid wordt in het overleg vastgelegd.")
		case !m.Started(tx.now):
			return vios.Errorf(vios.ECONFLICT, "Dit overleg is nog niet begonnen; leg de aanwezigheid vast zodra het begint.")
		}
		members, err := tx.db.Networks.networkMembers(ctx, tx, m.NetworkID)
		if err != nil {
			return err
		}
		meetingDay := vios.Date(m.StartsAt)
		byID := map[string]*vios.NetworkMember{}
		for i := range members {
			byID[members[i].ID] = &members[i]
		}
		var v vios.Validation
		seen := map[string]bool{}
		for _, a := range list {
			fixed := byID[a.MemberID]
			if fixed == nil || fixed.Position != vios.PositionMember || !fixed.ActiveOn(meetingDay) || seen[a.MemberID] {
				v.Add("aanwezigheid", "Geef de aanwezigheid alleen op voor vaste leden van dit netwerk, één keer per lid.")
				break
			}
			seen[a.MemberID] = true
			if !inLabels(vios.AttendanceStatuses, a.Status) {
				v.Add("aanwezigheid", "Kies voor %s: aanwezig, afwezig met bericht, afwezig of vervangen.", fixed.UserName)
				continue
			}
			if a.Status == vios.AttendanceReplaced {
				deputy := false
				for _, d := range members {
					deputy = deputy || (d.DeputyForID == fixed.ID && d.UserID == a.DeputyUserID && d.ActiveOn(meetingDay))
				}
				if !deputy {
					v.Add("plaatsvervanger", "%s kan alleen worden vervangen door een eigen plaatsvervanger in dit netwerk.", fixed.UserName)
				}
			} else if a.DeputyUserID != "" {
				v.Add("plaatsvervanger", "Kies alleen een plaatsvervanger bij 'vervangen' (%s).", fixed.UserName)
			}
		}
		if err := v.Err("De aanwezigheid is niet opgeslagen."); err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM attendance WHERE meeting_id = ?`, m.ID); err != nil {
			return err
		}
		for _, a := range list {
			var deputy any
			if a.DeputyUserID != "" {
				deputy = a.DeputyUserID
			}
			if err := tx.exec(ctx, `INSERT INTO attendance (meeting_id, member_id, municipality_id, status, deputy_user_id) VALUES (?, ?, ?, ?, ?)`,
				m.ID, a.MemberID, municipalityID, a.Status, deputy); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `UPDATE meetings SET status = ? WHERE id = ?`, vios.MeetingHeld, m.ID); err != nil {
			return err
		}
		if err := tx.touchMeeting(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "aanwezigheid-vastgelegd", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID})
	})
}

func inLabels(list []vios.Label, code string) bool {
	for _, l := range list {
		if l.Code == code {
			return true
		}
	}
	return false
}

// SaveItemMinutes stores the minutes and decisions of an item, if the item
// is unchanged since basedOn and the minutes are not approved.
func (db *Networks) SaveItemMinutes(ctx context.Context, municipalityID string, item *vios.AgendaItem, basedOn time.Time) error {
	var v vios.Validation
	v.Check(len([]rune(item.Minutes)) <= 20000, "verslag", "Het verslag van een punt mag hoogstens 20.000 tekens lang zijn.")
	v.Check(len([]rune(item.Decisions)) <= 5000, "besluiten", "De besluiten mogen hoogstens 5.000 tekens lang zijn.")
	if err := v.Err("Het verslag is niet opgeslagen."); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, item.MeetingID, time.Time{})
		if err != nil {
			return err
		}
		if m.MinutesApprovedAt != nil {
			return vios.Errorf(vios.ECONFLICT, "Het verslag is vastgesteld en verandert niet meer. Voeg een correctie toe.")
		}
		if m.Status == vios.MeetingPlanned || m.Status == vios.MeetingCancelled {
			return vios.Errorf(vios.ECONFLICT, "Een verslag kan pas worden gemaakt als de agenda is verstuurd.")
		}
		var current time.Time
		var status string
		if err := tx.queryRow(ctx, `SELECT updated_at, status FROM agenda_items WHERE id = ? AND meeting_id = ?`, item.ID, m.ID).
			Scan(&current, &status); err != nil {
			return errNoRows(err, "Dit agendapunt bestaat niet.")
		}
		if status != vios.ItemAccepted {
			return vios.Errorf(vios.ECONFLICT, "Alleen punten die op de agenda staan hebben een verslag.")
		}
		if stamp(current) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft het verslag van dit punt intussen gewijzigd. Uw tekst is niet opgeslagen, zodat die van de ander niet verloren gaat; kopieer uw tekst en laad de pagina opnieuw.")
		}
		item.UpdatedAt = tx.now.Truncate(time.Microsecond)
		if !item.UpdatedAt.After(current) {
			item.UpdatedAt = current.Add(time.Microsecond)
		}
		if err := tx.resealItem(ctx, municipalityID, item.ID, map[string]string{"minutes_sealed": item.Minutes,
			"decisions_sealed": item.Decisions}); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE agenda_items SET updated_at = ? WHERE id = ?`, item.UpdatedAt, item.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "verslag-gewijzigd", ObjectType: "agendapunt", ObjectID: item.ID, MunicipalityID: municipalityID})
	})
}

// ApproveMinutes makes the minutes of a held meeting final.
func (db *Networks) ApproveMinutes(ctx context.Context, municipalityID, meetingID string) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, meetingID, time.Time{})
		if err != nil {
			return err
		}
		if m.Status != vios.MeetingHeld {
			return vios.Errorf(vios.ECONFLICT, "Alleen het verslag van een gehouden overleg kan worden vastgesteld.")
		}
		if m.MinutesApprovedAt != nil {
			return vios.Errorf(vios.ECONFLICT, "Dit verslag is al vastgesteld.")
		}
		if err := tx.exec(ctx, `UPDATE meetings SET minutes_approved_at = ? WHERE id = ?`, tx.now.Truncate(time.Microsecond), m.ID); err != nil {
			return err
		}
		if err := tx.touchMeeting(ctx, m); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "verslag-vastgesteld", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID})
	})
}

// AddCorrection adds a correction to approved minutes.
func (db *Networks) AddCorrection(ctx context.Context, municipalityID string, c *vios.MinutesCorrection) error {
	var v vios.Validation
	v.Check(len([]rune(c.Text)) > 0, "correctie", "Beschrijf de correctie.")
	v.Check(len([]rune(c.Text)) <= 5000, "correctie", "Een correctie mag hoogstens 5.000 tekens lang zijn.")
	if err := v.Err("De correctie is niet toegevoegd."); err != nil {
		return err
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, municipalityID, c.MeetingID, time.Time{})
		if err != nil {
			return err
		}
		if m.MinutesApprovedAt == nil {
			return vios.Errorf(vios.ECONFLICT, "Het verslag is nog niet vastgesteld: pas het verslag zelf aan.")
		}
		actor := vios.ActorFromContext(ctx)
		if actor == nil || actor.User == nil {
			return vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
		}
		var itemID any
		if c.ItemID != "" {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM agenda_items WHERE id = ? AND meeting_id = ?`, c.ItemID, m.ID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return vios.Invalid("agendapunt", "Kies een punt van dit overleg.", "De correctie is niet toegevoegd.")
			}
			itemID = c.ItemID
		}
		c.ID = uuid.NewString()
		c.AuthorID, c.AuthorName = actor.User.ID, actor.User.Name
		c.CreatedAt = tx.now.Truncate(time.Microsecond)
		text, err := db.seal(municipalityID, "minutes_corrections", c.ID, "text_sealed", c.Text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO minutes_corrections (id, municipality_id, meeting_id, item_id, author_id, text, text_sealed,
			key_version, created_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)`, c.ID, municipalityID, m.ID, itemID, c.AuthorID, text,
			db.activeKey(municipalityID), c.CreatedAt); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "verslag-gecorrigeerd", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID})
	})
}

// resealItem writes sealed texts of an agenda item (sealed column: text)
// and seals its other texts again with them, so every value of the row is
// under the key version the row records; old plain columns are emptied.
func (tx *Tx) resealItem(ctx context.Context, municipalityID, id string, texts map[string]string) error {
	var named, title, plainTitle, description, plainDescription, minutes, plainMinutes, decisions, plainDecisions string
	if err := tx.queryRow(ctx, `SELECT named_minutes_sealed, title_sealed, title, description_sealed, description, minutes_sealed,
		minutes, decisions_sealed, decisions FROM agenda_items WHERE id = ?`, id).Scan(&named, &title, &plainTitle, &description,
		&plainDescription, &minutes, &plainMinutes, &decisions, &plainDecisions); err != nil {
		return err
	}
	current := map[string][2]string{"named_minutes_sealed": {named, ""}, "title_sealed": {title, plainTitle},
		"description_sealed": {description, plainDescription}, "minutes_sealed": {minutes, plainMinutes},
		"decisions_sealed": {decisions, plainDecisions}}
	columns := []string{"named_minutes_sealed", "title_sealed", "description_sealed", "minutes_sealed", "decisions_sealed"}
	args := make([]any, 0, len(columns)+2)
	for _, column := range columns {
		text, ok := texts[column]
		if !ok {
			var err error
			if text, err = tx.db.openOr(municipalityID, "agenda_items", id, column, current[column][0], current[column][1]); err != nil {
				return err
			}
		}
		sealed, err := tx.db.seal(municipalityID, "agenda_items", id, column, text)
		if err != nil {
			return err
		}
		args = append(args, sealed)
	}
	args = append(args, tx.db.activeKey(municipalityID), id)
	return tx.exec(ctx, `UPDATE agenda_items SET named_minutes_sealed = ?, title_sealed = ?, description_sealed = ?, minutes_sealed = ?,
		decisions_sealed = ?, key_version = ?, title = '', description = '', minutes = '', decisions = '' WHERE id = ?`, args...)
}
