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
	if err != nil {
		return nil, err
	}
	if err := tx.messageVisible(ctx, s, m.ID); err != nil {
		return nil, err
	}
	if err := namedOnly(s.na.of(ctx, m.AuthorOrgID, vios.Date(tx.now))); err != nil {
		return nil, err
	}
	return tx.messagePupils(ctx, m.ID)
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
	if err := namedOnly(s.na.of(ctx, m.AuthorOrgID, vios.Date(tx.now))); err != nil {
		return nil, err
	}
	return tx.messagePupils(ctx, m.ID)
}

var errNoMessage = vios.Errorf(vios.ENOTFOUND, "Dit bericht bestaat niet.")

func (tx *Tx) messagePupils(ctx context.Context, id string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT pupil_id FROM message_pupils WHERE message_id = ? ORDER BY pupil_id`), id)
	return scanAll(rows, err, func(sc scanner) (string, error) {
		var p string
		return p, sc.Scan(&p)
	})
}

// messageAttachments adds to the messages of a thread page their files, in
// one query: the access is decided once per author organisation. Deleted
// and wiped messages have none.
func (tx *Tx) messageAttachments(ctx context.Context, s *threadScope, list []*vios.Message) error {
	byID := map[string]*vios.Message{}
	named := map[string]bool{}
	var ids []any
	day := vios.Date(tx.now)
	for _, m := range list {
		if m.DeletedAt != nil || m.WipedAt != nil {
			continue
		}
		ok, seen := named[m.AuthorOrgID]
		if !seen {
			ok = s.na.of(ctx, m.AuthorOrgID, day).Named()
			named[m.AuthorOrgID] = ok
		}
		if ok {
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
	defer rows.Close()
	for rows.Next() {
		a, _, err := tx.db.scanAttachment(rows)
		if err != nil {
			return err
		}
		m := byID[a.OwnerID]
		m.Attachments = append(m.Attachments, *a)
	}
	return rows.Err()
}
