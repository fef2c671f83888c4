package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
	"github.com/vios-platform/vios/httpx"
)

// invitationValid is how long an invitation link works.
const invitationValid = 7 * 24 * time.Hour

// dormantAfter: an account not used for this long is flagged in the review.
const dormantAfter = 90 * 24 * time.Hour

func (h *Handler) adminRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/beheer", Handler: h.adminIndex},
		{Method: "GET", Pattern: "/beheer/{gemeente}/gebruikers", Handler: h.listUsers},
		{Method: "GET", Pattern: "/beheer/{gemeente}/gebruikers/uitnodigen", Handler: h.inviteForm},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/uitnodigen", Handler: h.invite},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/{id}/blokkeren", Handler: h.blockUser(true)},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/{id}/deblokkeren", Handler: h.blockUser(false)},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/{id}/rollen", Handler: h.addRole},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/{id}/rollen/{rol}/intrekken", Handler: h.removeRole},
		{Method: "POST", Pattern: "/beheer/{gemeente}/gebruikers/{id}/sessies-beeindigen", Handler: h.endUserSessions},
		{Method: "GET", Pattern: "/beheer/{gemeente}/rechtenoverzicht", Handler: h.rightsReview},
		{Method: "GET", Pattern: "/beheer/{gemeente}/rechtenoverzicht.csv", Handler: h.rightsReviewCSV},
		{Method: "GET", Pattern: "/beheer/uitgaande-mail", Handler: h.outbox},
		{Method: "GET", Pattern: "/uitnodiging/{token}", Public: true, Handler: h.acceptInvitationForm},
		{Method: "POST", Pattern: "/uitnodiging/{token}", Public: true, Handler: h.acceptInvitation},
		{Method: "GET", Pattern: "/wachtwoord-vergeten", Public: true, Handler: h.resetRequestForm},
		{Method: "POST", Pattern: "/wachtwoord-vergeten", Public: true, Handler: h.resetRequest},
		{Method: "GET", Pattern: "/wachtwoord-herstellen/{token}", Public: true, Handler: h.resetPasswordForm},
		{Method: "POST", Pattern: "/wachtwoord-herstellen/{token}", Public: true, Handler: h.resetPassword},
	}
}

// municipalityFor finds the municipality in the path and checks action on
// it. Anonymous visitors go to the login page first, so that whether a
// municipality exists is not told to them.
func (h *Handler) municipalityFor(w http.ResponseWriter, r *http.Request, action vios.Action) (*vios.Municipality, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, false
	}
	return m, h.authorize(w, r, action, vios.Resource{MunicipalityID: m.ID})
}

// adminLink is one entry of the administration overview.
type adminLink struct {
	Municipality *vios.Municipality
	Links        []vios.Label // Code = href
}

// adminLinks are the administration pages of the municipality the actor
// may open.
func (h *Handler) adminLinks(actor *vios.Actor, m *vios.Municipality) []vios.Label {
	var links []vios.Label
	res := vios.Resource{MunicipalityID: m.ID}
	for _, l := range []struct {
		action vios.Action
		href   string
		label  string
	}{
		{vios.ActionViewUsers, "/beheer/" + m.Slug + "/gebruikers", "Gebruikers en rollen"},
		{vios.ActionViewRightsReview, "/beheer/" + m.Slug + "/rechtenoverzicht", "Rechtenoverzicht"},
		{vios.ActionEditApproach, "/beheer/" + m.Slug + "/aanpak", "Aanpak bewerken"},
		{vios.ActionEditApproach, "/beheer/" + m.Slug + "/organisaties", "Organisaties"},
		{vios.ActionEditPlanTemplates, "/veiligheidsplan-sjablonen/" + m.Slug, "Eigen sjablonen voor veiligheidsplannen"},
		{vios.ActionViewProcessingLog, "/logboek/" + m.Slug, "Logboek van verwerkingen"},
		{vios.ActionSubjectRequest, "/inzage/" + m.Slug, "Inzage, correctie en wissen (rechten van betrokkenen)"},
		{vios.ActionSubjectRequest, "/bewaartermijnen/" + m.Slug, "Bewaartermijnen en verwijderingen"},
		{vios.ActionEditAudit, "/veiligheidsaudits/" + m.Slug, "Veiligheidsaudits"},
		{vios.ActionEditAuditTemplates, "/veiligheidsaudit-sjablonen/" + m.Slug, "Sjablonen voor veiligheidsaudits"},
		{vios.ActionViewHelpDesk, "/hulploket/" + m.Slug + "/overzicht", "Hulploket: overzicht"},
		{vios.ActionDecideCustom, "/maatwerk/" + m.Slug, "Maatwerkaanvragen"},
		{vios.ActionEditNewsletter, "/nieuwsbrieven/" + m.Slug, "Nieuwsbrieven"},
	} {
		if vios.Authorize(actor, l.action, res) == nil && h.hasRoute(l.href) {
			links = append(links, vios.Label{Code: l.href, Label: l.label})
		}
	}
	if h.entreeConfigured() && vios.Authorize(actor, vios.ActionManageUsers, res) == nil {
		links = append(links, vios.Label{Code: "/beheer/" + m.Slug + "/entree", Label: "Aanmeldingen via Entree"})
	}
	return links
}

func (h *Handler) adminIndex(w http.ResponseWriter, r *http.Request) {
	actor, all, ok := h.municipalities(w, r)
	if !ok {
		return
	}
	var list []adminLink
	for _, m := range all {
		if !slices.Contains(actor.Municipalities(), m.ID) {
			continue
		}
		entry := adminLink{Municipality: m, Links: h.adminLinks(actor, m)}
		if len(entry.Links) > 0 {
			list = append(list, entry)
		}
	}
	outbox := h.Demo && mayReadOutbox(actor)
	h.render(w, r, http.StatusOK, "admin-index", page{Title: "Beheer", Current: "beheer",
		Data: struct {
			Entries []adminLink
			Outbox  bool
		}{list, outbox}})
}

// hasRoute reports whether some GET route serves path (pages of later
// features are linked only once they exist).
func (h *Handler) hasRoute(path string) bool {
	// The routes never change: their prefixes are found once, since the
	// menu asks on every page.
	h.getPrefixesOnce.Do(func() {
		for _, r := range h.Routes() {
			if prefix := strings.Split(r.Pattern, "{")[0]; r.Method == "GET" && prefix != "/" {
				h.getPrefixes = append(h.getPrefixes, prefix)
			}
		}
	})
	for _, prefix := range h.getPrefixes {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// usersPage is the data of the user administration pages.
type usersPage struct {
	Municipality  *vios.Municipality
	Users         []*vios.User
	CanManage     bool
	Actor         *vios.Actor
	Roles         []vios.Label
	Organisations []*vios.Organisation
	Message       string
	Error         string
	Fields        map[string]string
	Form          map[string]string
}

var adminMessages = map[string]string{
	"uitgenodigd":        "De uitnodiging is verstuurd.",
	"geblokkeerd":        "Het account is geblokkeerd; de sessies zijn beëindigd.",
	"gedeblokkeerd":      "Het account is weer actief.",
	"rol-toegekend":      "De rol is toegekend.",
	"rol-ingetrokken":    "De rol is ingetrokken.",
	"sessies-beeindigd":  "Alle sessies van deze gebruiker zijn beëindigd.",
	"uitnodiging-gereed": "Uw wachtwoord is ingesteld. Log in en stel daarna uw tweede factor in.",
	"herstel-gereed":     "Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord en uw tweede factor.",
}

func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionViewUsers)
	if !ok {
		return
	}
	h.renderUsers(w, r, m, http.StatusOK, nil)
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, m *vios.Municipality, status int, err error) {
	actor := vios.ActorFromContext(r.Context())
	users, lerr := h.Identity.ListUsers(r.Context(), m.ID)
	orgs, oerr := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if lerr != nil || oerr != nil {
		h.renderError(w, r, vios.JoinInvalid("", lerr, oerr))
		return
	}
	data := usersPage{Municipality: m, Users: users, Actor: actor, Roles: municipalRoles(), Organisations: orgs,
		CanManage: vios.Authorize(actor, vios.ActionManageUsers, vios.Resource{MunicipalityID: m.ID}) == nil,
		Message:   adminMessages[r.URL.Query().Get("melding")]}
	if err != nil {
		data.Error = vios.ErrorMessage(err)
	}
	h.render(w, r, status, "admin-users", page{Title: "Gebruikers – " + m.Name, Current: "beheer", Data: data})
}

// municipalRoles are the roles a municipality's administrator can give.
func municipalRoles() []vios.Label {
	var out []vios.Label
	for _, l := range vios.Roles {
		if l.Code != vios.RoleLandelijk {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handler) inviteForm(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok {
		return
	}
	h.renderInvite(w, r, m, http.StatusOK, map[string]string{}, nil)
}

func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, m *vios.Municipality, status int, form map[string]string, err error) {
	orgs, oerr := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if oerr != nil {
		h.renderError(w, r, oerr)
		return
	}
	data := usersPage{Municipality: m, Roles: municipalRoles(), Organisations: orgs, Form: form, Fields: map[string]string{}}
	if err != nil {
		data.Error = vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			data.Fields[fieldName(f.Field)] = f.Message
		}
	}
	h.render(w, r, status, "admin-invite", page{Title: "Iemand uitnodigen – " + m.Name, Current: "beheer", Data: data})
}

// checkOrganisation reports (field "organisatie") when the organisation
// chosen for role is not one of the municipality's organisations of the
// kind the role needs: a school role at a school, a partner role at a
// partner organisation.
func checkOrganisation(role, orgID string, orgs []*vios.Organisation) error {
	kind := vios.RoleOrganisationKind(role)
	if kind == "" || orgID == "" {
		return nil
	}
	var v vios.Validation
	i := slices.IndexFunc(orgs, func(o *vios.Organisation) bool { return o.ID == orgID })
	v.Check(i >= 0 && orgs[i].Kind == kind, "organisatie", "Kies een %s van deze gemeente voor de rol %s.",
		strings.ToLower(vios.OrganisationKindLabel(kind)), strings.ToLower(vios.RoleLabel(role)))
	return v.Err("De rol is niet volledig of niet juist.")
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok || !h.parseForm(w, r) {
		return
	}
	form := map[string]string{"naam": formValue(r, "naam"), "email": formValue(r, "email"),
		"rol": formValue(r, "rol"), "organisatie": formValue(r, "organisatie")}
	u := &vios.User{Name: form["naam"], Email: form["email"],
		Memberships: []vios.Membership{{MunicipalityID: m.ID, Role: form["rol"], OrganisationID: form["organisatie"]}}}
	if form["rol"] == vios.RoleLandelijk {
		u.Memberships[0].Role = "" // not given by a municipality
	}
	if vios.RoleOrganisationKind(form["rol"]) == "" {
		u.Memberships[0].OrganisationID = ""
	}
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	err = vios.JoinInvalid("De uitnodiging is niet verstuurd: verbeter de gemarkeerde velden.", u.Validate(), u.Memberships[0].Validate(),
		checkOrganisation(form["rol"], form["organisatie"], orgs))
	if err == nil {
		token, hash := auth.NewToken()
		body := "Beste " + u.Name + ",\n\nU bent uitgenodigd voor het VIOS-platform van " + m.Name + " als " +
			strings.ToLower(vios.RoleLabel(form["rol"])) + ".\nKies uw wachtwoord via deze link (7 dagen geldig, één keer te gebruiken):\n\n" +
			strings.TrimSuffix(h.BaseURL, "/") + "/uitnodiging/" + token + "\n\nDaarna stelt u een tweede factor in met een app op uw telefoon.\n"
		err = h.Identity.Invite(r.Context(), u, hash, invitationValid, "Uitnodiging voor het VIOS-platform", body)
	}
	if err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			h.renderInvite(w, r, m, httpx.ErrorStatus(code), form, err)
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/gebruikers?melding=uitgenodigd", http.StatusSeeOther)
}

// targetUser returns the user in the path, who must have a role in m;
// anyone else is not found under this municipality.
func (h *Handler) targetUser(w http.ResponseWriter, r *http.Request, m *vios.Municipality) (*vios.User, bool) {
	u, err := h.Identity.FindUserByID(r.Context(), r.PathValue("id"))
	if err == nil && !slices.Contains(userMunicipalities(u), m.ID) {
		err = vios.Errorf(vios.ENOTFOUND, "Deze gebruiker bestaat niet.")
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	return u, true
}

// managedUser is the user in the path, for an administrator of the
// municipality in the path who manages its users.
func (h *Handler) managedUser(w http.ResponseWriter, r *http.Request) (*vios.Municipality, *vios.User, bool) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok {
		return nil, nil, false
	}
	u, ok := h.targetUser(w, r, m)
	return m, u, ok
}

func userMunicipalities(u *vios.User) []string {
	return (&vios.Actor{User: u}).Municipalities()
}

func (h *Handler) blockUser(disable bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, u, ok := h.managedUser(w, r)
		if !ok {
			return
		}
		actor := vios.ActorFromContext(r.Context())
		switch {
		case u.ID == actor.User.ID:
			h.renderUsers(w, r, m, http.StatusBadRequest, vios.Errorf(vios.EINVALID, "U kunt uw eigen account niet blokkeren."))
			return
		case !vios.MayManageUser(actor, userMunicipalities(u)):
			h.renderError(w, r, vios.Errorf(vios.EFORBIDDEN, "Deze persoon werkt ook voor een andere gemeente. Trek de rollen in %s in; blokkeren van het hele account kan alleen de beheerder van elke gemeente samen.", m.Name))
			return
		}
		if err := h.Identity.SetUserDisabled(r.Context(), u.ID, disable, m.ID); err != nil {
			h.renderError(w, r, err)
			return
		}
		msg := map[bool]string{true: "geblokkeerd", false: "gedeblokkeerd"}[disable]
		http.Redirect(w, r, "/beheer/"+m.Slug+"/gebruikers?melding="+msg, http.StatusSeeOther)
	}
}

func (h *Handler) addRole(w http.ResponseWriter, r *http.Request) {
	m, ok := h.municipalityFor(w, r, vios.ActionManageUsers)
	if !ok || !h.parseForm(w, r) {
		return
	}
	u, ok := h.targetUser(w, r, m)
	if !ok {
		return
	}
	ms := &vios.Membership{UserID: u.ID, MunicipalityID: m.ID, Role: formValue(r, "rol"), OrganisationID: formValue(r, "organisatie")}
	if vios.RoleOrganisationKind(ms.Role) == "" {
		ms.OrganisationID = ""
	}
	if ms.Role == vios.RoleLandelijk {
		ms.Role = ""
	}
	orgs, err := h.Organisations.ListOrganisations(r.Context(), vios.OrganisationFilter{MunicipalityID: m.ID})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if err := vios.JoinInvalid("De rol is niet toegekend.", ms.Validate(), checkOrganisation(ms.Role, ms.OrganisationID, orgs)); err != nil {
		h.renderUsers(w, r, m, http.StatusBadRequest, vios.Errorf(vios.EINVALID, "%s", vios.ErrorFields(err)[0].Message))
		return
	}
	if err := h.Identity.AddMembership(r.Context(), ms); err != nil {
		if code := vios.ErrorCode(err); code == vios.EINVALID || code == vios.ECONFLICT {
			if fields := vios.ErrorFields(err); len(fields) > 0 {
				err = vios.Errorf(code, "%s", fields[0].Message)
			}
			h.renderUsers(w, r, m, httpx.ErrorStatus(code), err)
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/gebruikers?melding=rol-toegekend", http.StatusSeeOther)
}

func (h *Handler) removeRole(w http.ResponseWriter, r *http.Request) {
	m, u, ok := h.managedUser(w, r)
	if !ok {
		return
	}
	var target *vios.Membership
	for i := range u.Memberships {
		if u.Memberships[i].ID == r.PathValue("rol") && u.Memberships[i].MunicipalityID == m.ID {
			target = &u.Memberships[i]
		}
	}
	if target == nil {
		h.renderError(w, r, vios.Errorf(vios.ENOTFOUND, "Deze rol bestaat niet."))
		return
	}
	role := vios.RoleLabel(target.Role)
	if target.OrganisationName != "" {
		role += " bij " + target.OrganisationName
	}
	if !h.confirmed(w, r, "beheer", confirmation{Heading: "Rol intrekken",
		Question: "Wilt u de rol " + role + " van " + u.Name + " in " + m.Name + " intrekken? " + u.Name +
			" verliest de rechten van deze rol meteen.",
		Action: r.URL.Path, Button: "Ja, rol intrekken", Back: "/beheer/" + m.Slug + "/gebruikers"}) {
		return
	}
	// The store refuses to take the last beheerder role of the
	// municipality, checked in the same transaction as the removal.
	if err := h.Identity.RemoveRole(r.Context(), target.ID, m.ID); err != nil {
		if vios.ErrorCode(err) == vios.ECONFLICT {
			h.renderUsers(w, r, m, http.StatusConflict, err)
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/gebruikers?melding=rol-ingetrokken", http.StatusSeeOther)
}

func (h *Handler) endUserSessions(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	// Only an administrator of this municipality, through this
	// municipality's page; the check comes before the user is looked up, so
	// the answer tells an outsider nothing about who has an account.
	if !h.authorize(w, r, vios.ActionManageUsers, vios.Resource{MunicipalityID: m.ID}) {
		return
	}
	u, ok := h.targetUser(w, r, m)
	if !ok {
		return
	}
	if !h.authorize(w, r, vios.ActionEndSession, vios.Resource{OwnerUserID: u.ID, OwnerMunicipalities: userMunicipalities(u)}) {
		return
	}
	if err := h.Identity.EndUserSessions(r.Context(), u.ID, m.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/beheer/"+m.Slug+"/gebruikers?melding=sessies-beeindigd", http.StatusSeeOther)
}

// may read: those where they are beheerder.
func outboxMunicipalities(actor *vios.Actor) []string {
	var ids []string
	for _, id := range actor.Municipalities() {
		if vios.Authorize(actor, vios.ActionViewOutbox, vios.Resource{MunicipalityID: id}) == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// mayReadOutbox reports whether the actor may read the outbox of any of
// their municipalities.
func mayReadOutbox(actor *vios.Actor) bool { return len(outboxMunicipalities(actor)) > 0 }

// outbox shows, in demo mode, the mail to users of the municipalities the
// reader administers, with every secret link blanked out (ListOutboxFor).
func (h *Handler) outbox(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if !h.Demo {
		h.NotFound(w, r)
		return
	}
	ids := outboxMunicipalities(actor)
	if len(ids) == 0 {
		h.authorize(w, r, vios.ActionViewOutbox, vios.Resource{})
		return
	}
	mails, err := h.Logbook.ListOutboxFor(r.Context(), ids, 100)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "admin-outbox", page{Title: "Uitgaande e-mail (demo)", Current: "beheer", Data: mails})
}
