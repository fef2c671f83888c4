package vios

import "time"

// CovenantTemplate is a starting point for a new covenant.
type CovenantTemplate struct {
	Code, Name string
	// Fill returns the covenant for the municipality, starting on start;
	// parties are added by the regisseur.
	Fill func(municipalityID string, start time.Time) *Covenant
}

// CovenantTemplates are the models of the report (section 2.4, Bijlage H).
var CovenantTemplates = []CovenantTemplate{
	{Code: "delft", Name: "Delft: convenant met handelingsprotocol en overleg op drie niveaus", Fill: delftCovenant},
}

// FindCovenantTemplate returns the template with code, or nil.
func FindCovenantTemplate(code string) *CovenantTemplate {
	for i := range CovenantTemplates {
		if CovenantTemplates[i].Code == code {
			return &CovenantTemplates[i]
		}
	}
	return nil
}

// delftCovenant follows the Delft model: a covenant of school boards,
// municipality and partners with a uniform action protocol and
// overarching meetings at an operational, tactical and strategic level.
func delftCovenant(municipalityID string, start time.Time) *Covenant {
	start = Date(start)
	return &Covenant{
		MunicipalityID: municipalityID,
		Title:          "Convenant Veilig in en om School",
		Goals: "Een veilige school en schoolomgeving voor alle leerlingen en medewerkers. " +
			"Partijen signaleren vroeg, delen signalen binnen de grenzen van dit convenant, handelen bij incidenten volgens " +
			"één handelingsprotocol en komen afspraken na. De gemeente voert de regie.",
		StartsOn:   start,
		EndsOn:     start.AddDate(4, 0, 0),
		EvaluateOn: start.AddDate(1, 0, 0),
		BasedOn:    "model Delft",
		Agreements: []WorkingAgreement{
			{Description: "Operationeel overleg: signalen en trends rond de scholen", TimesPerYear: 8, Chair: "VIOS-projectcoördinator",
				Participants: "veiligheidscoördinatoren van de scholen, wijkagent, jongerenwerk, leerplicht"},
			{Description: "Tactisch overleg: beleid en handreikingen", TimesPerYear: 4, Chair: "gemeente (OOV)",
				Participants: "schoolleiders, politie, Halt, gemeente"},
			{Description: "Strategisch overleg: bestuurlijke afspraken en evaluatie", TimesPerYear: 1, Chair: "burgemeester",
				Participants: "bestuurders van de schoolbesturen, burgemeester, wethouder onderwijs, politie"},
		},
		Protocol: []ProtocolStep{
			{Incident: "wapens", Steps: "1. Veiligheid eerst: wapen laten afgeven of politie bellen (112 bij gevaar). 2. Schoolleiding informeren. 3. Politie meldt, school doet aangifte. 4. Ouders informeren. 5. Bespreken in het kernteam; nazorg voor betrokkenen."},
			{Incident: "bedreiging-online", Steps: "1. Bewijs veiligstellen (schermafbeeldingen). 2. Schoolleiding en wijkagent informeren. 3. Gesprek met betrokken leerlingen en ouders. 4. Bij strafbare feiten aangifte. 5. Bespreken in het kernteam."},
			{Incident: "vechtpartijen", Steps: "1. Scheiden en eerste hulp. 2. Schoolleiding informeren. 3. Gesprekken met betrokkenen en ouders. 4. Bij letsel of herhaling politie. 5. Herstelgesprek en bespreken in het kernteam."},
		},
		Clauses: []SharingClause{{
			Purpose:    "Signalering en preventie in het kernteam",
			LegalBasis: "6.1.e",
			Named:      true,
			Recipients: []ClauseRecipient{
				{Kind: OrgSchool, Categories: []string{DataIdentity, DataSchool, DataPlan}},
				{Kind: "politie", Categories: []string{DataIdentity, DataPolice, DataPlan}},
				{Kind: OrgMunicipal, Categories: []string{DataIdentity}},
			},
			RetentionSignals: 365, RetentionCases: 2 * 365, RetentionMinutes: 2 * 365,
		}},
	}
}

// FromExample returns a new covenant for the municipality that starts from
// another municipality's shared covenant: its goals, working agreements
// (without their networks), action protocol and clauses (without their
// processing activities), never its parties.
func FromExample(example *Covenant, municipalityName, municipalityID string, start time.Time) *Covenant {
	start = Date(start)
	c := &Covenant{MunicipalityID: municipalityID, Title: example.Title, Goals: example.Goals,
		StartsOn: start, EndsOn: start.Add(example.EndsOn.Sub(example.StartsOn)), EvaluateOn: start.Add(example.EvaluateOn.Sub(example.StartsOn)),
		BasedOn: "convenant '" + example.Title + "' van " + municipalityName}
	for _, a := range example.Agreements {
		a.ID, a.NetworkID, a.NetworkName = "", "", ""
		c.Agreements = append(c.Agreements, a)
	}
	c.Protocol = append(c.Protocol, example.Protocol...)
	for _, s := range example.Clauses {
		s.ID, s.CovenantID, s.ActivityIDs = "", "", nil
		s.Recipients = append([]ClauseRecipient(nil), s.Recipients...)
		c.Clauses = append(c.Clauses, s)
	}
	return c
}
