package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/calendar"
)

// PlanMeetings stores the meetings of a plan for a network of the
// municipality and queues an invitation with an .ics file to every current
// member, in one transaction.
func (db *Networks) PlanMeetings(ctx context.Context, municipalityID, networkID string, plan vios.SeriesPlan) ([]*vios.Meeting, error) {
	list, err := plan.Meetings(db.Now())
	if err != nil {
		return nil, err
	}
	err = db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var name, status string
		if err := tx.queryRow(ctx, `SELECT name, '' FROM networks WHERE id = ? AND municipality_id = ?`, networkID, municipalityID).
			Scan(&name, &status); err != nil {
			return errNoRows(err, "Dit netwerk bestaat niet.")
		}
		if err := tx.authorizeInNetwork(ctx, vios.ActionRunMeeting, municipalityID, networkID, "netwerk", networkID); err != nil {
			return err
		}
		for _, m := range list {
			m.ID = uuid.NewString()
			m.NetworkID, m.NetworkName, m.MunicipalityID = networkID, name, municipalityID
			m.Status = vios.MeetingPlanned
			m.CreatedAt = tx.now.Truncate(time.Microsecond)
			m.UpdatedAt = m.CreatedAt
			location, err := db.seal(municipalityID, "meetings", m.ID, "location_sealed", m.Location)
			if err != nil {
				return err
			}
			if err := tx.exec(ctx, `INSERT INTO meetings (id, municipality_id, network_id, starts_at, ends_at, location, location_sealed,
				key_version, online_url, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
				m.ID, municipalityID, networkID, m.StartsAt.UTC(), m.EndsAt.UTC(), location, db.activeKey(municipalityID), m.OnlineURL,
				m.Status, m.CreatedAt, m.UpdatedAt); err != nil {
				return fmt.Errorf("insert meeting: %w", err)
			}
			if err := tx.audit(ctx, Audit{Action: "overleg-gepland", ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: municipalityID}); err != nil {
				return err
			}
		}
		return tx.mailInvitations(ctx, list, 0)
	})
	return list, err
}

// mailInvitations queues, per meeting, an invitation (or a cancellation)
// with its .ics to every current member of the network. The mail names no
// one and nothing of the agenda: only the network, the time, the link to
// join online and a link to the platform. Not the place either: it is free
// text, sealed in the database, and mail leaves the platform (members read
// it after logging in).
func (tx *Tx) mailInvitations(ctx context.Context, list []*vios.Meeting, sequence int) error {
	if len(list) == 0 {
		return nil
	}
	recipients, err := tx.memberAddresses(ctx, list[0].NetworkID, vios.Date(tx.now))
	if err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, list[0].MunicipalityID)
	if err != nil {
		return err
	}
	for _, m := range list {
		link := tx.db.Logs.site().MeetingLink(slug, m.ID)
		mail := tx.db.Logs.site().Invitation(slug, m)
		method, write := "REQUEST", calendar.Invite
		if m.Status == vios.MeetingCancelled {
			method, write = "CANCEL", calendar.Cancellation
		}
		for _, to := range recipients {
			ics, err := write(m, m.NetworkName, link, sequence, tx.now, calendar.Addressing{Organizer: tx.db.mailFrom(), Attendee: to})
			if err != nil {
				return fmt.Errorf("invitation: %w", err)
			}
			if err := tx.exec(ctx, `INSERT INTO outbox (id, created_at, recipient, subject, body, attachment_name,
				attachment_type, attachment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				uuid.NewString(), tx.now, to, mail.Subject, mail.Body, "overleg.ics", "text/calendar; method="+method, string(ics)); err != nil {
				return fmt.Errorf("queue invitation: %w", err)
			}
		}
	}
	return nil
}

// memberAddresses returns the mail addresses of the current members
// (fixed members and deputies) of a network whose account is not blocked.
func (tx *Tx) memberAddresses(ctx context.Context, networkID string, on time.Time) ([]string, error) {
	return scanStrings(tx.QueryContext(ctx, tx.db.rebind(`SELECT DISTINCT u.email FROM network_members m JOIN users u ON u.id = m.user_id
		WHERE m.network_id = ? AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?) AND NOT u.disabled ORDER BY u.email`),
		networkID, on, on))
}

func (tx *Tx) municipalitySlug(ctx context.Context, municipalityID string) (string, error) {
	var slug string
	err := tx.queryRow(ctx, `SELECT slug FROM municipalities WHERE id = ?`, municipalityID).Scan(&slug)
	return slug, err
}

const meetingColumns = `m.id, m.network_id, n.name, m.municipality_id, m.starts_at, m.ends_at, m.location_sealed, m.location,
	m.online_url, m.status, m.agenda_published_at, m.minutes_approved_at, m.created_at, m.updated_at`

// scanMeeting reads a meeting and opens its place: whoever shows it to a
// reader shields it (shieldMeeting).
func (db *Networks) scanMeeting(row interface{ Scan(...any) error }) (*vios.Meeting, error) {
	m := &vios.Meeting{}
	var published, approved sql.NullTime
	var location, plain string
	if err := row.Scan(&m.ID, &m.NetworkID, &m.NetworkName, &m.MunicipalityID, &m.StartsAt, &m.EndsAt, &location, &plain,
		&m.OnlineURL, &m.Status, &published, &approved, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if m.Location, err = db.openOr(m.MunicipalityID, "meetings", m.ID, "location_sealed", location, plain); err != nil {
		return nil, err
	}
	m.StartsAt, m.EndsAt, m.CreatedAt, m.UpdatedAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	m.AgendaPublishedAt, m.MinutesApprovedAt = timePtr(published), timePtr(approved)
	return m, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// FindMeeting returns a meeting of the municipality with its agenda items,
// attendance and corrections; its place and the texts of its items only to
// members of its network (shieldMeeting).
func (db *Networks) FindMeeting(ctx context.Context, municipalityID, id string) (*vios.Meeting, error) {
	return findInTenant(ctx, db.DB, municipalityID, id, "Dit overleg bestaat niet.",
		`SELECT `+meetingColumns+` FROM meetings m
			JOIN networks n ON n.id = m.network_id WHERE m.id = ? AND m.municipality_id = ?`, db.scanMeeting,
		func(q querier, m *vios.Meeting) (err error) {
			if m.Items, err = db.agendaItems(ctx, q, municipalityID, m.ID); err != nil {
				return err
			}
			if m.Attendance, err = db.attendance(ctx, q, m.ID); err != nil {
				return err
			}
			if m.Corrections, err = db.corrections(ctx, q, municipalityID, m.ID); err != nil {
				return err
			}
			// Who may read the texts is decided on the primary: a replica
			// a moment behind might still count a member who just left.
			member, err := db.readsMeetingTexts(ctx, db.read, m.NetworkID)
			shieldMeeting(m, member)
			return err
		})
}

// agendaItems reads the items of a meeting with their texts opened: the
// caller shields them for readers outside the network (shieldMeeting).
func (db *Networks) agendaItems(ctx context.Context, q querier, municipalityID, meetingID string) ([]vios.AgendaItem, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT i.id, i.meeting_id, i.position, i.kind, i.title_sealed, i.title,
		i.description_sealed, i.description, i.status, i.proposed_by, u.name, i.minutes_sealed, i.minutes, i.decisions_sealed,
		i.decisions, i.updated_at
		FROM agenda_items i JOIN users u ON u.id = i.proposed_by WHERE i.meeting_id = ? ORDER BY i.position, i.id`), meetingID)
	if err != nil {
		return nil, fmt.Errorf("list agenda items: %w", err)
	}
	var list []vios.AgendaItem
	index := map[string]int{}
	for rows.Next() {
		var i vios.AgendaItem
		var texts [8]string
		if err := rows.Scan(&i.ID, &i.MeetingID, &i.Position, &i.Kind, &texts[0], &texts[1], &texts[2], &texts[3], &i.Status,
			&i.ProposedByID, &i.ProposedByName, &texts[4], &texts[5], &texts[6], &texts[7], &i.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		for k, field := range []struct {
			column string
			to     *string
		}{{"title_sealed", &i.Title}, {"description_sealed", &i.Description}, {"minutes_sealed", &i.Minutes}, {"decisions_sealed", &i.Decisions}} {
			if *field.to, err = db.openOr(municipalityID, "agenda_items", i.ID, field.column, texts[2*k], texts[2*k+1]); err != nil {
				rows.Close()
				return nil, err
			}
		}
		i.UpdatedAt = i.UpdatedAt.UTC()
		index[i.ID] = len(list)
		list = append(list, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(list) == 0 {
		return list, err
	}
	rows, err = q.QueryContext(ctx, db.rebind(`SELECT p.item_id, p.code FROM agenda_item_phenomena p
		JOIN agenda_items i ON i.id = p.item_id WHERE i.meeting_id = ? ORDER BY p.code`), meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var itemID, code string
		if err := rows.Scan(&itemID, &code); err != nil {
			return nil, err
		}
		if k, ok := index[itemID]; ok {
			list[k].Phenomena = append(list[k].Phenomena, code)
		}
	}
	return list, rows.Err()
}

func (db *Networks) attendance(ctx context.Context, q querier, meetingID string) ([]vios.Attendance, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT a.member_id, m.user_id, u.name, m.organisation_id, o.name, a.status,
		COALESCE(a.deputy_user_id, ''), COALESCE(d.name, '')
		FROM attendance a JOIN network_members m ON m.id = a.member_id JOIN users u ON u.id = m.user_id
		JOIN organisations o ON o.id = m.organisation_id LEFT JOIN users d ON d.id = a.deputy_user_id
		WHERE a.meeting_id = ? ORDER BY o.name, u.name`), meetingID)
	if err != nil {
		return nil, fmt.Errorf("list attendance: %w", err)
	}
	return scanAll(rows, nil, func(s scanner) (vios.Attendance, error) {
		var a vios.Attendance
		return a, s.Scan(&a.MemberID, &a.UserID, &a.UserName, &a.OrganisationID, &a.OrganisationName, &a.Status,
			&a.DeputyUserID, &a.DeputyName)
	})
}

func (db *Networks) corrections(ctx context.Context, q querier, municipalityID, meetingID string) ([]vios.MinutesCorrection, error) {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT c.id, c.meeting_id, COALESCE(c.item_id, ''), c.author_id, u.name, c.text_sealed, c.text,
		c.created_at FROM minutes_corrections c JOIN users u ON u.id = c.author_id WHERE c.meeting_id = ? ORDER BY c.created_at, c.id`), meetingID)
	return scanAll(rows, err, func(s scanner) (vios.MinutesCorrection, error) {
		var c vios.MinutesCorrection
		var sealed, plain string
		if err := s.Scan(&c.ID, &c.MeetingID, &c.ItemID, &c.AuthorID, &c.AuthorName, &sealed, &plain, &c.CreatedAt); err != nil {
			return c, err
		}
		c.CreatedAt = c.CreatedAt.UTC()
		var err error
		c.Text, err = db.openOr(municipalityID, "minutes_corrections", c.ID, "text_sealed", sealed, plain)
		return c, err
	})
}

// ListMeetings returns meetings of a municipality by start time.
func (db *Networks) ListMeetings(ctx context.Context, f vios.MeetingFilter) ([]*vios.Meeting, error) {
	query := `SELECT ` + meetingColumns + ` FROM meetings m JOIN networks n ON n.id = m.network_id WHERE m.municipality_id = ?`
	args := []any{f.MunicipalityID}
	if f.NetworkID != "" {
		query += ` AND m.network_id = ?`
		args = append(args, f.NetworkID)
	}
	if f.From != nil {
		query += ` AND m.starts_at >= ?`
		args = append(args, f.From.UTC())
	}
	if f.To != nil {
		query += ` AND m.starts_at < ?`
		args = append(args, f.To.UTC())
	}
	if f.AttendeeUserID != "" {
		today := vios.Date(db.Now())
		query += ` AND EXISTS (SELECT 1 FROM network_members nm WHERE nm.network_id = m.network_id AND nm.user_id = ?
			AND nm.joined_on <= ? AND (nm.left_on IS NULL OR nm.left_on > ?))`
		args = append(args, f.AttendeeUserID, today, today)
	}
	query += ` ORDER BY m.starts_at, m.id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var list []*vios.Meeting
	err := db.readInTenant(ctx, f.MunicipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(query), args...)
		if list, err = scanAll(rows, err, db.scanMeeting); err != nil {
			return err
		}
		members, err := db.memberNetworks(ctx, db.read, vios.Date(db.Now())) // on the primary, as in FindMeeting
		if err != nil {
			return err
		}
		for _, m := range list {
			if f.WithDetails {
				if m.Items, err = db.agendaItems(ctx, q, f.MunicipalityID, m.ID); err != nil {
					return err
				}
				if m.Attendance, err = db.attendance(ctx, q, m.ID); err != nil {
					return err
				}
			}
			shieldMeeting(m, members[m.NetworkID])
		}
		return nil
	})
	return list, err
}

// lockMeeting reads a meeting in tx for a change, checking basedOn when it
// is not zero.
func (tx *Tx) lockMeeting(ctx context.Context, municipalityID, id string, basedOn time.Time) (*vios.Meeting, error) {
	q := `SELECT ` + meetingColumns + ` FROM meetings m JOIN networks n ON n.id = m.network_id WHERE m.id = ? AND m.municipality_id = ?`
	if tx.db.dialect == Postgres {
		q += ` FOR UPDATE OF m`
	}
	m, err := tx.db.Networks.scanMeeting(tx.queryRow(ctx, q, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Dit overleg bestaat niet.")
	}
	return m, meetingUnchanged(m, basedOn)
}

// meetingUnchanged refuses a change made from an older state of m than
// basedOn, when basedOn is not zero.
func meetingUnchanged(m *vios.Meeting, basedOn time.Time) error {
	if !basedOn.IsZero() && stamp(m.UpdatedAt) != stamp(basedOn) {
		return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft dit overleg intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen, zodat die van de ander niet verloren gaan; laad de pagina opnieuw.")
	}
	return nil
}

// touchMeeting marks the meeting changed, so editors who started from the
// old state are told.
func (tx *Tx) touchMeeting(ctx context.Context, m *vios.Meeting) error {
	// Always later than the stamp it replaces, even within one microsecond
	// or on a stopped test clock, so a stale editor is always told.
	previous := m.UpdatedAt
	m.UpdatedAt = tx.now.Truncate(time.Microsecond)
	if !m.UpdatedAt.After(previous) {
		m.UpdatedAt = previous.Add(time.Microsecond)
	}
	return tx.exec(ctx, `UPDATE meetings SET updated_at = ? WHERE id = ?`, m.UpdatedAt, m.ID)
}

// RescheduleMeeting moves, relocates or cancels a meeting that has not been
// held, and tells the members with a new .ics.
func (db *Networks) RescheduleMeeting(ctx context.Context, changed *vios.Meeting, basedOn time.Time) error {
	if changed.Status != vios.MeetingCancelled {
		if err := changed.Validate(db.Now(), true); err != nil {
			return err
		}
	}
	return db.inTenant(ctx, changed.MunicipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, changed.MunicipalityID, changed.ID, basedOn)
		if err != nil {
			return err
		}
		if m.Status == vios.MeetingHeld || m.Status == vios.MeetingCancelled {
			return vios.Errorf(vios.ECONFLICT, "Een overleg dat al gehouden of geannuleerd is, kan niet meer worden verplaatst.")
		}
		status := m.Status
		if changed.Status == vios.MeetingCancelled {
			status = vios.MeetingCancelled
		} else {
			m.StartsAt, m.EndsAt, m.OnlineURL = changed.StartsAt, changed.EndsAt, changed.OnlineURL
			// Someone outside the network saw the placeholder, not the
			// place, in the form: that keeps the place as it was.
			if changed.Location != vios.ShieldedMeetingText {
				m.Location = changed.Location
			}
		}
		m.Status = status
		var sequence int
		if err := tx.queryRow(ctx, `SELECT sequence + 1 FROM meetings WHERE id = ?`, m.ID).Scan(&sequence); err != nil {
			return err
		}
		m.UpdatedAt = tx.now.Truncate(time.Microsecond)
		location, err := db.seal(m.MunicipalityID, "meetings", m.ID, "location_sealed", m.Location)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE meetings SET starts_at = ?, ends_at = ?, location = '', location_sealed = ?, key_version = ?,
			online_url = ?, status = ?, sequence = ?, updated_at = ? WHERE id = ?`, m.StartsAt.UTC(), m.EndsAt.UTC(), location,
			db.activeKey(m.MunicipalityID), m.OnlineURL, m.Status, sequence, m.UpdatedAt, m.ID); err != nil {
			return err
		}
		action := "overleg-verplaatst"
		if status == vios.MeetingCancelled {
			action = "overleg-geannuleerd"
		}
		if err := tx.audit(ctx, Audit{Action: action, ObjectType: "overleg", ObjectID: m.ID, MunicipalityID: m.MunicipalityID}); err != nil {
			return err
		}
		if err := tx.mailInvitations(ctx, []*vios.Meeting{m}, sequence); err != nil {
			return err
		}
		member, err := db.readsMeetingTexts(ctx, tx, m.NetworkID)
		shieldMeeting(m, member)
		*changed = *m
		return err
	})
}
