package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/vios-platform/vios"
)

// SendTransfer sends the chosen items of the case to the receiving school.
// Every item must be allowed by the transfer clause; without a clause no
// item goes, only the notice. The sender keeps the items sealed under its
// own key (what was sent); the receiver gets a receipt in its own
// municipality with, under a clause, the pupil's initials — the content
// follows only on acceptance (DecideTransfer).
func (db *Casework) SendTransfer(ctx context.Context, municipalityID, caseID, pupilID, toSchoolID string, itemKeys []string) (*vios.Transfer, error) {
	var out *vios.Transfer
	err := db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		st, err := tx.startTransfer(ctx, municipalityID, caseID, pupilID, toSchoolID)
		if err != nil {
			return err
		}
		plan := &st.plan
		var chosen []vios.TransferItem
		for _, key := range itemKeys {
			i := slices.IndexFunc(plan.Items, func(it vios.TransferItem) bool { return it.Key == key })
			switch {
			case i < 0:
				return vios.Invalid("onderdelen", "Kies alleen onderdelen van deze casus.", "Er is niets overgedragen.")
			case plan.Clause == nil:
				return vios.Invalid("onderdelen", "Zonder afspraak over overdracht gaat alleen de melding over, zonder onderdelen.", "Er is niets overgedragen.")
			case !plan.Items[i].Allowed:
				return vios.Invalid("onderdelen", "Volgens de afspraak mag '"+plan.Items[i].Title+"' niet naar "+plan.To.Name+".", "Er is niets overgedragen.")
			}
			if !slices.ContainsFunc(chosen, func(it vios.TransferItem) bool { return it.Key == key }) {
				chosen = append(chosen, plan.Items[i])
			}
		}
		if plan.Clause != nil && len(chosen) == 0 {
			return vios.Invalid("onderdelen", "Kies wat de ontvangende school nodig heeft.", "Er is niets overgedragen.")
		}
		to := plan.To
		t := &vios.Transfer{ID: newID(), MunicipalityID: municipalityID, CaseID: st.c.ID, CaseCode: st.c.Code, FromSchool: plan.FromSchool,
			ToSchoolID: to.ID, ToSchool: to.Name, ToMunicipalityID: to.MunicipalityID, ToMunicipality: to.MunicipalityName, Contact: st.sender, NoticeOnly: plan.Clause == nil,
			ItemCount: len(chosen), Status: vios.TransferSent, CreatedAt: tx.now, Items: chosen}
		t.Categories = categoriesOf(chosen)
		clauseID, sealed := "", ""
		p := plan.Pupil
		if plan.Clause != nil {
			clauseID = plan.Clause.ID
			if sealed, err = tx.db.sealedContent(municipalityID, "transfers", t.ID, "items_sealed",
				transferContent{Name: p.Name, BirthDate: p.BirthDate, Class: p.Class, Items: chosen}); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `INSERT INTO transfers (id, municipality_id, case_id, pupil_id, from_school_id, sender_user_id,
			to_municipality_id, to_school_id, to_school, to_municipality, clause_id, categories, item_count, items_sealed, key_version,
			status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, municipalityID, st.c.ID, p.ID,
			st.c.OwnerOrgID, vios.ActorFromContext(ctx).User.ID, to.MunicipalityID, to.ID, to.Name, to.MunicipalityName, clauseID,
			joinCategories(t.Categories), t.ItemCount, sealed, tx.db.activeKey(municipalityID), t.Status, tx.now); err != nil {
			return err
		}
		if err := tx.audit(ctx, Audit{Action: "overdracht-verzonden", ObjectType: "overdracht", ObjectID: t.ID, MunicipalityID: municipalityID}); err != nil {
			return err
		}
		if err := tx.process(ctx, "overdracht-verzonden", vios.ActivityCasework, municipalityID, Subject{ID: p.ID, Type: "leerling"}); err != nil {
			return err
		}
		fromMunicipality, err := tx.municipalityName(ctx, municipalityID)
		if err != nil {
			return err
		}
		t.FromMunicipality = fromMunicipality
		out = t
		return tx.across(ctx, municipalityID, to.MunicipalityID, func() error {
			return tx.receiveTransfer(ctx, t, municipalityID, p, st.contacts)
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// receiveTransfer writes the receiver's side of a new transfer, behind the
// receiving municipality's tenant: the receipt, its audit and processing
// records, and a content-free mail to the receiving school's staff.
func (tx *Tx) receiveTransfer(ctx context.Context, t *vios.Transfer, fromMunicipalityID string, p vios.Pupil, contacts []string) error {
	receiptID := newID()
	initials := ""
	if !t.NoticeOnly {
		var err error
		if initials, err = tx.db.seal(t.ToMunicipalityID, "transfer_receipts", receiptID, "initials_sealed", p.Initials); err != nil {
			return err
		}
	}
	toMunicipality := t.ToMunicipalityID
	if err := tx.exec(ctx, `INSERT INTO transfer_receipts (id, municipality_id, transfer_id, from_municipality_id, to_school_id,
		from_school, from_municipality, contact, notice_only, categories, item_count, initials_sealed, key_version, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, receiptID, toMunicipality, t.ID, fromMunicipalityID, t.ToSchoolID,
		t.FromSchool, t.FromMunicipality, t.Contact, t.NoticeOnly, joinCategories(t.Categories), t.ItemCount, initials,
		tx.db.activeKey(toMunicipality), vios.TransferSent, tx.now); err != nil {
		return err
	}
	if err := tx.auditAll(ctx, []Audit{{Action: "overdracht-ontvangen", ObjectType: "overdracht", ObjectID: receiptID, MunicipalityID: toMunicipality}}); err != nil {
		return err
	}
	if err := tx.process(ctx, "overdracht-ontvangen", vios.ActivityCasework, toMunicipality, Subject{ID: receiptID, Type: "leerling"}); err != nil {
		return err
	}
	slug, err := tx.municipalitySlug(ctx, toMunicipality)
	if err != nil {
		return err
	}
	mail := tx.db.Logs.site().TransferReceived(slug, t.FromSchool)
	for _, email := range contacts {
		if err := queueMail(ctx, tx, email, mail.Subject, mail.Body); err != nil {
			return err
		}
	}
	return nil
}

// municipalityName returns a municipality's name.
func (tx *Tx) municipalityName(ctx context.Context, id string) (string, error) {
	var name string
	return name, tx.queryRow(ctx, `SELECT name FROM municipalities WHERE id = ?`, id).Scan(&name)
}

// receivesFor reports whether the actor works (role school) at the school
// in the municipality: who may open and decide a transfer to it.
func receivesFor(actor *vios.Actor, municipalityID, schoolID string) bool {
	if actor == nil || actor.User == nil {
		return false
	}
	for _, m := range actor.User.Memberships {
		if m.Role == vios.RoleSchool && m.MunicipalityID == municipalityID && m.OrganisationID == schoolID {
			return true
		}
	}
	return false
}

const receiptColumns = `id, municipality_id, transfer_id, to_school_id, from_school, from_municipality, contact, notice_only,
	categories, item_count, initials_sealed, content_sealed, status, created_at, decided_at`

type receiptRow struct {
	t                 vios.Transfer
	transferID        string
	initials, content string
}

func scanReceipt(sc scanner) (*receiptRow, error) {
	var r receiptRow
	var categories string
	var decided sql.NullTime
	err := sc.Scan(&r.t.ID, &r.t.MunicipalityID, &r.transferID, &r.t.ToSchoolID, &r.t.FromSchool, &r.t.FromMunicipality, &r.t.Contact,
		&r.t.NoticeOnly, &categories, &r.t.ItemCount, &r.initials, &r.content, &r.t.Status, &r.t.CreatedAt, &decided)
	r.t.Categories = splitCategories(categories)
	r.t.DecidedAt = timePtr(decided)
	return &r, err
}

// ListTransfers returns the transfers the actor sent from the
// municipality's cases, and those to the actor's schools there.
func (db *Casework) ListTransfers(ctx context.Context, municipalityID string) (sent, received []*vios.Transfer, err error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	err = db.readInTenant(ctx, municipalityID, func(q querier) error {
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT t.id, t.case_id, c.code, o.name, t.to_school_id, t.to_school, t.to_municipality,
			t.clause_id = '', t.categories, t.item_count, t.status, t.created_at, t.decided_at
			FROM transfers t JOIN cases c ON c.id = t.case_id JOIN organisations o ON o.id = t.from_school_id
			WHERE t.municipality_id = ? AND t.sender_user_id = ? ORDER BY t.created_at DESC LIMIT 100`), municipalityID, actor.User.ID)
		sent, err = scanAll(rows, err, func(sc scanner) (*vios.Transfer, error) {
			t := &vios.Transfer{MunicipalityID: municipalityID}
			var categories string
			var decided sql.NullTime
			err := sc.Scan(&t.ID, &t.CaseID, &t.CaseCode, &t.FromSchool, &t.ToSchoolID, &t.ToSchool, &t.ToMunicipality, &t.NoticeOnly,
				&categories, &t.ItemCount, &t.Status, &t.CreatedAt, &decided)
			t.Categories, t.DecidedAt = splitCategories(categories), timePtr(decided)
			return t, err
		})
		if err != nil {
			return err
		}
		rows, err = q.QueryContext(ctx, db.rebind(`SELECT `+receiptColumns+` FROM transfer_receipts WHERE municipality_id = ?
			ORDER BY created_at DESC LIMIT 200`), municipalityID)
		all, err := scanAll(rows, err, scanReceipt)
		for _, r := range all {
			if receivesFor(actor, municipalityID, r.t.ToSchoolID) {
				t := r.t
				received = append(received, &t)
			}
		}
		return err
	})
	return sent, received, err
}

// receiptFor reads a receipt of the municipality for the receiving
// school's staff; anyone else gets ENOTFOUND, as for a record that does
// not exist.
func (tx *Tx) receiptFor(ctx context.Context, municipalityID, id string) (*receiptRow, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze overdracht bestaat niet.")
	}
	r, err := scanReceipt(tx.queryRow(ctx, `SELECT `+receiptColumns+` FROM transfer_receipts WHERE id = ? AND municipality_id = ?`, id, municipalityID))
	if err != nil {
		return nil, errNoRows(err, "Deze overdracht bestaat niet.")
	}
	if !receivesFor(vios.ActorFromContext(ctx), municipalityID, r.t.ToSchoolID) {
		return nil, vios.Errorf(vios.ENOTFOUND, "Deze overdracht bestaat niet.")
	}
	return r, nil
}

// FindTransfer returns a received transfer: the initials before a
// decision (under a clause), the pupil and the items once accepted, the
// notice only without a clause. Every read is logged.
func (db *Casework) FindTransfer(ctx context.Context, municipalityID, id string) (*vios.Transfer, error) {
	var t *vios.Transfer
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		r, err := tx.receiptFor(ctx, municipalityID, id)
		if err != nil {
			return err
		}
		t = &r.t
		if t.Initials, err = db.open(municipalityID, "transfer_receipts", t.ID, "initials_sealed", r.initials); err != nil {
			return err
		}
		if r.content != "" {
			raw, err := db.open(municipalityID, "transfer_receipts", t.ID, "content_sealed", r.content)
			if err != nil {
				return err
			}
			var c transferContent
			if err := json.Unmarshal([]byte(raw), &c); err != nil {
				return err
			}
			t.Pupil = &vios.Pupil{Name: c.Name, BirthDate: c.BirthDate, Class: c.Class, Initials: t.Initials, Named: true}
			t.Items = c.Items
		}
		return tx.process(ctx, "overdracht-gelezen", vios.ActivityCasework, municipalityID, Subject{ID: t.ID, Type: "leerling"})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// DecideTransfer accepts or declines a received transfer. On acceptance of
// a transfer under a clause the content crosses, here and only here: read
// from the sender's record and sealed again under the receiving
// municipality's key as the receiver's own copy. Both sides record the
// decision in their audit and processing logs.
func (db *Casework) DecideTransfer(ctx context.Context, municipalityID, id string, accept bool) error {
	return db.inTenant(ctx, municipalityID, func(tx *Tx) error {
		r, err := tx.receiptFor(ctx, municipalityID, id)
		if err != nil {
			return err
		}
		if r.t.Status != vios.TransferSent {
			return vios.Errorf(vios.ECONFLICT, "Over deze overdracht is al beslist.")
		}
		status, action := vios.TransferDeclined, "overdracht-afgewezen"
		if accept {
			status, action = vios.TransferAccepted, "overdracht-aanvaard"
		}
		var fromMunicipality string
		if err := tx.queryRow(ctx, `SELECT from_municipality_id FROM transfer_receipts WHERE id = ?`, r.t.ID).Scan(&fromMunicipality); err != nil {
			return err
		}
		var content transferContent
		err = tx.across(ctx, municipalityID, fromMunicipality, func() error {
			var pupilID, sealed string
			if err := tx.queryRow(ctx, `SELECT pupil_id, items_sealed FROM transfers WHERE id = ? AND municipality_id = ?`,
				r.transferID, fromMunicipality).Scan(&pupilID, &sealed); err != nil {
				return errNoRows(err, "De school die de overdracht stuurde, heeft hem niet meer.")
			}
			if accept && sealed != "" {
				raw, err := tx.db.open(fromMunicipality, "transfers", r.transferID, "items_sealed", sealed)
				if err != nil {
					return err
				}
				if err := json.Unmarshal([]byte(raw), &content); err != nil {
					return err
				}
			}
			if err := tx.exec(ctx, `UPDATE transfers SET status = ?, decided_at = ? WHERE id = ?`, status, tx.now, r.transferID); err != nil {
				return err
			}
			if err := tx.auditAll(ctx, []Audit{{Action: action, ObjectType: "overdracht", ObjectID: r.transferID, MunicipalityID: fromMunicipality}}); err != nil {
				return err
			}
			return tx.process(ctx, action, vios.ActivityCasework, fromMunicipality, Subject{ID: pupilID, Type: "leerling"})
		})
		if err != nil {
			return err
		}
		sealed := ""
		if accept && !r.t.NoticeOnly {
			if sealed, err = tx.db.sealedContent(municipalityID, "transfer_receipts", r.t.ID, "content_sealed", content); err != nil {
				return err
			}
		}
		if err := tx.exec(ctx, `UPDATE transfer_receipts SET status = ?, content_sealed = ?, key_version = ?, decided_at = ?, decided_by = ?
			WHERE id = ?`, status, sealed, tx.db.activeKey(municipalityID), tx.now, vios.ActorFromContext(ctx).User.ID, r.t.ID); err != nil {
			return err
		}
		if err := tx.auditAll(ctx, []Audit{{Action: action, ObjectType: "overdracht", ObjectID: r.t.ID, MunicipalityID: municipalityID}}); err != nil {
			return err
		}
		return tx.process(ctx, action, vios.ActivityCasework, municipalityID, Subject{ID: r.t.ID, Type: "leerling"})
	})
}
