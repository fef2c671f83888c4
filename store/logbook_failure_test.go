package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
)

// A refused act and an act that fails on a conflict roll back, but each
// leaves a processing record with status error, written in a transaction
// of its own: by pseudonymous id, under the activity the act falls under,
// beside an audit record saying who tried. The chains still verify.
func TestFailedActsLeaveErrorRecords(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	arnhem := municipalityID(t, db, "arnhem")
	school := demoUser(t, db, "school@arnhem.demo.example")
	errorRecords := func() []*vios.ProcessingRecord {
		t.Helper()
		list, err := db.Logs.SearchProcessing(ctx, vios.LogFilter{MunicipalityID: arnhem, SubjectID: school.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var failed []*vios.ProcessingRecord
		for _, p := range list {
			if p.StatusCode == vios.StatusError {
				failed = append(failed, p)
			}
		}
		return failed
	}
	if n := len(errorRecords()); n != 0 {
		t.Fatalf("%d error records before anything failed", n)
	}
	role := &vios.Membership{UserID: school.ID, MunicipalityID: arnhem, Role: vios.RoleSchool, OrganisationID: school.Memberships[0].OrganisationID}

	// A partner may not give roles: refused, and recorded as an attempt.
	partner := asUser(demoUser(t, db, "partner@arnhem.demo.example"))
	if err := db.Accounts.AddMembership(partner, role); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("partner gives a role: %v", err)
	}
	failed := errorRecords()
	if len(failed) != 1 {
		t.Fatalf("after a refusal: %d error records, want 1", len(failed))
	}
	p := failed[0]
	if p.Name != string(vios.ActionManageUsers) || p.ActivityID != vios.ActivityAccounts.URI || p.DataSubjectIDType != "gebruiker" || p.TraceID == "" {
		t.Errorf("refusal recorded as %+v", p)
	}

	// The platform gives the role the school account already has: a
	// conflict after authorization, recorded with the failure in the audit trail.
	system := vios.NewSystemContext(ctx, "test")
	if err := db.Accounts.AddMembership(system, role); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Fatalf("duplicate role: %v", err)
	}
	if n := len(errorRecords()); n != 2 {
		t.Fatalf("after a conflict: %d error records, want 2", n)
	}
	audits, err := db.Logs.SearchAudit(ctx, vios.LogFilter{MunicipalityID: arnhem, Action: "mislukt:" + string(vios.ActionManageUsers)})
	if err != nil || len(audits) != 1 || audits[0].Outcome != vios.OutcomeFailed || audits[0].ObjectID != school.ID {
		t.Fatalf("audit of the conflict: %+v %v", audits, err)
	}

	if problems, _, err := db.Logs.VerifyLogs(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("logs after the failures: %v %v", problems, err)
	}
}
