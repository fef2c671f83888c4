package store_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store/storetest"
)

// A knowledge-bank item's documents: its writers add them (a refused type
// is not kept), anyone downloads an openbaar item's, only the
// municipality's accounts an eigen item's, nobody a withdrawn item's.
func TestKnowledgeAttachments(t *testing.T) {
	w := newKnowledgeWorld(t, storetest.OpenDSN(t, storetest.DSN(t)))
	db, anonymous := w.db, context.Background()
	regisseur := w.as(t, "regisseur@arnhem.demo.example")
	school := w.as(t, "school@arnhem.demo.example")
	hague := w.as(t, "regisseur@den-haag.demo.example")
	public := &vios.KnowledgeItem{MunicipalityID: w.arnhem, Kind: "convenant", Visibility: vios.VisibilityPublic, Title: "Convenant vapen",
		Body: "De afspraken over vapen."}
	own := &vios.KnowledgeItem{MunicipalityID: w.arnhem, Kind: "protocol", Visibility: vios.VisibilityOwn, Title: "Belrooster",
		Body: "Intern."}
	for _, k := range []*vios.KnowledgeItem{public, own} {
		if err := db.Knowledge.SaveKnowledge(regisseur, k); err != nil {
			t.Fatal(err)
		}
	}
	pdf := "%PDF-1.7\n% convenant\n%%EOF\n"
	add := func(ctx context.Context, k *vios.KnowledgeItem, name, content string) (*vios.Attachment, error) {
		return db.Attachments.AddAttachment(ctx, k.MunicipalityID, vios.OwnerKnowledge, k.ID, name, strings.NewReader(content))
	}
	if _, err := add(school, public, "convenant.pdf", pdf); vios.ErrorCode(err) != vios.EFORBIDDEN {
		t.Fatalf("a school adds a document: %v", err)
	}
	if _, err := add(regisseur, public, "convenant.html", "<html><script>alert(1)</script></html>"); vios.ErrorCode(err) != vios.EUNSUPPORTED ||
		!strings.Contains(vios.ErrorMessage(err), "PDF") {
		t.Fatalf("an HTML file: %v", err)
	}
	if list, err := db.Attachments.ListAttachments(regisseur, w.arnhem, vios.OwnerKnowledge, public.ID); err != nil || len(list) != 0 {
		t.Fatalf("a refused file was kept: %v %v", list, err)
	}
	shared, err := add(regisseur, public, "convenant.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	internal, err := add(regisseur, own, "belrooster.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}

	read := func(ctx context.Context, a *vios.Attachment) error {
		_, content, err := db.Attachments.OpenAttachment(ctx, w.arnhem, a.ID)
		if err != nil {
			return err
		}
		defer content.Close()
		got, err := io.ReadAll(content)
		if err == nil && string(got) != pdf {
			t.Errorf("the download differs from the upload: %q", got)
		}
		return err
	}
	for _, c := range []struct {
		name string
		ctx  context.Context
		a    *vios.Attachment
		want string
	}{
		{"anyone, openbaar", anonymous, shared, ""},
		{"Den Haag, openbaar", hague, shared, ""},
		{"anyone, eigen", anonymous, internal, vios.EUNAUTHORIZED},
		{"Den Haag, eigen", hague, internal, vios.ENOTFOUND},
		{"school of Arnhem, eigen", school, internal, ""},
	} {
		if err := read(c.ctx, c.a); vios.ErrorCode(err) != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if err := db.Knowledge.WithdrawKnowledge(regisseur, public.ID); err != nil {
		t.Fatal(err)
	}
	if err := read(anonymous, shared); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a withdrawn item's document: %v", err)
	}
}
