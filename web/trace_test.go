package web_test

import (
	"context"
	"strings"
	"testing"
)

// A client cannot join an existing trace with traceparent: its request gets
// a trace of its own, whose processing records keep the caller's trace and
// span only as the foreign operation (also in the privacy officer's export).
func TestCallersTraceIsALink(t *testing.T) {
	p := newPlatform(t, true)
	const caller, callerSpan = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	admin := p.login(t, "beheerder@arnhem.demo.example", testPassword).cookie.Value
	r := p.do(t, "GET", "/beheer/arnhem/gebruikers", admin, nil, "traceparent", "00-"+caller+"-"+callerSpan+"-01")
	if r.status != 200 {
		t.Fatalf("users: %d", r.status)
	}
	own := strings.Split(r.header.Get("traceparent"), "-")
	if len(own) != 4 || own[1] == caller {
		t.Fatalf("traceparent %q: want a trace of its own", r.header.Get("traceparent"))
	}
	ctx := context.Background()
	if audit, processing, err := p.db.Logs.FindTrace(ctx, p.arnhemID, caller); err != nil || len(audit)+len(processing) > 0 {
		t.Errorf("the caller's trace holds %d audit and %d processing records (%v)", len(audit), len(processing), err)
	}
	_, processing, err := p.db.Logs.FindTrace(ctx, p.arnhemID, own[1])
	if err != nil || len(processing) == 0 {
		t.Fatalf("own trace: %d processing records, %v", len(processing), err)
	}
	for _, rec := range processing {
		if rec.ForeignTraceID != caller || rec.ForeignSpanID != callerSpan || rec.ParentSpanID != own[2] {
			t.Errorf("record %d: foreign %s/%s, parent %s", rec.Seq, rec.ForeignTraceID, rec.ForeignSpanID, rec.ParentSpanID)
		}
	}
	fg := p.login(t, "fg@arnhem.demo.example", testPassword).cookie.Value
	csv := p.do(t, "GET", "/logboek/arnhem/verwerkingen.csv", fg, nil).body
	if !strings.Contains(csv, ",foreign_operation.trace_id,foreign_operation.span_id\n") || !strings.Contains(csv, ","+caller+","+callerSpan+"\n") {
		t.Errorf("export lacks the link:\n%s", csv[:min(len(csv), 600)])
	}
}
