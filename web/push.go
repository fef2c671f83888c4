package web

import (
	"encoding/json"
	"net/http"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/httpx"
)

// Push notifications per device, opted in on /account: the script
// (static/app-install.js) subscribes with the platform's public key and
// posts the browser's subscription here.

func (h *Handler) pushRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/account/meldingen", Handler: h.pushSubscribe},
		{Method: "POST", Pattern: "/account/meldingen/{id}/verwijderen", Handler: h.pushRemove},
	}
}

// pushSubscription is what the script posts: the browser's
// PushSubscription.toJSON() and the user's name for the device.
type pushSubscription struct {
	Name     string `json:"naam"`
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

func (h *Handler) pushSubscribe(w http.ResponseWriter, r *http.Request) {
	actor := vios.ActorFromContext(r.Context())
	if actor == nil || actor.ViaToken {
		writeJSONAnswer(w, http.StatusUnauthorized, map[string]string{"fout": "Log eerst in."})
		return
	}
	if h.PushPublicKey == "" {
		writeJSONAnswer(w, http.StatusConflict, map[string]string{"fout": "Dit platform verstuurt geen pushmeldingen."})
		return
	}
	var in pushSubscription
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<10)).Decode(&in); err != nil {
		writeJSONAnswer(w, http.StatusBadRequest, map[string]string{"fout": "De aanmelding van dit apparaat is onleesbaar."})
		return
	}
	s := &vios.PushSubscription{UserID: actor.User.ID, Name: in.Name, Endpoint: in.Endpoint, P256dh: in.Keys.P256dh, Auth: in.Keys.Auth}
	if err := h.Identity.AddPushSubscription(r.Context(), s); err != nil {
		code := vios.ErrorCode(err)
		if code == vios.EINTERNAL {
			// Never the endpoint: the error of the store does not hold it.
			h.logger.Error("push subscription", "err", err)
		}
		message := vios.ErrorMessage(err)
		for _, f := range vios.ErrorFields(err) {
			message += " " + f.Message
		}
		writeJSONAnswer(w, httpx.ErrorStatus(code), map[string]string{"fout": message})
		return
	}
	writeJSONAnswer(w, http.StatusOK, map[string]string{"naar": "/account?melding=push-aan#kop-meldingen"})
}

func (h *Handler) pushRemove(w http.ResponseWriter, r *http.Request) {
	actor, ok := h.requireLogin(w, r)
	if !ok {
		return
	}
	if err := h.Identity.RemovePushSubscription(r.Context(), actor.User.ID, r.PathValue("id")); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?melding=push-uit#kop-meldingen", http.StatusSeeOther)
}
