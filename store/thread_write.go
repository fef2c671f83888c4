package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

const messageNotSent = "Het bericht is niet verstuurd."

// PostMessage posts a message to a network's or a case's thread for the
// actor's organisation there: the names of pupils the actor may see by
// name become mentions, the text is sealed, the pupils mentioned are in
// the processing log, the members are told (content-free).
func (db *Networks) PostMessage(ctx context.Context, in *vios.MessageInput) (*vios.Message, error) {
	actor := vios.ActorFromContext(ctx)
	var msg *vios.Message
	err := db.inTenant(ctx, in.MunicipalityID, func(tx *Tx) error {
		s, err := tx.threadScope(ctx, in.MunicipalityID, in.NetworkID, in.CaseID)
		if err != nil {
			return err
		}
		if err := vios.ValidateMessageText(in.Text, messageNotSent); err != nil {
			return err
		}
		if s.na.actorOrgID == "" {
			return vios.Errorf(vios.EFORBIDDEN, "U werkt voor geen organisatie in dit netwerk en kunt hier geen bericht plaatsen.")
		}
		replyTo, err := tx.replyTarget(ctx, s, in.ReplyToID)
		if err != nil {
			return err
		}
		text, pupils, err := tx.composeText(ctx, s, in.Text, in.PupilIDs)
		if err != nil {
			return err
		}
		n := s.network()
		msg = &vios.Message{ID: uuid.NewString(), MunicipalityID: n.MunicipalityID, NetworkID: n.ID, CaseID: s.caseID,
			AuthorID: actor.User.ID, AuthorName: actor.User.Name, AuthorOrgID: s.na.actorOrgID, ReplyToID: replyTo,
			PostedAt: tx.now.Truncate(time.Microsecond), PupilIDs: pupils}
		sealed, err := db.seal(n.MunicipalityID, "messages", msg.ID, "text_sealed", text)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO messages (id, municipality_id, network_id, case_id, author_user_id, author_org_id, reply_to_id,
			text_sealed, key_version, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, msg.ID, n.MunicipalityID, n.ID, nullString(s.caseID),
			msg.AuthorID, msg.AuthorOrgID, nullString(replyTo), sealed, db.activeKey(n.MunicipalityID), msg.PostedAt); err != nil {
			return err
		}
		if err := tx.addMessagePupils(ctx, msg.MunicipalityID, msg.ID, pupils); err != nil {
			return err
		}
		if err := tx.notifyThread(ctx, s, msg, in.Text); err != nil {
			return err
		}
		if err := tx.recordPupilsShown(ctx, "bericht-geplaatst", n.MunicipalityID, pupils...); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bericht-geplaatst", ObjectType: "bericht", ObjectID: msg.ID, MunicipalityID: n.MunicipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
	if err != nil {
		return nil, err
	}
	return msg, nil
}

// CheckMessage tells the composer, without storing anything, how many
// pupils the draft names and whether some members would see them only by
// pseudonym.
func (db *Networks) CheckMessage(ctx context.Context, in *vios.MessageInput) (*vios.MessageCheck, error) {
	check := &vios.MessageCheck{}
	err := db.readLogged(ctx, in.MunicipalityID, func(tx *Tx) error {
		s, err := tx.threadScope(ctx, in.MunicipalityID, in.NetworkID, in.CaseID)
		if err != nil {
			return err
		}
		pupils, err := tx.mentionablePupils(ctx, s)
		if err != nil {
			return err
		}
		_, named := mentionNames(vios.StripPupilTokens(in.Text), pupils)
		check.NamedPupils = len(named) + len(in.PupilIDs)
		if check.NamedPupils == 0 {
			return nil
		}
		notShared, err := tx.namesNotShared(ctx, s)
		if notShared {
			check.Warning = "U noemt een leerling. Niet elk lid van dit netwerk mag namen zien: zij zien een pseudoniem " +
				"of \"een leerling\". De naam gaat niet als getypt naar hen."
		}
		return err
	})
	return check, err
}

// composeText turns typed text into the text to seal: typed mention
// markers are defused, the names of pupils the actor may see by name
// become mentions, and pupils chosen in the composer are mentioned at the
// end when the text did not name them.
func (tx *Tx) composeText(ctx context.Context, s *threadScope, typed string, chosen []string) (string, []string, error) {
	pupils, err := tx.mentionablePupils(ctx, s)
	if err != nil {
		return "", nil, err
	}
	text, ids := mentionNames(vios.StripPupilTokens(typed), pupils)
	nameable := map[string]bool{}
	for _, p := range pupils {
		nameable[p.ID] = true
	}
	for _, id := range chosen {
		if !nameable[id] {
			return "", nil, vios.Invalid("leerling", "Kies een leerling uit de lijst.", messageNotSent)
		}
		if !slicesHas(ids, id) {
			text += " " + vios.PupilToken(id)
			ids = append(ids, id)
		}
	}
	return text, ids, nil
}

func slicesHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// replyTarget checks the message replied to: of the same thread, not
// deleted, visible to the writer. Replies are one level deep: a reply to a reply answers its
// first message.
func (tx *Tx) replyTarget(ctx context.Context, s *threadScope, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var parent string
	var deleted sql.NullTime
	err := tx.queryRow(ctx, `SELECT COALESCE(reply_to_id, ''), deleted_at FROM messages WHERE id = ? AND network_id = ?
		AND COALESCE(case_id, '') = ?`, id, s.network().ID, s.caseID).Scan(&parent, &deleted)
	if err == nil && !deleted.Valid {
		// Only a message the writer may read: one they cannot is answered
		// as one that does not exist, so a reply tells nothing of it.
		if err = tx.messageVisible(ctx, s, id); vios.ErrorCode(err) == vios.ENOTFOUND {
			err = sql.ErrNoRows
		}
	}
	if err == sql.ErrNoRows || (err == nil && deleted.Valid) || !vios.ValidID(id) {
		return "", vios.Invalid("antwoordOp", "Het bericht waarop u antwoordt, bestaat niet (meer).", messageNotSent)
	} else if err != nil {
		return "", err
	}
	if parent != "" {
		return parent, nil
	}
	return id, nil
}

func (tx *Tx) addMessagePupils(ctx context.Context, municipalityID, messageID string, pupils []string) error {
	for _, id := range pupils {
		if err := tx.exec(ctx, `INSERT INTO message_pupils (message_id, pupil_id, municipality_id) VALUES (?, ?, ?)
			ON CONFLICT (message_id, pupil_id) DO NOTHING`, messageID, id, municipalityID); err != nil {
			return err
		}
	}
	return nil
}

// ownMessage loads a message for a change by the actor, within its
// thread's scope, when may allows it (nil: any reader may); deleted
// messages cannot change.
func (tx *Tx) ownMessage(ctx context.Context, municipalityID, id string, may func(*vios.Message, *threadScope) bool) (*vios.Message, string, *threadScope, error) {
	if !vios.ValidID(id) {
		return nil, "", nil, vios.Errorf(vios.ENOTFOUND, "Dit bericht bestaat niet.")
	}
	m, sealed, err := scanMessage(tx.queryRow(ctx, `SELECT `+messageColumns+messageFrom+` WHERE m.id = ? AND m.municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, "", nil, errNoRows(err, "Dit bericht bestaat niet.")
	}
	s, err := tx.threadScope(ctx, municipalityID, m.NetworkID, m.CaseID)
	if err != nil {
		return nil, "", nil, err
	}
	if err := tx.messageVisible(ctx, s, m.ID); err != nil {
		return nil, "", nil, err
	}
	if may != nil && !may(m, s) {
		return nil, "", nil, vios.Errorf(vios.EFORBIDDEN, "Alleen de schrijver bewerkt een bericht; alleen de schrijver en de voorzitter verwijderen het.")
	}
	if m.DeletedAt != nil || m.WipedAt != nil {
		return nil, "", nil, vios.Errorf(vios.ECONFLICT, "Dit bericht is verwijderd of na de bewaartermijn gewist en verandert niet meer.")
	}
	return m, sealed, s, nil
}

// EditMessage changes the text of the actor's own message within ten
// minutes of posting; the earlier text is kept, sealed, and shown with it.
func (db *Networks) EditMessage(ctx context.Context, municipalityID, id, text string) error {
	actor := vios.ActorFromContext(ctx)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, sealed, s, err := tx.ownMessage(ctx, municipalityID, id, func(m *vios.Message, _ *threadScope) bool { return m.AuthorID == actor.User.ID })
		if err != nil {
			return err
		}
		if err := vios.ValidateMessageText(text, "Het bericht is niet gewijzigd."); err != nil {
			return err
		}
		if tx.now.Sub(m.PostedAt) >= vios.MessageEditWindow {
			return vios.Invalid("tekst", "Een bericht is tot 10 minuten na het plaatsen te bewerken; deze tijd is voorbij.", "Het bericht is niet gewijzigd.")
		}
		newText, pupils, err := tx.composeText(ctx, s, text, nil)
		if err != nil {
			return err
		}
		old, err := db.open(municipalityID, "messages", m.ID, "text_sealed", sealed)
		if err != nil {
			return err
		}
		editID := uuid.NewString()
		oldSealed, err := db.seal(municipalityID, "message_edits", editID, "text_sealed", old)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO message_edits (id, message_id, municipality_id, text_sealed, key_version, replaced_at)
			VALUES (?, ?, ?, ?, ?, ?)`, editID, m.ID, municipalityID, oldSealed, db.activeKey(municipalityID), tx.now); err != nil {
			return err
		}
		newSealed, err := db.seal(municipalityID, "messages", m.ID, "text_sealed", newText)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE messages SET text_sealed = ?, key_version = ?, edited_at = ? WHERE id = ?`,
			newSealed, db.activeKey(municipalityID), tx.now, m.ID); err != nil {
			return err
		}
		if err := tx.addMessagePupils(ctx, municipalityID, m.ID, pupils); err != nil {
			return err
		}
		if err := tx.threadChanged(ctx, municipalityID); err != nil {
			return err
		}
		if err := tx.recordPupilsShown(ctx, "bericht-bewerkt", municipalityID, pupils...); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bericht-bewerkt", ObjectType: "bericht", ObjectID: m.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
}

// DeleteMessage removes the text of a message (and of its earlier
// versions) and leaves the trace "verwijderd door … op …": its author or
// the network's chair may.
func (db *Networks) DeleteMessage(ctx context.Context, municipalityID, id string) error {
	actor := vios.ActorFromContext(ctx)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		m, _, _, err := tx.ownMessage(ctx, municipalityID, id, func(m *vios.Message, s *threadScope) bool {
			return m.AuthorID == actor.User.ID || s.network().PlaceOf(actor.User.ID, vios.Date(tx.now)) == vios.FunctionChair
		})
		if err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM message_edits WHERE message_id = ?`, `DELETE FROM message_pupils WHERE message_id = ?`,
			`DELETE FROM message_mentions WHERE message_id = ?`} {
			if err := tx.exec(ctx, q, m.ID); err != nil {
				return err
			}
		}
		// Its files go with its text.
		if err := tx.deleteAttachmentsOf(ctx, vios.OwnerMessage, []string{m.ID}); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE messages SET text_sealed = '', deleted_at = ?, deleted_by = ? WHERE id = ?`,
			tx.now, actor.User.ID, m.ID); err != nil {
			return err
		}
		if err := tx.threadChanged(ctx, municipalityID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bericht-verwijderd", ObjectType: "bericht", ObjectID: m.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
}

// ShareHistory lets a current member read the network's thread from the
// day from on: the chair's (or regisseur's) explicit act, audited.
func (db *Networks) ShareHistory(ctx context.Context, municipalityID, networkID, userID string, from time.Time) error {
	actor := vios.ActorFromContext(ctx)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		s, err := tx.threadScope(ctx, municipalityID, networkID, "")
		if err != nil {
			return err
		}
		n := s.network()
		day := vios.Date(tx.now)
		if err := tx.authorize(ctx, vios.ActionManageNetwork, n.Resource(actor, day), "netwerk", n.ID); err != nil {
			return err
		}
		const notShared = "De berichten zijn niet gedeeld."
		member := n.ActiveMember(userID, day)
		if member == nil {
			return vios.Invalid("lid", "Kies een huidig lid van het netwerk.", notShared)
		}
		if userID == actor.User.ID {
			return vios.Invalid("lid", "U kunt geen berichten met uzelf delen.", notShared)
		}
		if from.IsZero() || vios.Date(from).After(day) {
			return vios.Invalid("vanaf", "Kies een datum die niet in de toekomst ligt.", notShared)
		}
		// The chair shares only what they may read themselves.
		own, err := tx.readWindows(ctx, n.ID, actor.User.ID)
		if err != nil {
			return err
		}
		start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, vios.Amsterdam)
		if !slices.ContainsFunc(own, func(w threadWindow) bool { return !w.start.After(start) }) {
			return vios.Invalid("vanaf", "Kies een datum vanaf wanneer u de berichten zelf kunt lezen.", notShared)
		}
		id := uuid.NewString()
		if err := tx.exec(ctx, `INSERT INTO thread_shares (id, municipality_id, network_id, user_id, from_on, shared_by, created_at, member_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, municipalityID, n.ID, userID, vios.Date(from), actor.User.ID, tx.now, member.ID); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "berichten-gedeeld", ObjectType: "netwerk", ObjectID: n.ID, MunicipalityID: municipalityID,
			LegalBasis: vios.ActivityCasework.LegalBasis})
	})
}
