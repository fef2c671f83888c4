package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// threadOf reads the kernteam's thread as ctx, failing the test on error.
func threadOf(t *testing.T, w *caseworkWorld, ctx context.Context) *vios.Thread {
	t.Helper()
	th, err := w.db.Services().Threads.Thread(ctx, w.arnhem, w.network.ID, "")
	if err != nil {
		t.Fatalf("thread: %v", err)
	}
	return th
}

func countMessages(t *testing.T, w *caseworkWorld) int {
	t.Helper()
	var n int
	if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM messages`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A kernteam's thread: the police names a pupil the school entered; the
// police and the school read the name, youth work the pseudonym, and the
// database holds neither in the clear.
func TestThreadNamesFollowTheClause(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	knife := w.knife()
	if _, err := w.db.Casework.CreateSignal(w.chairCtx, knife); err != nil {
		t.Fatal(err)
	}
	pupil := knife.Pupils[0]
	police := w.as(vios.RolePartner)
	in := &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		Text: "Vechtpartij bij de tramhalte; jan de Vries was erbij. Wie weet meer?"}
	check, err := threads.CheckMessage(police, in)
	if err != nil || check.NamedPupils != 1 || !strings.Contains(check.Warning, "pseudoniem") {
		t.Fatalf("composer check: %+v, %v", check, err)
	}
	msg, err := threads.PostMessage(police, in)
	if err != nil {
		t.Fatal(err)
	}
	var sealed string
	if err := w.db.QueryRowContext(context.Background(), `SELECT text_sealed FROM messages WHERE id = ?`, msg.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "Vries") || strings.Contains(sealed, "tramhalte") {
		t.Fatalf("message stored in the clear: %q", sealed)
	}

	shown := func(ctx context.Context) vios.MessagePart {
		th := threadOf(t, w, ctx)
		if len(th.Messages) != 1 {
			t.Fatalf("%d messages", len(th.Messages))
		}
		for _, p := range th.Messages[0].Parts {
			if p.PupilID != "" {
				return p
			}
		}
		t.Fatalf("no pupil in %+v", th.Messages[0].Parts)
		return vios.MessagePart{}
	}
	if p := shown(police); p.Shown != "Jan de Vries" || p.Level != vios.AccessNamed {
		t.Errorf("police sees %+v", p)
	}
	if p := shown(w.chairCtx); p.Shown != "Jan de Vries" {
		t.Errorf("the school sees %+v", p)
	}
	youth := w.asUser(w.youth)
	if p := shown(youth); p.Shown != pupil.Code || p.Level != vios.AccessPseudonym || !strings.Contains(p.Reason, "pseudoniem") {
		t.Errorf("youth work sees %+v", p)
	}
	if th := threadOf(t, w, youth); strings.Contains(th.Messages[0].Plain(), "Vries") || len(th.Pupils) != 0 {
		t.Errorf("youth work reads %q and may mention %v", th.Messages[0].Plain(), th.Pupils)
	}
	// Every read of the thread is in the processing log: the post, three reads.
	if n := subjectRecords(t, w.db, w.arnhem, pupil.ID); n < 4 {
		t.Errorf("processing records about the pupil: %d", n)
	}
	// Receipts: the youth worker read up to the message.
	th := threadOf(t, w, police)
	read := false
	for _, r := range th.Reads {
		read = read || (r.UserID == w.youth.ID && r.MessageID == msg.ID)
	}
	if !read {
		t.Errorf("receipts: %+v", th.Reads)
	}

	// The school makes a signal of it, with the pupil, linked both ways.
	s, err := threads.MessageToSignal(w.chairCtx, w.arnhem, msg.ID, "wapens")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pupils) != 1 || s.Pupils[0].ID != pupil.ID || !strings.Contains(s.Description, "Jan de Vries") {
		t.Errorf("signal of the message: %+v", s)
	}
	if th := threadOf(t, w, youth); th.Messages[0].SignalID != s.ID {
		t.Errorf("message links %q, want %q", th.Messages[0].SignalID, s.ID)
	}
	if _, err := threads.MessageToSignal(w.chairCtx, w.arnhem, msg.ID, "wapens"); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("second signal of one message: %v", err)
	}

	// Proposed for the next meeting: the agenda, read by every member,
	// carries the pseudonym, not the name the police typed.
	if _, err := threads.MessageToAgenda(police, w.arnhem, msg.ID); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("to the agenda without a next meeting: %v", err)
	}
	w.plan(t, 14*24*time.Hour, 1)
	item, err := threads.MessageToAgenda(police, w.arnhem, msg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(item.Title+item.Description, "Vries") || !strings.Contains(item.Description, pupil.Code) {
		t.Errorf("the agenda item reads %q / %q", item.Title, item.Description)
	}
	if th := threadOf(t, w, youth); th.Messages[0].AgendaItemID != item.ID || th.Messages[0].MeetingID == "" {
		t.Errorf("message links agenda item %q", th.Messages[0].AgendaItemID)
	}
}

// Bad input is refused with a Dutch reason and stores nothing; edits keep
// the earlier text for ten minutes only, and a deletion leaves a trace.
func TestThreadRefusesAndKeepsHistory(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	post := func(ctx context.Context, text string) (*vios.Message, error) {
		return threads.PostMessage(ctx, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: text})
	}
	for name, c := range map[string]struct {
		ctx  context.Context
		text string
		code string
	}{
		"empty":       {police, "   ", vios.EINVALID},
		"too long":    {police, strings.Repeat("a", vios.MaxMessageLength+1), vios.EINVALID},
		"no member":   {w.as(vios.RoleOTSV), "Hallo", vios.EFORBIDDEN},
		"regisseur":   {w.as(vios.RoleRegisseur), "Hallo", vios.ENOTFOUND},
		"other place": {w.hagueCtx, "Hallo", vios.EFORBIDDEN},
	} {
		if _, err := post(c.ctx, c.text); vios.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	if n := countMessages(t, w); n != 0 {
		t.Fatalf("%d messages stored after refusals", n)
	}
	first, err := post(police, "Eerste versie")
	if err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Minute)
	reply, err := threads.PostMessage(w.chairCtx, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		ReplyToID: first.ID, Text: "Dank @" + w.police.Name})
	if err != nil || reply.ReplyToID != first.ID {
		t.Fatalf("reply: %+v, %v", reply, err)
	}
	var mentions int
	if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM message_mentions WHERE message_id = ? AND organisation_id = ?`,
		reply.ID, w.police.ID).Scan(&mentions); err != nil || mentions != 1 {
		t.Errorf("@%s: %d mentions, %v", w.police.Name, mentions, err)
	}
	if err := threads.EditMessage(w.chairCtx, w.arnhem, first.ID, "Niet van mij"); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("edit of another's message: %v", err)
	}
	if err := threads.EditMessage(police, w.arnhem, first.ID, "Tweede versie"); err != nil {
		t.Fatal(err)
	}
	th := threadOf(t, w, w.chairCtx)
	m := th.Messages[0]
	if m.Plain() != "Tweede versie" || m.EditedAt == nil || len(m.Edits) != 1 || m.Edits[0][0].Text != "Eerste versie" {
		t.Errorf("edited message: %q, edits %+v", m.Plain(), m.Edits)
	}
	w.now = w.now.Add(10 * time.Minute)
	if err := threads.EditMessage(police, w.arnhem, first.ID, "Derde versie"); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("edit after ten minutes: %v", err)
	}
	if err := threads.DeleteMessage(w.as(vios.RoleCoordinator), w.arnhem, first.ID); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("delete by the secretary: %v", err)
	}
	if err := threads.DeleteMessage(police, w.arnhem, first.ID); err != nil {
		t.Fatal(err)
	}
	m = threadOf(t, w, w.chairCtx).Messages[0]
	if m.DeletedAt == nil || m.DeletedByName == "" || len(m.Parts) != 0 || len(m.Edits) != 0 {
		t.Errorf("deleted message: %+v", m)
	}
	var edits int
	if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM message_edits`).Scan(&edits); err != nil || edits != 0 {
		t.Errorf("edits kept after deletion: %d, %v", edits, err)
	}
}

// A member sees what was posted while they were a member: nothing after
// they left, nothing from before they joined unless the chair shares it.
func TestThreadFollowsMembership(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	police := w.as(vios.RolePartner)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Voor iedereen"}); err != nil {
		t.Fatal(err)
	}
	youth := w.asUser(w.youth)
	if th := threadOf(t, w, youth); len(th.Messages) != 1 {
		t.Fatalf("member sees %d messages", len(th.Messages))
	}
	n, err := w.db.Networks.FindNetwork(context.Background(), w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	member := n.ActiveMember(w.youth.ID, w.now)
	if err := w.db.Networks.EndNetworkMembership(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, member.ID, w.now.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 2)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Na vertrek"}); err != nil {
		t.Fatal(err)
	}
	if _, err := threads.Thread(youth, w.arnhem, w.network.ID, ""); err == nil {
		t.Error("a member who left still reads the thread")
	}
	// Back as a newcomer, added with a backdated date: what was posted
	// during the first membership, not what was posted while away, until
	// the chair shares history.
	w.now = w.now.Add(time.Hour)
	w.add(t, vios.NetworkMember{UserID: w.youth.ID, OrganisationID: w.youthOrg.ID, Position: vios.PositionMember, JoinedOn: w.now.AddDate(0, 0, -1)})
	if th := threadOf(t, w, youth); len(th.Messages) != 1 || th.Messages[0].Plain() != "Voor iedereen" {
		t.Errorf("backdated newcomer sees %d messages", len(th.Messages))
	}
	w.now = w.now.AddDate(0, 0, 1)
	if err := threads.ShareHistory(police, w.arnhem, w.network.ID, w.youth.ID, w.now.AddDate(0, 0, -2)); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Errorf("a member shares history: %v", err)
	}
	chair := vios.ActorFromContext(w.chairCtx).User.ID
	if err := threads.ShareHistory(w.chairCtx, w.arnhem, w.network.ID, chair, w.now.AddDate(0, 0, -2)); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("the chair shares with themself: %v", err)
	}
	// Not from before the chair's own first day: they would open what
	// they cannot read themselves.
	if err := threads.ShareHistory(w.chairCtx, w.arnhem, w.network.ID, w.youth.ID, w.now.AddDate(0, 0, -30)); vios.ErrorCode(err) != vios.EINVALID {
		t.Errorf("the chair shares from before their own membership: %v", err)
	}
	if err := threads.ShareHistory(w.chairCtx, w.arnhem, w.network.ID, w.youth.ID, w.now.AddDate(0, 0, -2)); err != nil {
		t.Fatal(err)
	}
	if th := threadOf(t, w, youth); len(th.Messages) != 2 {
		t.Errorf("after sharing the newcomer sees %d messages, want 2", len(th.Messages))
	}
	// The share ends with the membership it was given for.
	n, err = w.db.Networks.FindNetwork(context.Background(), w.arnhem, w.network.ID)
	if err != nil {
		t.Fatal(err)
	}
	member = n.ActiveMember(w.youth.ID, w.now)
	if err := w.db.Networks.EndNetworkMembership(w.as(vios.RoleRegisseur), w.arnhem, w.network.ID, member.ID, w.now.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 2)
	if _, err := threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Weer weg"}); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.Add(time.Hour)
	w.add(t, vios.NetworkMember{UserID: w.youth.ID, OrganisationID: w.youthOrg.ID, Position: vios.PositionMember, JoinedOn: w.now})
	if th := threadOf(t, w, youth); len(th.Messages) != 2 {
		t.Errorf("after leaving again the old share opens %d messages, want 2", len(th.Messages))
	}
}

// Messages fall under the clause's retention for signals: wiped after it,
// deleted after the grace, each step in the deletion records.
func TestThreadRetention(t *testing.T) {
	w := newCaseworkWorld(t)
	police := w.as(vios.RolePartner)
	msg, err := w.db.Services().Threads.PostMessage(police, &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID, Text: "Tramhalte"})
	if err != nil {
		t.Fatal(err)
	}
	// A file on the message: listed with it, and wiped with its text.
	if _, err := w.db.Attachments.AddAttachment(police, w.arnhem, vios.OwnerMessage, msg.ID, "verslag.pdf", bytes.NewReader(pdfNaming("verslag"))); err != nil {
		t.Fatal(err)
	}
	if th := threadOf(t, w, police); len(th.Messages) != 1 || len(th.Messages[0].Attachments) != 1 || th.Messages[0].Attachments[0].Name != "verslag.pdf" {
		t.Fatalf("the thread lists the message's files as %+v", th.Messages)
	}
	messageFiles := func() int {
		t.Helper()
		var n int
		if err := w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM attachments WHERE owner_kind = 'bericht'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	count := func(records []vios.DeletionRecord, action string) int {
		n := 0
		for _, r := range records {
			if r.Kind == "berichten" && r.Action == action {
				n += r.Count
			}
		}
		return n
	}
	start := w.now
	w.now = start.AddDate(0, 0, 300)
	if records, err := w.db.Casework.RunRetention(context.Background(), false); err != nil || count(records, "gepseudonimiseerd") != 0 {
		t.Fatalf("day 300: %+v %v", records, err)
	}
	w.now = start.AddDate(0, 0, 367)
	records, err := w.db.Casework.RunRetention(context.Background(), false)
	if err != nil || count(records, "gepseudonimiseerd") != 1 || messageFiles() != 0 {
		t.Fatalf("day 367: %+v %v, %d files left", records, err, messageFiles())
	}
	th := threadOf(t, w, police)
	if len(th.Messages) != 1 || th.Messages[0].WipedAt == nil || len(th.Messages[0].Parts) != 0 {
		t.Errorf("after retention the thread holds %+v", th.Messages)
	}
	if err := w.db.Services().Threads.EditMessage(police, w.arnhem, msg.ID, "Nog eens"); vios.ErrorCode(err) != vios.ECONFLICT {
		t.Errorf("edit of a wiped message: %v", err)
	}
	w.now = start.AddDate(0, 0, 367+91)
	records, err = w.db.Casework.RunRetention(context.Background(), false)
	if err != nil || count(records, "verwijderd") != 1 || countMessages(t, w) != 0 {
		t.Fatalf("after the grace: %+v %v", records, err)
	}
}
