package vios

import "context"

// RecordKind names a kind of record that the API addresses by its id alone
// (/signalen/{id}), without the municipality it belongs to.
type RecordKind string

// The kinds of record addressed by id alone.
const (
	RecordSignal   RecordKind = "signal"
	RecordCase     RecordKind = "case"
	RecordReferral RecordKind = "referral"
	RecordAlert    RecordKind = "alert"
	RecordNetwork  RecordKind = "network"
	RecordMeeting  RecordKind = "meeting"
	RecordAction   RecordKind = "action"
	RecordCovenant RecordKind = "covenant"
	RecordClause   RecordKind = "clause"
	// RecordAttachment: a file of a record (the attachment's own id).
	RecordAttachment RecordKind = "attachment"
	// RecordTransfer is a transfer as the receiving school holds it.
	RecordTransfer RecordKind = "transfer"
	// RecordMessage: a message of a thread.
	RecordMessage RecordKind = "message"
	// RecordProtocol: an incident protocol.
	RecordProtocol RecordKind = "incident_protocol"
	// RecordOrganisation: an organisation (a school, for its checklist).
	RecordOrganisation RecordKind = "organisation"
	// RecordTrend: a proposal of the trend job.
	RecordTrend RecordKind = "trend"
	// RecordSafetyPlan: a school's safety plan.
	RecordSafetyPlan RecordKind = "safety-plan"
	// RecordAudit: a school's safety audit.
	RecordAudit RecordKind = "audit"
)

// RecordLocator finds the municipality a record belongs to, so a caller can
// check that the actor works there and then read the record in that
// municipality only. It tells nothing else of the record.
type RecordLocator interface {
	// MunicipalityOf returns the id of the municipality of the record of
	// kind with id; ENOTFOUND when there is no such record.
	MunicipalityOf(ctx context.Context, kind RecordKind, id string) (string, error)
}
