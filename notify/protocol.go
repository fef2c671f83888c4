package notify

// EvaluationRequested asks a school's staff to evaluate an incident
// protocol after an incident. Like every mail it names no pupil and no
// incident: only which protocol, behind a login.
func (s Site) EvaluationRequested(slug, protocolID, phenomenon string) Mail {
	return Mail{"Evaluatie na incident: protocol " + phenomenon,
		"Op uw school is een incident gemeld waarvoor de school een incidentprotocol heeft (" + phenomenon + ").\n" +
			"Evalueer het protocol: werd het gevolgd, wat ging goed, wat moet anders?\n\n" +
			"Na inloggen vindt u de vraag op uw pagina Vandaag en bij het protocol:\n" + s.page("incidentprotocollen", slug, protocolID)}
}
