package web

import "fmt"

// message is a notice in one of the NL Design System alert variants, with
// the role that belongs to it: ok and info are status messages a screen
// reader reads when it is free (role="status"); warning and error interrupt
// (role="alert"). Templates show one with {{template "message" (message
// "ok" .Notice)}}; an empty text shows nothing.
type message struct {
	Kind, Text, ID string
}

// Role is the ARIA role of the message's variant.
func (m message) Role() string {
	if m.Kind == "warning" || m.Kind == "error" {
		return "alert"
	}
	return "status"
}

// newMessage is the template function "message": kind, text and an
// optional element id. An unknown kind is a template error, not a pink box.
func newMessage(kind, text string, id ...string) (message, error) {
	switch kind {
	case "ok", "info", "warning", "error":
	default:
		return message{}, fmt.Errorf("message: unknown kind %q", kind)
	}
	m := message{Kind: kind, Text: text}
	if len(id) > 0 {
		m.ID = id[0]
	}
	return m, nil
}

// The function is registered here, beside its type, rather than in the
// long list in web.go.
func init() { funcs["message"] = newMessage }
