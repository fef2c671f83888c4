package store

import (
	"context"
	"database/sql"
	"regexp"
	"sort"
	"strings"

	"github.com/vios-platform/vios"
)

// Pupils in threads. The name a member types never reaches another member
// as typed: before sealing, the store replaces the names of the pupils the
// sender may see by name (those of the network's signals) with a mention,
// and each reader sees the mention as the clause lets them see the pupil —
// as if the sender's organisation had entered the pupil in a record.

// pupilParts renders mentions for one reader, opening each pupil's name at
// most once, and collects the pupils shown for the processing log.
type pupilParts struct {
	tx     *Tx
	scope  *threadScope
	pupils map[string]*threadPupil
	access map[string]vios.PupilAccess // by author organisation
	shown  []string
}

type threadPupil struct {
	schoolID, code, nameSealed, name string
	missing                          bool
}

func newPupilParts(tx *Tx, s *threadScope) *pupilParts {
	return &pupilParts{tx: tx, scope: s, pupils: map[string]*threadPupil{}, access: map[string]vios.PupilAccess{}}
}

func (pp *pupilParts) pupil(ctx context.Context, id string) (*threadPupil, error) {
	if p, ok := pp.pupils[id]; ok {
		return p, nil
	}
	p := &threadPupil{}
	err := pp.tx.queryRow(ctx, `SELECT school_id, code, name_sealed FROM pupils WHERE id = ? AND municipality_id = ?`,
		id, pp.scope.network().MunicipalityID).Scan(&p.schoolID, &p.code, &p.nameSealed)
	if err == sql.ErrNoRows {
		p.missing = true
	} else if err != nil {
		return nil, err
	}
	pp.pupils[id] = p
	return p, nil
}

// render splits a stored text into parts as the reader sees them.
func (pp *pupilParts) render(ctx context.Context, authorOrgID, text string) ([]vios.MessagePart, error) {
	parts := vios.SplitMessage(text)
	access, ok := pp.access[authorOrgID]
	if !ok {
		access = pp.scope.na.of(ctx, authorOrgID, vios.Date(pp.tx.now))
		pp.access[authorOrgID] = access
	}
	for i := range parts {
		part := &parts[i]
		if part.PupilID == "" {
			continue
		}
		p, err := pp.pupil(ctx, part.PupilID)
		if err != nil {
			return nil, err
		}
		part.Level, part.Reason = access.Level, access.Reason
		switch {
		case p.missing || access.Level == vios.AccessNone:
			part.Shown, part.Level = "een leerling", vios.AccessNone
			continue
		case access.NamedFor(p.schoolID) && p.nameSealed != "":
			if p.name == "" {
				if p.name, err = pp.tx.db.open(pp.scope.network().MunicipalityID, "pupils", part.PupilID, "name_sealed", p.nameSealed); err != nil {
					return nil, err
				}
			}
			part.Shown = p.name
		default:
			part.Shown, part.Level = p.code, vios.AccessPseudonym
			if access.Named() {
				part.Reason = access.ForSchools(p.schoolID).Reason
			}
		}
		pp.shown = append(pp.shown, part.PupilID)
	}
	return parts, nil
}

// composerPupils fills the pupils the actor may mention by name (those of
// the network's signals the actor sees by name) and whether the clause
// gives names to every current member.
func (tx *Tx) composerPupils(ctx context.Context, s *threadScope, t *vios.Thread) error {
	list, err := tx.mentionablePupils(ctx, s)
	if err != nil {
		return err
	}
	t.Pupils = list
	t.NamesNotShared, err = tx.namesNotShared(ctx, s)
	return err
}

// mentionablePupils returns the pupils of the network's signals the actor
// sees by name (nameablePupils), with their names opened.
func (tx *Tx) mentionablePupils(ctx context.Context, s *threadScope) ([]vios.MentionablePupil, error) {
	n := s.network()
	found, err := tx.nameablePupils(ctx, n.MunicipalityID, "", n.ID)
	if err != nil {
		return nil, err
	}
	out := make([]vios.MentionablePupil, 0, len(found))
	for id, p := range found {
		name, err := tx.db.open(n.MunicipalityID, "pupils", id, "name_sealed", p.row.name)
		if err != nil {
			return nil, err
		}
		if name != "" {
			out = append(out, vios.MentionablePupil{ID: id, Name: name, Code: p.row.code})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// namesNotShared reports whether some current member's organisation, other
// than the actor's, would not see a pupil the actor names by name.
func (tx *Tx) namesNotShared(ctx context.Context, s *threadScope) (bool, error) {
	day := vios.Date(tx.now)
	for _, m := range s.network().Members {
		if !m.ActiveOn(day) || m.OrganisationID == s.na.actorOrgID {
			continue
		}
		var kind, partnerKind string
		if err := tx.queryRow(ctx, `SELECT kind, partner_kind FROM organisations WHERE id = ?`, m.OrganisationID).Scan(&kind, &partnerKind); err != nil {
			return false, err
		}
		recipient := vios.RecipientKindOf(&vios.Organisation{Kind: kind, PartnerKind: partnerKind})
		if !vios.ClauseGivesNames(s.na.sharing, m.OrganisationID, recipient, day) {
			return true, nil
		}
	}
	return false, nil
}

// mentionNames replaces in text every name of the pupils (longest first,
// whole words, any case) with the pupil's mention, and returns the text and
// the pupils it now mentions.
func mentionNames(text string, pupils []vios.MentionablePupil) (string, []string) {
	sorted := append([]vios.MentionablePupil(nil), pupils...)
	sort.Slice(sorted, func(i, j int) bool { return len(sorted[i].Name) > len(sorted[j].Name) })
	var ids []string
	for _, p := range sorted {
		name := strings.TrimSpace(p.Name)
		if name == "" {
			continue
		}
		re := regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}])(` + regexp.QuoteMeta(name) + `)($|[^\p{L}\p{N}])`)
		if !re.MatchString(text) {
			continue
		}
		ids = append(ids, p.ID)
		// Twice: adjacent occurrences share the character between them.
		for range 2 {
			text = re.ReplaceAllString(text, "${1}"+vios.PupilToken(p.ID)+"${3}")
		}
	}
	return text, ids
}

func pupilIDsOf(list []vios.MentionablePupil) []string {
	ids := make([]string, len(list))
	for i, p := range list {
		ids[i] = p.ID
	}
	return ids
}
