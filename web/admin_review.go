// The rights review: who holds which role where, on screen and as CSV.

package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// reviewRow is one line of the rights review.
type reviewRow struct {
	User       *vios.User
	Membership vios.Membership
	Privileged bool
	Dormant    bool
}

// privilegedRoles are the roles the review lists first, in this order: they
// reach users, the configuration or the processing log.
var privilegedRoles = []string{vios.RoleBeheerder, vios.RoleRegisseur, vios.RoleFG}

// reviewRank orders roles: the privileged ones first, then the rest in the
// order of vios.Roles.
func reviewRank(role string) int {
	if i := slices.Index(privilegedRoles, role); i >= 0 {
		return i
	}
	return len(privilegedRoles) + slices.IndexFunc(vios.Roles, func(l vios.Label) bool { return l.Code == role })
}

// reviewSummary are the counts at the top of the review.
type reviewSummary struct {
	Accounts, Roles, Privileged int
	Dormant, Blocked, NoTOTP    int // accounts
}

// rightsReviewRows lists every role in the municipality in the path,
// privileged roles first, then by name; an account is dormant when it never
// logged in or not in the last 90 days.
func (h *Handler) rightsReviewRows(w http.ResponseWriter, r *http.Request) (*vios.Municipality, []reviewRow, reviewSummary, bool) {
	var sum reviewSummary
	m, ok := h.municipalityFor(w, r, vios.ActionViewRightsReview)
	if !ok {
		return nil, nil, sum, false
	}
	users, err := h.Identity.RightsReview(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return nil, nil, sum, false
	}
	var rows []reviewRow
	now := h.now()
	for _, u := range users {
		dormant := u.LastLoginAt == nil || now.Sub(*u.LastLoginAt) > dormantAfter
		sum.Accounts++
		sum.Dormant += btoi(dormant)
		sum.Blocked += btoi(u.Disabled)
		sum.NoTOTP += btoi(!u.HasTOTP && !u.Disabled)
		for _, ms := range u.Memberships {
			if ms.MunicipalityID == m.ID {
				privileged := slices.Contains(privilegedRoles, ms.Role)
				sum.Roles++
				sum.Privileged += btoi(privileged)
				rows = append(rows, reviewRow{User: u, Membership: ms, Privileged: privileged, Dormant: dormant})
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b reviewRow) int {
		if d := reviewRank(a.Membership.Role) - reviewRank(b.Membership.Role); d != 0 {
			return d
		}
		return strings.Compare(a.User.Name, b.User.Name)
	})
	return m, rows, sum, true
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (h *Handler) rightsReview(w http.ResponseWriter, r *http.Request) {
	m, rows, sum, ok := h.rightsReviewRows(w, r)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, "admin-review", page{Title: "Rechtenoverzicht – " + m.Name, Current: "beheer",
		Data: struct {
			Municipality *vios.Municipality
			Rows         []reviewRow
			Sum          reviewSummary
			Date         string
		}{m, rows, sum, vios.DutchDate(h.now())}})
}

func (h *Handler) rightsReviewCSV(w http.ResponseWriter, r *http.Request) {
	m, rows, _, ok := h.rightsReviewRows(w, r)
	if !ok {
		return
	}
	records := [][]string{{"naam", "e-mailadres", "rol", "bevoorrecht", "organisatie", "status", "laatst ingelogd", "slapend", "tweede factor"}}
	yes := map[bool]string{true: "ja", false: "nee"}
	for _, row := range rows {
		last := "nooit"
		if row.User.LastLoginAt != nil {
			last = row.User.LastLoginAt.In(amsterdam).Format("2006-01-02 15:04")
		}
		records = append(records, []string{row.User.Name, row.User.Email, vios.RoleLabel(row.Membership.Role), yes[row.Privileged],
			row.Membership.OrganisationName, map[bool]string{true: "geblokkeerd", false: "actief"}[row.User.Disabled], last,
			yes[row.Dormant], yes[row.User.HasTOTP]})
	}
	writeCSV(w, "rechtenoverzicht-"+m.Slug+".csv", records)
}

// writeCSV sends records as a CSV download, with a byte-order mark so that
// Excel reads the UTF-8. Every CSV export goes through here, so that no cell
// can run as a formula (httpx.SafeCell).
func writeCSV(w http.ResponseWriter, filename string, records [][]string) {
	writeCSVSeparated(w, filename, ',', records)
}

// writeCSVSeparated is writeCSV with another separator: the semicolon that
// a Dutch spreadsheet expects when it opens a CSV (its decimal comma takes
// the comma).
func writeCSVSeparated(w http.ResponseWriter, filename string, comma rune, records [][]string) {
	for _, rec := range records {
		for i := range rec {
			rec[i] = httpx.SafeCell(rec[i])
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Comma = comma
	cw.WriteAll(records) // #nosec G104 -- the status is sent; a write error can only mean the client went away
}

// outboxMunicipalities returns the municipalities whose outbox the actor
