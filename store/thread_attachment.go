package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// Files on messages. A message's files are seen by who reads the message
// in its thread and sees its author's pupils by name (a file may name
// anyone, as a signal's file may); they are added by its author and
// removed by its author or the network's chair, as the message is deleted.

func init() {
	attachmentOwners[vios.OwnerMessage] = attachmentOwner{see: messageFilesSeen, change: messageFilesChanged}
}

func messageFilesSeen(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
	if !vios.ValidID(id) {
		return nil, errNoMessage
	}
	m, _, err := scanMessage(tx.queryRow(ctx, `SELECT `+messageColumns+messageFrom+` WHERE m.id = ? AND m.municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Dit bericht bestaat niet.")
	}
	s, err := tx.threadScope(ctx, municipalityID, m.NetworkID, m.CaseID)
	if vios.ErrorCode(err) == vios.EFORBIDDEN {
		err = errNoMessage // outside the thread: the message does not exist
	}
	if err != nil {
		return nil, err
	}
	if err := tx.messageVisible(ctx, s, m.ID); err != nil {
		return nil, err
	}
	return tx.messageFilesNamed(ctx, s, m)
}

// messageFilesNamed returns the pupils the message mentions when the actor
// sees each of them by name (and the pupils of its writer's organisation
// at all), else ENOTFOUND.
func (tx *Tx) messageFilesNamed(ctx context.Context, s *threadScope, m *vios.Message) ([]string, error) {
	pupils, err := tx.messagePupilSchools(ctx, []any{m.ID})
	if err != nil {
		return nil, err
	}
	access := s.na.of(ctx, m.AuthorOrgID, vios.Date(tx.now))
	if err := namedOnly(access); err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range pupils[m.ID] {
		if !access.NamedFor(p.school) {
			return nil, namedOnly(vios.PupilAccess{})
		}
		ids = append(ids, p.id)
	}
	return ids, nil
}

type mentionedPupil struct{ id, school string }

// messagePupilSchools returns the pupils the messages mention, with their
// schools, by message.
func (tx *Tx) messagePupilSchools(ctx context.Context, ids []any) (map[string][]mentionedPupil, error) {
	out := map[string][]mentionedPupil{}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT mp.message_id, mp.pupil_id, COALESCE(p.school_id, '') FROM message_pupils mp
		LEFT JOIN pupils p ON p.id = mp.pupil_id WHERE mp.message_id IN (`+placeholders(len(ids))+`) ORDER BY mp.message_id, mp.pupil_id`), ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		var p mentionedPupil
		if err := rows.Scan(&msg, &p.id, &p.school); err != nil {
			return nil, err
		}
		out[msg] = append(out[msg], p)
	}
	return out, rows.Err()
}

func messageFilesChanged(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	m, _, s, err := tx.ownMessage(ctx, municipalityID, id, func(m *vios.Message, s *threadScope) bool {
		return m.AuthorID == actor.User.ID || s.network().PlaceOf(actor.User.ID, vios.Date(tx.now)) == vios.FunctionChair
	})
	if err != nil {
		return nil, err
	}
	return tx.messageFilesNamed(ctx, s, m)
}

var errNoMessage = vios.Errorf(vios.ENOTFOUND, "Dit bericht bestaat niet.")

// messageAttachments adds to the messages of a thread page their files, in
// one query: the access is decided once per author organisation. Deleted
// and wiped messages have none.
func (tx *Tx) messageAttachments(ctx context.Context, s *threadScope, list []*vios.Message) error {
	byID := map[string]*vios.Message{}
	access := map[string]vios.PupilAccess{}
	var ids []any
	day := vios.Date(tx.now)
	for _, m := range list {
		if m.DeletedAt != nil || m.WipedAt != nil {
			continue
		}
		a, seen := access[m.AuthorOrgID]
		if !seen {
			a = s.na.of(ctx, m.AuthorOrgID, day)
			access[m.AuthorOrgID] = a
		}
		if a.Named() {
			byID[m.ID] = m
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+attachmentColumns+attachmentFrom+`
		WHERE a.municipality_id = ? AND a.owner_kind = ? AND a.owner_id IN (`+placeholders(len(ids))+`) ORDER BY a.uploaded_at, a.id`),
		append([]any{s.network().MunicipalityID, string(vios.OwnerMessage)}, ids...)...)
	if err != nil {
		return err
	}
	var files []*vios.Attachment
	var owners []any
	for rows.Next() {
		a, _, err := tx.db.scanAttachment(rows)
		if err != nil {
			rows.Close()
			return err
		}
		files = append(files, a)
		owners = append(owners, a.OwnerID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(files) == 0 {
		return err
	}
	// A message naming a pupil the reader sees by pseudonym only (another
	// school's) keeps its files from the reader.
	pupils, err := tx.messagePupilSchools(ctx, owners)
	if err != nil {
		return err
	}
	hidden := map[string]bool{}
	for msg, list := range pupils {
		for _, p := range list {
			if !access[byID[msg].AuthorOrgID].NamedFor(p.school) {
				hidden[msg] = true
			}
		}
	}
	for _, a := range files {
		if m := byID[a.OwnerID]; !hidden[m.ID] {
			m.Attachments = append(m.Attachments, *a)
		}
	}
	return nil
}
