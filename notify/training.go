package notify

import (
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// EvaluationLink is the one-time link of a training questionnaire.
func (s Site) EvaluationLink(token string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/evaluatie/" + token
}

// TrainingQuestionnaire asks a participant of a training session for the
// short questionnaire, before the session or three months after. It names
// no one: the address is the only thing the platform knew of the reader.
func (s Site) TrainingQuestionnaire(token, training string, after bool, until time.Time) Mail {
	moment := "Voor de training '" + training + "' vragen we u vooraf een paar korte stellingen te scoren"
	subject := "Korte vragenlijst vooraf: " + training
	if after {
		moment = "Drie maanden geleden volgde u de training '" + training + "'. We vragen u de sessie een cijfer te geven en dezelfde korte stellingen opnieuw te scoren"
		subject = "Korte vragenlijst: wat heeft de training opgeleverd?"
	}
	return Mail{Subject: subject,
		Body: "Goedendag,\n\n" + moment + ". Het kost twee minuten en is anoniem: uw antwoorden zijn niet te herleiden tot u of uw e-mailadres.\n\n" +
			"Deze link werkt één keer, tot " + vios.DutchDate(until) + ":\n\n" + s.EvaluationLink(token) + "\n\nDank u wel.\n"}
}
