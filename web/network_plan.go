// Planning a series of meetings for a network.

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/vios-platform/vios"
)

// planForm is the data of the planning form.
type planForm struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Date, Start  string
	End          string
	Location     string
	OnlineURL    string
	Count        string
	EveryWeeks   string
	formOutcome
}

func (h *Handler) planMeetingsForm(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionRunMeeting, r.PathValue("id"))
	if !ok {
		return
	}
	next := h.today().AddDate(0, 0, 14)
	f := planForm{Municipality: m, Network: n, Date: next.Format(time.DateOnly), Start: "14:00", End: "15:30", Count: "1",
		formOutcome: blankForm()}
	if weeks := n.Cadence.Interval() / (7 * 24 * time.Hour); weeks > 0 {
		f.EveryWeeks = strconv.Itoa(int(weeks))
	}
	h.render(w, r, http.StatusOK, "netwerk-plannen", page{Title: "Overleggen plannen", Current: "netwerken", Data: f})
}

var planAnchors = map[string]string{"begin": "datum", "einde": "eind", "plaats": "plaats", "onlineLink": "online",
	"aantal": "aantal", "regelmaat": "elkeWeken"}

func (h *Handler) planMeetings(w http.ResponseWriter, r *http.Request) {
	m, n, ok := h.networkIn(w, r, vios.ActionRunMeeting, r.PathValue("id"))
	if !ok || !h.parseForm(w, r) {
		return
	}
	f := planForm{Municipality: m, Network: n, Date: formValue(r, "datum"), Start: formValue(r, "begin"), End: formValue(r, "eind"),
		Location: formValue(r, "plaats"), OnlineURL: formValue(r, "online"), Count: formValue(r, "aantal"),
		EveryWeeks: formValue(r, "elkeWeken"), formOutcome: blankForm()}
	plan, err := f.plan()
	if err == nil {
		_, err = h.Networks.PlanMeetings(r.Context(), m.ID, n.ID, plan)
	}
	if err != nil {
		f.formOutcome = formFailure(err, planAnchors)
		h.formFailed(w, r, err, func(status int) {
			h.render(w, r, status, "netwerk-plannen", page{Title: "Overleggen plannen", Current: "netwerken", Data: f})
		})
		return
	}
	http.Redirect(w, r, "/netwerken/"+m.Slug+"/"+n.ID+"?melding=gepland#overleggen", http.StatusSeeOther)
}

// plan turns the form into a series plan; times are Amsterdam time.
func (f planForm) plan() (vios.SeriesPlan, error) {
	var v vios.Validation
	start, err1 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.Start, vios.Amsterdam)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.End, vios.Amsterdam)
	v.Check(err1 == nil, "begin", "Vul een datum en een begintijd in.")
	v.Check(err2 == nil, "einde", "Vul een eindtijd in, bijvoorbeeld 15:30.")
	count, err := strconv.Atoi(f.Count)
	v.Check(err == nil, "aantal", "Vul in hoeveel overleggen u wilt plannen.")
	weeks := 0
	if f.EveryWeeks != "" {
		weeks, err = strconv.Atoi(f.EveryWeeks)
		v.Check(err == nil && weeks >= 1 && weeks <= 52, "regelmaat", "Vul om de hoeveel weken in: 1 tot en met 52.")
	}
	if err := v.Err("De planning is niet volledig of niet juist."); err != nil {
		return vios.SeriesPlan{}, err
	}
	return vios.SeriesPlan{First: vios.Meeting{StartsAt: start.UTC(), EndsAt: end.UTC(), Location: f.Location, OnlineURL: f.OnlineURL},
		Count: count, Interval: time.Duration(weeks) * 7 * 24 * time.Hour}, nil
}
