package vios

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// Long lists are read page by page on their order (keyset pagination):
// a page starts beside the row a cursor marks, so reading page 2,000 costs
// what page 1 costs, and no list counts all its rows to show one page.

// Cursor marks a place in a list: the order keys of one row, and whether
// the page wanted lies before that row rather than after it. It travels in
// addresses as an opaque token holding only a day, a moment and a record
// id: never a name.
type Cursor struct {
	Day  time.Time // the day a signal happened (the signals list only)
	At   time.Time // when the row was made
	ID   string
	Back bool
}

// cursorJSON is the cursor's token before base64: short keys keep
// addresses short.
type cursorJSON struct {
	Day  string `json:"d,omitempty"`
	At   string `json:"t"`
	ID   string `json:"i"`
	Back bool   `json:"b,omitempty"`
}

// String is the cursor's token for an address.
func (c Cursor) String() string {
	j := cursorJSON{At: c.At.UTC().Format(time.RFC3339Nano), ID: c.ID, Back: c.Back}
	if !c.Day.IsZero() {
		j.Day = c.Day.Format(time.DateOnly)
	}
	b, _ := json.Marshal(j)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CursorInvalid is the message for a paging token that is not one of ours.
const CursorInvalid = "Deze paginalink klopt niet. Open de lijst opnieuw vanaf het begin."

// ParseCursor reads a cursor's token: nil for "" (the first page), and
// EINVALID for a token we did not make.
func ParseCursor(token string) (*Cursor, error) {
	if token == "" {
		return nil, nil
	}
	bad := Errorf(EINVALID, CursorInvalid)
	if len(token) > 200 {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, bad
	}
	var j cursorJSON
	if err := json.Unmarshal(b, &j); err != nil || !ValidID(j.ID) {
		return nil, bad
	}
	c := &Cursor{ID: j.ID, Back: j.Back}
	if c.At, err = time.Parse(time.RFC3339Nano, j.At); err != nil {
		return nil, bad
	}
	c.At = c.At.UTC()
	if j.Day != "" {
		if c.Day, err = time.Parse(time.DateOnly, j.Day); err != nil {
			return nil, bad
		}
	}
	return c, nil
}

// TotalCap is the most rows a list counts: beyond it a list says "meer dan
// 1.000", for counting further costs as much as the rows counted.
const TotalCap = 1000

// Page is where a list read page by page goes on from the page read.
type Page struct {
	// Prev and Next mark the pages before and after this one; nil where
	// there is none.
	Prev, Next *Cursor
	// Total is counted on the first page only (Counted), up to TotalCap:
	// More says the list holds more rows than that.
	Total   int
	More    bool
	Counted bool
}
