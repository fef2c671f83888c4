package web

import (
	"html/template"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// The trend newsletter: the archive of a municipality (its sent
// newsletters, for every account there; the drafts too, for the
// regisseur), one newsletter, the regisseur's form, the preview of the
// mail and the send. The store decides who reads and writes what.

func (h *Handler) newsletterRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/nieuwsbrieven/{gemeente}", Handler: h.listNewsletters},
		{Method: "GET", Pattern: "/nieuwsbrieven/{gemeente}/{id}", Handler: h.showNewsletter},
		{Method: "GET", Pattern: "/nieuwsbrieven/{gemeente}/{id}/wijzigen", Handler: h.editNewsletter},
		{Method: "POST", Pattern: "/nieuwsbrieven/{gemeente}/{id}/wijzigen", Handler: h.saveNewsletter},
		{Method: "GET", Pattern: "/nieuwsbrieven/{gemeente}/{id}/voorbeeld", Handler: h.previewNewsletter},
		{Method: "POST", Pattern: "/nieuwsbrieven/{gemeente}/{id}/verzenden", Handler: h.sendNewsletter},
	}
}

type newsletterListPage struct {
	Municipality *vios.Municipality
	Newsletters  []*vios.Newsletter
	MayEdit      bool
}

func (h *Handler) listNewsletters(w http.ResponseWriter, r *http.Request) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return
	}
	list, err := h.Newsletters.ListNewsletters(r.Context(), m.ID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "nieuwsbrieven", page{Title: "Nieuwsbrieven – " + m.Name, Current: "nieuwsbrieven",
		Data: newsletterListPage{Municipality: m, Newsletters: list, MayEdit: h.mayEditNewsletters(r, m.ID)}})
}

func (h *Handler) mayEditNewsletters(r *http.Request, municipalityID string) bool {
	return vios.Authorize(vios.ActorFromContext(r.Context()), vios.ActionEditNewsletter, vios.Resource{MunicipalityID: municipalityID}) == nil
}

// pathNewsletter is the newsletter of the path, of the municipality of the
// path, as the actor may read it.
func (h *Handler) pathNewsletter(w http.ResponseWriter, r *http.Request) (*vios.Newsletter, bool) {
	_, m, ok := h.pathMunicipality(w, r)
	if !ok {
		return nil, false
	}
	n, err := h.Newsletters.FindNewsletter(r.Context(), r.PathValue("id"))
	if err == nil && n.MunicipalityID != m.ID {
		err = vios.Errorf(vios.ENOTFOUND, "Deze nieuwsbrief bestaat niet of u heeft er geen toegang toe.")
	}
	if err != nil {
		h.renderError(w, r, err)
		return nil, false
	}
	return n, true
}

// newsletterPage shows a newsletter: on its own page, or as the preview of
// the mail (with the number of school accounts it goes to).
type newsletterPage struct {
	Newsletter *vios.Newsletter
	Intro      template.HTML
	Sections   []renderedSection
	MayEdit    bool
	Notice     string
	Recipients int
	Footer     string
	formOutcome
}

type renderedSection struct {
	Title string
	HTML  template.HTML
}

func renderNewsletter(n *vios.Newsletter) newsletterPage {
	p := newsletterPage{Newsletter: n, Intro: markdown(n.Intro), Footer: vios.NewsletterFooter, formOutcome: blankForm()}
	for _, s := range n.Sections {
		p.Sections = append(p.Sections, renderedSection{Title: s.Title, HTML: markdown(s.Body)})
	}
	return p
}

var newsletterNotices = map[string]string{
	"opgeslagen": "De nieuwsbrief is opgeslagen.",
	"verzonden":  "De nieuwsbrief is verzonden en staat in het archief.",
}

func (h *Handler) showNewsletter(w http.ResponseWriter, r *http.Request) {
	n, ok := h.pathNewsletter(w, r)
	if !ok {
		return
	}
	p := renderNewsletter(n)
	p.MayEdit = !n.Sent() && h.mayEditNewsletters(r, n.MunicipalityID)
	p.Notice = newsletterNotices[r.URL.Query().Get("melding")]
	h.render(w, r, http.StatusOK, "nieuwsbrief", page{Title: "Nieuwsbrief " + n.MonthLabel(), Current: "nieuwsbrieven", Data: p})
}

// draftForRegisseur is the newsletter of the path for the regisseur's
// form, preview or send: a sent newsletter is frozen (409).
func (h *Handler) draftForRegisseur(w http.ResponseWriter, r *http.Request) (*vios.Newsletter, bool) {
	n, ok := h.pathNewsletter(w, r)
	if !ok || !h.authorize(w, r, vios.ActionEditNewsletter, vios.Resource{MunicipalityID: n.MunicipalityID}) {
		return nil, false
	}
	if n.Sent() {
		h.renderError(w, r, vios.Errorf(vios.ECONFLICT, "Deze nieuwsbrief is verzonden en kan niet meer worden gewijzigd of opnieuw verzonden."))
		return nil, false
	}
	return n, true
}

func (h *Handler) renderNewsletterForm(w http.ResponseWriter, r *http.Request, status int, n *vios.Newsletter, f formOutcome) {
	h.render(w, r, status, "nieuwsbrief-form", page{Title: "Nieuwsbrief " + n.MonthLabel() + " wijzigen", Current: "nieuwsbrieven",
		Data: newsletterPage{Newsletter: n, formOutcome: f}})
}

func (h *Handler) editNewsletter(w http.ResponseWriter, r *http.Request) {
	if n, ok := h.draftForRegisseur(w, r); ok {
		h.renderNewsletterForm(w, r, http.StatusOK, n, blankForm())
	}
}

func (h *Handler) saveNewsletter(w http.ResponseWriter, r *http.Request) {
	n, ok := h.draftForRegisseur(w, r)
	if !ok || !h.parseForm(w, r) {
		return
	}
	n.Intro, n.NoNameConfirmed = formValue(r, "inleiding"), formValue(r, "geenNaam") == "ja"
	for i, s := range n.Sections {
		n.Sections[i].Body = formValue(r, "sectie-"+s.Key)
	}
	if err := h.Newsletters.SaveNewsletter(r.Context(), n); err != nil {
		h.formFailed(w, r, err, func(status int) { h.renderNewsletterForm(w, r, status, n, formFailure(err, nil)) })
		return
	}
	http.Redirect(w, r, "/nieuwsbrieven/"+n.MunicipalitySlug+"/"+n.ID+"?melding=opgeslagen", http.StatusSeeOther)
}

func (h *Handler) previewNewsletter(w http.ResponseWriter, r *http.Request) {
	n, ok := h.draftForRegisseur(w, r)
	if !ok {
		return
	}
	p := renderNewsletter(n)
	var err error
	if p.Recipients, err = h.Newsletters.NewsletterRecipients(r.Context(), n.MunicipalityID); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "nieuwsbrief-voorbeeld", page{Title: "Voorbeeld: nieuwsbrief " + n.MonthLabel(), Current: "nieuwsbrieven", Data: p})
}

func (h *Handler) sendNewsletter(w http.ResponseWriter, r *http.Request) {
	n, ok := h.pathNewsletter(w, r)
	if !ok {
		return
	}
	if _, err := h.Newsletters.SendNewsletter(r.Context(), n.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/nieuwsbrieven/"+n.MunicipalitySlug+"/"+n.ID+"?melding=verzonden", http.StatusSeeOther)
}
