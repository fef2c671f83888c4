package notify

// TransferReceived tells the staff of a receiving school that a transfer
// waits for them; it names no pupil, only where to look.
func (s Site) TransferReceived(slug, fromSchool string) Mail {
	return Mail{"Een overdracht van " + fromSchool,
		fromSchool + " heeft een overdracht voor een leerling die naar uw school komt. U ziet hem na inloggen:\n\n" +
			s.BaseURL + "/overdrachten/" + slug}
}
