package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/vios-platform/vios"
)

// The anonymous questionnaire of a training session, opened by the one-time
// link in the participant's mail. No login: the link is the key, and it
// works once and only within its window. The page asks no name.

// evaluationPage is the questionnaire, or why it cannot be answered.
type evaluationPage struct {
	Form    *vios.EvaluationForm
	Answer  vios.Evaluation
	Expired string // the refusal of a link past its window
	Done    bool
	formOutcome
}

func (h *Handler) renderEvaluation(w http.ResponseWriter, r *http.Request, status int, p evaluationPage) {
	h.render(w, r, status, "evaluatie", page{Title: "Vragenlijst over uw training", Data: p})
}

// evaluationFormOrRefusal opens the link's questionnaire; a link past its
// window gets the page with the reason (410), an unknown or used one the
// 404 page. ok is false when the response is written.
func (h *Handler) evaluationFormOrRefusal(w http.ResponseWriter, r *http.Request) (*vios.EvaluationForm, bool) {
	form, err := h.Trainings.EvaluationByToken(r.Context(), r.PathValue("token"))
	switch {
	case vios.ErrorCode(err) == vios.EINVALID:
		h.renderEvaluation(w, r, http.StatusGone, evaluationPage{Expired: vios.ErrorMessage(err), formOutcome: blankForm()})
		return nil, false
	case err != nil:
		h.renderError(w, r, err)
		return nil, false
	}
	return form, true
}

func (h *Handler) evaluationForm(w http.ResponseWriter, r *http.Request) {
	form, ok := h.evaluationFormOrRefusal(w, r)
	if !ok {
		return
	}
	h.renderEvaluation(w, r, http.StatusOK, evaluationPage{Form: form, formOutcome: blankForm()})
}

func (h *Handler) submitEvaluation(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	form, ok := h.evaluationFormOrRefusal(w, r)
	if !ok {
		return
	}
	e := vios.Evaluation{Phase: form.Phase}
	e.Rating, _ = strconv.Atoi(formValue(r, "waardering"))
	for i := range form.Statements {
		score, _ := strconv.Atoi(formValue(r, fmt.Sprintf("stelling-%d", i+1)))
		e.Scores = append(e.Scores, score)
	}
	if err := h.Trainings.SubmitEvaluation(r.Context(), r.PathValue("token"), &e); err != nil {
		if vios.ErrorCode(err) == vios.EINVALID && len(vios.ErrorFields(err)) == 0 {
			// The window closed while the form was open.
			h.renderEvaluation(w, r, http.StatusGone, evaluationPage{Expired: vios.ErrorMessage(err), formOutcome: blankForm()})
			return
		}
		h.formFailed(w, r, err, func(status int) {
			h.renderEvaluation(w, r, status, evaluationPage{Form: form, Answer: e, formOutcome: formFailure(err, nil)})
		})
		return
	}
	h.renderEvaluation(w, r, http.StatusOK, evaluationPage{Done: true, formOutcome: blankForm()})
}

// decimal writes x with one decimal and a decimal comma, as Dutch readers
// expect ("3,9"); signed with a plus for a rise.
func decimal(x float64, signed ...bool) string {
	format := "%.1f"
	if len(signed) > 0 && signed[0] {
		format = "%+.1f"
	}
	return strings.Replace(fmt.Sprintf(format, x), ".", ",", 1)
}
