package vios

import "time"

// Compliance holds a covenant's working agreements against the meetings
// its networks held.

// The verdicts of a compliance check.
const (
	VerdictKept    = "nagekomen"
	VerdictNotKept = "niet-nagekomen"
	// VerdictUnjudged: nothing judged was broken, but not every agreement
	// can be judged (no network linked, or too early), or there are none.
	VerdictUnjudged = "niet-te-beoordelen"
)

// ComplianceVerdicts lists the verdicts with their Dutch labels.
var ComplianceVerdicts = []Label{
	{VerdictKept, "Alle afspraken zijn nagekomen"},
	{VerdictNotKept, "Niet alle afspraken zijn nagekomen"},
	{VerdictUnjudged, "Nog niet te beoordelen"},
}

// Compliance compares a covenant's working agreements with what happened.
type Compliance struct {
	From, To          time.Time
	Agreements        []AgreementCheck
	EvaluationOverdue bool
	Unsigned          []string // parties that have not signed
}

// AgreementCheck is one working agreement against the meetings held.
type AgreementCheck struct {
	Agreement WorkingAgreement
	// Tracked: the agreement names a network, so it can be checked; an
	// agreement without one is listed but cannot be judged.
	Tracked bool
	// Expected counts from the later of the covenant's and the network's
	// start; TooEarly: not one meeting is due yet, so the agreement
	// cannot be judged yet.
	Expected int
	TooEarly bool
	Held     int
	Kept     bool
	// Absent are organisations of the network's fixed members that missed
	// more than half of the held meetings.
	Absent []string
}

// CheckCompliance holds the agreements against the networks' histories
// (meetings with attendance, by network id) over the last year of the
// covenant up to day.
func CheckCompliance(c *Covenant, networks map[string]*Network, meetings map[string][]*Meeting, day time.Time) *Compliance {
	to := Date(day).AddDate(0, 0, 1)
	from := to.AddDate(-1, 0, 0)
	if c.StartsOn.After(from) {
		from = c.StartsOn
	}
	out := &Compliance{From: from, To: to, EvaluationOverdue: c.EvaluationOverdue(day)}
	for _, p := range c.Parties {
		// A signature that waits for the party, or was declined, is none.
		if p.Status != PartySigned && p.Status != PartyWithdrawn {
			out.Unsigned = append(out.Unsigned, p.OrganisationName)
		}
	}
	for _, a := range c.Agreements {
		check := AgreementCheck{Agreement: a}
		check.Expected = expectedMeetings(Cadence{TimesPerYear: a.TimesPerYear}, from, to)
		if n := networks[a.NetworkID]; n != nil {
			check.Tracked = true
			f := ComputeNetworkFigures(n, meetings[a.NetworkID], nil, from, to, day)
			check.Held = f.MeetingsHeld
			check.Expected = expectedMeetings(Cadence{TimesPerYear: a.TimesPerYear}, f.ExpectedFrom, f.ExpectedTo)
			check.TooEarly = a.TimesPerYear > 0 && check.Expected == 0
			for _, o := range f.Organisations {
				if o.Attended+o.Missed > 0 && o.Missed*2 > o.Attended+o.Missed {
					check.Absent = append(check.Absent, o.OrganisationName)
				}
			}
			check.Kept = !check.TooEarly && check.Held >= check.Expected && len(check.Absent) == 0
		}
		out.Agreements = append(out.Agreements, check)
	}
	return out
}

// Verdict judges the covenant: not kept when a judged agreement was not
// kept or the evaluation is overdue; kept only when every agreement could
// be judged and was kept. "All kept" beside an agreement nobody can follow
// would mislead.
func (c *Compliance) Verdict() string {
	unjudged := len(c.Agreements) == 0
	for _, a := range c.Agreements {
		switch {
		case !a.Tracked || a.TooEarly:
			unjudged = true
		case !a.Kept:
			return VerdictNotKept
		}
	}
	switch {
	case c.EvaluationOverdue:
		return VerdictNotKept
	case unjudged:
		return VerdictUnjudged
	}
	return VerdictKept
}

// Kept reports whether every agreement was judged and kept and nothing is
// overdue.
func (c *Compliance) Kept() bool { return c.Verdict() == VerdictKept }
