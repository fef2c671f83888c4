package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// The yearly work agenda: priorities per municipality and year, linked to
// the action items of the municipality's networks. Progress is counted
// from those actions by the domain (vios.ProgressOf), never stored.

const priorityColumns = `p.id, p.municipality_id, p.year, p.position, p.title, p.description,
	COALESCE(p.owner_organisation_id, ''), COALESCE(o.name, ''), p.target, p.status, p.stop_reason,
	COALESCE(p.copied_from, ''), p.created_at, p.updated_at`

const priorityJoins = ` FROM work_priorities p LEFT JOIN organisations o ON o.id = p.owner_organisation_id`

func scanPriority(row interface{ Scan(...any) error }) (*vios.Priority, error) {
	p := &vios.Priority{}
	if err := row.Scan(&p.ID, &p.MunicipalityID, &p.Year, &p.Position, &p.Title, &p.Description, &p.OwnerOrganisationID,
		&p.OwnerOrganisationName, &p.Target, &p.Status, &p.StopReason, &p.CopiedFromID, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// keyedScanner scans a key column before the columns another scan function
// expects, so scanAction serves for actions listed per priority.
type keyedScanner struct {
	row interface{ Scan(...any) error }
	key *string
}

func (k keyedScanner) Scan(dest ...any) error { return k.row.Scan(append([]any{k.key}, dest...)...) }

// WorkAgenda returns the priorities of the municipality's year in order,
// each with its linked actions by due date.
func (db *Networks) WorkAgenda(ctx context.Context, municipalityID string, year int) (*vios.WorkAgenda, error) {
	w := &vios.WorkAgenda{MunicipalityID: municipalityID, Year: year}
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT `+priorityColumns+priorityJoins+`
			WHERE p.municipality_id = ? AND p.year = ? ORDER BY p.position, p.created_at, p.id`), municipalityID, year)
		if err != nil {
			return fmt.Errorf("list priorities: %w", err)
		}
		if w.Priorities, err = scanAll(rows, nil, scanPriority); err != nil {
			return err
		}
		byID := map[string]*vios.Priority{}
		for _, p := range w.Priorities {
			byID[p.ID] = p
		}
		if len(w.Priorities) == 0 {
			return nil
		}
		return db.priorityActions(ctx, q, byID, `p.municipality_id = ? AND p.year = ?`, municipalityID, year)
	})
	if err != nil {
		return nil, err
	}
	// Action titles are texts of their meetings (shieldActions).
	var actions []*vios.ActionItem
	for _, p := range w.Priorities {
		actions = append(actions, p.Actions...)
	}
	return w, db.shieldActions(ctx, db.read, actions)
}

// priorityActions fills in the actions of the priorities in byID, which
// are those the condition on p (work_priorities) selects.
func (db *Networks) priorityActions(ctx context.Context, q querier, byID map[string]*vios.Priority, where string, args ...any) error {
	rows, err := q.QueryContext(ctx, db.rebind(`SELECT l.priority_id, `+actionColumns+actionJoins+`
		JOIN work_priority_actions l ON l.action_id = a.id JOIN work_priorities p ON p.id = l.priority_id
		WHERE l.municipality_id = a.municipality_id AND `+where+` ORDER BY a.due_on, a.created_at, a.id`), args...)
	if err != nil {
		return fmt.Errorf("list priority actions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var priorityID string
		a, err := db.scanAction(keyedScanner{rows, &priorityID})
		if err != nil {
			return err
		}
		if p := byID[priorityID]; p != nil {
			p.Actions = append(p.Actions, a)
		}
	}
	return rows.Err()
}

// FindPriority returns a priority of the municipality with its actions.
func (db *Networks) FindPriority(ctx context.Context, municipalityID, id string) (*vios.Priority, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze prioriteit bestaat niet.")
	}
	var p *vios.Priority
	err := db.readInTenant(ctx, municipalityID, func(q querier) error {
		var err error
		p, err = scanPriority(q.QueryRowContext(ctx, db.rebind(`SELECT `+priorityColumns+priorityJoins+`
			WHERE p.id = ? AND p.municipality_id = ?`), id, municipalityID))
		if err != nil {
			return errNoRows(err, "Deze prioriteit bestaat niet.")
		}
		return db.priorityActions(ctx, q, map[string]*vios.Priority{p.ID: p}, `p.id = ? AND p.municipality_id = ?`, id, municipalityID)
	})
	if err != nil {
		return nil, err
	}
	return p, db.shieldActions(ctx, db.read, p.Actions)
}

// AddPriority adds a priority at the end of its year's agenda.
func (db *Networks) AddPriority(ctx context.Context, p *vios.Priority) error {
	if err := vios.JoinInvalid("De prioriteit is niet volledig of niet juist.",
		vios.CheckWorkAgendaYear(p.Year, db.Now()), p.Validate()); err != nil {
		return err
	}
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		if err := tx.authorizeWorkAgenda(ctx, p.MunicipalityID, ""); err != nil {
			return err
		}
		if err := tx.checkPriority(ctx, p); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM work_priorities WHERE municipality_id = ? AND year = ?`,
			p.MunicipalityID, p.Year).Scan(&p.Position); err != nil {
			return err
		}
		p.ID = uuid.NewString()
		p.CreatedAt = tx.now.Truncate(time.Microsecond)
		p.UpdatedAt = p.CreatedAt
		if err := tx.insertPriority(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "werkagenda-prioriteit-toegevoegd", ObjectType: "prioriteit", ObjectID: p.ID, MunicipalityID: p.MunicipalityID})
	})
}

func (tx *Tx) insertPriority(ctx context.Context, p *vios.Priority) error {
	if err := tx.exec(ctx, `INSERT INTO work_priorities (id, municipality_id, year, position, title, description, owner_organisation_id,
		target, status, stop_reason, copied_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.MunicipalityID, p.Year, p.Position, p.Title, p.Description, nullable(p.OwnerOrganisationID), p.Target, p.Status,
		p.StopReason, nullable(p.CopiedFromID), p.CreatedAt, p.UpdatedAt); err != nil {
		return fmt.Errorf("insert priority: %w", err)
	}
	return nil
}

// nullable turns "" into NULL for an optional reference.
func nullable(id string) any {
	if id == "" {
		return nil
	}
	return id
}

// checkPriority holds the priority against other records: its owner is an
// organisation of the municipality, and its title is not on the year's
// agenda yet. It fills in the owner's name.
func (tx *Tx) checkPriority(ctx context.Context, p *vios.Priority) error {
	var v vios.Validation
	p.OwnerOrganisationName = ""
	if p.OwnerOrganisationID != "" {
		err := tx.queryRow(ctx, `SELECT name FROM organisations WHERE id = ? AND municipality_id = ?`, p.OwnerOrganisationID, p.MunicipalityID).
			Scan(&p.OwnerOrganisationName)
		if err == sql.ErrNoRows {
			v.Add("eigenaar", "Kies een organisatie van deze gemeente, of geen.")
		} else if err != nil {
			return err
		}
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM work_priorities WHERE municipality_id = ? AND year = ? AND LOWER(title) = LOWER(?) AND id <> ?`,
		p.MunicipalityID, p.Year, p.Title, p.ID).Scan(&n); err != nil {
		return err
	}
	v.Check(n == 0, "titel", "Deze prioriteit staat al op de werkagenda van %d.", p.Year)
	return v.Err("De prioriteit is niet volledig of niet juist.")
}

// UpdatePriority changes the priority's fields and status if it is
// unchanged since basedOn. Its year and place on the agenda stay.
func (db *Networks) UpdatePriority(ctx context.Context, p *vios.Priority, basedOn time.Time) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTenant(ctx, p.MunicipalityID, func(tx *Tx) error {
		current, err := scanPriority(tx.queryRow(ctx, `SELECT `+priorityColumns+priorityJoins+` WHERE p.id = ? AND p.municipality_id = ?`,
			p.ID, p.MunicipalityID))
		if err != nil {
			return errNoRows(err, "Deze prioriteit bestaat niet.")
		}
		if err := tx.authorizeWorkAgenda(ctx, p.MunicipalityID, p.ID); err != nil {
			return err
		}
		if stamp(current.UpdatedAt) != stamp(basedOn) {
			return vios.Errorf(vios.ECONFLICT, "Iemand anders heeft deze prioriteit intussen gewijzigd. Uw wijziging is niet opgeslagen; "+
				"hierboven staat wat nu is opgeslagen. Sla opnieuw op om uw versie te bewaren.")
		}
		p.Year, p.Position, p.CopiedFromID, p.CreatedAt = current.Year, current.Position, current.CopiedFromID, current.CreatedAt
		if err := tx.checkPriority(ctx, p); err != nil {
			return err
		}
		p.UpdatedAt = tx.now.Truncate(time.Microsecond)
		if !p.UpdatedAt.After(current.UpdatedAt) {
			p.UpdatedAt = current.UpdatedAt.Add(time.Microsecond)
		}
		if err := tx.exec(ctx, `UPDATE work_priorities SET title = ?, description = ?, owner_organisation_id = ?, target = ?, status = ?,
			stop_reason = ?, updated_at = ? WHERE id = ?`, p.Title, p.Description, nullable(p.OwnerOrganisationID), p.Target, p.Status,
			p.StopReason, p.UpdatedAt, p.ID); err != nil {
			return fmt.Errorf("update priority: %w", err)
		}
		action := "werkagenda-prioriteit-gewijzigd"
		if p.Status != current.Status {
			action = "werkagenda-prioriteit-" + p.Status
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "prioriteit", ObjectID: p.ID, MunicipalityID: p.MunicipalityID})
	})
}

// LinkPriorityAction links an action of the municipality's networks to the
// priority. An action of another municipality is refused as if it did not
// exist; so is a second link of the same action, and a link to a stopped
// priority.
func (db *Networks) LinkPriorityAction(ctx context.Context, municipalityID, priorityID, actionID string) error {
	const refused = "Het actiepunt is niet gekoppeld."
	if actionID == "" {
		return vios.Invalid("actiepunt", "Kies een actiepunt.", refused)
	}
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM work_priorities WHERE id = ? AND municipality_id = ?`, priorityID, municipalityID).
			Scan(&status); err != nil {
			return errNoRows(err, "Deze prioriteit bestaat niet.")
		}
		if err := tx.authorizeWorkAgenda(ctx, municipalityID, priorityID); err != nil {
			return err
		}
		if status == vios.PriorityStopped {
			return vios.Invalid("actiepunt", "Deze prioriteit is gestopt; koppel het actiepunt aan een prioriteit die loopt.", refused)
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM actions WHERE id = ? AND municipality_id = ?`, actionID, municipalityID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return vios.Invalid("actiepunt", "Kies een actiepunt van een netwerk van deze gemeente.", refused)
		}
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM work_priority_actions WHERE priority_id = ? AND action_id = ?`, priorityID, actionID).
			Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return vios.Invalid("actiepunt", "Dit actiepunt is al aan deze prioriteit gekoppeld.", refused)
		}
		if err := tx.exec(ctx, `INSERT INTO work_priority_actions (priority_id, action_id, municipality_id, linked_at) VALUES (?, ?, ?, ?)`,
			priorityID, actionID, municipalityID, tx.now.Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("link action: %w", err)
		}
		return tx.audit(ctx, Audit{Action: "werkagenda-actiepunt-gekoppeld", ObjectType: "prioriteit", ObjectID: priorityID, MunicipalityID: municipalityID})
	})
}

// CopyUnfinishedPriorities starts an empty year with the planned and
// running priorities of the year before, in their order and with their
// status, each remembering where it came from and keeping the links to its
// actions that are still open (done and cancelled ones stay with the year
// they belong to). A year that has priorities already is left alone.
func (db *Networks) CopyUnfinishedPriorities(ctx context.Context, municipalityID string, year int) (int, error) {
	if err := vios.CheckWorkAgendaYear(year, db.Now()); err != nil {
		return 0, err
	}
	count := 0
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		if err := tx.authorizeWorkAgenda(ctx, municipalityID, ""); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM work_priorities WHERE municipality_id = ? AND year = ?`, municipalityID, year).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return vios.Errorf(vios.ECONFLICT, "De werkagenda van %d heeft al prioriteiten; overnemen kan alleen in een lege werkagenda.", year)
		}
		rows, err := tx.QueryContext(ctx, db.rebind(`SELECT `+priorityColumns+priorityJoins+`
			WHERE p.municipality_id = ? AND p.year = ? AND p.status IN (?, ?) ORDER BY p.position, p.created_at, p.id`),
			municipalityID, year-1, vios.PriorityPlanned, vios.PriorityRunning)
		if err != nil {
			return fmt.Errorf("list unfinished priorities: %w", err)
		}
		previous, err := scanAll(rows, nil, scanPriority)
		if err != nil {
			return err
		}
		if len(previous) == 0 {
			return vios.Errorf(vios.ECONFLICT, "De werkagenda van %d heeft geen onafgeronde prioriteiten om over te nemen.", year-1)
		}
		now := tx.now.Truncate(time.Microsecond)
		for i, old := range previous {
			p := *old
			p.ID, p.Year, p.Position, p.CopiedFromID = uuid.NewString(), year, i+1, old.ID
			p.CreatedAt, p.UpdatedAt = now, now
			if err := tx.insertPriority(ctx, &p); err != nil {
				return err
			}
			if err := tx.exec(ctx, `INSERT INTO work_priority_actions (priority_id, action_id, municipality_id, linked_at)
				SELECT ?, l.action_id, l.municipality_id, ? FROM work_priority_actions l JOIN actions a ON a.id = l.action_id
				WHERE l.priority_id = ? AND l.municipality_id = ? AND a.municipality_id = ? AND a.status IN (?, ?)`,
				p.ID, now, old.ID, municipalityID, municipalityID, vios.ActionOpen, vios.ActionInProgress); err != nil {
				return fmt.Errorf("copy action links: %w", err)
			}
			if err := tx.audit(ctx, Audit{Action: "werkagenda-prioriteit-overgenomen", ObjectType: "prioriteit", ObjectID: p.ID,
				MunicipalityID: municipalityID}); err != nil {
				return err
			}
			count++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}
