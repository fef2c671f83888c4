package store

import (
	"context"
	"errors"

	"github.com/vios-platform/vios"
)

// A refused or failed act rolls back with everything it wrote, its
// processing records too. recordFailure, called once by the transaction
// wrappers (inTx, readLogged) after the rollback, writes what the act
// was about with status error in a transaction of its own, so an auditor
// sees the attempts as well as the acts. Only pseudonymous ids go in:
// the record names the action, never the input that was refused.

// attempt is what a transaction was about: the last authorization it asked.
type attempt struct {
	action         vios.Action
	municipalityID string
	objectType     string
	objectID       string
}

// recordFailure records err's denial in the audit trail (recordDenial) and,
// for a refusal, invalid input or a conflict in an act that processes
// personal data, its processing records with status error beside an audit
// record of the failure. It returns err: not being able to record the
// failure does not change what the caller is told, beyond joining the
// recording's error.
func (db *DB) recordFailure(ctx context.Context, tx *Tx, err error) error {
	err = db.recordDenial(ctx, err)
	if !vios.FailureRecorded(vios.ErrorCode(err)) {
		return err
	}
	list, a := tx.failedRecords(ctx, err)
	if len(list) == 0 {
		return err
	}
	if rerr := db.appendFailure(ctx, list, a, vios.DenialOf(err) == nil); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// failedRecords are the processing records of the failed transaction with
// status error: the ones it had made, or one for what it attempted (a
// refusal's action, or the last authorization it passed) when that action
// processes personal data.
func (tx *Tx) failedRecords(ctx context.Context, err error) ([]*vios.ProcessingRecord, *attempt) {
	a := tx.attempt
	if d := vios.DenialOf(err); d != nil {
		a = &attempt{action: d.Action, municipalityID: d.Resource.MunicipalityID, objectType: d.ObjectType, objectID: d.ObjectID}
	}
	if len(tx.attempted) > 0 {
		list := make([]*vios.ProcessingRecord, len(tx.attempted))
		for i, r := range tx.attempted {
			c := *r
			c.StatusCode, c.EndMS = vios.StatusError, tx.db.Now().UnixMilli()
			list[i] = &c
		}
		return list, a
	}
	if a == nil {
		return nil, nil
	}
	activity, ok := vios.ActivityOfAction(a.action)
	if !ok {
		return nil, nil
	}
	subject := Subject{}
	if vios.SubjectTypes[a.objectType] && vios.ValidID(a.objectID) {
		subject = Subject{ID: a.objectID, Type: a.objectType}
	}
	span := vios.TraceFromContext(ctx).Child()
	return []*vios.ProcessingRecord{{TraceID: span.TraceID, SpanID: span.SpanID, ParentSpanID: span.ParentSpanID,
		Name: string(a.action), StartMS: tx.now.UnixMilli(), EndMS: tx.db.Now().UnixMilli(), StatusCode: vios.StatusError,
		ResourceName: "vios-platform", ResourceVersion: vios.Version, ActivityID: activity.URI,
		DataSubjectID: subject.ID, DataSubjectIDType: subject.Type, MunicipalityID: a.municipalityID,
		ForeignTraceID: span.ForeignTraceID, ForeignSpanID: span.ForeignSpanID}}, a
}

// appendFailure writes the failed act's processing records and, when no
// denial record says who tried (failed is set), an audit record of the
// failure sharing their trace, in a transaction of its own.
func (db *DB) appendFailure(ctx context.Context, list []*vios.ProcessingRecord, a *attempt, failed bool) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if failed && a != nil {
		if err := tx.auditAll(ctx, []Audit{{Action: "mislukt:" + string(a.action), ObjectType: a.objectType, ObjectID: a.objectID,
			MunicipalityID: a.municipalityID, Outcome: vios.OutcomeFailed}}); err != nil {
			return err
		}
	}
	if err := tx.appendProcessing(ctx, list); err != nil {
		return err
	}
	return tx.Commit()
}
