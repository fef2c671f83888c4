package vios

import (
	"reflect"
	"testing"
)

func TestDiffLines(t *testing.T) {
	got := DiffLines("a\nb\nc", "a\nx\nc\nd")
	want := []DiffLine{{"=", "a"}, {"-", "b"}, {"+", "x"}, {"=", "c"}, {"+", "d"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff: %v", got)
	}
	if got := DiffLines("", "nieuw"); !reflect.DeepEqual(got, []DiffLine{{"+", "nieuw"}}) {
		t.Fatalf("from empty: %v", got)
	}
}
