package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// CreateAction stores an action agreed in a meeting. The owner is a current
// member of the network; their organisation is the one they sit there for.
func (db *Networks) CreateAction(ctx context.Context, a *vios.ActionItem) error {
	return db.inTenant(ctx, a.MunicipalityID, func(tx *Tx) error {
		m, err := tx.meetingFor(ctx, vios.ActionRunMeeting, a.MunicipalityID, a.MeetingID, time.Time{})
		if err != nil {
			return err
		}
		if err := a.Validate(m.StartsAt); err != nil {
			return err
		}
		if m.Status == vios.MeetingPlanned || m.Status == vios.MeetingCancelled {
			return vios.Errorf(vios.ECONFLICT, "Actiepunten worden in het overleg afgesproken: verstuur eerst de agenda.")
		}
		if m.MinutesApprovedAt != nil {
			return vios.Errorf(vios.ECONFLICT, "Het verslag van dit overleg is vastgesteld; spreek nieuwe actiepunten af in het volgende overleg.")
		}
		return tx.insertAction(ctx, m, a, vios.Date(m.StartsAt))
	})
}

// insertAction stores a validated action of meeting m (a meeting's own
// action, or a case's). The owner is a member of the network on day; their
// organisation is the one they sit there for.
func (tx *Tx) insertAction(ctx context.Context, m *vios.Meeting, a *vios.ActionItem, day time.Time) error {
	var err error
	if a.OwnerOrganisationID, err = tx.memberOrganisation(ctx, m.NetworkID, a.OwnerUserID, day); err != nil {
		return err
	} else if a.OwnerOrganisationID == "" {
		return vios.Invalid("eigenaar", "Kies als eigenaar een lid of plaatsvervanger van dit netwerk.", "Het actiepunt is niet volledig of niet juist.")
	}
	if a.ItemID != "" {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM agenda_items WHERE id = ? AND meeting_id = ?`, a.ItemID, m.ID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Invalid("agendapunt", "Kies een punt van dit overleg.", "Het actiepunt is niet volledig of niet juist.")
		}
	}
	a.ID = uuid.NewString()
	a.MeetingID = m.ID
	a.NetworkID, a.NetworkName = m.NetworkID, m.NetworkName
	a.Status = vios.ActionOpen
	a.DueOn = vios.Date(a.DueOn)
	a.CreatedAt = tx.now.Truncate(time.Microsecond)
	a.UpdatedAt = a.CreatedAt
	var itemID any
	if a.ItemID != "" {
		itemID = a.ItemID
	}
	title, err := tx.db.seal(a.MunicipalityID, "actions", a.ID, "title_sealed", a.Title)
	if err != nil {
		return err
	}
	if err := tx.exec(ctx, `INSERT INTO actions (id, municipality_id, network_id, meeting_id, item_id, title, title_sealed, key_version,
		owner_user_id, owner_organisation_id, due_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.MunicipalityID, a.NetworkID, a.MeetingID, itemID, title, tx.db.activeKey(a.MunicipalityID), a.OwnerUserID,
		a.OwnerOrganisationID, a.DueOn, a.Status, a.CreatedAt, a.UpdatedAt); err != nil {
		return fmt.Errorf("insert action: %w", err)
	}
	if err := tx.mailActionOwner(ctx, a); err != nil {
		return err
	}
	return tx.audit(ctx, Audit{Action: "actiepunt-afgesproken", ObjectType: "actiepunt", ObjectID: a.ID, MunicipalityID: a.MunicipalityID})
}

// mailActionOwner tells the owner of a new action that it is theirs, by
// mail and on their devices, so nobody has to chase them; who takes an action on themselves knows it.
// The mail names the network and the due day, never the title.
func (tx *Tx) mailActionOwner(ctx context.Context, a *vios.ActionItem) error {
	if actor := vios.ActorFromContext(ctx); actor != nil && actor.User != nil && actor.User.ID == a.OwnerUserID {
		return nil
	}
	var email string
	if err := tx.queryRow(ctx, `SELECT email FROM users WHERE id = ? AND NOT disabled`, a.OwnerUserID).Scan(&email); err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().ActionAssigned(slug, a.ID, a.NetworkName, a.DueOn)
	return notifyUser(ctx, tx, email, mail, notify.ActionAssignedPush(slug, a.ID))
}

// memberOrganisation returns the organisation the user sits in the network
// for on day; "" when they are no member (or deputy) then.
func (tx *Tx) memberOrganisation(ctx context.Context, networkID, userID string, day time.Time) (string, error) {
	var org string
	err := tx.queryRow(ctx, `SELECT organisation_id FROM network_members WHERE network_id = ? AND user_id = ?
		AND joined_on <= ? AND (left_on IS NULL OR left_on > ?) ORDER BY position LIMIT 1`,
		networkID, userID, day, day).Scan(&org)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return org, err
}

// actionColumns read the sealed title and cancel reason beside the old
// plain columns (see openOr), the case the action belongs to and the
// safety plan it is a measure of, if any.
const actionColumns = `a.id, a.municipality_id, a.network_id, n.name, a.meeting_id, COALESCE(a.item_id, ''),
	COALESCE((SELECT cx.case_id FROM case_actions cx WHERE cx.action_id = a.id LIMIT 1), ''),
	COALESCE((SELECT px.plan_id FROM safety_plan_measures px WHERE px.action_id = a.id), ''),
	COALESCE((SELECT pp.title FROM safety_plan_measures px JOIN safety_plans pp ON pp.id = px.plan_id WHERE px.action_id = a.id), ''),
	a.title_sealed, a.title,
	a.owner_user_id, u.name, a.owner_organisation_id, o.name, a.due_on, a.status, a.cancel_reason_sealed, a.cancel_reason, a.done_at,
	a.created_at, a.updated_at`

const actionJoins = ` FROM actions a JOIN networks n ON n.id = a.network_id JOIN users u ON u.id = a.owner_user_id
	JOIN organisations o ON o.id = a.owner_organisation_id`

// scanAction reads an action and opens its title and cancel reason:
// whoever lists actions for a reader shields them (shieldActions).
func (db *Networks) scanAction(row interface{ Scan(...any) error }) (*vios.ActionItem, error) {
	a := &vios.ActionItem{}
	var done sql.NullTime
	var title, plainTitle, reason, plainReason string
	if err := row.Scan(&a.ID, &a.MunicipalityID, &a.NetworkID, &a.NetworkName, &a.MeetingID, &a.ItemID, &a.CaseID, &a.PlanID, &a.PlanTitle, &title, &plainTitle,
		&a.OwnerUserID, &a.OwnerName, &a.OwnerOrganisationID, &a.OwnerOrganisationName, &a.DueOn, &a.Status,
		&reason, &plainReason, &done, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if a.Title, err = db.openOr(a.MunicipalityID, "actions", a.ID, "title_sealed", title, plainTitle); err != nil {
		return nil, err
	}
	if a.CancelReason, err = db.openOr(a.MunicipalityID, "actions", a.ID, "cancel_reason_sealed", reason, plainReason); err != nil {
		return nil, err
	}
	a.DueOn = day(a.DueOn)
	a.DoneAt = timePtr(done)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// FindAction returns an action of the municipality with its notes.
func (db *Networks) FindAction(ctx context.Context, municipalityID, id string) (*vios.ActionItem, error) {
	a, err := findInTenant(ctx, db.DB, municipalityID, id, "Dit actiepunt bestaat niet.",
		`SELECT `+actionColumns+actionJoins+` WHERE a.id = ? AND a.municipality_id = ?`, db.scanAction,
		func(q querier, a *vios.ActionItem) error {
			rows, err := q.QueryContext(ctx, db.rebind(`SELECT n.id, n.author_id, u.name, n.text_sealed, n.text, n.status, n.created_at
			FROM action_notes n JOIN users u ON u.id = n.author_id WHERE n.action_id = ? ORDER BY n.created_at, n.id`), a.ID)
			a.Notes, err = scanAll(rows, err, func(s scanner) (vios.ActionNote, error) {
				var n vios.ActionNote
				var sealed, plain string
				if err := s.Scan(&n.ID, &n.AuthorID, &n.AuthorName, &sealed, &plain, &n.Status, &n.CreatedAt); err != nil {
					return n, err
				}
				n.CreatedAt = n.CreatedAt.UTC()
				var err error
				n.Text, err = db.openOr(municipalityID, "action_notes", n.ID, "text_sealed", sealed, plain)
				return n, err
			})
			return err
		})
	if err != nil {
		return nil, err
	}
	return a, db.shieldActions(ctx, db.read, []*vios.ActionItem{a})
}

// ListActions returns actions by due date. Without a municipality it lists
// the owner's actions in every municipality (the "my actions" page).
func (db *Networks) ListActions(ctx context.Context, f vios.ActionFilter) ([]*vios.ActionItem, error) {
	var where []string
	var args []any
	if f.MunicipalityID != "" {
		where, args = append(where, `a.municipality_id = ?`), append(args, f.MunicipalityID)
	}
	if f.NetworkID != "" {
		where, args = append(where, `a.network_id = ?`), append(args, f.NetworkID)
	}
	if f.OwnerUserID != "" {
		where, args = append(where, `a.owner_user_id = ?`), append(args, f.OwnerUserID)
	}
	if f.MeetingID != "" {
		where, args = append(where, `a.meeting_id = ?`), append(args, f.MeetingID)
	}
	if f.MunicipalityID == "" && f.OwnerUserID == "" {
		return nil, vios.Errorf(vios.EINVALID, "Kies een gemeente of een eigenaar.")
	}
	if f.OpenOnly {
		where, args = append(where, `a.status IN (?, ?)`), append(args, vios.ActionOpen, vios.ActionInProgress)
	}
	if f.OverdueOn != nil {
		where, args = append(where, `a.status IN (?, ?) AND a.due_on < ?`), append(args, vios.ActionOpen, vios.ActionInProgress, vios.Date(*f.OverdueOn))
	}
	if f.OpenAt != nil {
		where = append(where, `a.created_at < ? AND (a.done_at IS NULL OR a.done_at > ?) AND (a.status <> ? OR a.done_at IS NOT NULL)`)
		args = append(args, f.OpenAt.UTC(), f.OpenAt.UTC(), vios.ActionCancelled)
	}
	query := `SELECT ` + actionColumns + actionJoins + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY a.due_on, a.created_at, a.id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var list []*vios.ActionItem
	read := func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(query), args...)
		list, err = scanAll(rows, err, db.scanAction)
		return err
	}
	var err error
	if f.MunicipalityID != "" {
		err = db.readInTenant(ctx, f.MunicipalityID, read)
	} else {
		err = read(db.read)
	}
	if err != nil {
		return nil, err
	}
	return list, db.shieldActions(ctx, db.read, list)
}

// UpdateAction sets the status of an action and adds a progress note, if
// it is unchanged since basedOn. Closing (done or cancelled) is final.
func (db *Networks) UpdateAction(ctx context.Context, municipalityID, id, status, note string, basedOn time.Time) error {
	note = strings.TrimSpace(note)
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		a, err := db.scanAction(tx.queryRow(ctx, `SELECT `+actionColumns+actionJoins+` WHERE a.id = ? AND a.municipality_id = ?`, id, municipalityID))
		if err != nil {
			return errNoRows(err, "Dit actiepunt bestaat niet.")
		}
		res, err := tx.networkResource(ctx, municipalityID, a.NetworkID)
		if err != nil {
			return err
		}
		res.OwnerUserID = a.OwnerUserID
		if err := tx.authorize(ctx, vios.ActionUpdateAction, res, "actiepunt", a.ID); err != nil {
			return err
		}
		if stamp(a.UpdatedAt) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft dit actiepunt intussen bijgewerkt. Uw wijziging is niet opgeslagen; laad de pagina opnieuw.")
		}
		if status == "" {
			status = a.Status
		}
		reason := ""
		if status == vios.ActionCancelled {
			reason = note
		}
		if err := a.CheckTransition(status, reason); err != nil {
			return err
		}
		if status == a.Status && note == "" {
			return vios.Invalid("notitie", "Schrijf wat er gebeurd is, of kies een andere status.", "Er is niets bijgewerkt.")
		}
		if len([]rune(note)) > 2000 {
			return vios.Invalid("notitie", "Een notitie mag hoogstens 2.000 tekens lang zijn.", "Er is niets bijgewerkt.")
		}
		actor := vios.ActorFromContext(ctx)
		if actor == nil || actor.User == nil {
			return vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
		}
		now := tx.now.Truncate(time.Microsecond)
		if !now.After(a.UpdatedAt) {
			now = a.UpdatedAt.Add(time.Microsecond)
		}
		var doneAt any
		if status == vios.ActionDone || status == vios.ActionCancelled {
			doneAt = now
		}
		noteStatus := ""
		if status != a.Status {
			noteStatus = status
		}
		// The reason and the note are sealed; cancel_reason keeps a marker
		// for its CHECK. The title is sealed again with them, under the
		// same key version.
		plainReason, sealedReason := "", ""
		if reason != "" {
			plainReason = shieldedReason
			if sealedReason, err = db.seal(municipalityID, "actions", a.ID, "cancel_reason_sealed", reason); err != nil {
				return err
			}
		}
		title, err := db.seal(municipalityID, "actions", a.ID, "title_sealed", a.Title)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE actions SET status = ?, title = '', title_sealed = ?, cancel_reason = ?, cancel_reason_sealed = ?,
			key_version = ?, done_at = ?, updated_at = ? WHERE id = ?`,
			status, title, plainReason, sealedReason, db.activeKey(municipalityID), doneAt, now, a.ID); err != nil {
			return err
		}
		noteID := uuid.NewString()
		sealedNote, err := db.seal(municipalityID, "action_notes", noteID, "text_sealed", note)
		if err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO action_notes (id, municipality_id, action_id, author_id, text, text_sealed, key_version, status, created_at)
			VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)`, noteID, municipalityID, a.ID, actor.User.ID, sealedNote, db.activeKey(municipalityID),
			noteStatus, now); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "actiepunt-bijgewerkt", ObjectType: "actiepunt", ObjectID: a.ID, MunicipalityID: municipalityID})
	})
}

// ListPhenomena returns the national phenomena and the municipality's own,
// by label.
func (db *Networks) ListPhenomena(ctx context.Context, municipalityID string) ([]vios.Phenomenon, error) {
	var list []vios.Phenomenon
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT code, label, COALESCE(municipality_id, '') FROM phenomena
			WHERE municipality_id IS NULL OR municipality_id = ? ORDER BY label, code`), municipalityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p vios.Phenomenon
			if err := rows.Scan(&p.Code, &p.Label, &p.MunicipalityID); err != nil {
				return err
			}
			list = append(list, p)
		}
		return rows.Err()
	})
	return list, err
}

// AddPhenomenon adds a phenomenon to the municipality's list; its code is
// made from the label.
func (db *Networks) AddPhenomenon(ctx context.Context, p *vios.Phenomenon) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.Code = "eigen-" + slugify(p.Label)
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		// Who sets up networks keeps the list of phenomena they work on.
		if err := tx.authorize(ctx, vios.ActionCreateNetwork, vios.Resource{MunicipalityID: p.MunicipalityID}, "fenomeen", p.Code); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM phenomena WHERE (municipality_id IS NULL OR municipality_id = ?)
			AND (LOWER(label) = LOWER(?) OR code = ?)`, p.MunicipalityID, p.Label, p.Code).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return vios.Invalid("naam", "Dit fenomeen staat al in de lijst.", "Het fenomeen is niet toegevoegd.")
		}
		if err := tx.exec(ctx, `INSERT INTO phenomena (id, municipality_id, code, label, created_at) VALUES (?, ?, ?, ?, ?)`,
			uuid.NewString(), p.MunicipalityID, p.Code, p.Label, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "fenomeen-toegevoegd", ObjectType: "fenomeen", ObjectID: p.Code, MunicipalityID: p.MunicipalityID})
	})
}

// slugify makes a code of lowercase letters, digits and hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case strings.ContainsRune("áàäâ", r):
			b.WriteRune('a')
		case strings.ContainsRune("éèëê", r):
			b.WriteRune('e')
		case strings.ContainsRune("íìïî", r):
			b.WriteRune('i')
		case strings.ContainsRune("óòöô", r):
			b.WriteRune('o')
		case strings.ContainsRune("úùüû", r):
			b.WriteRune('u')
		default:
			if !dash && b.Len() > 0 {
				b.WriteRune('-')
				dash = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = out[:60]
	}
	return out
}
