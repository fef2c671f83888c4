package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// TestInsiderThreadChanges: through the API, a member who did not write a
// message neither edits nor deletes it, someone outside the network does
// not even learn it exists, and its writer's edit keeps the earlier text.
func TestInsiderThreadChanges(t *testing.T) {
	in := newInsider(t)
	base := "/api/v1/netwerken/" + in.kernteam.ID + "/berichten"
	school, police := in.tokens[vios.RoleSchool], in.tokens[vios.RolePartner]
	_, doc := in.api(t, school, "GET", base, nil)
	var thread struct {
		Berichten []struct {
			ID        string  `json:"id"`
			BewerktOp *string `json:"bewerktOp"`
		} `json:"berichten"`
	}
	if err := json.Unmarshal([]byte(doc), &thread); err != nil || len(thread.Berichten) == 0 {
		t.Fatalf("thread: %v %s", err, doc)
	}
	id := thread.Berichten[len(thread.Berichten)-1].ID
	edit := map[string]any{"tekst": "Gesprek gehad over de pauze."}
	if status, body := in.api(t, police, "PATCH", base+"/"+id, edit); status != http.StatusForbidden {
		t.Errorf("police edits the school's message: %d %s", status, body)
	}
	if status, body := in.api(t, police, "DELETE", base+"/"+id, nil); status != http.StatusForbidden {
		t.Errorf("police deletes the school's message: %d %s", status, body)
	}
	youthT := in.tokens2[in.youth.Email]
	if status, body := in.api(t, youthT, "DELETE", base+"/"+id, nil); status != http.StatusNotFound && status != http.StatusForbidden || strings.Contains(body, insiderPupil) {
		t.Errorf("no member deletes a message: %d %s", status, body)
	}
	status, body := in.api(t, school, "PATCH", base+"/"+id, edit)
	if status != http.StatusOK || !strings.Contains(body, `"bewerktOp":"`) {
		t.Errorf("the writer edits: %d %s", status, body)
	}
	if status, body := in.api(t, school, "DELETE", base+"/"+id, nil); status != http.StatusNoContent {
		t.Errorf("the writer (and chair) deletes: %d %s", status, body)
	}
	_, doc = in.api(t, police, "GET", base, nil)
	if !strings.Contains(doc, `"verwijderdOp":"`) || strings.Contains(doc, "over de pauze") {
		t.Errorf("the trace stays, the text goes: %s", doc)
	}
}
