package store

import (
	"context"
	"strings"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/notify"
)

// threadLink is the path of a thread's page.
func threadLink(slug string, s *threadScope) string {
	if s.caseID != "" {
		return "/casussen/" + slug + "/" + s.caseID + "/berichten"
	}
	return "/netwerken/" + slug + "/" + s.network().ID + "/berichten"
}

// notifyThread records the @mentions of a new message (a current member
// by name, or an organisation with a seat) and tells, content-free, the
// mentioned by mail and push and, in a network's thread, the other current
// members by push; it wakes the live pages of every instance.
func (tx *Tx) notifyThread(ctx context.Context, s *threadScope, msg *vios.Message, typed string) error {
	slug, err := tx.municipalitySlug(ctx, msg.MunicipalityID)
	if err != nil {
		return err
	}
	link := threadLink(slug, s)
	lower := strings.ToLower(typed)
	day := vios.Date(tx.now)
	mentionedOrg := map[string]bool{}
	mentioned := map[string]bool{}
	pushed := map[string]bool{msg.AuthorID: true}
	for _, m := range s.network().Members {
		if !m.ActiveOn(day) {
			continue
		}
		if m.OrganisationName != "" && strings.Contains(lower, "@"+strings.ToLower(m.OrganisationName)) && !mentionedOrg[m.OrganisationID] {
			mentionedOrg[m.OrganisationID] = true
			if err := tx.exec(ctx, `INSERT INTO message_mentions (message_id, municipality_id, organisation_id) VALUES (?, ?, ?)`,
				msg.ID, msg.MunicipalityID, m.OrganisationID); err != nil {
				return err
			}
		}
		if m.UserName != "" && strings.Contains(lower, "@"+strings.ToLower(m.UserName)) && !mentioned[m.UserID] {
			mentioned[m.UserID] = true
			if err := tx.exec(ctx, `INSERT INTO message_mentions (message_id, municipality_id, user_id) VALUES (?, ?, ?)`,
				msg.ID, msg.MunicipalityID, m.UserID); err != nil {
				return err
			}
		}
	}
	thread := s.network().Name
	if s.caseID != "" {
		thread = "de berichten van casus " + s.caseCode
	}
	mail := tx.db.Logs.site().MessageMentioned(thread, link)
	for _, m := range s.network().Members {
		if !m.ActiveOn(day) || pushed[m.UserID] {
			continue
		}
		named := mentioned[m.UserID] || mentionedOrg[m.OrganisationID]
		if !named && s.caseID != "" {
			continue
		}
		if s.caseID != "" {
			// A member who cannot open the case hears nothing of it.
			if reads, err := tx.memberReadsCase(ctx, s, m.UserID); err != nil {
				return err
			} else if !reads {
				continue
			}
		}
		pushed[m.UserID] = true
		var email string
		if err := tx.queryRow(ctx, `SELECT email FROM users WHERE id = ? AND NOT disabled`, m.UserID).Scan(&email); err != nil {
			continue // a blocked account is told nothing
		}
		if named {
			err = notifyUser(ctx, tx, email, mail, notify.MessagePush(link))
		} else {
			err = queuePush(ctx, tx, email, notify.MessagePush(link))
		}
		if err != nil {
			return err
		}
	}
	return tx.threadChanged(ctx, msg.MunicipalityID)
}
