package vios

// The border between municipalities (issue 18). A pupil may live in one
// municipality and go to school in another: the home municipality's
// network records its signals with the school of the other municipality
// (a school's identity is public reference data), and each municipality
// keeps its own records — nothing is copied across. Only a match notice
// (and with it a named discussion between the two reporters) may cross,
// and only under a border clause of each side: a named clause in force in
// each municipality's own covenant, linked to the network the signal is
// in, that names the other municipality (SharingClause.BorderMunicipalities).
// One municipality's regisseur can therefore never open the border alone:
// the other side's clause is written and signed in the other municipality.

// BorderOpen reports whether signals of a network of municipality own
// (under sharing ours) and of a network of municipality other (under
// sharing theirs) may be matched across the border: both share names under
// a clause in force, and each clause names the other municipality.
func BorderOpen(own string, ours Sharing, other string, theirs Sharing) bool {
	return own != "" && other != "" && own != other &&
		ours.Named && ours.Clause != nil && slicesContains(ours.Clause.BorderMunicipalities, other) &&
		theirs.Named && theirs.Clause != nil && slicesContains(theirs.Clause.BorderMunicipalities, own)
}

// BorderMunicipalitiesOf returns the municipalities a network's clause
// names across the border, when it shares names: the only ones its signals
// are matched with.
func BorderMunicipalitiesOf(s Sharing) []string {
	if !s.Named || s.Clause == nil {
		return nil
	}
	return s.Clause.BorderMunicipalities
}
