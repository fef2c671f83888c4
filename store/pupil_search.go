package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/vios-platform/vios"
)

// Finding a pupil or a case from the search box of the casework. A name is
// sealed and has no index but the blind index of name and date of birth
// together, so a name alone (or part of one) is matched on the opened
// names — and only the names the actor may see: the pupils of the signals
// of the networks they have a place in (every network for the regisseur),
// each opened only where AccessOf gives the actor its name. Nothing else is
// decrypted. The fg's search for a data-subject request (subject.go) is
// another function: it sees every pupil, by blind index only.

// maxFoundPupils bounds a search: more asks the member to type more.
const maxFoundPupils = 20

// SearchPupils finds pupils by name (with an optional date of birth) among
// those the actor may see by name, with the signals and cases in which the
// actor sees them by name and each case's route of that pupil, or a case by
// its code, as the actor may see it. Every pupil shown is in the processing
// log; a search that finds nothing is in the audit log.
func (db *Casework) SearchPupils(ctx context.Context, q vios.PupilQuery) (*vios.PupilSearch, error) {
	actor := vios.ActorFromContext(ctx)
	if actor == nil || actor.User == nil {
		return nil, vios.Errorf(vios.EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	out := &vios.PupilSearch{}
	err := db.readLogged(ctx, q.MunicipalityID, func(tx *Tx) error {
		if code := q.CaseCode(); code != "" {
			return tx.searchCase(ctx, q.MunicipalityID, code, out)
		}
		return tx.searchByName(ctx, q, out)
	})
	return out, err
}

// namedPupil is a pupil the actor sees by name, as their organisation
// entered it, with the signals in which they see it by name.
type namedPupil struct {
	pupil   vios.Pupil
	signals []string
}

// namedPupils returns the pupils the actor sees by name in the signals of
// the networks they have a place in (all of the municipality for the
// regisseur), opened only where AccessOf gives the name: what a search by
// name may look through. It is the seam a search-as-you-type can share.
func (tx *Tx) namedPupils(ctx context.Context, municipalityID string, cache accessCache) ([]*namedPupil, error) {
	actor := vios.ActorFromContext(ctx)
	today := vios.Date(tx.now)
	where, args := "s.municipality_id = ?", []any{municipalityID}
	if clause, placeArgs := placeSetFilter(actor, municipalityID, "s.network_id", today); clause != "" {
		where, args = where+" AND "+clause, append(args, placeArgs...)
	}
	type candidate struct {
		signal, network, reporter string
		row                       pupilRow
	}
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT sp.signal_id, s.network_id, s.reporter_org_id, `+pupilColumns+`
		FROM signal_pupils sp JOIN signals s ON s.id = sp.signal_id JOIN pupils p ON p.id = sp.pupil_id
		JOIN organisations o ON o.id = p.school_id WHERE `+where+` ORDER BY p.id, s.occurred_on DESC, s.id`), args...)
	candidates, err := scanAll(rows, err, func(sc scanner) (candidate, error) {
		var c candidate
		return c, sc.Scan(append([]any{&c.signal, &c.network, &c.reporter}, c.row.dest()...)...)
	})
	if err != nil {
		return nil, err
	}
	byID := map[string]*namedPupil{}
	var list []*namedPupil
	var readers []readerPupil
	for _, c := range candidates {
		na, err := tx.networkAccess(ctx, cache, municipalityID, c.network)
		if err != nil {
			return nil, err
		}
		access := na.of(ctx, c.reporter, today)
		if !access.NamedFor(c.row.schoolID) {
			continue
		}
		if np := byID[c.row.id]; np != nil {
			np.signals = append(np.signals, c.signal)
			continue
		}
		p, err := tx.db.Casework.pupil(c.row, access)
		if err != nil {
			return nil, err
		}
		if !p.Named {
			continue // pseudonymised by retention: no name to find
		}
		np := &namedPupil{pupil: p, signals: []string{c.signal}}
		byID[p.ID] = np
		list = append(list, np)
		readers = append(readers, readerPupil{&np.pupil, na.actorOrgID})
	}
	// Each as the reader's own organisation entered it, if it did: the
	// name they know it by.
	return list, tx.fillPupilSources(ctx, municipalityID, readers, false, false)
}

// searchByName fills out with the pupils whose name (as the actor sees
// it) matches the query, with their signals and cases.
func (tx *Tx) searchByName(ctx context.Context, q vios.PupilQuery, out *vios.PupilSearch) error {
	cache := accessCache{}
	all, err := tx.namedPupils(ctx, q.MunicipalityID, cache)
	if err != nil {
		return err
	}
	var found []*namedPupil
	for _, np := range all {
		if vios.NameMatches(np.pupil.Name, q.Text) && (q.BirthDate == "" || np.pupil.BirthDate == q.BirthDate) {
			found = append(found, np)
		}
	}
	if len(found) == 0 {
		return tx.audit(ctx, Audit{Action: "leerling-gezocht", ObjectType: "leerling", MunicipalityID: q.MunicipalityID, Outcome: "niet-gevonden"})
	}
	slices.SortFunc(found, func(a, b *namedPupil) int {
		return strings.Compare(strings.ToLower(a.pupil.Name), strings.ToLower(b.pupil.Name))
	})
	if len(found) > maxFoundPupils {
		found, out.More = found[:maxFoundPupils], true
	}
	ids := make([]string, len(found))
	for i, np := range found {
		ids[i] = np.pupil.ID
		out.Pupils = append(out.Pupils, vios.FoundPupil{Pupil: np.pupil})
	}
	if err := tx.foundSignals(ctx, q.MunicipalityID, found, out.Pupils); err != nil {
		return err
	}
	if err := tx.foundCases(ctx, q.MunicipalityID, cache, out.Pupils); err != nil {
		return err
	}
	return tx.recordPupilsShown(ctx, "leerling-gezocht", q.MunicipalityID, ids...)
}

// foundSignals adds to each found pupil the signals in which the actor sees
// it by name, newest first, each with that pupil only and no description.
func (tx *Tx) foundSignals(ctx context.Context, municipalityID string, found []*namedPupil, out []vios.FoundPupil) error {
	var ids []string
	for _, np := range found {
		ids = append(ids, np.signals...)
	}
	args := idArgs(ids)
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT `+signalColumns+signalFrom+` WHERE s.municipality_id = ? AND s.id IN (`+
		placeholders(len(args))+`) ORDER BY s.occurred_on DESC, s.created_at DESC, s.id`), append([]any{municipalityID}, args...)...)
	signals, err := scanAll(rows, err, func(sc scanner) (*vios.Signal, error) {
		s, _, err := scanSignal(sc)
		return s, err
	})
	if err != nil {
		return err
	}
	cases, err := tx.signalCases(ctx, ids)
	if err != nil {
		return err
	}
	for i, np := range found {
		for _, s := range signals {
			if slices.Contains(np.signals, s.ID) {
				seen := *s
				seen.CaseID, seen.Pupils = cases[s.ID], []vios.Pupil{out[i].Pupil}
				out[i].Signals = append(out[i].Signals, &seen)
			}
		}
	}
	return nil
}

// foundCases adds to each found pupil the cases about it in which the actor
// sees it by name, newest first, each with that pupil only and its route
// (statuses and dates; the notes on the route stay on the case's page).
func (tx *Tx) foundCases(ctx context.Context, municipalityID string, cache accessCache, out []vios.FoundPupil) error {
	ids := make([]string, len(out))
	for i := range out {
		ids[i] = out[i].Pupil.ID
	}
	args := idArgs(ids)
	in := placeholders(len(args))
	rows, err := tx.QueryContext(ctx, tx.db.rebind(`SELECT cp.pupil_id, `+caseColumns+caseFrom+` JOIN case_pupils cp ON cp.case_id = c.id
		WHERE c.municipality_id = ? AND cp.pupil_id IN (`+in+`) ORDER BY c.created_at DESC, c.id`), append([]any{municipalityID}, args...)...)
	type pupilCase struct {
		pupil string
		c     *vios.Case
	}
	list, err := scanAll(rows, err, func(sc scanner) (pc pupilCase, err error) {
		pc.c, err = scanCase(prefixScanner{sc, &pc.pupil})
		return pc, err
	})
	if err != nil {
		return err
	}
	var caseIDs []string
	for _, pc := range list {
		caseIDs = append(caseIDs, pc.c.ID)
	}
	referrals, err := tx.caseReferrals(ctx, caseIDs, false)
	if err != nil {
		return err
	}
	today := vios.Date(tx.now)
	for i := range out {
		p := out[i].Pupil
		for _, pc := range list {
			if pc.pupil != p.ID {
				continue
			}
			na, err := tx.networkAccess(ctx, cache, municipalityID, pc.c.NetworkID)
			if err != nil {
				return err
			}
			c := *pc.c
			if c.Access = na.of(ctx, c.ReportingOrganisationID, today); !c.Access.NamedFor(p.SchoolID) {
				continue
			}
			c.Pupils, c.CloseReason, c.Referrals = []vios.Pupil{p}, "", nil
			for _, r := range referrals[c.ID] {
				if r.PupilID == p.ID {
					c.Referrals = append(c.Referrals, r)
				}
			}
			c.Referrals = referralsFor(c.Referrals, false)
			out[i].Cases = append(out[i].Cases, &c)
		}
	}
	return nil
}

// searchCase fills out with the case of the code as the actor may see it:
// its pupils by name or pseudonym and their routes, no plan or notes.
func (tx *Tx) searchCase(ctx context.Context, municipalityID, code string, out *vios.PupilSearch) error {
	notFound := Audit{Action: "casus-gezocht", ObjectType: "casus", MunicipalityID: municipalityID, Outcome: "niet-gevonden"}
	c, err := scanCase(tx.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.municipality_id = ? AND c.code = ?`, municipalityID, code))
	if err == sql.ErrNoRows {
		return tx.audit(ctx, notFound)
	} else if err != nil {
		return err
	}
	na, err := tx.networkAccess(ctx, nil, municipalityID, c.NetworkID)
	if err != nil {
		return err
	}
	// A case the actor may see nothing of is not found, as if it were not.
	if c.Access = na.of(ctx, c.ReportingOrganisationID, vios.Date(tx.now)); c.Access.Level == vios.AccessNone {
		return tx.audit(ctx, notFound)
	}
	list := []*vios.Case{c}
	if err := tx.listPupils(ctx, list, map[string]string{c.ID: na.actorOrgID}, false); err != nil {
		return err
	}
	c.Access = c.Access.ForSchools(pupilSchools(c.Pupils)...)
	c.CloseReason = ""
	referrals, err := tx.caseReferrals(ctx, []string{c.ID}, false)
	if err != nil {
		return err
	}
	c.Referrals = referralsFor(referrals[c.ID], false)
	out.Case = c
	return tx.recordPupilsShown(ctx, "casus-gezocht", municipalityID, casePupils(list)...)
}
