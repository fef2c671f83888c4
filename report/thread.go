package report

import (
	"time"

	"github.com/vios-platform/vios"
)

// ThreadExport is a thread as exported by the network's chair: each
// message's text already in the chosen layer (pupils as codes unless the
// chair chose names).
type ThreadExport struct {
	Municipality string
	Network      string
	Layer        string // what the reader is told about the pupils in it
	Messages     []ThreadLine
}

// ThreadLine is one message of an export.
type ThreadLine struct {
	Author, Organisation string
	PostedAt             time.Time
	Reply                bool
	Text                 string
}

// ThreadDocument lays out an export of a thread.
func ThreadDocument(e *ThreadExport) (*Document, error) {
	title := "Berichten van " + e.Network
	d := newDoc(title, e.Municipality)
	d.title(title)
	d.subtitle(e.Layer)
	for _, m := range e.Messages {
		head := m.Author + " (" + m.Organisation + "), " + m.PostedAt.In(vios.Amsterdam).Format("02-01-2006 15:04")
		if m.Reply {
			head = "Antwoord – " + head
		}
		d.label(head)
		d.para(m.Text)
	}
	if len(e.Messages) == 0 {
		d.note("Er zijn geen berichten.")
	}
	return d.document()
}
