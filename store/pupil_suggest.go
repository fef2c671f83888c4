package store

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"github.com/vios-platform/vios"
)

// Suggestions for the quick signal: the pupils the actor may name, found
// as they type part of a name or a code. Names are sealed, so a prefix
// cannot be looked up by blind index; the candidates are the pupils of
// the signals of the networks the actor has a place in today, and only
// those whose name the clause shows the actor are opened and compared —
// never the rest of the municipality.

// maxSuggestions is how many pupils one search shows.
const maxSuggestions = 8

// nameable is a pupil as stored with the best access the actor has to it
// through the signals of their networks.
type nameable struct {
	row    pupilRow
	access vios.PupilAccess
}

// nameablePupils returns the pupils of the signals of the networks the
// actor has a place in today whom the actor may see by name, by id (only
// onlyID when given, only through the signals of networkID when given),
// still sealed.
func (tx *Tx) nameablePupils(ctx context.Context, municipalityID, onlyID, networkID string) (map[string]nameable, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	today := vios.Date(tx.now)
	query := `SELECT DISTINCT s.network_id, s.reporter_org_id, ` + pupilColumns + ` FROM signal_pupils sp
		JOIN signals s ON s.id = sp.signal_id JOIN pupils p ON p.id = sp.pupil_id JOIN organisations o ON o.id = p.school_id
		WHERE s.municipality_id = ? AND p.pseudonymised_at IS NULL
		AND s.network_id IN (SELECT network_id FROM network_members WHERE user_id = ? AND municipality_id = ?
			AND joined_on <= ? AND (left_on IS NULL OR left_on > ?))`
	args := []any{municipalityID, actor.User.ID, municipalityID, today, today}
	if onlyID != "" {
		query += ` AND p.id = ?`
		args = append(args, onlyID)
	}
	if networkID != "" {
		query += ` AND s.network_id = ?`
		args = append(args, networkID)
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(query), args...)
	type placed struct {
		network, reporter string
		row               pupilRow
	}
	list, err := scanAll(rows, err, func(s scanner) (placed, error) {
		var p placed
		return p, s.Scan(append([]any{&p.network, &p.reporter}, p.row.dest()...)...)
	})
	if err != nil {
		return nil, err
	}
	cache := accessCache{}
	out := map[string]nameable{}
	for _, p := range list {
		if _, ok := out[p.row.id]; ok {
			continue
		}
		na, err := tx.networkAccess(ctx, cache, municipalityID, p.network)
		if err != nil {
			return nil, err
		}
		if access := na.of(ctx, p.reporter, today); access.NamedFor(p.row.schoolID) {
			out[p.row.id] = nameable{row: p.row, access: access}
		}
	}
	return out, nil
}

// chosenPupil checks that a pupil chosen from the suggestions is one the
// actor may name in the network the signal goes to: an id alone names no
// one else's pupil, and a name known from one network is not carried into
// another that does not share it.
func (tx *Tx) chosenPupil(ctx context.Context, municipalityID, networkID, id string) error {
	found, err := tx.nameablePupils(ctx, municipalityID, id, networkID)
	if err != nil {
		return err
	}
	if _, ok := found[id]; !ok {
		return vios.Invalid("leerlingen", "Kies een leerling uit de suggesties of vul naam en geboortedatum in.",
			"Het signaal is niet volledig of niet juist; er is niets opgeslagen.")
	}
	return nil
}

// SuggestPupils finds, as the actor types, the pupils they may name whose
// name has a word starting with the text, or whose pupil or case code
// starts with it. Fewer than two letters asks for more. Every pupil shown
// is a read in the processing log; the text itself is never logged.
func (db *Casework) SuggestPupils(ctx context.Context, municipalityID, text string) ([]*vios.Pupil, error) {
	text = strings.ToLower(strings.Join(strings.Fields(text), " "))
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
		}
	}
	if letters < 2 {
		return nil, vios.Invalid("zoek", "Typ minstens twee letters van de naam of de code.", "Typ minstens twee letters.")
	}
	if len(text) > 100 {
		return nil, vios.Invalid("zoek", "Typ hoogstens 100 tekens.", "Typ minder.")
	}
	var found []*vios.Pupil
	err := db.readLogged(ctx, municipalityID, func(tx *Tx) error {
		candidates, err := tx.nameablePupils(ctx, municipalityID, "", "")
		if err != nil {
			return err
		}
		byCase, err := tx.pupilsOfCaseCodes(ctx, municipalityID, text)
		if err != nil {
			return err
		}
		var ids []string
		for id, c := range candidates {
			p, err := db.pupil(c.row, c.access)
			if err != nil {
				return err
			}
			name := strings.ToLower(p.Name)
			if strings.HasPrefix(name, text) || strings.Contains(name, " "+text) ||
				strings.HasPrefix(strings.ToLower(p.Code), text) || byCase[id] {
				found = append(found, &p)
			}
		}
		sort.Slice(found, func(i, j int) bool {
			if found[i].Name != found[j].Name {
				return found[i].Name < found[j].Name
			}
			return found[i].ID < found[j].ID
		})
		if len(found) > maxSuggestions {
			found = found[:maxSuggestions]
		}
		for _, p := range found {
			ids = append(ids, p.ID)
		}
		return tx.recordPupilsShown(ctx, "leerling-voorgesteld", municipalityID, ids...)
	})
	return found, err
}

// pupilsOfCaseCodes returns the pupils of the municipality's cases whose
// code starts with text (a code has a digit; a name-only text finds none),
// only of the cases whose pupil the actor may see by name, decided as on
// the case page: otherwise a code would tell that a pupil the actor can
// name has a case in a network the actor has no place in.
func (tx *Tx) pupilsOfCaseCodes(ctx context.Context, municipalityID, text string) (map[string]bool, error) {
	out := map[string]bool{}
	if !strings.ContainsAny(text, "0123456789") {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT cp.pupil_id, p.school_id, c.network_id, s.reporter_org_id FROM case_pupils cp
		JOIN cases c ON c.id = cp.case_id JOIN signals s ON s.id = c.signal_id JOIN pupils p ON p.id = cp.pupil_id
		WHERE c.municipality_id = ? AND LOWER(c.code) LIKE ? ESCAPE '\'`), municipalityID, likePrefix(text))
	type caseOf struct{ pupil, school, network, reporter string }
	list, err := scanAll(rows, err, func(s scanner) (c caseOf, err error) {
		return c, s.Scan(&c.pupil, &c.school, &c.network, &c.reporter)
	})
	if err != nil {
		return nil, err
	}
	cache, today := accessCache{}, vios.Date(tx.now)
	for _, c := range list {
		na, err := tx.networkAccess(ctx, cache, municipalityID, c.network)
		if err != nil {
			return nil, err
		}
		if na.of(ctx, c.reporter, today).NamedFor(c.school) {
			out[c.pupil] = true
		}
	}
	return out, nil
}
