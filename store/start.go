package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/netip"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// Start keeps the national contact point: start requests and advisers.
// A request belongs to no municipality: its sealed texts are sealed under
// the platform's own key (startKey), and only the landelijk role reads
// them. Submitting needs no actor; every other method is authorized here.
type Start struct{ *DB }

// startKey owns the seals of the start requests: the platform's key, the
// one the log chains use (a different key is derived for each purpose).
const startKey = keys.LogKeyName

const startNotFound = "Deze startvraag bestaat niet (meer)."

// SubmitStartRequest saves a request of someone without an account and
// queues the confirmation mail, in one transaction. A sender who sent
// StartRequestsPerHour in the last hour is refused, and so is everyone once
// StartRequestsPerHourTotal came in that hour; nothing is saved then.
func (db *Start) SubmitStartRequest(ctx context.Context, s *vios.StartRequest, address string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	sender, err := db.startSender(startSenderKey(address))
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		// Count and insert as one step: without the lock, parallel requests
		// under read committed all count the same rows and all pass. SQLite
		// has one writer, so its transactions run one after another already.
		if db.dialect == Postgres {
			if err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, startLimitLock); err != nil {
				return err
			}
		}
		var recent, all int
		since := tx.now.Add(-time.Hour)
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM start_requests WHERE sender = ? AND created_at > ?`,
			sender, since).Scan(&recent); err != nil {
			return err
		}
		if recent >= vios.StartRequestsPerHour {
			return vios.Errorf(vios.ETOOMANY, "Vanaf uw adres zijn het afgelopen uur al %d startvragen verstuurd. Probeer het over een uur opnieuw.", recent)
		}
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM start_requests WHERE created_at > ?`, since).Scan(&all); err != nil {
			return err
		}
		if all >= vios.StartRequestsPerHourTotal {
			return vios.Errorf(vios.ETOOMANY, "Het afgelopen uur zijn er zo veel startvragen binnengekomen dat we nu even geen nieuwe aannemen. Probeer het over een uur opnieuw.")
		}
		s.ID, s.Status, s.CreatedAt = uuid.NewString(), vios.StartNew, tx.now
		if err := tx.exec(ctx, `INSERT INTO start_requests (id, municipality_id, organisation, organisation_kind, municipality_name, status,
			sender, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, startKey, s.Organisation, s.OrganisationKind,
			s.MunicipalityName, s.Status, sender, tx.now, tx.now); err != nil {
			return err
		}
		if err := tx.sealStartTexts(ctx, s); err != nil {
			return err
		}
		if err := queueStartMail(ctx, tx, s.ID, s.Email, "Uw startvraag is ontvangen", startConfirmation(s.ID), false); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "startvraag-ontvangen", ObjectType: "startvraag", ObjectID: s.ID})
	})
}

// startLimitLock is the advisory lock that makes the rate limit's count and
// insert one step on PostgreSQL.
var startLimitLock = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("vios-startvragen-limiet")) // #nosec G104 -- hash.Hash's Write never fails
	return int64(h.Sum64())                    // #nosec G115 -- any int64 is a valid advisory lock id; wrapping is fine
}()

// startSenderKey is what the rate limit counts of an address: an IPv4
// address as it is, an IPv6 address by its /64, the block one connection
// (one household, one server) gets and picks its addresses from at will.
// Something that is no IP address counts as it is.
func startSenderKey(address string) string {
	ip, err := netip.ParseAddr(address)
	if err != nil {
		return address
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	return netip.PrefixFrom(ip, 64).Masked().String()
}

// queueStartMail queues a mail about a start request, linked to it so that
// erasing the request erases its mails; clearBody has the body blanked
// once the mail is sent.
func queueStartMail(ctx context.Context, tx *Tx, id, to, subject, body string, clearBody bool) error {
	return tx.exec(ctx, `INSERT INTO outbox (id, created_at, recipient, subject, body, start_request_id, clear_body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		uuid.NewString(), tx.now, to, subject, body, id, clearBody)
}

// startSender is the keyed hash of a sender's address that the rate limit
// counts: under the platform key, so the stored value does not give the
// address back (an unkeyed hash of an IPv4 address is found by trying).
func (db *DB) startSender(address string) (string, error) {
	ring, err := db.keyring()
	if err != nil {
		return "", err
	}
	mac, err := ring.LogMAC(ring.LogVersion())
	if err != nil {
		return "", err
	}
	mac.Write([]byte("startvraag\x00" + address))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// sealStartTexts seals the requester's texts of a new request.
func (tx *Tx) sealStartTexts(ctx context.Context, s *vios.StartRequest) error {
	check := ""
	if len(s.SelfCheck) > 0 {
		raw, err := json.Marshal(s.SelfCheck)
		if err != nil {
			return err
		}
		check = string(raw)
	}
	sealed := map[string]string{}
	for column, value := range map[string]string{"name_sealed": s.ContactName, "email_sealed": s.Email,
		"question_sealed": s.Question, "self_check_sealed": check} {
		v, err := tx.db.seal(startKey, "start_requests", s.ID, column, value)
		if err != nil {
			return err
		}
		sealed[column] = v
	}
	return tx.exec(ctx, `UPDATE start_requests SET name_sealed = ?, email_sealed = ?, question_sealed = ?, self_check_sealed = ?,
		key_version = ? WHERE id = ?`, sealed["name_sealed"], sealed["email_sealed"], sealed["question_sealed"],
		sealed["self_check_sealed"], tx.db.activeKey(startKey), s.ID)
}

// startConfirmation is the confirmation mail. It goes to an address no one
// confirmed, so it is a fixed text that repeats nothing the sender typed:
// otherwise anyone could have the platform mail a text of their own to
// anyone. The reference is the request's id, made by the store.
func startConfirmation(id string) string {
	return fmt.Sprintf(`Goedendag,

Uw vraag is ontvangen bij het landelijk aanspreekpunt Veilig in en om School. Een landelijk adviseur neemt uw vraag in behandeling en stuurt u het advies per e-mail.

Uw kenmerk: %s

Uw gegevens en uw vraag bewaren we versleuteld, tot %d maanden nadat uw vraag is afgehandeld.

Met vriendelijke groet,
Het landelijk aanspreekpunt Veilig in en om School`, id, vios.StartRetentionMonths)
}

const startColumns = `s.id, s.organisation, s.organisation_kind, s.municipality_name, s.name_sealed, s.email_sealed, s.question_sealed,
	s.self_check_sealed, s.advice_sealed, s.status, COALESCE(s.adviser_id, ''), COALESCE(a.name, ''), COALESCE(a.province, ''), COALESCE(s.kwartiermaker_id, ''),
	s.created_at, s.assigned_at, s.advised_at, s.closed_at`

const startFrom = ` FROM start_requests s LEFT JOIN start_advisers a ON a.id = s.adviser_id`

// startSealed holds a row's sealed texts until they are opened.
type startSealed struct{ name, email, question, check, advice string }

func scanStart(sc scanner) (*vios.StartRequest, startSealed, error) {
	s := &vios.StartRequest{}
	var z startSealed
	err := sc.Scan(&s.ID, &s.Organisation, &s.OrganisationKind, &s.MunicipalityName, &z.name, &z.email, &z.question,
		&z.check, &z.advice, &s.Status, &s.AdviserID, &s.AdviserName, &s.AdviserProvince, &s.KwartiermakerID,
		&s.CreatedAt, &s.AssignedAt, &s.AdvisedAt, &s.ClosedAt)
	return s, z, err
}

// openStart fills a request's texts from their seals.
func (db *DB) openStart(s *vios.StartRequest, z startSealed) error {
	var check string
	for _, f := range []struct {
		column, sealed string
		into           *string
	}{{"name_sealed", z.name, &s.ContactName}, {"email_sealed", z.email, &s.Email}, {"question_sealed", z.question, &s.Question},
		{"self_check_sealed", z.check, &check}, {"advice_sealed", z.advice, &s.Advice}} {
		v, err := db.open(startKey, "start_requests", s.ID, f.column, f.sealed)
		if err != nil {
			return err
		}
		*f.into = v
	}
	if check == "" {
		return nil
	}
	return json.Unmarshal([]byte(check), &s.SelfCheck)
}

// StartRequests lists the requests, newest first, for the landelijk role.
func (db *Start) StartRequests(ctx context.Context, status string) ([]*vios.StartRequest, error) {
	if err := db.authorize(ctx, vios.ActionHandleStartRequest, vios.Resource{}, "startvraag", ""); err != nil {
		return nil, err
	}
	if status != "" && !vios.StartStatusKnown(status) {
		return nil, vios.Errorf(vios.EINVALID, "Kies een status: nieuw, toegewezen, geadviseerd of gesloten.")
	}
	rows, err := db.query(ctx, `SELECT `+startColumns+startFrom+` WHERE (? = '' OR s.status = ?) ORDER BY s.created_at DESC, s.id LIMIT 500`,
		status, status)
	list, err := scanAll(rows, err, func(sc scanner) (*vios.StartRequest, error) {
		s, z, err := scanStart(sc)
		if err == nil {
			err = db.openStart(s, z)
		}
		return s, err
	})
	return list, err
}

// StartRequest returns one request with its texts and suggested kwartiermaker.
func (db *Start) StartRequest(ctx context.Context, id string) (*vios.StartRequest, error) {
	if err := db.authorize(ctx, vios.ActionHandleStartRequest, vios.Resource{}, "startvraag", id); err != nil {
		return nil, err
	}
	s, err := db.readStart(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if s.KwartiermakerID != "" {
		s.Kwartiermaker, err = db.readAdviser(ctx, db.read, s.KwartiermakerID)
	}
	return s, err
}

func (db *DB) readStart(ctx context.Context, q querier, id string) (*vios.StartRequest, error) {
	if !vios.ValidID(id) {
		return nil, vios.Errorf(vios.ENOTFOUND, startNotFound)
	}
	s, z, err := scanStart(q.QueryRowContext(ctx, db.rebind(`SELECT `+startColumns+startFrom+` WHERE s.id = ?`), id))
	if err != nil {
		return nil, errNoRows(err, startNotFound)
	}
	return s, db.openStart(s, z)
}

// changeStart runs change on an open request in one transaction, with the
// authorization first and the audit entry last.
func (db *Start) changeStart(ctx context.Context, id, action string, change func(tx *Tx, s *vios.StartRequest) error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.authorize(ctx, vios.ActionHandleStartRequest, vios.Resource{}, "startvraag", id); err != nil {
			return err
		}
		// The row is locked before it is read: an advice and a close at
		// once, or two advices, run one after the other, and the second
		// sees what the first did (SQLite writes one at a time anyway).
		if db.dialect == Postgres && vios.ValidID(id) {
			if err := tx.exec(ctx, `SELECT id FROM start_requests WHERE id = ? FOR UPDATE`, id); err != nil {
				return err
			}
		}
		s, err := tx.db.readStart(ctx, tx, id)
		if err != nil {
			return err
		}
		if s.Status == vios.StartClosed {
			return vios.Errorf(vios.ECONFLICT, "Deze startvraag is gesloten en verandert niet meer.")
		}
		if err := change(tx, s); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: action, ObjectType: "startvraag", ObjectID: id})
	})
}

// AssignStartRequest gives an open request to an adviser of the list.
func (db *Start) AssignStartRequest(ctx context.Context, id, adviserID string) error {
	return db.changeStart(ctx, id, "startvraag-toegewezen", func(tx *Tx, s *vios.StartRequest) error {
		if _, err := tx.db.readAdviser(ctx, tx, adviserID); vios.ErrorCode(err) == vios.ENOTFOUND {
			return invalidStart("adviseur", "Kies een adviseur uit de lijst.")
		} else if err != nil {
			return err
		}
		status := s.Status
		if status == vios.StartNew {
			status = vios.StartAssigned
		}
		return tx.exec(ctx, `UPDATE start_requests SET adviser_id = ?, status = ?, assigned_at = ?, updated_at = ? WHERE id = ?`,
			adviserID, status, tx.now, tx.now, id)
	})
}

// AdviseStartRequest records the sealed advice and the suggested
// kwartiermaker, and mails the advice to the requester.
func (db *Start) AdviseStartRequest(ctx context.Context, id, advice, kwartiermakerID string) error {
	if err := vios.CheckStartAdvice(advice); err != nil {
		return err
	}
	return db.changeStart(ctx, id, "startvraag-geadviseerd", func(tx *Tx, s *vios.StartRequest) error {
		var km *vios.Adviser
		if kwartiermakerID != "" {
			var err error
			if km, err = tx.db.readAdviser(ctx, tx, kwartiermakerID); vios.ErrorCode(err) == vios.ENOTFOUND {
				return invalidStart("kwartiermaker", "Kies een kwartiermaker uit de lijst van adviseurs.")
			} else if err != nil {
				return err
			}
		}
		if s.AdviserID == "" {
			return invalidStart("adviseur", "Wijs eerst een adviseur toe, dan het advies.")
		}
		sealed, err := tx.db.seal(startKey, "start_requests", id, "advice_sealed", advice)
		if err != nil {
			return err
		}
		var kmID any
		if km != nil {
			kmID = km.ID
		}
		if err := tx.exec(ctx, `UPDATE start_requests SET advice_sealed = ?, kwartiermaker_id = ?, key_version = ?, status = ?,
			advised_at = ?, updated_at = ? WHERE id = ?`, sealed, kmID, tx.db.activeKey(startKey), vios.StartAdvised, tx.now, tx.now, id); err != nil {
			return err
		}
		// The advice is sealed in the request; its copy in the mail is
		// blanked once the mail is sent.
		return queueStartMail(ctx, tx, id, s.Email, "Advies op uw startvraag", startAdviceMail(s, advice, km), true)
	})
}

// startAdviceMail is the advice for the requester: their own request, the
// advice, and the suggested kwartiermaker's name and region, nothing else.
func startAdviceMail(s *vios.StartRequest, advice string, km *vios.Adviser) string {
	body := fmt.Sprintf("Beste %s,\n\nHier is ons advies op uw startvraag voor %s (gemeente %s):\n\n%s\n", s.ContactName, s.Organisation,
		s.MunicipalityName, advice)
	if km != nil {
		body += fmt.Sprintf("\nAls kwartiermaker stellen we voor: %s (%s).\n", km.Name, vios.ProvinceLabel(km.Province))
	}
	return body + "\nMet vriendelijke groet,\nHet landelijk aanspreekpunt Veilig in en om School"
}

// CloseStartRequest closes a request; the retention pass erases it
// StartRetentionMonths later.
func (db *Start) CloseStartRequest(ctx context.Context, id string) error {
	return db.changeStart(ctx, id, "startvraag-gesloten", func(tx *Tx, _ *vios.StartRequest) error {
		return tx.exec(ctx, `UPDATE start_requests SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?`, vios.StartClosed, tx.now, tx.now, id)
	})
}

// eraseStartRequests removes the requests closed more than
// StartRetentionMonths ago and blanks the rate limit's sender hash after
// a day, and returns how many requests it removed. Their mails in the
// outbox go with them. The audit entry counts them; nothing of their
// content is kept.
func (db *DB) eraseStartRequests(ctx context.Context, dryRun bool) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		cutoff := tx.now.AddDate(0, -vios.StartRetentionMonths, 0)
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM start_requests WHERE closed_at < ?`, cutoff).Scan(&n); err != nil || dryRun {
			return err
		}
		if err := tx.exec(ctx, `UPDATE start_requests SET sender = '' WHERE sender <> '' AND created_at < ?`, tx.now.AddDate(0, 0, -1)); err != nil || n == 0 {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM outbox WHERE start_request_id IN (SELECT id FROM start_requests WHERE closed_at < ?)`, cutoff); err != nil {
			return err
		}
		if err := tx.exec(ctx, `DELETE FROM start_requests WHERE closed_at < ?`, cutoff); err != nil {
			return err
		}
		return tx.audit(ctx, Audit{Action: "bewaartermijn-verwijderd", ObjectType: "startvragen", ObjectID: fmt.Sprint(n)})
	})
	return n, err
}

// invalidStart is one invalid field of a change to a request.
func invalidStart(field, message string) error {
	var v vios.Validation
	v.Add(field, "%s", message)
	return v.Err("De startvraag is niet gewijzigd.")
}
