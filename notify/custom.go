package notify

// CustomRequestFiled tells the regisseurs that a school filed a
// custom-support request; what it asks is behind the login.
func (s Site) CustomRequestFiled(slug, requestID string) Mail {
	return Mail{"Nieuwe maatwerkaanvraag",
		"Een school heeft een maatwerkaanvraag ingediend. Bekijk en beoordeel de aanvraag na inloggen:\n\n" +
			s.page("maatwerk", slug, requestID)}
}

// CustomRequestDecided tells a school's accounts that their request was
// decided; the decision and its motivation are behind the login.
func (s Site) CustomRequestDecided(slug, requestID string) Mail {
	return Mail{"Besluit over uw maatwerkaanvraag",
		"De gemeente heeft een besluit genomen over een maatwerkaanvraag van uw school. Bekijk het besluit na inloggen:\n\n" +
			s.page("maatwerk", slug, requestID)}
}
