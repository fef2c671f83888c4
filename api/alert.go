package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// alertJSON is an acute alert as the API shows it in a list: who it went
// to and who has seen it, never its text.
type alertJSON struct {
	ID                string               `json:"id"`
	Code              string               `json:"code"`
	Gemeente          string               `json:"gemeente"`
	GemeenteNaam      string               `json:"gemeenteNaam"`
	Alertgroep        string               `json:"alertgroep"`
	AlertgroepNaam    string               `json:"alertgroepNaam"`
	VerstuurdDoor     string               `json:"verstuurdDoor"`
	VerstuurdDoorNaam string               `json:"verstuurdDoorNaam"`
	Fenomeen          *string              `json:"fenomeen"`
	VerstuurdOp       isoTime              `json:"verstuurdOp"`
	EscalatieMinuten  int                  `json:"escalatieMinuten"`
	GeescaleerdOp     *isoTime             `json:"geescaleerdOp"`
	AfgeslotenOp      *isoTime             `json:"afgeslotenOp"`
	Signaal           *string              `json:"signaal"`
	Ontvangers        []alertRecipientJSON `json:"ontvangers"`
	Gezien            int                  `json:"gezien"`
	Toegang           accessJSON           `json:"toegang"`
	GewijzigdOp       isoTime              `json:"gewijzigdOp"`
	Links             selfLinks            `json:"_links"`
}

// alertDetailJSON is one alert with its text and, once closed, the summary.
type alertDetailJSON struct {
	alertJSON
	Tekst        string  `json:"tekst"`
	Samenvatting *string `json:"samenvatting"`
}

type alertRecipientJSON struct {
	Gebruiker   string   `json:"gebruiker"`
	Naam        string   `json:"naam"`
	Organisatie string   `json:"organisatie"`
	Geescaleerd bool     `json:"geescaleerd"`
	GezienOp    *isoTime `json:"gezienOp"`
}

func alertPath(id string) string { return Prefix + "/alerts/" + id }

func toAlertJSON(a *vios.Alert, actor *vios.Actor, munis map[string]*vios.Municipality) alertJSON {
	out := alertJSON{
		ID: a.ID, Code: a.Code, Alertgroep: a.NetworkID, AlertgroepNaam: a.NetworkName, VerstuurdDoor: a.RaisedByID,
		VerstuurdDoorNaam: a.RaisedByName, Fenomeen: strPtr(a.Phenomenon), VerstuurdOp: isoTime(a.RaisedAt),
		EscalatieMinuten: a.EscalateAfter, GeescaleerdOp: isoPtr(a.EscalatedAt), AfgeslotenOp: isoPtr(a.ClosedAt),
		Signaal: strPtr(a.SignalID), Ontvangers: []alertRecipientJSON{}, Gezien: len(a.Recipients) - len(a.Unacknowledged()),
		Toegang: alertAccess(a, actor), GewijzigdOp: isoTime(a.UpdatedAt), Links: selfLinks{Self: linkJSON{alertPath(a.ID)}},
	}
	out.Gemeente, out.GemeenteNaam = municipalityNames(munis, a.MunicipalityID)
	for _, r := range a.Recipients {
		out.Ontvangers = append(out.Ontvangers, alertRecipientJSON{Gebruiker: r.UserID, Naam: r.Name, Organisatie: r.Organisation,
			Geescaleerd: r.Escalated, GezienOp: isoPtr(r.AcknowledgedAt)})
	}
	return out
}

// alertAccess says why the caller sees the alert. An alert is not
// pseudonymised: whoever may see it reads its text as it was sent, so the
// level is always the name.
func alertAccess(a *vios.Alert, actor *vios.Actor) accessJSON {
	reason := "U bent lid van " + a.NetworkName + "."
	r := a.Recipient(actor.User.ID)
	switch {
	case a.RaisedByID == actor.User.ID:
		reason = "U heeft dit alert verstuurd."
	case r != nil && r.Escalated:
		reason = "Het alert is naar u geëscaleerd: niet alle ontvangers hadden het op tijd gezien."
	case r != nil:
		reason = "U ontving dit alert als lid van " + a.NetworkName + "."
	case actor.HasRole(vios.RoleRegisseur, a.MunicipalityID):
		reason = "U bent regisseur van de gemeente en ziet alle alerts."
	}
	return accessJSON{Niveau: vios.AccessNamed, Reden: reason}
}

const alertNotFound = "Dit alert bestaat niet."

// recentAlerts is how long a closed alert stays in the caller's list.
const recentAlerts = 7 * 24 * time.Hour

// listAlerts: GET /api/v1/alerts — the caller's alerts (sent by them or to
// them) in every municipality where they hold a role: the open ones and
// those changed in the last week, open ones first, then the newest.
func (h *Handler) listAlerts(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	if err := httpx.CheckQuery(r.URL.Query()); err != nil {
		h.writeError(w, r, err)
		return
	}
	seen := map[string]bool{}
	var list []*vios.Alert
	for _, f := range []vios.AlertFilter{
		{RecipientID: actor.User.ID, OpenOnly: true, Limit: 200},
		{RecipientID: actor.User.ID, Since: h.Now().Add(-recentAlerts), Limit: 200},
	} {
		part, err := h.Alerts.ListAlerts(r.Context(), f)
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		for _, a := range part {
			if !seen[a.ID] {
				seen[a.ID] = true
				list = append(list, a)
			}
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if (list[i].ClosedAt == nil) != (list[j].ClosedAt == nil) {
			return list[i].ClosedAt == nil
		}
		return list[i].RaisedAt.After(list[j].RaisedAt)
	})
	munis, err := h.municipalities(r.Context())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items := []alertJSON{}
	for _, a := range list {
		items = append(items, toAlertJSON(a, actor, munis))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// alerts is the resource of alerts: the detail JSON has the text and,
// once closed, the summary.
func (h *Handler) alerts() resource[*vios.Alert] {
	return resource[*vios.Alert]{h: h, kind: vios.RecordAlert, notFound: alertNotFound, find: h.Alerts.FindAlert,
		path: func(a *vios.Alert) string { return alertPath(a.ID) },
		toJSON: func(a *vios.Alert, actor *vios.Actor, munis map[string]*vios.Municipality) any {
			return alertDetailJSON{alertJSON: toAlertJSON(a, actor, munis), Tekst: a.Text, Samenvatting: withheld(a.Summary)}
		}}
}

// getAlert: GET /api/v1/alerts/{id}
func (h *Handler) getAlert(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.alerts().get(w, r, actor)
}

const alertInvalid = "Het alert is niet verstuurd."

// alertFields maps the domain's field names to those of the API.
var alertFields = map[string]string{"escalatie": "escalatieMinuten"}

// raiseAlert: POST /api/v1/alerts — a member of an alert group raises an
// alert to its other fixed members, who get a mail with a link only.
func (h *Handler) raiseAlert(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	ctx := r.Context()
	a := &vios.Alert{}
	if !h.decode(w, r, alertInvalid, func(b *body) error {
		b.require("alertgroep", "tekst")
		var groupID string
		if b.id("alertgroep", &groupID) {
			n, err := h.seenNetwork(ctx, actor, groupID)
			switch {
			case err != nil:
				return err
			case n == nil:
				b.fail("alertgroep", "Deze alertgroep bestaat niet, of u heeft er geen toegang toe.")
			case n.Kind != vios.NetworkAlertgroep:
				b.fail("alertgroep", "Dit netwerk is geen alertgroep.")
			default:
				a.NetworkID, a.MunicipalityID = n.ID, n.MunicipalityID
			}
		}
		b.str("tekst", &a.Text)
		b.integer("escalatieMinuten", &a.EscalateAfter)
		if b.str("fenomeen", &a.Phenomenon) && a.MunicipalityID != "" {
			known, err := h.isPhenomenon(ctx, a.MunicipalityID, a.Phenomenon)
			if err != nil {
				return err
			}
			if !known {
				b.fail("fenomeen", phenomenonUnknown)
			}
		}
		return nil
	}, func() error { return renameFields(a.Validate(), alertFields) }) {
		return
	}
	err := h.Alerts.RaiseAlert(ctx, a)
	h.alerts().done(w, r, actor, a.MunicipalityID, a.ID, renameFields(err, alertFields), http.StatusCreated)
}

// acknowledgeAlert: POST /api/v1/alerts/{id}/_gezien — a recipient has seen
// the alert; a second time changes nothing.
func (h *Handler) acknowledgeAlert(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	h.alerts().operate(w, r, actor, operation{invalid: "Het alert is niet als gezien gemeld.", noBody: true,
		change: h.Alerts.AcknowledgeAlert}, http.StatusOK)
}

// closeAlert: POST /api/v1/alerts/{id}/_afsluiten — the sender, the group's
// chair or the regisseur closes the alert with a summary; it becomes a
// signal for follow-up (signaal).
func (h *Handler) closeAlert(w http.ResponseWriter, r *http.Request, actor *vios.Actor) {
	var summary string
	h.alerts().operate(w, r, actor, operation{invalid: "Het alert is niet afgesloten.",
		read: required("samenvatting", &summary),
		change: func(ctx context.Context, m, id string) error {
			_, err := h.Alerts.CloseAlert(ctx, m, id, summary)
			return err
		}}, http.StatusOK)
}
