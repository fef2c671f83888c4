package report

import (
	"bytes"
	"testing"
	"time"
)

func TestThreadPDF(t *testing.T) {
	e := &ThreadExport{Municipality: "Arnhem", Network: "Kernteam", Layer: "Gepseudonimiseerd",
		Messages: []ThreadLine{{Author: "Politie", Organisation: "Politie Arnhem", PostedAt: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC), Text: "Tramhalte, AB12"},
			{Author: "School", Organisation: "College", PostedAt: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), Reply: true, Text: "Dank"}}}
	pdf, err := ThreadPDF(e)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("pdf: %v", err)
	}
}
