package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Adding several members to a network at once, on a page of its own: each
// row a person with the organisation they sit for and their position. The
// store adds them all or none; a refused form comes back as it was typed,
// with the row named.

// memberRowCount is how many rows the form offers; empty rows are skipped.
const memberRowCount = 6

func (h *Handler) networkMemberRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/netwerken/{gemeente}/{id}/leden/toevoegen", Handler: h.addMembersForm},
		{Method: "POST", Pattern: "/netwerken/{gemeente}/{id}/leden/toevoegen", Handler: h.addMembers},
	}
}

// memberRow is one row of the form as typed.
type memberRow struct {
	N                                        int
	UserID, OrganisationID, Position, Deputy string
}

type addMembersPage struct {
	Municipality  *vios.Municipality
	Network       *vios.Network
	Rows          []memberRow
	Candidates    []*vios.User
	Organisations []*vios.Organisation
	Fixed         []vios.NetworkMember
	JoinedOn      string
	formOutcome
}

func (h *Handler) addMembersForm(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok {
		return
	}
	rows := make([]memberRow, memberRowCount)
	for i := range rows {
		rows[i] = memberRow{N: i + 1, Position: vios.PositionMember}
	}
	h.renderAddMembers(w, r, http.StatusOK, m, n, rows, h.today().Format(time.DateOnly), nil)
}

func (h *Handler) renderAddMembers(w http.ResponseWriter, r *http.Request, status int, m *vios.Municipality, n *vios.Network,
	rows []memberRow, joinedOn string, err error) {
	p := addMembersPage{Municipality: m, Network: n, Rows: rows, JoinedOn: joinedOn, formOutcome: blankForm()}
	var lerr error
	if p.Organisations, lerr = h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID}); lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	if p.Candidates, lerr = h.memberCandidates(r, m.ID); lerr != nil {
		h.renderError(w, r, lerr)
		return
	}
	today := h.today()
	for _, mem := range n.Members {
		if mem.ActiveOn(today) && mem.Position == vios.PositionMember {
			p.Fixed = append(p.Fixed, mem)
		}
	}
	if err != nil {
		anchors := map[string]string{"lidVanaf": "lid-vanaf"}
		for _, f := range vios.ErrorFields(err) {
			anchors[f.Field] = strings.ReplaceAll(f.Field, ".", "-")
		}
		p.formOutcome = formFailure(err, anchors)
	}
	h.render(w, r, status, "netwerk-leden", page{Title: "Leden toevoegen aan " + n.Name, Current: "netwerken", Data: p})
}

func (h *Handler) addMembers(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionManageNetwork, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	value := func(name string, i int) string {
		if list := r.PostForm[name]; i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	count := min(len(r.PostForm["gebruiker"]), 50)
	rows := make([]memberRow, count)
	list := make([]*vios.NetworkMember, count)
	joinedOn := formValue(r, "lidVanaf")
	joined, derr := time.Parse(time.DateOnly, joinedOn)
	for i := range rows {
		row := memberRow{N: i + 1, UserID: value("gebruiker", i), OrganisationID: value("organisatie", i),
			Position: value("positie", i), Deputy: value("vervangtLid", i)}
		rows[i] = row
		if row.UserID == "" && row.OrganisationID == "" {
			continue // an empty line
		}
		mem := &vios.NetworkMember{NetworkID: n.ID, UserID: row.UserID, OrganisationID: row.OrganisationID,
			Position: row.Position, DeputyForID: row.Deputy, JoinedOn: joined}
		if mem.Position == vios.PositionMember {
			mem.DeputyForID = ""
		}
		list[i] = mem
	}
	var err error
	if derr != nil {
		err = vios.Invalid("lidVanaf", "Vul de datum in als dd-mm-jjjj.", "Er is niemand toegevoegd: verbeter de datum en probeer het opnieuw.")
	} else {
		err = h.Networks.AddNetworkMembers(r.Context(), m.ID, n.ID, list)
	}
	if err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderAddMembers(w, r, status, m, n, rows, joinedOn, err) })
		return
	}
	added := 0
	for _, mem := range list {
		if mem != nil {
			added++
		}
	}
	melding := "lid-toegevoegd"
	if added > 1 {
		melding = "leden-toegevoegd"
	}
	http.Redirect(w, r, fmt.Sprintf("/netwerken/%s/%s?melding=%s#leden", m.Slug, n.ID, melding), http.StatusSeeOther)
}
