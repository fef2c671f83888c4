package api

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Reading a covenant from a request body. Mistakes inside the lists are
// named by their place, such as deelafspraken[0].grondslag, so a client
// sending a whole covenant hears which element of which list is wrong.

const covenantInvalid = "Het convenant is niet volledig of niet juist."

// covenantLists are the municipality's codes an element of a covenant
// may name: the phenomena of the action protocol and the processing
// activities of the register.
type covenantLists struct {
	phenomena  map[string]bool
	activities map[string]bool
}

func (h *Handler) covenantLists(ctx context.Context, municipalityID string) (*covenantLists, error) {
	out := &covenantLists{phenomena: map[string]bool{}, activities: map[string]bool{}}
	phenomena, err := h.Networks.ListPhenomena(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	for _, p := range phenomena {
		out.phenomena[p.Code] = true
	}
	activities, err := h.Logbook.ListActivities(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	for _, a := range activities {
		out.activities[a.ID] = true
	}
	return out, nil
}

// peekDate returns the date in field if it is one, without reading the
// field: a template's dates follow the start the body gives.
func peekDate(b *body, field string) (time.Time, bool) {
	var s string
	if raw := b.fields[field]; raw == nil || json.Unmarshal(raw, &s) != nil {
		return time.Time{}, false
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

func trimmed(s string) string { return strings.TrimSpace(s) }

// readCovenantFields reads the fields a client sets on a covenant into c;
// a field left out keeps c's value (a template's, or nothing). current is
// the covenant as stored, nil for a new one: its parties keep their ids,
// and only its clauses can be named by id. lists is nil when the
// municipality is unknown; the codes are not checked then.
func readCovenantFields(b *body, c *vios.Covenant, current *vios.Covenant, lists *covenantLists, today time.Time) {
	b.str("titel", &c.Title)
	b.str("doelen", &c.Goals)
	b.date("ingangsdatum", &c.StartsOn)
	b.date("einddatum", &c.EndsOn)
	b.date("evaluatiedatum", &c.EvaluateOn)
	b.boolean("deelbaar", &c.Shareable)
	if list, ok := b.objects("partijen"); ok {
		c.Parties = []vios.CovenantParty{}
		for _, p := range list {
			c.Parties = append(c.Parties, readParty(p, current, today))
		}
	}
	if list, ok := b.objects("werkafspraken"); ok {
		c.Agreements = []vios.WorkingAgreement{}
		for _, a := range list {
			var agreement vios.WorkingAgreement
			a.require("omschrijving", "keerPerJaar")
			a.id("netwerk", &agreement.NetworkID)
			a.str("omschrijving", &agreement.Description)
			a.integer("keerPerJaar", &agreement.TimesPerYear)
			a.str("voorzitter", &agreement.Chair)
			a.str("deelnemers", &agreement.Participants)
			c.Agreements = append(c.Agreements, agreement)
		}
	}
	if list, ok := b.objects("handelingsprotocol"); ok {
		c.Protocol = []vios.ProtocolStep{}
		for _, p := range list {
			var step vios.ProtocolStep
			p.require("incident", "stappen")
			if p.str("incident", &step.Incident) && lists != nil && !lists.phenomena[step.Incident] {
				p.fail("incident", "Kies een fenomeen uit de landelijke lijst of die van de gemeente.")
			}
			p.str("stappen", &step.Steps)
			c.Protocol = append(c.Protocol, step)
		}
	}
	if list, ok := b.objects("deelafspraken"); ok {
		c.Clauses = []vios.SharingClause{}
		seen := map[string]bool{}
		for _, s := range list {
			clause := readClause(s, current, lists)
			if clause.ID != "" && seen[clause.ID] {
				s.fail("id", "Noem elke deelafspraak één keer.")
			}
			seen[clause.ID] = true
			c.Clauses = append(c.Clauses, clause)
		}
	}
}

// readParty reads one party. A party keeps its id as long as its
// organisation stays a party, so the id is not sent.
func readParty(p *body, current *vios.Covenant, today time.Time) vios.CovenantParty {
	var party vios.CovenantParty
	p.require("organisatie", "ondertekenaars", "status")
	p.id("organisatie", &party.OrganisationID)
	p.str("rol", &party.Role)
	p.str("verantwoordelijkheden", &party.Responsibilities)
	p.str("ondertekenaars", &party.Signatories)
	if p.str("status", &party.Status) && !inCodes(partyStatuses, party.Status) {
		p.fail("status", "Kies een bestaande status: %s.", codeList(partyStatuses))
	}
	var signed time.Time
	if p.date("getekendOp", &signed) {
		switch {
		case party.Status != vios.PartySigned && party.Status != vios.PartyPending:
			p.fail("getekendOp", "Alleen een partij die getekend heeft, heeft een datum van ondertekening; laat het veld anders weg.")
		case signed.After(today):
			p.fail("getekendOp", "De datum van ondertekening ligt niet in de toekomst.")
		default:
			party.SignedOn = &signed
		}
	} else if (party.Status == vios.PartySigned || party.Status == vios.PartyPending) && !p.isBad("getekendOp") {
		p.fail("getekendOp", "Vul de datum van ondertekening in.")
	}
	if current != nil {
		for _, old := range current.Parties {
			if old.OrganisationID == party.OrganisationID {
				party.ID = old.ID
			}
		}
	}
	return party
}

// readClause reads one data-sharing clause.
func readClause(s *body, current *vios.Covenant, lists *covenantLists) vios.SharingClause {
	var clause vios.SharingClause
	if s.id("id", &clause.ID) && !hasClause(current, clause.ID) {
		s.fail("id", "Deze deelafspraak hoort niet bij dit convenant; laat id weg voor een nieuwe deelafspraak.")
		clause.ID = ""
	}
	s.str("doel", &clause.Purpose)
	s.str("grondslag", &clause.LegalBasis)
	s.boolean("artikel10", &clause.Article10)
	s.str("artikel10Grondslag", &clause.Article10Ground)
	s.boolean("metNaam", &clause.Named)
	s.boolean("tussenScholen", &clause.AcrossSchools)
	s.boolean("overdracht", &clause.Transfer)
	if s.strList("overdrachtGemeenten", &clause.TransferMunicipalities) &&
		slices.ContainsFunc(clause.TransferMunicipalities, func(id string) bool { return !vios.ValidID(id) }) {
		s.fail("overdrachtGemeenten", "Noem de gemeenten met hun id.")
	}
	if s.strList("grensGemeenten", &clause.BorderMunicipalities) &&
		slices.ContainsFunc(clause.BorderMunicipalities, func(id string) bool { return !vios.ValidID(id) }) {
		s.fail("grensGemeenten", "Noem de gemeenten met hun id.")
	}
	if list, ok := s.objects("ontvangers"); ok {
		for _, r := range list {
			var recipient vios.ClauseRecipient
			r.require("soort", "categorieen")
			r.str("soort", &recipient.Kind)
			r.strList("categorieen", &recipient.Categories)
			// The store checks that each is a party of the covenant of
			// this kind; here only that it is an id at all.
			if r.strList("organisaties", &recipient.OrganisationIDs) &&
				slices.ContainsFunc(recipient.OrganisationIDs, func(id string) bool { return !vios.ValidID(id) }) {
				r.fail("organisaties", "Noem de partijen met de id van hun organisatie.")
			}
			clause.Recipients = append(clause.Recipients, recipient)
		}
	}
	s.integer("bewaartermijnSignalen", &clause.RetentionSignals)
	s.integer("bewaartermijnCasussen", &clause.RetentionCases)
	s.integer("bewaartermijnVerslagen", &clause.RetentionMinutes)
	if s.strList("verwerkingsactiviteiten", &clause.ActivityIDs) {
		seen := map[string]bool{}
		for _, a := range clause.ActivityIDs {
			if !vios.ValidID(a) || (lists != nil && !lists.activities[a]) {
				s.fail("verwerkingsactiviteiten", "Kies verwerkingsactiviteiten uit het register van de gemeente, met hun id.")
				break
			}
			if seen[a] {
				s.fail("verwerkingsactiviteiten", "Noem elke verwerkingsactiviteit één keer.")
				break
			}
			seen[a] = true
		}
	}
	return clause
}

func hasClause(c *vios.Covenant, id string) bool {
	return c != nil && slices.ContainsFunc(c.Clauses, func(s vios.SharingClause) bool { return s.ID == id })
}

// validateCovenant runs the domain's checks of the covenant and of each of
// its clauses, the latter named by their place in the list.
func validateCovenant(c *vios.Covenant) []error {
	errs := []error{c.Validate()}
	for i := range c.Clauses {
		errs = append(errs, prefixFields(c.Clauses[i].Validate(), fmt.Sprintf("deelafspraken[%d].", i)))
	}
	return errs
}
