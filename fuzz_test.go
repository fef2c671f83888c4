package vios

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseTraceparent reads any traceparent header. An accepted header is
// exactly what the W3C format allows (version 00, lowercase hex, IDs not
// all zero) and is written back unchanged; a refused one gives no trace.
// A new trace never takes the caller's IDs as its own, only as the link.
func FuzzParseTraceparent(f *testing.F) {
	f.Add("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	f.Add("00-00000000000000000000000000000000-00f067aa0ba902b7-01")
	f.Add("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")
	f.Add("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	f.Add("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g")
	f.Fuzz(func(t *testing.T, h string) {
		tr, ok := ParseTraceparent(h)
		if !ok {
			if tr != (Trace{}) {
				t.Fatalf("refused header %q gave a trace %+v", h, tr)
			}
		} else {
			if got := tr.Traceparent(); got != h {
				t.Fatalf("accepted %q but writes back %q", h, got)
			}
			if !validHex(tr.TraceID, 16) || !validHex(tr.SpanID, 8) || len(tr.Flags) != 2 || !isHex(tr.Flags) {
				t.Fatalf("accepted an invalid header %q: %+v", h, tr)
			}
		}
		n := NewTrace(tr)
		if n.TraceID == tr.TraceID || n.SpanID == tr.SpanID || !validHex(n.TraceID, 16) || !validHex(n.SpanID, 8) {
			t.Fatalf("new trace %+v is not a fresh one beside %+v", n, tr)
		}
		if ok != (n.ForeignTraceID == tr.TraceID && n.ForeignSpanID == tr.SpanID && n.ForeignTraceID != "") {
			t.Fatalf("link to the caller %+v wrong for accepted=%v", n, ok)
		}
		if _, again := ParseTraceparent(n.Traceparent()); !again {
			t.Fatalf("the traceparent we send, %q, does not parse", n.Traceparent())
		}
	})
}

// FuzzParseTracestate joins any tracestate header lines. What it keeps is
// printable ASCII of at most 512 bytes without surrounding space (it goes
// on in outgoing headers and into the log), reads back as itself, and is
// the lines as they came, joined by commas.
func FuzzParseTracestate(f *testing.F) {
	f.Add("congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7")
	f.Add(" vendor=a ", "")
	f.Add("a=\x00b", "c=d")
	f.Add(strings.Repeat("x", 600), "")
	f.Add("é=1", "\r\ninjected: yes")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := ParseTracestate([]string{a, b})
		if s == "" {
			return
		}
		if len(s) > 512 || s != strings.TrimSpace(s) {
			t.Fatalf("kept %q: too long or with surrounding space", s)
		}
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] > 0x7e {
				t.Fatalf("kept byte %#x in %q", s[i], s)
			}
		}
		if s != strings.TrimSpace(a+","+b) {
			t.Fatalf("kept %q from %q and %q", s, a, b)
		}
		if again := ParseTracestate([]string{s}); again != s {
			t.Fatalf("%q reads back as %q", s, again)
		}
	})
}

// FuzzCheckValues checks any form or query (as the browser sends it,
// application/x-www-form-urlencoded) the way the web pages and the API do
// before anything is stored: it refuses exactly the values that are not
// ValidText, names each such field (a name that is itself bad as "?"),
// and never repeats a refused value in its message.
func FuzzCheckValues(f *testing.F) {
	f.Add("naam=Daan&tekst=regel1%0D%0Aregel2%09tab")
	f.Add("naam=%00&x=%FF%FE")
	f.Add("%00=1&b=2&b=%01")
	f.Add("a=%E2%80%A8&b=%C0%80")
	f.Add("q=;x=1")
	f.Fuzz(func(t *testing.T, raw string) {
		values, _ := url.ParseQuery(raw)
		err := CheckValues(values)
		bad := map[string]bool{}
		for k, list := range values {
			for _, s := range append([]string{k}, list...) {
				if !ValidText(s) {
					bad[fieldName(k)] = true
				}
			}
		}
		if (err == nil) != (len(bad) == 0) {
			t.Fatalf("CheckValues(%q) = %v, bad fields %v", raw, err, bad)
		}
		if err == nil {
			return
		}
		if ErrorCode(err) != EINVALID {
			t.Fatalf("code %q, want EINVALID", ErrorCode(err))
		}
		named := map[string]bool{}
		for _, fe := range ErrorFields(err) {
			named[fe.Field] = true
			if fe.Message != BadTextMessage || !utf8.ValidString(fe.Field) {
				t.Fatalf("field error %+v", fe)
			}
		}
		for k := range bad {
			if !named[k] {
				t.Fatalf("bad field %q not named in %v", k, ErrorFields(err))
			}
		}
		if len(named) != len(bad) {
			t.Fatalf("named %v, bad %v", named, bad)
		}
	})
}

func fieldName(k string) string {
	if ValidText(k) {
		return k
	}
	return "?"
}
