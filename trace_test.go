package vios

import (
	"strings"
	"testing"
)

func TestTraceStartsFreshAndLinksTheCaller(t *testing.T) {
	caller, ok := ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
	if !ok || caller.Flags != "00" {
		t.Fatalf("parse: %+v %v", caller, ok)
	}
	caller.State = ParseTracestate([]string{"rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"})
	tr := NewTrace(caller)
	if tr.TraceID == caller.TraceID || tr.ParentSpanID != "" || tr.ForeignTraceID != caller.TraceID ||
		tr.ForeignSpanID != caller.SpanID || tr.Flags != "00" || tr.State != "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" {
		t.Errorf("trace %+v", tr)
	}
	if c := tr.Child(); c.TraceID != tr.TraceID || c.ParentSpanID != tr.SpanID || c.ForeignSpanID != caller.SpanID || c.Flags != "00" {
		t.Errorf("child %+v", c)
	}
	if got := tr.Traceparent(); got != "00-"+tr.TraceID+"-"+tr.SpanID+"-00" {
		t.Errorf("traceparent %q", got)
	}
	fresh := NewTrace(Trace{})
	if fresh.ForeignTraceID != "" || fresh.Flags != "01" || !strings.HasSuffix(fresh.Traceparent(), "-01") {
		t.Errorf("fresh %+v", fresh)
	}
	for _, bad := range []string{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"} {
		if _, ok := ParseTraceparent(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if ParseTracestate([]string{strings.Repeat("a", 513)}) != "" || ParseTracestate([]string{"a=\x01"}) != "" {
		t.Error("a bad tracestate passed on")
	}
}
