package notify

// Mails of the help desk (hulploket). Like every mail they carry no content
// of the request: only its reference and a link behind a login.

// HelpRequestLink is the address of a help request's page.
func (s Site) HelpRequestLink(slug, id string) string { return s.page("hulploket", slug, id) }

// HelpRequestFiled tells the desk that a request came in.
func (s Site) HelpRequestFiled(slug, id, code string) Mail {
	return Mail{"Nieuwe hulpvraag " + code + " bij het hulploket",
		"Er is een nieuwe hulpvraag bij het hulploket binnengekomen. Neem haar in behandeling:\n" + s.HelpRequestLink(slug, id)}
}

// HelpRequestAdvised tells the requester that the desk gave its advice.
func (s Site) HelpRequestAdvised(slug, id, code string) Mail {
	return Mail{"Advies op uw hulpvraag " + code,
		"Het hulploket heeft uw hulpvraag beantwoord met een advies. Lees het na inloggen:\n" + s.HelpRequestLink(slug, id)}
}

// HelpRequestClosed asks the requester to rate the help.
func (s Site) HelpRequestClosed(slug, id, code string) Mail {
	return Mail{"Uw hulpvraag " + code + " is afgerond",
		"Het hulploket heeft uw hulpvraag afgerond. Geef na inloggen aan hoe u de hulp waardeert:\n" + s.HelpRequestLink(slug, id)}
}
