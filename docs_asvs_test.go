package vios_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs/ASVS.md lists every ASVS 5.0 level 1 and 2 requirement with the test
// that shows it. A renamed or removed test would leave a row that proves
// nothing: every test the table names must exist in the package it names,
// every row must have a status, and a row that says "met" without a test
// must say why no test can show it.

var (
	asvsRow      = regexp.MustCompile(`^\| (\d+\.\d+\.\d+) \| ([12]) \| ([a-z/ ]+) \| (.*) \| (.*) \|$`)
	asvsTestName = regexp.MustCompile("`((?:[a-z]+/)?[a-z0-9]+)\\.((?:Test|Fuzz)[A-Za-z0-9_]+)`")
)

// asvsLevel2Requirements is the number of requirements of levels 1 and 2
// in ASVS 5.0.0.
const asvsLevel2Requirements = 253

func TestASVSNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("docs", "ASVS.md"))
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]bool{} // "dir.TestName"
	seen := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		m := asvsRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		id, status, how, tests := m[1], m[3], m[4], m[5]
		if seen[id] {
			t.Errorf("%s is listed twice", id)
		}
		seen[id] = true
		switch status {
		case "met", "partly", "not met", "n/a":
		default:
			t.Errorf("%s: status %q", id, status)
		}
		if strings.TrimSpace(how) == "" {
			t.Errorf("%s: no explanation", id)
		}
		names := asvsTestName.FindAllStringSubmatch(tests, -1)
		lower := strings.ToLower(how)
		if status == "met" && len(names) == 0 && !strings.Contains(lower, "no test") && !strings.Contains(lower, "static check") {
			t.Errorf("%s is met without a test and without saying why none can show it", id)
		}
		for _, n := range names {
			if !testExists(t, funcs, n[1], n[2]) {
				t.Errorf("%s names %s.%s, which does not exist", id, n[1], n[2])
			}
		}
	}
	if len(seen) != asvsLevel2Requirements {
		t.Errorf("docs/ASVS.md has %d requirements, ASVS 5.0 level 2 has %d", len(seen), asvsLevel2Requirements)
	}
}

// testExists reports whether the package (by its name in the table: vios
// is the root) has a test function of that name, reading its test files
// once per package.
func testExists(t *testing.T, funcs map[string]bool, pkg, name string) bool {
	dir := pkg
	if pkg == "vios" {
		dir = "."
	}
	if !funcs[dir+"."] {
		funcs[dir+"."] = true
		files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
		decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)[A-Za-z0-9_]+)\(`)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
				funcs[dir+"."+m[1]] = true
			}
		}
	}
	return funcs[dir+"."+name]
}

// docs/THREATS.md names a test for each control; each must exist.
func TestThreatModelNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("docs", "THREATS.md"))
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]bool{}
	names := asvsTestName.FindAllStringSubmatch(string(doc), -1)
	if len(names) < 50 {
		t.Errorf("the threat model names %d tests; its tables name more", len(names))
	}
	for _, n := range names {
		if !testExists(t, funcs, n[1], n[2]) {
			t.Errorf("docs/THREATS.md names %s.%s, which does not exist", n[1], n[2])
		}
	}
}
