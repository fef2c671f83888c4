package store

import (
	"context"
	"fmt"

	"github.com/vios-platform/vios"
)

// recordTables are the tables of the records addressed by id alone.
var recordTables = map[vios.RecordKind]string{
	vios.RecordSignal:       "signals",
	vios.RecordCase:         "cases",
	vios.RecordReferral:     "referrals",
	vios.RecordAlert:        "alerts",
	vios.RecordNetwork:      "networks",
	vios.RecordMeeting:      "meetings",
	vios.RecordAction:       "actions",
	vios.RecordCovenant:     "covenants",
	vios.RecordClause:       "sharing_clauses",
	vios.RecordAttachment:   "attachments",
	vios.RecordTransfer:     "transfer_receipts",
	vios.RecordMessage:      "messages",
	vios.RecordProtocol:     "incident_protocols",
	vios.RecordOrganisation: "organisations",
	vios.RecordTrend:        "trend_proposals",
	vios.RecordSafetyPlan:   "safety_plans",
	vios.RecordAudit:        "audits",
}

var _ vios.RecordLocator = (*DB)(nil)

// MunicipalityOf returns the municipality of the record of kind with id.
//
// It is the one read of a tenant table that sets no tenant, on purpose:
// which municipality a record belongs to is exactly what is not known yet.
// The row-level security policies define an unset tenant as the system
// context (migration 00012), which sees every row; the query reads only
// municipality_id by primary key, so nothing else of the record leaves the
// store, and the caller must then check that the actor works in that
// municipality and read the record inside it (inTenant). A SECURITY
// DEFINER function would add nothing (the policies are forced, so they
// bind its owner too unless that is a superuser), and an id→municipality
// table filled by triggers would copy what these tables already hold, in
// both dialects, and could drift from them.
func (db *DB) MunicipalityOf(ctx context.Context, kind vios.RecordKind, id string) (string, error) {
	table, ok := recordTables[kind]
	if !ok {
		return "", fmt.Errorf("municipality of a record: unknown kind %q", kind)
	}
	if !vios.ValidID(id) {
		return "", vios.Errorf(vios.ENOTFOUND, "Dit bestaat niet.")
	}
	var municipalityID string
	err := db.queryRow(ctx, `SELECT municipality_id FROM `+table+` WHERE id = ?`, id).Scan(&municipalityID)
	if err != nil {
		return "", errNoRows(err, "Dit bestaat niet.")
	}
	return municipalityID, nil
}
