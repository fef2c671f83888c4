package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// Who signs for a party names a person: the database holds it sealed, the
// covenant reads it as entered, and it stays readable when the party
// answers and after the key is rotated, with the row under the new key.
func TestSignatoriesAreSealed(t *testing.T) {
	w := newNetworkWorld(t)
	c := delftCovenant(t, w)
	const signer = "J. de Vries-Zwaluwstaart, voorzitter college van bestuur"
	for i := range c.Parties {
		c.Parties[i].Signatories = signer
	}
	if err := w.db.Covenants.CreateCovenant(w.as(vios.RoleRegisseur), c); err != nil {
		t.Fatal(err)
	}
	school := partyOf(t, w, c, w.school.ID)
	if school.Signatories != signer {
		t.Errorf("who signs reads %q", school.Signatories)
	}
	sealedBefore := rawValue(t, w.db, "covenant_parties", "signatories_sealed", school.ID)
	if plain := rawValue(t, w.db, "covenant_parties", "signatories", school.ID); plain != "" || sealedBefore == "" ||
		strings.Contains(sealedBefore, "Zwaluwstaart") {
		t.Fatalf("in the database: signatories %q, signatories_sealed %q", plain, sealedBefore)
	}

	if err := w.db.Covenants.ConfirmSignature(w.as(vios.RoleSchool), w.arnhem, c.ID, school.ID); err != nil {
		t.Fatal(err)
	}
	if got := partyOf(t, w, c, w.school.ID); got.Status != vios.PartySigned || got.Signatories != signer {
		t.Errorf("after the school confirmed: %s, %q", got.Status, got.Signatories)
	}

	line, err := keys.Generate(w.arnhem, 2)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := w.db.Keys.Keyring().With(line)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.Keys.Replace(rotated); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := w.db.RotateKeys(context.Background(), w.arnhem, 100)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	for _, p := range []vios.CovenantParty{school, partyOf(t, w, c, w.police.ID)} {
		if v := rawScalar(t, w.db, `SELECT key_version FROM covenant_parties WHERE id = ?`, p.ID); v != "2" {
			t.Errorf("party %s after rotation is under key %s, want 2", p.OrganisationID, v)
		}
		if !strings.HasPrefix(rawValue(t, w.db, "covenant_parties", "signatories_sealed", p.ID), "v2.") {
			t.Errorf("party %s: who signs is not sealed under the new key", p.OrganisationID)
		}
		if got := partyOf(t, w, c, p.OrganisationID); got.Signatories != signer {
			t.Errorf("party %s after rotation: %q", p.OrganisationID, got.Signatories)
		}
	}
}

// A party saved before 00075 holds who signs in the clear: it reads as it
// was, and SealPlaintext (run at start) seals it and blanks the old column.
func TestSignatoriesFromBeforeSealingAreSealed(t *testing.T) {
	w, c := signatureWorld(t)
	police := partyOf(t, w, c, w.police.ID)
	rawValue(t, w.db, "covenant_parties", "signatories_sealed", police.ID, "")
	rawValue(t, w.db, "covenant_parties", "signatories", police.ID, "P. Zwaluwstaart, teamchef")
	if got := partyOf(t, w, c, w.police.ID); got.Signatories != "P. Zwaluwstaart, teamchef" {
		t.Fatalf("an unsealed signatory reads %q", got.Signatories)
	}
	if n, err := w.db.SealPlaintext(context.Background(), 500); err != nil || n < 1 {
		t.Fatalf("SealPlaintext: %d rows (%v)", n, err)
	}
	plain, sealed := rawValue(t, w.db, "covenant_parties", "signatories", police.ID),
		rawValue(t, w.db, "covenant_parties", "signatories_sealed", police.ID)
	if plain != "" || sealed == "" || strings.Contains(sealed, "Zwaluwstaart") {
		t.Errorf("after sealing: signatories %q, signatories_sealed %q", plain, sealed)
	}
	if got := partyOf(t, w, c, w.police.ID); got.Signatories != "P. Zwaluwstaart, teamchef" {
		t.Errorf("the sealed signatory reads %q", got.Signatories)
	}
	if n, err := w.db.SealPlaintext(context.Background(), 500); err != nil || n != 0 {
		t.Errorf("a second pass seals %d rows (%v), want none", n, err)
	}
}
