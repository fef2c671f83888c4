package store

import (
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// A page's links come from the rows the reader sees: a hidden row at the
// edge of the page never lends its id to a link, and a page with nothing
// visible links nowhere.
func TestCursorsFromVisibleRows(t *testing.T) {
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	key := func(id string) vios.Cursor { return vios.Cursor{At: at, ID: id} }
	hidden, firstSeen, lastSeen := key("hidden"), key("a"), key("b")
	p := vios.Page{Prev: &hidden, Next: &hidden}
	cursorsFrom(&p, []string{"a", "b"}, key)
	if p.Prev == nil || p.Prev.ID != firstSeen.ID || !p.Prev.Back {
		t.Errorf("prev %+v, want back from %s", p.Prev, firstSeen.ID)
	}
	if p.Next == nil || p.Next.ID != lastSeen.ID || p.Next.Back {
		t.Errorf("next %+v, want on from %s", p.Next, lastSeen.ID)
	}
	p = vios.Page{Next: &hidden}
	cursorsFrom(&p, []string{"a"}, key)
	if p.Prev != nil {
		t.Errorf("the first page got a prev link %+v", p.Prev)
	}
	p = vios.Page{Prev: &hidden, Next: &hidden}
	cursorsFrom(&p, []string{}, key)
	if p.Prev != nil || p.Next != nil {
		t.Errorf("a page with nothing visible links to %+v / %+v", p.Prev, p.Next)
	}
}
