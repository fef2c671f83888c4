package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
)

// transfers: 7. Who is not the case's owner at a school, or not staff of
// the receiving school, gets nothing of a transfer; the owner cannot send
// an item without a clause that allows it.
func (in *insider) transfers(t *testing.T) {
	schoolCase := in.records["schoolcasus"][true]
	receipt := in.records["overdracht"][true]
	hague, _ := in.db.Organisations.FindMunicipalityBySlug(context.Background(), "den-haag")
	hagueSchools, _ := in.db.Casework.TransferSchools(context.Background())
	to := ""
	for _, s := range hagueSchools {
		if s.MunicipalityID == hague.ID && s.HasContact && to == "" {
			to = s.ID
		}
	}
	sendPath := "/casussen/arnhem/" + schoolCase + "/overdracht"
	for who, session := range map[string]string{"the police (owner of another case, no school)": in.sessions[vios.RolePartner],
		"school B (a member, not the owner)": in.sessions2[in.schoolBUsr.Email]} {
		if status, page := in.web(t, session, "GET", sendPath+"?school="+to, nil); status != http.StatusForbidden && status != http.StatusNotFound ||
			strings.Contains(page, "Lotte Visser") || strings.Contains(page, "Verhuist") {
			t.Errorf("%s prepares the school's transfer: %d", who, status)
		}
		if status, _ := in.web(t, session, "POST", sendPath, url.Values{"school": {to}}); status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("%s sends the school's transfer: %d", who, status)
		}
	}
	// School B works at another school than the receiving one.
	if status, _ := in.web(t, in.sessions2[in.schoolBUsr.Email], "GET", "/overdrachten/arnhem/"+receipt, nil); status != http.StatusNotFound {
		t.Errorf("school B opens school A's transfer: %d", status)
	}
	if status, _ := in.web(t, in.sessions2[in.schoolBUsr.Email], "POST", "/overdrachten/arnhem/"+receipt+"/besluit", url.Values{"besluit": {"aanvaarden"}}); status != http.StatusNotFound {
		t.Errorf("school B accepts school A's transfer: %d", status)
	}
	// The owner, with no transfer clause: no item goes, nothing arrives.
	hagueSchool, _, _ := in.db.Accounts.FindCredentials(context.Background(), "school@den-haag.demo.example")
	inbox := func() int {
		_, received, err := in.db.Casework.ListTransfers(vios.NewContextWithActor(context.Background(), &vios.Actor{User: hagueSchool}), hague.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(received)
	}
	before := inbox()
	status, _ := in.web(t, in.sessions[vios.RoleSchool], "POST", sendPath, url.Values{"school": {to}, "onderdelen": {"plan:" + schoolCase}})
	if status != http.StatusBadRequest {
		t.Errorf("the owner sends the plan without a clause: %d", status)
	}
	if after := inbox(); after != before {
		t.Errorf("a refused transfer reached Den Haag: %d, was %d", after, before)
	}
}
