package store_test

import (
	"testing"
	"time"

	"github.com/vios-platform/vios"
)

// A signal and an agenda item made of a message link back to it, for who
// may read the message's thread only.
func TestMessageSources(t *testing.T) {
	w := newCaseworkWorld(t)
	threads := w.db.Services().Threads
	msg, err := threads.PostMessage(w.as(vios.RolePartner), &vios.MessageInput{MunicipalityID: w.arnhem, NetworkID: w.network.ID,
		Text: "Vechtpartij bij de tramhalte."})
	if err != nil {
		t.Fatal(err)
	}
	s, err := threads.MessageToSignal(w.chairCtx, w.arnhem, msg.ID, "wapens")
	if err != nil {
		t.Fatal(err)
	}
	w.plan(t, 14*24*time.Hour, 1)
	item, err := threads.MessageToAgenda(w.chairCtx, w.arnhem, msg.ID)
	if err != nil {
		t.Fatal(err)
	}
	for kind, id := range map[string]string{"signaal": s.ID, "agendapunt": item.ID} {
		got, err := threads.MessageSources(w.chairCtx, w.arnhem, kind, []string{id})
		if err != nil || got[id].MessageID != msg.ID || got[id].Thread != w.network.Name {
			t.Errorf("%s, the chair: %+v %v", kind, got, err)
		}
		// The regisseur has no place in the kernteam: no back-link.
		if got, err := threads.MessageSources(w.as(vios.RoleRegisseur), w.arnhem, kind, []string{id}); err != nil || len(got) != 0 {
			t.Errorf("%s, the regisseur: %+v %v", kind, got, err)
		}
	}
}
