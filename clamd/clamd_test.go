package clamd_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/clamd"
	"github.com/vios-platform/vios/store/storetest"
)

func TestScanFindsEICARAndPassesCleanFiles(t *testing.T) {
	s := &clamd.Scanner{Address: storetest.Clamd(t)}
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, content string
		code          string
	}{
		{"eicar", storetest.EICAR, vios.EINVALID},
		{"schoon", "%PDF-1.4\n" + strings.Repeat("verslag ", 20000), ""},
	} {
		scan, err := s.Scan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// In pieces, as an upload arrives.
		for rest := c.content; rest != ""; {
			n := min(len(rest), 4096)
			if _, err := scan.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		err = scan.Verdict()
		scan.Close()
		if vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want code %q", c.name, err, c.code)
		}
	}
}

func TestScanWithoutClamdFailsClosed(t *testing.T) {
	s := &clamd.Scanner{Address: "unix:" + t.TempDir() + "/geen.sock"}
	if _, err := s.Scan(context.Background()); err == nil {
		t.Fatal("a scan without clamd started")
	}
}
