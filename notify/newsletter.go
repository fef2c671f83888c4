package notify

import "github.com/vios-platform/vios"

// NewsletterArchive is the address of a municipality's newsletter archive.
func (s Site) NewsletterArchive(slug string) string { return s.BaseURL + "/nieuwsbrieven/" + slug }

// Newsletter is the trend newsletter as mailed to a school account: its
// text (counts only, no names, nothing below 5 as a number) and the
// archive's address.
func (s Site) Newsletter(n *vios.Newsletter) Mail {
	return Mail{n.Subject(), n.PlainText() + "\n\n-- \n" + vios.NewsletterFooter + " " + s.NewsletterArchive(n.MunicipalitySlug)}
}
