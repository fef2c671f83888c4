package jobs

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/vios-platform/vios"
)

// LogExportStore is the part of the store the log exporter needs;
// *store.Logs has it.
type LogExportStore interface {
	ClaimLogExport(ctx context.Context, holder string, lease time.Duration, limit int) ([]*vios.ProcessingRecord, error)
	FinishLogExport(ctx context.Context, holder string, sent int64, errText string) error
}

// LogExporter sends the processing log to the municipality's OTLP
// receiver, each record as the span the Logboek Dataverwerkingen models
// it as: its trace and span ids, parent, name, start and end, status, the
// dpl.core attributes, the caller's operation as a link. The database
// keeps the log and its hash chain; a record is marked sent only once the
// receiver accepted it, so a receiver that does not answer loses nothing:
// the next pass sends the same records again.
type LogExporter struct {
	Store    LogExportStore
	Exporter sdktrace.SpanExporter
	Logger   *slog.Logger
	// BaseURL is the installation's address: the activity attribute is
	// the activity's public page there.
	BaseURL string
	// Holder names this instance in the export's lease.
	Holder string
	// Interval is the time between passes (default a minute); Lease how
	// long a pass may take before another instance takes over (default
	// five minutes); BatchSize the most records one pass sends (500).
	Interval  time.Duration
	Lease     time.Duration
	BatchSize int
}

func (e *LogExporter) defaults() {
	if e.Logger == nil {
		e.Logger = slog.New(slog.DiscardHandler)
	}
	if e.Interval == 0 {
		e.Interval = time.Minute
	}
	if e.Lease == 0 {
		e.Lease = 5 * time.Minute
	}
	if e.BatchSize == 0 {
		e.BatchSize = 500
	}
}

// Run sends passes until ctx ends, then shuts the exporter down.
func (e *LogExporter) Run(ctx context.Context) {
	e.defaults()
	runPasses(ctx, e.Logger, "logboek-export", e.Interval, e.BatchSize, nil, e.Pass)
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := e.Exporter.Shutdown(shutdown); err != nil {
		e.Logger.Warn("log exporter shutdown", "err", err)
	}
}

// Pass sends one batch of records not yet sent: sent is how many the
// receiver accepted, failed how many it did not (they stay to retry).
func (e *LogExporter) Pass(ctx context.Context) (sent, failed int, err error) {
	e.defaults()
	list, err := e.Store.ClaimLogExport(ctx, e.Holder, e.Lease, e.BatchSize)
	if err != nil || len(list) == 0 {
		return 0, 0, err
	}
	spans := make([]sdktrace.ReadOnlySpan, len(list))
	for i, r := range list {
		spans[i] = ProcessingSpan(r, e.BaseURL)
	}
	if err := e.Exporter.ExportSpans(ctx, spans); err != nil {
		// The receiver's error names its address, never a record.
		if ferr := e.Store.FinishLogExport(context.WithoutCancel(ctx), e.Holder, 0, err.Error()); ferr != nil {
			e.Logger.Error("release log export", "err", ferr)
		}
		return 0, len(list), fmt.Errorf("export processing log: %w", err)
	}
	return len(list), 0, e.Store.FinishLogExport(context.WithoutCancel(ctx), e.Holder, list[len(list)-1].Seq, "")
}

// ProcessingSpan is a processing record as an OpenTelemetry span. Its
// resource names the application and version; the municipality's id is an
// attribute (vios.municipality_id) for a receiver shared by several.
func ProcessingSpan(r *vios.ProcessingRecord, baseURL string) sdktrace.ReadOnlySpan {
	stub := tracetest.SpanStub{
		Name:        r.Name,
		SpanContext: spanContext(r.TraceID, r.SpanID, false),
		SpanKind:    trace.SpanKindInternal,
		StartTime:   time.UnixMilli(r.StartMS).UTC(),
		EndTime:     time.UnixMilli(r.EndMS).UTC(),
		Attributes: []attribute.KeyValue{
			attribute.String(vios.AttrProcessingActivityID, vios.ActivityURL(baseURL, r.ActivityID)),
			attribute.String("vios.municipality_id", r.MunicipalityID),
			attribute.Int64("vios.seq", r.Seq),
		},
		Resource: sdkresource.NewSchemaless(attribute.String("service.name", r.ResourceName),
			attribute.String("service.version", r.ResourceVersion)),
	}
	if r.DataSubjectID != "" {
		stub.Attributes = append(stub.Attributes, attribute.String(vios.AttrDataSubjectID, r.DataSubjectID),
			attribute.String(vios.AttrDataSubjectIDType, r.DataSubjectIDType))
	}
	if r.ParentSpanID != "" {
		stub.Parent = spanContext(r.TraceID, r.ParentSpanID, false)
	}
	switch r.StatusCode {
	case vios.StatusOK:
		stub.Status = sdktrace.Status{Code: codes.Ok}
	case vios.StatusError:
		stub.Status = sdktrace.Status{Code: codes.Error}
	}
	if r.ForeignTraceID != "" {
		// The caller's operation (foreign_operation): a link, not a
		// parent; its trace is the caller's, not ours.
		stub.Links = []sdktrace.Link{{SpanContext: spanContext(r.ForeignTraceID, r.ForeignSpanID, true),
			Attributes: []attribute.KeyValue{attribute.String("dpl.core.foreign_operation", "true")}}}
	}
	return stub.Snapshot()
}

// spanContext is a span context of hex ids; invalid ids give an invalid
// (empty) context, which the exporter sends as absent.
func spanContext(traceID, spanID string, remote bool) trace.SpanContext {
	var tid trace.TraceID
	var sid trace.SpanID
	if len(traceID) == 2*len(tid) && len(spanID) == 2*len(sid) {
		hex.Decode(tid[:], []byte(traceID)) // #nosec G104 -- an invalid id leaves a zero id, an invalid context
		hex.Decode(sid[:], []byte(spanID))  // #nosec G104 -- as above
	}
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, Remote: remote})
}
