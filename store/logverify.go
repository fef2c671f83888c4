package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// VerifyLogs walks both chains and returns the first problem in each, or
// none, and how many entries it checked. Given checkpoints (each checked
// against its signature first), a chain must still hold each checkpoint's
// last entry, unchanged, at its position: a chain cut short or rewritten
// before it fails, even when it was rewritten as a whole. It reads
// everything in one snapshot; run it from the command line, not per request.
func (db *Logs) VerifyLogs(ctx context.Context, checkpoints ...*Checkpoint) ([]vios.ChainProblem, int64, error) {
	ring := db.Keys.Keyring()
	for _, cp := range checkpoints {
		if err := cp.verifySignature(ring); err != nil {
			return nil, 0, err
		}
	}
	var problems []vios.ChainProblem
	var total int64
	err := db.snapshot(ctx, func(q querier) error {
		for _, chain := range []string{chainAudit, chainProcessing} {
			var marks []mark
			for _, cp := range checkpoints {
				for _, h := range cp.Heads {
					if h.Log == chain {
						marks = append(marks, mark{head: h, at: cp.At.Format("2006-01-02 15:04:05 UTC")})
					}
				}
			}
			p, n, err := db.verifyChain(ctx, q, ring, chain, marks)
			if err != nil {
				return err
			}
			total += n
			if p != nil {
				problems = append(problems, *p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return problems, total, nil
}

// snapshot runs fn in a read transaction that sees one state of the
// database: the chains and their heads as they were at one moment, while
// the platform goes on appending.
func (db *Logs) snapshot(ctx context.Context, fn func(q querier) error) error {
	opts := &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	if db.dialect != Postgres {
		opts = nil // a SQLite read transaction keeps its snapshot from its first read
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// mark is a checkpoint's head of one chain.
type mark struct {
	head CheckpointHead
	at   string
}

func (db *Logs) verifyChain(ctx context.Context, q querier, ring *keys.Keyring, chain string, marks []mark) (*vios.ChainProblem, int64, error) {
	var query string
	if chain == chainAudit {
		query = `SELECT seq, at, trace_id, span_id, user_id, role, organisation_id, municipality_id, address, action,
			object_type, object_id, legal_basis, outcome, prev_hash, hash, key_version FROM audit_log ORDER BY seq`
	} else {
		query = `SELECT seq, trace_id, span_id, parent_span_id, name, start_ms, end_ms, status_code, resource_name,
			resource_version, activity_id, data_subject_id, data_subject_id_type, municipality_id, prev_hash, hash,
			key_version, foreign_trace_id, foreign_span_id FROM processing_log ORDER BY seq`
	}
	// One summer per key version met: rows of several versions follow a
	// rotation.
	sums := map[int]*chainSum{}
	summer := func(version int) (*chainSum, error) {
		if s, ok := sums[version]; ok {
			return s, nil
		}
		s, err := newChainSum(ring, chain, version)
		if err != nil {
			return nil, err
		}
		sums[version] = s
		return s, nil
	}
	problem := func(seq int64, text string) *vios.ChainProblem {
		return &vios.ChainProblem{Log: chain, Seq: seq, Problem: text}
	}
	rows, err := q.QueryContext(ctx, db.rebind(query))
	if err != nil {
		return nil, 0, fmt.Errorf("read %s log: %w", chain, err)
	}
	defer rows.Close()
	var seq int64
	prev := ""
	keyed := false // a keyed entry was seen: every later one must be keyed too
	for rows.Next() {
		var a vios.AuditRecord
		var p vios.ProcessingRecord
		var n int64
		var stored, storedPrev string
		var version int
		if chain == chainAudit {
			if err := rows.Scan(&a.Seq, &a.At, &a.TraceID, &a.SpanID, &a.UserID, &a.Role, &a.OrganisationID,
				&a.MunicipalityID, &a.Address, &a.Action, &a.ObjectType, &a.ObjectID, &a.LegalBasis, &a.Outcome,
				&a.PrevHash, &a.Hash, &a.KeyVersion); err != nil {
				return nil, 0, err
			}
			n, stored, storedPrev, version = a.Seq, a.Hash, a.PrevHash, a.KeyVersion
		} else {
			if err := rows.Scan(&p.Seq, &p.TraceID, &p.SpanID, &p.ParentSpanID, &p.Name, &p.StartMS, &p.EndMS,
				&p.StatusCode, &p.ResourceName, &p.ResourceVersion, &p.ActivityID, &p.DataSubjectID,
				&p.DataSubjectIDType, &p.MunicipalityID, &p.PrevHash, &p.Hash, &p.KeyVersion, &p.ForeignTraceID, &p.ForeignSpanID); err != nil {
				return nil, 0, err
			}
			n, stored, storedPrev, version = p.Seq, p.Hash, p.PrevHash, p.KeyVersion
		}
		switch {
		case n != seq+1:
			return problem(seq+1, "ontbreekt (verwijderd of verplaatst)"), seq, nil
		case storedPrev != prev:
			return problem(n, "past niet op de vorige regel (verwijderd, ingevoegd of van volgorde veranderd)"), seq, nil
		case version == 0 && keyed:
			return problem(n, "is gewijzigd: de regel heeft geen MAC, terwijl de regels ervoor er een hebben"), seq, nil
		}
		s, err := summer(version)
		if err != nil {
			return problem(n, fmt.Sprintf("is niet te controleren: de MAC is gemaakt met logboeksleutel versie %d, die niet in het sleutelbestand staat (de regel is gewijzigd, of het sleutelbestand is onvolledig)", version)), seq, nil
		}
		got := s.processing(&p)
		if chain == chainAudit {
			got = s.audit(&a)
		}
		if got != stored {
			return problem(n, "is gewijzigd"), seq, nil
		}
		for _, m := range marks {
			if m.head.Seq == n && m.head.Hash != stored {
				return problem(n, "is gewijzigd sinds het controlepunt van "+m.at+" (het logboek is herschreven)"), seq, nil
			}
		}
		seq, prev, keyed = n, stored, keyed || version > 0
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for _, m := range marks {
		if m.head.Seq > seq {
			return problem(seq+1, fmt.Sprintf("ontbreekt: het controlepunt van %s reikt tot regel %d; de regels erna zijn verwijderd", m.at, m.head.Seq)), seq, nil
		}
	}
	var headSeq int64
	var headHash, headMAC string
	var headVersion int
	if err := q.QueryRowContext(ctx, db.rebind(`SELECT seq, hash, key_version, mac FROM log_heads WHERE name = ?`), chain).
		Scan(&headSeq, &headHash, &headVersion, &headMAC); err != nil {
		return nil, 0, err
	}
	if headSeq != seq || headHash != prev {
		return problem(seq+1, "ontbreekt: de laatste regels zijn verwijderd"), seq, nil
	}
	// The head of a keyed chain carries a MAC; one moved back after the
	// last entries were removed has none that fits.
	if keyed || headVersion > 0 {
		s, err := summer(headVersion)
		if err != nil || headVersion == 0 || s.head(headSeq, headHash) != headMAC {
			return problem(seq+1, "ontbreekt: de laatste regels zijn verwijderd (de kop van de keten klopt niet met de logboeksleutel)"), seq, nil
		}
	}
	return nil, seq, nil
}
