package store

import (
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// The cost of chaining one processing record: the plain SHA-256 used
// before against the HMAC-SHA256 under the cached log key that replaced it.
// Every logged read pays this once per person shown.
func BenchmarkChainEntry(b *testing.B) {
	ring := keys.Derived([]byte("bench"))
	r := &vios.ProcessingRecord{Seq: 123456, TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7",
		ParentSpanID: "00f067aa0ba902b8", Name: "signaal-bekijken", StartMS: 1760000000000, EndMS: 1760000000003,
		StatusCode: vios.StatusOK, ResourceName: "vios-platform", ResourceVersion: vios.Version,
		ActivityID: vios.ActivityCasework.URI, DataSubjectID: "7c1e0b8e-5f43-4c1b-9a57-2f0d8c1e6a11",
		DataSubjectIDType: "leerling", MunicipalityID: "4f0c2a9e-1d2b-4c5e-8f7a-9b0c1d2e3f40",
		PrevHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
	for _, version := range []int{0, 1} {
		name := map[int]string{0: "sha256", 1: "hmac"}[version]
		b.Run(name, func(b *testing.B) {
			s, err := newChainSum(ring, chainProcessing, version)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.processing(r)
			}
		})
	}
}
