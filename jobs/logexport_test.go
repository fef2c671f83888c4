package jobs

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/vios-platform/vios"
)

// otlpReceiver is an in-process OTLP/HTTP trace receiver that refuses the
// first requests (503, as a receiver that is down) and then keeps every
// span it accepts.
type otlpReceiver struct {
	mu      sync.Mutex
	refuse  int
	refused int
	spans   []*tracepb.Span
	res     []string // service.name of each span's resource
}

func (o *otlpReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.refused < o.refuse {
		o.refused++
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req coltracepb.ExportTraceServiceRequest
	if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	for _, rs := range req.ResourceSpans {
		name := ""
		for _, kv := range rs.Resource.GetAttributes() {
			if kv.Key == "service.name" {
				name = kv.Value.GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				o.spans, o.res = append(o.spans, s), append(o.res, name)
			}
		}
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Write(out)
}

func attrs(s *tracepb.Span) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes {
		m[kv.Key] = kv.Value.GetStringValue()
		if iv, ok := kv.Value.GetValue().(*commonpb.AnyValue_IntValue); ok {
			m[kv.Key] = strconv.FormatInt(iv.IntValue, 10)
		}
	}
	return m
}

// The processing log reaches the municipality's OTLP receiver as spans
// with the standard's attribute names; while the receiver is down nothing
// is marked sent, and once it answers every record arrives exactly once,
// a refused act's error record and the caller's operation (a link) with them.
func TestLogExportSurvivesAReceiverThatIsDown(t *testing.T) {
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	db, arnhem, users := demoArnhem(t, &now)
	ctx := context.Background()
	// A refused act, by a caller that sent its traceparent.
	caller, callerSpan := "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	refused := vios.NewContextWithTrace(vios.NewContextWithActor(ctx, &vios.Actor{User: users[vios.RolePartner]}),
		vios.NewTrace(vios.Trace{TraceID: caller, SpanID: callerSpan}))
	school := users[vios.RoleSchool]
	if err := db.Accounts.AddMembership(refused, &vios.Membership{UserID: school.ID, MunicipalityID: arnhem.ID, Role: vios.RoleSchool,
		OrganisationID: school.Memberships[0].OrganisationID}); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("refusal: %v", err)
	}

	receiver := &otlpReceiver{refuse: 2}
	srv := httptest.NewServer(receiver)
	defer srv.Close()
	exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(srv.URL+"/v1/traces"),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}))
	if err != nil {
		t.Fatal(err)
	}
	e := &LogExporter{Store: db.Logs, Exporter: exporter, BaseURL: "https://vios.gemeente.example", Holder: "test", BatchSize: 7}

	for i := range 2 {
		if sent, failed, err := e.Pass(ctx); err == nil || sent != 0 || failed == 0 {
			t.Fatalf("pass %d to a receiver that is down: sent %d, failed %d, %v", i, sent, failed, err)
		}
	}
	if mark, lastError, err := db.Logs.LogExportMark(ctx); err != nil || mark != 0 || lastError == "" {
		t.Fatalf("after failed passes: mark %d, last error %q, %v", mark, lastError, err)
	}
	for {
		sent, _, err := e.Pass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sent == 0 {
			break
		}
	}
	mark, lastError, err := db.Logs.LogExportMark(ctx)
	if err != nil || mark == 0 || lastError != "" {
		t.Fatalf("after the receiver came back: mark %d, %q, %v", mark, lastError, err)
	}
	if int64(len(receiver.spans)) != mark {
		t.Errorf("%d spans arrived for %d records", len(receiver.spans), mark)
	}
	seen := map[string]bool{}
	var refusal *tracepb.Span
	for i, s := range receiver.spans {
		a := attrs(s)
		if seen[a["vios.seq"]] {
			t.Errorf("record %s arrived twice", a["vios.seq"])
		}
		seen[a["vios.seq"]] = true
		if a[vios.AttrProcessingActivityID] == "" || receiver.res[i] != "vios-platform" || len(s.TraceId) != 16 || len(s.SpanId) != 8 {
			t.Errorf("span %q: %v, resource %q", s.Name, a, receiver.res[i])
		}
		if s.Status.GetCode() == tracepb.Status_STATUS_CODE_ERROR {
			refusal = s
		}
	}
	for seq := int64(1); seq <= mark; seq++ {
		if !seen[strconv.FormatInt(seq, 10)] {
			t.Errorf("record %d never arrived", seq)
		}
	}
	if refusal == nil {
		t.Fatal("the refused act's error record did not arrive")
	}
	a := attrs(refusal)
	if refusal.Name != string(vios.ActionManageUsers) || a[vios.AttrDataSubjectID] != school.ID || a[vios.AttrDataSubjectIDType] != "gebruiker" ||
		a[vios.AttrProcessingActivityID] != "https://vios.gemeente.example/verwerkingsactiviteiten/accountbeheer" {
		t.Errorf("refusal span: %q %v", refusal.Name, a)
	}
	if len(refusal.Links) != 1 || hex.EncodeToString(refusal.Links[0].TraceId) != caller || hex.EncodeToString(refusal.Links[0].SpanId) != callerSpan {
		t.Errorf("refusal span's link to the caller: %v", refusal.Links)
	}
}
