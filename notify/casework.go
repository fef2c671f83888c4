package notify

import (
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// AlertRaised tells a member of the alert group about an acute alert.
func (s Site) AlertRaised(slug string, a *vios.Alert, network string) Mail {
	return Mail{"Acuut alert in " + network,
		"In " + network + " is een acuut alert (" + a.Code + ") verstuurd. Lees het na inloggen en laat weten dat u het gezien heeft:\n\n" +
			s.AlertLink(slug, a.ID)}
}

// AlertEscalated tells a deputy or regisseur about an alert that not every
// recipient saw in time.
func (s Site) AlertEscalated(slug string, a *vios.Alert) Mail {
	return Mail{"Acuut alert in " + a.NetworkName + " is niet door iedereen gezien",
		fmt.Sprintf("Een acuut alert (%s) in %s is na %d minuten nog niet door alle ontvangers gezien. U krijgt het nu ook, als plaatsvervanger of regisseur. Lees het na inloggen:\n\n%s",
			a.Code, a.NetworkName, a.EscalateAfter, s.AlertLink(slug, a.ID))}
}

// CaseOwner tells a new owner that they hold direction over the case.
func (s Site) CaseOwner(slug string, c *vios.Case) Mail {
	return Mail{"U houdt de regie over casus " + c.Code,
		"U bent regiehouder van casus " + c.Code + " in " + c.NetworkName + ". Het plan en de afspraken ziet u na inloggen:\n\n" +
			s.CaseLink(slug, c.ID)}
}

// CaseReview asks the owner of a case what happened since its last review.
func (s Site) CaseReview(slug, caseID, code string) Mail {
	return Mail{"Casus " + code + ": wat is er gebeurd?",
		"Wat is er sinds de vorige keer gebeurd met casus " + code + "? Schrijf het bij de casus:\n\n" + s.CaseLink(slug, caseID)}
}

// CaseRouteWorry warns a regisseur about a case whose route is stuck.
func (s Site) CaseRouteWorry(slug, caseID, code string) Mail {
	return Mail{"Zorg over de route van casus " + code,
		"De route van casus " + code + " loopt vast: de leerling is naar meerdere tafels verwezen zonder dat er één " +
			"accepteerde, of is teruggestuurd. Als regisseur krijgt u dit bericht. Bekijk de route:\n\n" + s.CaseLink(slug, caseID)}
}

// SignalMatch tells a reporter that another organisation has a concern
// about a pupil of their signal too.
func (s Site) SignalMatch(slug, signalID, code string) Mail {
	return Mail{"Een andere organisatie heeft ook een zorg (" + code + ")",
		"Een andere organisatie heeft ook een zorg over een leerling uit uw signaal " + code +
			". Wie u kunt bellen, ziet u na inloggen:\n\n" + s.SignalLink(slug, signalID)}
}

// CovenantEvaluation tells the regisseurs that a covenant's evaluation is near.
func (s Site) CovenantEvaluation(slug, covenantID, title string, evaluateOn time.Time) Mail {
	return Mail{"Evaluatie van het convenant nadert",
		"Het convenant '" + title + "' wordt uiterlijk op " + vios.DutchDate(evaluateOn) + " geëvalueerd met de partijen.\n\n" +
			s.CovenantLink(slug, covenantID)}
}

// CovenantCompliance tells the regisseurs that a covenant's working
// agreements are not all kept.
func (s Site) CovenantCompliance(slug, covenantID, title string) Mail {
	return Mail{"Afspraken uit het convenant worden niet nagekomen",
		"Niet alle werkafspraken uit het convenant '" + title + "' worden nagekomen. Op de nalevingspagina ziet u welke.\n\n" +
			s.CovenantLink(slug, covenantID) + "/naleving"}
}

// CaseReviewEscalated tells the chair of the case's network, or the
// regisseur, that the owner has not said what happened with a case.
func (s Site) CaseReviewEscalated(slug, caseID, code string, regisseur bool, overdue time.Duration) Mail {
	who := "voorzitter van het netwerk"
	if regisseur {
		who = "regisseur"
	}
	return Mail{"Casus " + code + ": de evaluatie blijft liggen",
		"De regiehouder van casus " + code + " heeft " + vios.Duration(int(overdue.Hours()/24)) +
			" na de evaluatiedatum nog niet geschreven wat er is gebeurd. Als " + who +
			" krijgt u dit bericht: spreek de regiehouder aan of neem de regie over.\n\n" + s.CaseLink(slug, caseID)}
}

// ReferralWaiting warns the case owner and the regisseur that a pupil of
// the case waits on a table's list longer than the threshold.
func (s Site) ReferralWaiting(slug, caseID, code, table, waiting string) Mail {
	return Mail{"Casus " + code + ": lang op de wachtlijst",
		"Een leerling uit casus " + code + " staat " + waiting + " van " + table +
			", langer dan de drempel die de regisseur voor deze tafel stelde. Bekijk de route:\n\n" + s.CaseLink(slug, caseID)}
}

// SafetyPlanReview tells a school's accounts that their safety plan is to
// be reviewed soon (or now); what to review is behind the login.
func (s Site) SafetyPlanReview(slug, planID string, reviewOn time.Time) Mail {
	return Mail{"Herziening van het veiligheidsplan nadert",
		"Het veiligheidsplan van uw school wordt uiterlijk op " + vios.DutchDate(reviewOn) + " herzien.\n\n" +
			s.page("veiligheidsplannen", slug, planID)}
}

// SafetyPlanSectionOverdue tells a school's accounts that a section of
// their safety plan was due for review; which one is behind the login.
func (s Site) SafetyPlanSectionOverdue(slug, planID string, reviewOn time.Time) Mail {
	return Mail{"Een onderdeel van het veiligheidsplan is aan herziening toe",
		"Een onderdeel van het veiligheidsplan van uw school had op " + vios.DutchDate(reviewOn) + " herzien moeten zijn.\n\n" +
			s.page("veiligheidsplannen", slug, planID)}
}

// SafetyPlanOverdue tells the municipality's coordinators that a school's
// safety plan was not reviewed in time.
func (s Site) SafetyPlanOverdue(slug, planID string, reviewOn time.Time) Mail {
	return Mail{"Een veiligheidsplan is niet op tijd herzien",
		"Een veiligheidsplan had op " + vios.DutchDate(reviewOn) + " herzien moeten zijn. Het overzicht per school staat na inloggen op:\n\n" +
			s.BaseURL + "/veiligheidsplannen/" + slug}
}
