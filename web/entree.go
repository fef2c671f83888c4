package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/vios-platform/vios"
)

// EntreeSettings make an OIDC provider Kennisnet's Entree Federatie.
type EntreeSettings struct {
	// ACRValues are requested as acr_values: the authentication level the
	// platform asks the school's login for.
	ACRValues []string
	// AcceptedACR are the acr values that count as multi-factor
	// authentication; default ACRValues. A login with another acr (or
	// none) is sent to the platform's own second factor: the federation
	// vouches for the person, the platform still demands two factors.
	AcceptedACR []string
}

// acrAccepted reports whether the returned acr counts as a second factor.
func (s *EntreeSettings) acrAccepted(acr string) bool {
	accepted := s.AcceptedACR
	if len(accepted) == 0 {
		accepted = s.ACRValues
	}
	return acr != "" && slices.Contains(accepted, acr)
}

// claimList is a claim that the federation sends as a string or as a list
// of strings (its attributes come from SAML, where every one is a list).
type claimList []string

func (c *claimList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*c = strings.Fields(one)
		if len(*c) > 1 {
			// A space-separated value is one value with spaces in it.
			*c = []string{strings.TrimSpace(one)}
		}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*c = list
	return nil
}

func (c claimList) first() string {
	if len(c) == 0 {
		return ""
	}
	return strings.TrimSpace(c[0])
}

// entreeClaims are the claims the platform reads from an Entree ID token.
type entreeClaims struct {
	UID         claimList `json:"uid"`
	HomeOrg     claimList `json:"nlEduPersonHomeOrganizationId"`
	Affiliation claimList `json:"eduPersonAffiliation"`
	ACR         string    `json:"acr"`
	Name        string    `json:"name"`
	CN          claimList `json:"cn"`
	GivenName   claimList `json:"givenName"`
	SN          claimList `json:"sn"`
	Mail        claimList `json:"mail"`
	Email       string    `json:"email"`
}

// displayName is the person's name as released, if it was.
func (c *entreeClaims) displayName() string {
	switch {
	case c.CN.first() != "":
		return c.CN.first()
	case c.GivenName.first() != "" || c.SN.first() != "":
		return strings.TrimSpace(c.GivenName.first() + " " + c.SN.first())
	}
	return strings.TrimSpace(c.Name)
}

func (c *entreeClaims) email() string {
	if c.Mail.first() != "" {
		return c.Mail.first()
	}
	return strings.TrimSpace(c.Email)
}

// entreeSubject is the identity the platform links: the federation's uid
// is unique within the school that issued it, so it is scoped by the
// school's BRIN.
func entreeSubject(uid, brin string) string { return uid + "@" + brin }

// Dutch answers to an Entree login that gives no session.
const (
	entreeMissing  = "Entree gaf niet de gegevens door die dit platform nodig heeft (uw gebruikersnaam en school). Vraag de beheerder van Entree op uw school om dit na te gaan."
	entreePupil    = "Dit platform is alleen voor medewerkers van scholen en gemeenten. Met een leerlingaccount kunt u hier niet inloggen."
	entreeNoStaff  = "Uw school meldt u via Entree niet als medewerker. Alleen medewerkers kunnen een account op dit platform krijgen."
	entreeNoSchool = "Uw school doet (nog) niet mee op dit platform. Vraag uw schoolleiding of de gemeente naar de aansluiting."
	entreeWaiting  = "Uw aanmelding via Entree is ontvangen. De functioneel beheerder van uw gemeente moet uw account eerst bevestigen; tot dan heeft u geen toegang. U hoeft niets opnieuw aan te vragen: log na de bevestiging opnieuw in via Entree."
	entreeRefused  = "De functioneel beheerder van uw gemeente heeft uw aanmelding via Entree niet bevestigd. Neem contact op met uw gemeente als u denkt dat dit niet klopt."
	entreeOutside  = "Met Entree kunt u niet op dit account inloggen: het heeft een rol buiten uw school. Log in met uw e-mailadres en wachtwoord."
)

// entreeCallback finishes an Entree login whose ID token is verified: a
// linked, fitting account gets a session (with the platform's second
// factor unless the acr counts as one); anyone else leaves or finds a
// request for the beheerder, and gets no session.
func (h *Handler) entreeCallback(w http.ResponseWriter, r *http.Request, p *OIDCProvider, tok *oidc.IDToken, raw string) {
	var c entreeClaims
	if err := tok.Claims(&c); err != nil || c.UID.first() == "" || c.HomeOrg.first() == "" {
		h.ssoRefused(w, r, p, http.StatusUnauthorized, "", "entree: gegevens ontbreken", entreeMissing, err)
		return
	}
	role, pupil := vios.EntreeRoleProposal(c.Affiliation)
	switch {
	case pupil:
		h.ssoRefused(w, r, p, http.StatusForbidden, "", "entree: leerling", entreePupil, nil)
		return
	case role == "":
		h.ssoRefused(w, r, p, http.StatusForbidden, "", "entree: geen medewerker", entreeNoStaff, nil)
		return
	}
	brin := strings.ToUpper(c.HomeOrg.first())
	subject := entreeSubject(c.UID.first(), brin)
	ctx := vios.NewSystemContext(r.Context(), "aanmelding via "+p.ID)
	user, err := h.Identity.FindUserByIdentity(ctx, tok.Issuer, subject)
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		h.entreeRequest(w, r, p, &vios.EntreeRequest{Provider: p.ID, Issuer: tok.Issuer, Subject: subject, BRIN: brin,
			Affiliations: c.Affiliation, ProposedRole: role, Name: c.displayName(), Email: c.email()})
		return
	} else if err != nil {
		h.renderError(w, r, err)
		return
	}
	if err := h.entreeFits(ctx, p, user, brin); err != nil {
		reason, message := "entree: buiten bereik", entreeOutside
		if !errors.Is(err, errOutsideProvider) {
			reason, message = "entree: account", "Inloggen via "+p.Name+" is niet gelukt. Probeer het opnieuw."
		}
		h.ssoRefused(w, r, p, http.StatusUnauthorized, user.ID, reason, message, err)
		return
	}
	if user.Disabled {
		h.ssoFailed(w, r, p, user.ID, "geblokkeerd", nil)
		return
	}
	// The acr, not a flag, says whether the school's login was two-factor.
	h.ssoSession(w, r, p, user, p.Entree.acrAccepted(c.ACR) || !user.NeedsMFA(), raw)
}

// entreeRequest records (or finds) the request of a first login and says
// where it stands.
func (h *Handler) entreeRequest(w http.ResponseWriter, r *http.Request, p *OIDCProvider, req *vios.EntreeRequest) {
	ctx := vios.NewSystemContext(r.Context(), "eerste aanmelding via "+p.ID)
	ids, err := h.providerMunicipalities(ctx, p)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	list, err := h.Entree.RequestEntreeAccess(ctx, req, ids)
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		h.ssoRefused(w, r, p, http.StatusForbidden, "", "entree: school doet niet mee", entreeNoSchool, nil)
		return
	} else if err != nil {
		h.renderError(w, r, err)
		return
	}
	message, reason := entreeRefused, "entree: geweigerd"
	if slices.ContainsFunc(list, func(x vios.EntreeRequest) bool { return x.Status == vios.EntreeWaiting }) {
		message, reason = entreeWaiting, "entree: wacht op bevestiging"
	}
	h.ssoRefused(w, r, p, http.StatusForbidden, "", reason, message, nil)
}

// providerMunicipalities returns the ids of the municipalities the provider
// speaks for.
func (h *Handler) providerMunicipalities(ctx context.Context, p *OIDCProvider) ([]string, error) {
	slugs := p.Municipalities
	if len(slugs) == 0 {
		slugs = []string{p.Municipality}
	}
	var ids []string
	for _, slug := range slugs {
		m, err := h.Organisations.FindMunicipalityBySlug(ctx, slug)
		if err != nil && vios.ErrorCode(err) != vios.ENOTFOUND {
			return nil, err
		} else if err == nil {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// entreeFits returns errOutsideProvider unless Entree may speak for the
// account: every role it holds is the school role at a school with the
// BRIN the federation names now, in one of the provider's municipalities.
// Checked at every login: the account may have gained another role, or
// the person another school, since it was confirmed.
func (h *Handler) entreeFits(ctx context.Context, p *OIDCProvider, u *vios.User, brin string) error {
	ids, err := h.providerMunicipalities(ctx, p)
	if err != nil {
		return err
	}
	if len(u.Memberships) == 0 {
		return errOutsideProvider
	}
	for _, m := range u.Memberships {
		if !slices.Contains(vios.EntreeRoles, m.Role) || !slices.Contains(ids, m.MunicipalityID) {
			return errOutsideProvider
		}
		schools, err := h.Organisations.ListOrganisations(ctx, vios.OrganisationFilter{MunicipalityID: m.MunicipalityID, Kind: vios.OrgSchool})
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(schools, func(o *vios.Organisation) bool { return o.ID == m.OrganisationID && o.BRIN == brin }) {
			return errOutsideProvider
		}
	}
	return nil
}
