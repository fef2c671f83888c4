package vios

import (
	"strconv"
	"strings"
)

// A refused or failed act leaves a processing record too: the standard
// asks that every processing attempt be accountable, and a refusal is
// exactly what an auditor looks for. The record of the act itself rolls
// back with it, so the store writes one with status error in a transaction
// of its own (store.recordFailure), for the acts that process personal data.

// activityOfAction maps the actions that process personal data to the
// activity of the register they fall under. An action that touches no
// person (the knowledge bank, a newsletter) has none: its refusal is in
// the audit trail only.
var activityOfAction = map[Action]ProcessingActivity{
	ActionViewAccount: ActivityAccounts, ActionViewUsers: ActivityAccounts, ActionManageUsers: ActivityAccounts,
	ActionEndSession: ActivityAccounts, ActionViewRightsReview: ActivityAccounts,

	ActionViewDirectory: ActivityDirectory, ActionEditApproach: ActivityDirectory, ActionManageNetwork: ActivityDirectory,
	ActionViewProtocol: ActivityDirectory, ActionViewChecklist: ActivityDirectory, ActionEditChecklist: ActivityDirectory,

	ActionViewPupilData: ActivityCasework, ActionViewCasework: ActivityCasework, ActionEnterSignal: ActivityCasework,
	ActionDirectCase: ActivityCasework, ActionCompleteSignal: ActivityCasework, ActionRaiseAlert: ActivityCasework,
	ActionSubjectRequest: ActivityCasework, ActionTransfer: ActivityCasework, ActionRunMeeting: ActivityCasework,
	ActionProposeItem: ActivityCasework,

	ActionViewProcessingLog: ActivityLogbook,
}

// ActivityOfAction returns the processing activity action falls under,
// and false for an action that processes no personal data.
func ActivityOfAction(a Action) (ProcessingActivity, bool) {
	act, ok := activityOfAction[a]
	return act, ok
}

// SubjectTypes are the object types of a refused record that name a data
// subject by its pseudonymous id; the refusal's processing record carries
// that id (never a name).
var SubjectTypes = map[string]bool{"gebruiker": true, "leerling": true, "persoon": true}

// FailureRecorded reports whether an error of code leaves a processing
// record of its own: a refusal, invalid input, or a conflict (someone
// changed the record first). An internal error does not: the database
// that failed is where the record would go, and the error log has it.
func FailureRecorded(code string) bool {
	return code == EFORBIDDEN || code == EINVALID || code == ECONFLICT
}

// ActivityPath is the path of the public page of the processing activities.
const ActivityPath = "/verwerkingsactiviteiten/"

// ActivityKey is the last segment of an activity's URI: its slug for the
// platform's defaults, its UUID for a municipality's own activities.
func ActivityKey(uri string) string {
	return uri[strings.LastIndexByte(uri, '/')+1:]
}

// ActivityURL is where an activity's URI resolves on the installation at
// baseURL: its public page (and JSON) under /verwerkingsactiviteiten/.
// The stored URIs keep the platform's namespace (ActivityBase), which the
// hash chain covers; every output shows this address instead, so it
// follows the installation's address.
func ActivityURL(baseURL, uri string) string {
	if !strings.HasPrefix(uri, ActivityBase) {
		return uri
	}
	return strings.TrimRight(baseURL, "/") + ActivityPath + ActivityKey(uri)
}

// StatusCodeName is a status as the standard's enumeration names it.
func StatusCodeName(status string) string {
	switch status {
	case StatusOK:
		return "STATUS_CODE_OK"
	case StatusError:
		return "STATUS_CODE_ERROR"
	}
	return "STATUS_CODE_UNSET"
}

// Attribute names of the Logboek Dataverwerkingen (namespace dpl.core),
// as the export, the CSV download and the OTLP spans name them.
const (
	AttrProcessingActivityID = "dpl.core.processing_activity_id"
	AttrDataSubjectID        = "dpl.core.data_subject_id"
	AttrDataSubjectIDType    = "dpl.core.data_subject_id_type"
)

// ProcessingCSVHeader is the header of the processing log's CSV export:
// the standard's field and attribute names, the caller's operation as
// foreign_operation.trace_id and .span_id, and the record's place in the
// chain (seq) first.
var ProcessingCSVHeader = []string{"seq", "trace_id", "span_id", "parent_span_id", "name", "start_time", "end_time", "status_code",
	"resource.service.name", "resource.service.version", AttrProcessingActivityID, AttrDataSubjectID, AttrDataSubjectIDType,
	"foreign_operation.trace_id", "foreign_operation.span_id"}

// CSVRow is the record as a row under ProcessingCSVHeader; the activity
// as its address on the installation at baseURL.
func (r *ProcessingRecord) CSVRow(baseURL string) []string {
	return []string{strconv.FormatInt(r.Seq, 10), r.TraceID, r.SpanID, r.ParentSpanID, r.Name, strconv.FormatInt(r.StartMS, 10),
		strconv.FormatInt(r.EndMS, 10), StatusCodeName(r.StatusCode), r.ResourceName, r.ResourceVersion,
		ActivityURL(baseURL, r.ActivityID), r.DataSubjectID, r.DataSubjectIDType, r.ForeignTraceID, r.ForeignSpanID}
}
