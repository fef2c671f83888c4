package vios

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Threads ("berichten"): the members of a network, and the readers of a
// case, talk between meetings in a thread of their own instead of an app
// group. A member sees what was posted while they were a member (from the
// day they joined until the day they left); the chair may share earlier
// history with a newcomer. A pupil named in a message is stored as a
// mention and shown to each reader as the network's clause lets them see
// the pupil: the name, the pseudonym or "een leerling".

// MaxMessageLength is the longest message, in characters.
const MaxMessageLength = 4000

// MessageEditWindow is how long after posting its author may edit a message.
const MessageEditWindow = 10 * time.Minute

// PupilToken marks a mention of a pupil in the stored (sealed) text of a
// message: "{{leerling:<id>}}". Typed text cannot contain it: the store
// removes the marker's opening before it puts its own mentions in.
const (
	pupilTokenOpen  = "{{leerling:"
	pupilTokenClose = "}}"
)

// PupilToken returns the mention of the pupil as stored in a message.
func PupilToken(id string) string { return pupilTokenOpen + id + pupilTokenClose }

// StripPupilTokens removes anything typed that looks like a mention.
func StripPupilTokens(s string) string {
	return strings.ReplaceAll(s, pupilTokenOpen, "{{ leerling:")
}

// SplitMessage splits a stored text into plain parts and pupil mentions,
// in order; a part with PupilID set is a mention.
func SplitMessage(text string) []MessagePart {
	var parts []MessagePart
	for text != "" {
		i := strings.Index(text, pupilTokenOpen)
		if i < 0 {
			break
		}
		j := strings.Index(text[i:], pupilTokenClose)
		if j < 0 {
			break
		}
		id := text[i+len(pupilTokenOpen) : i+j]
		if !ValidID(id) {
			parts = append(parts, MessagePart{Text: text[:i+j+len(pupilTokenClose)]})
			text = text[i+j+len(pupilTokenClose):]
			continue
		}
		if i > 0 {
			parts = append(parts, MessagePart{Text: text[:i]})
		}
		parts = append(parts, MessagePart{PupilID: id})
		text = text[i+j+len(pupilTokenClose):]
	}
	if text != "" {
		parts = append(parts, MessagePart{Text: text})
	}
	return parts
}

// MessagePart is a piece of a message as shown: plain text, or a pupil as
// the reader sees them (Shown: name, pseudonym or "een leerling", with
// Reason answering "Waarom zie ik dit?").
type MessagePart struct {
	Text    string
	PupilID string
	Shown   string
	Level   string
	Reason  string
}

// Message is one message of a thread, as a reader sees it.
type Message struct {
	ID             string
	MunicipalityID string
	NetworkID      string
	CaseID         string
	AuthorID       string
	AuthorName     string
	AuthorOrgID    string
	AuthorOrgName  string
	ReplyToID      string
	// Parts is the text as the reader sees it; empty once deleted.
	Parts     []MessagePart
	PostedAt  time.Time
	EditedAt  *time.Time
	DeletedAt *time.Time
	// DeletedByName: who deleted it, for the trace left in its place.
	DeletedByName string
	// WipedAt: when retention wiped its text (pseudonymised), if it did.
	WipedAt *time.Time
	// SignalID: the signal made of this message, if any.
	SignalID string
	// AgendaItemID: the agenda item proposed from this message, if any,
	// and the meeting it is on.
	AgendaItemID string
	MeetingID    string
	// ActionID: the action item made of this message, if any.
	ActionID string
	// Edits are the texts the message had before, oldest first, as the
	// reader sees them.
	Edits [][]MessagePart
	// PupilIDs are the pupils the message mentions.
	PupilIDs []string
	// Mine: the reader wrote it; Editable: and may still edit it.
	Mine     bool
	Editable bool
	// Attachments are the message's files, when the reader sees the
	// pupils of its author's organisation by name (a file may name anyone).
	Attachments []Attachment
}

// Plain returns the text as the reader sees it, without markup.
func (m *Message) Plain() string {
	var b strings.Builder
	for _, p := range m.Parts {
		if p.PupilID != "" {
			b.WriteString(p.Shown)
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// ThreadRead is how far a member has read a thread.
type ThreadRead struct {
	UserID           string
	UserName         string
	OrganisationName string
	MessageID        string // "" when nothing read yet
	ReadAt           *time.Time
}

// MentionablePupil is a pupil the reader may mention by name.
type MentionablePupil struct {
	ID   string
	Name string
	Code string
}

// Thread is a network's or a case's thread as one reader sees it.
type Thread struct {
	MunicipalityID string
	NetworkID      string
	NetworkName    string
	CaseID         string
	CaseCode       string
	Messages       []*Message
	Reads          []ThreadRead
	// Pupils the reader may mention by name (the composer's list).
	Pupils []MentionablePupil
	// NamesNotShared: the clause does not give names to every member; the
	// composer warns before a name is sent.
	NamesNotShared bool
	// MayShare: the reader chairs the network and may share history.
	MayShare bool
	// MayAct: the reader runs the network's meetings (chair, secretary)
	// and may make a message an action item.
	MayAct bool
}

// MessageInput is a new message.
type MessageInput struct {
	MunicipalityID string
	NetworkID      string
	CaseID         string
	ReplyToID      string
	Text           string
	// PupilIDs are pupils chosen in the composer ("@leerling"): mentioned
	// at the end of the text when the text does not name them already.
	PupilIDs []string
}

// ValidateMessageText checks the text of a message; summary says what did
// not happen.
func ValidateMessageText(text, summary string) error {
	var v Validation
	v.Check(strings.TrimSpace(text) != "", "tekst", "Schrijf een bericht.")
	v.Check(!tooLong(text, MaxMessageLength), "tekst", "Een bericht mag hoogstens %d tekens lang zijn.", MaxMessageLength)
	return v.Err(summary)
}

// MessageCheck is the composer's check of a draft: the pupils it names by
// name, and whether some members would not see those names.
type MessageCheck struct {
	NamedPupils int
	Warning     string
}

// ThreadService keeps threads: network threads (caseID "") and case threads.
type ThreadService interface {
	// Thread returns the thread as the actor sees it, and records that
	// the actor read it up to its last message.
	Thread(ctx context.Context, municipalityID, networkID, caseID string) (*Thread, error)
	// ThreadVersion is a marker of what the actor sees of the thread that
	// changes when a message is posted, edited or deleted: the live page
	// asks it, and reads the thread only when it changed. It reads no
	// pupil data.
	ThreadVersion(ctx context.Context, municipalityID, networkID, caseID string) (string, error)
	PostMessage(ctx context.Context, in *MessageInput) (*Message, error)
	// CheckMessage tells the composer whether the draft names a pupil
	// some members see only by pseudonym; nothing is stored.
	CheckMessage(ctx context.Context, in *MessageInput) (*MessageCheck, error)
	EditMessage(ctx context.Context, municipalityID, id, text string) error
	DeleteMessage(ctx context.Context, municipalityID, id string) error
	// ShareHistory lets a member of the network read its thread from the
	// day from on: the chair's explicit, audited act.
	ShareHistory(ctx context.Context, municipalityID, networkID, userID string, from time.Time) error
	// MessageToAgenda proposes a message for the agenda of the network's
	// next meeting (its pseudonymised text), keeping the link.
	MessageToAgenda(ctx context.Context, municipalityID, id string) (*AgendaItem, error)
	// MessageToAction makes a message an action item (a.Title, owner and
	// deadline given) of the network's latest meeting, or of its next one
	// when none was held; the chair or secretary may. The message keeps
	// the link.
	MessageToAction(ctx context.Context, municipalityID, id string, a *ActionItem) error
	// MessageRetention and SetMessageRetention: a network's own, shorter
	// period for its messages (0: the clause's period for signals), for
	// who manages the network.
	MessageRetention(ctx context.Context, municipalityID, networkID string) (own, clause int, err error)
	SetMessageRetention(ctx context.Context, municipalityID, networkID string, days int) error
	// MessageSources: the messages signals or agenda items (kind
	// "signaal", "agendapunt") were made from, by record id, only those
	// the actor may read in their thread.
	MessageSources(ctx context.Context, municipalityID, kind string, ids []string) (map[string]MessageSource, error)
	// ExportThread reads a network's thread for its chair's export,
	// audited (names: the chair chose the layer with names).
	ExportThread(ctx context.Context, municipalityID, networkID string, names bool) (*Thread, error)
	// MessageToSignal makes a signal of a message, keeping the link.
	MessageToSignal(ctx context.Context, municipalityID, id, phenomenon string) (*Signal, error)
}

// ClauseGivesNames reports whether, under sharing, an organisation of the
// recipient kind orgKind receives pupils' names (as AccessOf decides for a
// record another organisation entered): the composer's warning asks it of
// every current member's organisation.
func ClauseGivesNames(sharing Sharing, orgID, orgKind string, day time.Time) bool {
	if !sharing.Named || sharing.Clause == nil || sharing.Covenant == nil || sharing.Covenant.SignedParty(orgID, day) == nil {
		return false
	}
	for _, r := range sharing.Clause.Recipients {
		if r.Kind == orgKind && (len(r.OrganisationIDs) == 0 || slicesContains(r.OrganisationIDs, orgID)) &&
			slicesContains(r.Categories, DataIdentity) {
			return true
		}
	}
	return false
}

// MessageSource is the message a record was made from: "Uit bericht in
// <Thread>" links to it.
type MessageSource struct {
	MessageID string
	NetworkID string
	CaseID    string
	Thread    string
}

// Path is the message's place on its thread page.
func (s MessageSource) Path(slug string) string {
	if s.CaseID != "" {
		return "/casussen/" + slug + "/" + s.CaseID + "/berichten#bericht-" + s.MessageID
	}
	return "/netwerken/" + slug + "/" + s.NetworkID + "/berichten#bericht-" + s.MessageID
}

// MinMessageRetention is the shortest period (days) a network may keep its
// messages: a week between meetings must stay readable.
const MinMessageRetention = 7

// ValidateMessageRetention checks a network's own period for its
// messages against its clause's period for signals (days); 0 is the
// clause's.
func ValidateMessageRetention(days, clause int) error {
	if days == 0 {
		return nil
	}
	if days < MinMessageRetention || days > clause {
		return Invalid("bewaartermijn", fmt.Sprintf("Kies een bewaartermijn van %d tot en met %d dagen (de termijn van de deelafspraak), of laat het veld leeg.",
			MinMessageRetention, clause), "De bewaartermijn van de berichten is niet gewijzigd.")
	}
	return nil
}
