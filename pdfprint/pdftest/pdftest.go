// Package pdftest checks printed PDFs in tests with poppler-utils: that
// the PDF is tagged, has its title, and that its structure tree holds the
// headings, lists and tables the document has. It also shares one printer
// (one Chromium) between the tests of a package.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/vios-platform/vios/pdfprint"
)

var (
	shared     *pdfprint.Printer
	sharedOnce sync.Once
)

// Printer returns the printer shared by the package's tests. A test
// machine must have Chromium (scripts/testenv.sh installs it); without one
// the test fails rather than skips.
func Printer(t testing.TB) *pdfprint.Printer {
	t.Helper()
	var err error
	sharedOnce.Do(func() {
		var path string
		path, err = pdfprint.Find(nil)
		shared = pdfprint.New(path, pdfprint.Options{})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !shared.Available() {
		t.Fatal("no Chromium: set VIOS_CHROMIUM or run scripts/testenv.sh chromium")
	}
	return shared
}

// Main runs the tests and then closes the shared printer; call it from
// TestMain: os.Exit(pdftest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	return code
}

// poppler runs a poppler-utils tool on the PDF and returns its output.
func poppler(t testing.TB, pdf []byte, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: install poppler-utils (scripts/testenv.sh poppler)", tool)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	// The file goes where "{}" is, else last.
	placed := false
	for i, a := range args {
		if a == "{}" {
			args[i], placed = file, true
		}
	}
	if !placed {
		args = append(args, file)
	}
	cmd := exec.Command(tool, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v: %s", tool, err, stderr.String())
	}
	return string(out)
}

// Info is what pdfinfo says about the PDF, field by field.
func Info(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, line := range strings.Split(poppler(t, pdf, "pdfinfo"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

// Structure returns the structure tree (pdfinfo -struct).
func Structure(t testing.TB, pdf []byte) string {
	t.Helper()
	return poppler(t, pdf, "pdfinfo", "-struct")
}

// Text returns the PDF's text (pdftotext), with runs of white space as one
// space so that a phrase broken over lines is still found.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	return strings.Join(strings.Fields(poppler(t, pdf, "pdftotext", "-enc", "UTF-8", "{}", "-")), " ")
}

// Pages is the number of pages.
func Pages(t testing.TB, pdf []byte) string {
	t.Helper()
	return Info(t, pdf)["Pages"]
}

var structTag = regexp.MustCompile(`(?m)^\s*([A-Za-z][A-Za-z0-9]*)\b`)

// Tags counts the structure elements by type (H1, Table, L, LI, …).
func Tags(t testing.TB, pdf []byte) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, m := range structTag.FindAllStringSubmatch(Structure(t, pdf), -1) {
		n[m[1]]++
	}
	return n
}

// Check fails the test unless the PDF is tagged, has the title and holds
// each of the structure elements named in want (e.g. "H1", "H2", "Table",
// "TH", "TD", "L", "LI").
func Check(t testing.TB, pdf []byte, title string, want ...string) {
	t.Helper()
	info := Info(t, pdf)
	if info["Tagged"] != "yes" {
		t.Errorf("pdfinfo Tagged = %q, want yes", info["Tagged"])
	}
	if info["Title"] != title {
		t.Errorf("pdfinfo Title = %q, want %q", info["Title"], title)
	}
	tags := Tags(t, pdf)
	for _, tag := range want {
		if tags[tag] == 0 {
			t.Errorf("the structure has no %s; it has %v", tag, tags)
		}
	}
}
