package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vios-platform/vios"
)

// newsletterSlug is the demo municipality with newsletters: Leiden started
// the trend newsletter, but Arnhem has the demo's casework and accounts.
const newsletterSlug = "arnhem"

// LoadNewsletters gives Arnhem a sent newsletter of the month before last
// (mailed to its school accounts through the outbox) and a draft of last
// month, made as the monthly job makes them, from the demo's signals. It
// skips a municipality that has newsletters already.
func LoadNewsletters(ctx context.Context, db KnowledgeStore, newsletters vios.NewsletterService, now time.Time) error {
	ctx = vios.NewSystemContext(ctx, "demogegevens")
	m, err := db.FindMunicipalityBySlug(ctx, newsletterSlug)
	if err != nil {
		return err
	}
	if existing, err := newsletters.ListNewsletters(ctx, m.ID); err != nil || len(existing) > 0 {
		return err
	}
	last := vios.NewsletterMonth(now)
	before := last.AddDate(0, -1, 0)
	if _, err := newsletters.DraftNewsletter(ctx, m.ID, before); err != nil {
		return fmt.Errorf("demonieuwsbrief: %w", err)
	}
	list, err := newsletters.ListNewsletters(ctx, m.ID)
	if err != nil || len(list) != 1 {
		return fmt.Errorf("demonieuwsbrief: %d gevonden, %v", len(list), err)
	}
	sent, err := newsletters.FindNewsletter(ctx, list[0].ID)
	if err != nil {
		return err
	}
	sent.Intro = "Beste collega's,\n\nHierbij de nieuwsbrief over " + sent.MonthLabel() + ". Vragen of een thema voor het overkoepelend overleg? Mail de regisseur."
	if err := newsletters.SaveNewsletter(ctx, sent); err != nil {
		return fmt.Errorf("demonieuwsbrief: %w", err)
	}
	if _, err := newsletters.SendNewsletter(ctx, sent.ID); err != nil {
		return fmt.Errorf("demonieuwsbrief verzenden: %w", err)
	}
	_, err = newsletters.DraftNewsletter(ctx, m.ID, last)
	return err
}
