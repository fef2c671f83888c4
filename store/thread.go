package store

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Threads: the network's own thread (case_id NULL) is for its current
// members, each seeing what was posted while they were a member (and what
// the chair shared with them); a case's thread is for whoever sees the
// case. A pupil a message names is a mention in the sealed text, shown per
// reader as the clause lets them see the pupil (threadPupils).

// threadLimit is how many of the newest messages a thread page shows.
const threadLimit = 500

// threadScope is the thread a request addresses, as the actor may reach it.
type threadScope struct {
	na       *networkAccess
	caseID   string
	caseCode string
	key      string // message_reads.thread_key

	caseReporter string // the organisation that reported the case
}

// readsCaseThread reports whether a reader with access acc to the case of
// s reads its thread: a case's thread is free text about the case, for who
// reads its plan and notes as the clause gives them (fillCase).
func (tx *Tx) readsCaseThread(ctx context.Context, s *threadScope, acc vios.PupilAccess) (bool, error) {
	if acc.Named() && acc.School != "" {
		schools, err := scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT p.school_id FROM case_pupils cp
			JOIN pupils p ON p.id = cp.pupil_id WHERE cp.case_id = ?`), s.caseID))
		if err != nil {
			return false, err
		}
		acc = acc.ForSchools(schools...)
	}
	return acc.Reads(vios.DataPlan), nil
}

// memberReadsCase reports whether the network member userID reads the
// case thread of s, as they would if they opened it.
func (tx *Tx) memberReadsCase(ctx context.Context, s *threadScope, userID string) (bool, error) {
	u, err := tx.userRoles(ctx, userID, s.network().MunicipalityID)
	if err != nil {
		return false, err
	}
	actor := &vios.Actor{User: u}
	orgID, kind, err := tx.actorOrganisation(ctx, actor, s.network())
	if err != nil {
		return false, err
	}
	acc := vios.AccessOf(actor, s.network(), s.na.sharing, s.caseReporter, orgID, kind, vios.Date(tx.now))
	return tx.readsCaseThread(ctx, s, acc)
}

func (s *threadScope) network() *vios.Network { return s.na.network }

// threadScope loads the network (and case) of a thread and checks that the
// actor may read it: a network's thread its current members (others of
// the municipality are refused, a regisseur without a place gets 404), a
// case's thread whoever sees the case.
func (tx *Tx) threadScope(ctx context.Context, municipalityID, networkID, caseID string) (*threadScope, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	day := vios.Date(tx.now)
	scope := &threadScope{caseID: caseID, key: networkID}
	var caseReporter string
	if caseID != "" {
		if !vios.ValidID(caseID) {
			return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
		}
		err := tx.queryRow(ctx, `SELECT c.network_id, c.code, s.reporter_org_id FROM cases c JOIN signals s ON s.id = c.signal_id
			WHERE c.id = ? AND c.municipality_id = ?`, caseID, municipalityID).Scan(&networkID, &scope.caseCode, &caseReporter)
		if err != nil {
			return nil, errNoRows(err, "Deze casus bestaat niet.")
		}
		scope.key = caseID
	} else if !vios.ValidID(networkID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit netwerk bestaat niet.")
	}
	na, err := tx.networkAccess(ctx, nil, municipalityID, networkID)
	if err != nil {
		return nil, err
	}
	scope.na = na
	if caseID != "" {
		// A case's thread is free text about the case: for who reads its
		// plan and notes, as the clause gives them (fillCase).
		scope.caseReporter = caseReporter
		reads, err := tx.readsCaseThread(ctx, scope, na.of(ctx, caseReporter, day))
		if err != nil {
			return nil, err
		}
		if !reads {
			return nil, vios.Errorf(vios.ENOTFOUND, "Deze casus bestaat niet.")
		}
		return scope, nil
	}
	if err := tx.authorize(ctx, vios.ActionViewNetwork, na.network.Resource(actor, day), "netwerk", networkID); err != nil {
		return nil, err
	}
	if na.network.PlaceOf(actor.User.ID, day) == "" {
		return nil, vios.Errorf(vios.ENOTFOUND, "Dit netwerk heeft geen berichten voor u: alleen de leden lezen ze.")
	}
	return scope, nil
}

// threadWindow is a period of a network's thread a member may read; end
// is zero while it runs.
type threadWindow struct{ start, end time.Time }

// readWindows returns the periods userID may read of a network's thread:
// each membership from when it was written (a backdated joined_on opens
// nothing older) until the day it ended, and each share the chair made
// for a membership, until that membership ends.
func (tx *Tx) readWindows(ctx context.Context, networkID, userID string) ([]threadWindow, error) {
	midnight := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vios.Amsterdam)
	}
	var list []threadWindow
	scan := func(query string) error {
		rows, err := tx.QueryContext(ctx, tx.db.rebind(query), networkID, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var from time.Time
			var written, left sql.NullTime
			if err := rows.Scan(&from, &written, &left); err != nil {
				return err
			}
			w := threadWindow{start: midnight(day(from))}
			// To the second: the moment a message was posted is kept at
			// another precision than a membership's, and a message of the
			// same second as the seat is not history.
			if written.Valid && written.Time.After(w.start) {
				w.start = written.Time.Truncate(time.Second)
			}
			if left.Valid {
				w.end = midnight(day(left.Time))
			}
			list = append(list, w)
		}
		return rows.Err()
	}
	if err := scan(`SELECT joined_on, created_at, left_on FROM network_members WHERE network_id = ? AND user_id = ?`); err != nil {
		return nil, err
	}
	if err := scan(`SELECT s.from_on, NULL, m.left_on FROM thread_shares s JOIN network_members m ON m.id = s.member_id
		WHERE s.network_id = ? AND s.user_id = ?`); err != nil {
		return nil, err
	}
	return list, nil
}

// windows returns the SQL condition on m.posted_at for the periods the
// actor may read of a network's thread (readWindows). A case's thread has
// no windows.
func (tx *Tx) windows(ctx context.Context, s *threadScope, userID string) (string, []any, error) {
	if s.caseID != "" {
		return "", nil, nil
	}
	list, err := tx.readWindows(ctx, s.network().ID, userID)
	if err != nil {
		return "", nil, err
	}
	var parts []string
	var args []any
	for _, w := range list {
		if w.end.IsZero() {
			parts, args = append(parts, "m.posted_at >= ?"), append(args, w.start)
		} else {
			parts, args = append(parts, "(m.posted_at >= ? AND m.posted_at < ?)"), append(args, w.start, w.end)
		}
	}
	if len(parts) == 0 {
		return "1 = 0", nil, nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, nil
}

const messageColumns = `m.id, m.municipality_id, m.network_id, COALESCE(m.case_id, ''), m.author_user_id, u.name, m.author_org_id, o.name,
	COALESCE(m.reply_to_id, ''), m.text_sealed, m.posted_at, m.edited_at, m.deleted_at, COALESCE(d.name, ''), COALESCE(m.signal_id, ''), m.pseudonymised_at,
	COALESCE(m.agenda_item_id, ''), COALESCE(ai.meeting_id, ''), COALESCE(m.action_id, '')`

const messageFrom = ` FROM messages m JOIN users u ON u.id = m.author_user_id JOIN organisations o ON o.id = m.author_org_id
	LEFT JOIN users d ON d.id = m.deleted_by LEFT JOIN agenda_items ai ON ai.id = m.agenda_item_id`

func scanMessage(sc scanner) (*vios.Message, string, error) {
	m := &vios.Message{}
	var sealed string
	var edited, deleted, wiped sql.NullTime
	err := sc.Scan(&m.ID, &m.MunicipalityID, &m.NetworkID, &m.CaseID, &m.AuthorID, &m.AuthorName, &m.AuthorOrgID, &m.AuthorOrgName,
		&m.ReplyToID, &sealed, &m.PostedAt, &edited, &deleted, &m.DeletedByName, &m.SignalID, &wiped,
		&m.AgendaItemID, &m.MeetingID, &m.ActionID)
	m.PostedAt = m.PostedAt.UTC()
	m.EditedAt, m.DeletedAt, m.WipedAt = utcPtr(edited), utcPtr(deleted), utcPtr(wiped)
	return m, sealed, err
}

// Thread returns the thread as the actor sees it (the newest threadLimit
// messages, oldest first), logs every pupil shown and records how far the
// actor has read.
func (db *Networks) Thread(ctx context.Context, municipalityID, networkID, caseID string) (*vios.Thread, error) {
	var t *vios.Thread
	var scope *threadScope
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		var err error
		if scope, err = tx.threadScope(ctx, municipalityID, networkID, caseID); err != nil {
			return err
		}
		t, err = tx.readThread(ctx, scope)
		return err
	})
	if err != nil || len(t.Messages) == 0 {
		return t, err
	}
	return t, db.markRead(ctx, scope, t.Messages[len(t.Messages)-1])
}

// readThread reads the messages of the thread the actor may see, with
// their pupils, edits and the members' receipts, and logs the pupils shown.
func (tx *Tx) readThread(ctx context.Context, s *threadScope) (*vios.Thread, error) {
	actor := vios.ActorFromContext(ctx)
	n := s.network()
	t := &vios.Thread{MunicipalityID: n.MunicipalityID, NetworkID: n.ID, NetworkName: n.Name, CaseID: s.caseID, CaseCode: s.caseCode}
	day := vios.Date(tx.now)
	t.MayShare = s.caseID == "" && n.PlaceOf(actor.User.ID, day) == vios.FunctionChair
	place := n.PlaceOf(actor.User.ID, day)
	t.MayAct = place == vios.FunctionChair || place == vios.FunctionSecretary
	where := []string{"m.municipality_id = ?", "m.network_id = ?"}
	args := []any{n.MunicipalityID, n.ID}
	if s.caseID == "" {
		where = append(where, "m.case_id IS NULL")
	} else {
		where, args = append(where, "m.case_id = ?"), append(args, s.caseID)
	}
	window, windowArgs, err := tx.windows(ctx, s, actor.User.ID)
	if err != nil {
		return nil, err
	}
	if window != "" {
		where, args = append(where, window), append(args, windowArgs...)
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+messageColumns+messageFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY m.posted_at DESC, m.id DESC LIMIT `+strconv.Itoa(threadLimit)), args...)
	sealed := map[string]string{}
	t.Messages, err = scanAll(rows, err, func(sc scanner) (*vios.Message, error) {
		m, text, err := scanMessage(sc)
		sealed[m.ID] = text
		return m, err
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(t.Messages) // oldest first
	pp := newPupilParts(tx, s)
	for _, m := range t.Messages {
		m.Mine = m.AuthorID == actor.User.ID
		m.Editable = m.Mine && m.DeletedAt == nil && tx.now.Sub(m.PostedAt) < vios.MessageEditWindow
		text, err := tx.db.open(m.MunicipalityID, "messages", m.ID, "text_sealed", sealed[m.ID])
		if err != nil {
			return nil, err
		}
		if m.Parts, err = pp.render(ctx, m.AuthorOrgID, text); err != nil {
			return nil, err
		}
	}
	if err := tx.messageEdits(ctx, pp, t.Messages); err != nil {
		return nil, err
	}
	if err := tx.messageAttachments(ctx, s, t.Messages); err != nil {
		return nil, err
	}
	if t.Reads, err = tx.threadReads(ctx, s); err != nil {
		return nil, err
	}
	if err := tx.composerPupils(ctx, s, t); err != nil {
		return nil, err
	}
	shown := append(pp.shown, pupilIDsOf(t.Pupils)...)
	return t, tx.recordPupilsShown(ctx, "berichten-gelezen", n.MunicipalityID, shown...)
}

// messageEdits adds to the edited messages the texts they had before.
func (tx *Tx) messageEdits(ctx context.Context, pp *pupilParts, list []*vios.Message) error {
	byID := map[string]*vios.Message{}
	var ids []string
	for _, m := range list {
		if m.EditedAt != nil && m.DeletedAt == nil {
			byID[m.ID] = m
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT id, message_id, text_sealed FROM message_edits WHERE message_id IN (`+
		placeholders(len(ids))+`) ORDER BY replaced_at, id`), idArgs(ids)...)
	edits, err := scanAll(rows, err, func(sc scanner) ([3]string, error) {
		var e [3]string
		return e, sc.Scan(&e[0], &e[1], &e[2])
	})
	if err != nil {
		return err
	}
	for _, e := range edits {
		m := byID[e[1]]
		text, err := tx.db.open(m.MunicipalityID, "message_edits", e[0], "text_sealed", e[2])
		if err != nil {
			return err
		}
		parts, err := pp.render(ctx, m.AuthorOrgID, text)
		if err != nil {
			return err
		}
		m.Edits = append(m.Edits, parts)
	}
	return nil
}

// threadReads returns, per current member of the network (per reader who
// read it, for a case's thread), the last message they read.
func (tx *Tx) threadReads(ctx context.Context, s *threadScope) ([]vios.ThreadRead, error) {
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT r.user_id, u.name, r.message_id, r.read_at FROM message_reads r
		JOIN users u ON u.id = r.user_id WHERE r.thread_key = ?`), s.key)
	read, err := scanAll(rows, err, func(sc scanner) (vios.ThreadRead, error) {
		var r vios.ThreadRead
		var at time.Time
		err := sc.Scan(&r.UserID, &r.UserName, &r.MessageID, &at)
		at = at.UTC()
		r.ReadAt = &at
		return r, err
	})
	if err != nil {
		return nil, err
	}
	byUser := map[string]vios.ThreadRead{}
	for _, r := range read {
		byUser[r.UserID] = r
	}
	if s.caseID != "" {
		sort.Slice(read, func(i, j int) bool { return read[i].UserName < read[j].UserName })
		return read, nil
	}
	var out []vios.ThreadRead
	day := vios.Date(tx.now)
	for _, m := range s.network().Members {
		if !m.ActiveOn(day) {
			continue
		}
		r, ok := byUser[m.UserID]
		if !ok {
			r = vios.ThreadRead{UserID: m.UserID, UserName: m.UserName}
		}
		r.OrganisationName = m.OrganisationName
		out = append(out, r)
		delete(byUser, m.UserID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserName < out[j].UserName })
	return out, nil
}

// markRead records that the actor read the thread up to m, unless they had
// already read as far.
func (db *Networks) markRead(ctx context.Context, s *threadScope, m *vios.Message) error {
	actor := vios.ActorFromContext(ctx)
	return db.inTenant(ctx, m.MunicipalityID, func(tx *Tx) error {
		var last time.Time
		err := tx.queryRow(ctx, `SELECT posted_at FROM message_reads WHERE thread_key = ? AND user_id = ?`, s.key, actor.User.ID).Scan(&last)
		if err == nil && !last.Before(m.PostedAt) {
			return nil
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		return tx.exec(ctx, `INSERT INTO message_reads (thread_key, user_id, municipality_id, message_id, posted_at, read_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (thread_key, user_id) DO UPDATE SET message_id = excluded.message_id,
			posted_at = excluded.posted_at, read_at = excluded.read_at`, s.key, actor.User.ID, m.MunicipalityID, m.ID, m.PostedAt, tx.now)
	})
}

// ThreadVersion returns how many messages the actor sees of the thread and
// when the last changed: it changes with every post, edit and deletion.
func (db *Networks) ThreadVersion(ctx context.Context, municipalityID, networkID, caseID string) (string, error) {
	var version string
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		s, err := tx.threadScope(ctx, municipalityID, networkID, caseID)
		if err != nil {
			return err
		}
		where, args := "m.case_id IS NULL", []any{s.network().ID}
		if s.caseID != "" {
			where, args = "m.case_id = ?", append(args, s.caseID)
		}
		window, windowArgs, err := tx.windows(ctx, s, vios.ActorFromContext(ctx).User.ID)
		if err != nil {
			return err
		}
		if window != "" {
			where, args = where+" AND "+window, append(args, windowArgs...)
		}
		var n int
		var posted, edited, deleted sql.NullString
		if err := tx.queryRow(ctx, `SELECT COUNT(*), MAX(m.posted_at), MAX(m.edited_at), MAX(m.deleted_at) FROM messages m
			WHERE m.network_id = ? AND `+where, args...).Scan(&n, &posted, &edited, &deleted); err != nil {
			return err
		}
		version = strconv.Itoa(n) + "/" + posted.String + "/" + edited.String + "/" + deleted.String
		return nil
	})
	return version, err
}
