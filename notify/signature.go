package notify

// SignatureRequest tells the users of a covenant party that the party's
// signature was recorded and waits for one of them to confirm it.
func (s Site) SignatureRequest(slug, covenantID, partyID, title, organisation string) Mail {
	return Mail{"Bevestig de ondertekening van het convenant",
		"Er is vastgelegd dat " + organisation + " het convenant '" + title + "' heeft getekend. Pas als iemand van " +
			organisation + " dat op het platform bevestigt, geldt de ondertekening. Lees wat u bevestigt, en bevestig of " +
			"geef aan dat uw organisatie niet tekent:\n\n" + s.CovenantLink(slug, covenantID) + "/partijen/" + partyID + "/bevestigen"}
}
