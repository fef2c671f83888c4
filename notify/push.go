package notify

import "encoding/json"

// Push is a content-free notice to a user's devices (Web Push): a fixed
// title and sentence that name only the kind of thing that happened, and a
// link (a path on the platform) to the page about it. It never carries a
// code, a name, a network or any text someone typed: a phone shows it on a
// locked screen, and the push services of Google, Mozilla, Apple and
// Microsoft carry it.
type Push struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Link  string `json:"link"`
}

// Payload is the JSON the service worker receives.
func (p Push) Payload() []byte {
	b, _ := json.Marshal(p)
	return b
}

func path(kind, slug, id string) string { return "/" + kind + "/" + slug + "/" + id }

// AlertRaisedPush: an alert for the recipient's school or organisation.
func AlertRaisedPush(slug, alertID string) Push {
	return Push{"VIOS: nieuw alert", "Er is een nieuwe alert voor uw school.", path("alerts", slug, alertID)}
}

// ActionAssignedPush: an action item was assigned to the recipient.
func ActionAssignedPush(slug, actionID string) Push {
	return Push{"VIOS: nieuw actiepunt", "U heeft een nieuw actiepunt.", path("actiepunten", slug, actionID)}
}

// CaseReviewPush: a case the recipient holds direction over is due for review.
func CaseReviewPush(slug, caseID string) Push {
	return Push{"VIOS: evaluatie", "Een casus waarover u de regie houdt, is toe aan een evaluatie.", path("casussen", slug, caseID)}
}

// AgendaPublishedPush: the agenda of a meeting of the recipient's network is out.
func AgendaPublishedPush(slug, meetingID string) Push {
	return Push{"VIOS: agenda verstuurd", "De agenda van een overleg van uw netwerk staat klaar.", path("overleggen", slug, meetingID)}
}

// SignalMatchPush: another organisation has a concern about a pupil of the
// recipient's signal.
func SignalMatchPush(slug, signalID string) Push {
	return Push{"VIOS: ook een zorg", "Een andere organisatie heeft ook een zorg over een leerling uit uw signaal.", path("signalen", slug, signalID)}
}
