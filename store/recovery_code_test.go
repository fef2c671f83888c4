package store_test

import (
	"context"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// Recovery codes made before migration 00070 carry about 59 bits: they
// keep working until used or replaced and are counted as old, so their
// owner is asked to make new ones; new codes are not counted; a used code
// is refused the second time.
func TestOldRecoveryCodesKeepWorkingAndAreFlagged(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	user := demoUser(t, db, "school@arnhem.demo.example")
	old := []string{"abcd-efgh-jkmn", "pqrs-tuvw-xyz2"}

	// Codes in the table before the migration get its default: old.
	if err := db.MigrateDownTo(ctx, 69); err != nil {
		t.Fatal(err)
	}
	for _, c := range old {
		rawExec(t, db, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, user.ID, auth.HashToken(c))
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	counts := func() (remaining, oldOnes int) {
		t.Helper()
		remaining, err := db.Accounts.RemainingRecoveryCodes(ctx, user.ID)
		if err != nil {
			t.Fatal(err)
		}
		if oldOnes, err = db.Accounts.OldRecoveryCodes(ctx, user.ID); err != nil {
			t.Fatal(err)
		}
		return remaining, oldOnes
	}
	if r, o := counts(); r != 2 || o != 2 {
		t.Fatalf("after the migration: %d codes, %d old; want 2 and 2", r, o)
	}
	use := func(typed string) error {
		return db.Accounts.UseRecoveryCode(ctx, user.ID, auth.HashToken(auth.NormalizeRecoveryCode(typed)))
	}
	if err := use("ABCD EFGH JKMN"); err != nil {
		t.Fatalf("an old code typed in capitals: %v", err)
	}
	if err := use("abcd-efgh-jkmn"); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Fatalf("an old code used twice: %v, want ENOTFOUND", err)
	}
	if r, o := counts(); r != 1 || o != 1 {
		t.Fatalf("after one old code was used: %d codes, %d old; want 1 and 1", r, o)
	}

	codes := auth.NewRecoveryCodes(10)
	if err := db.Accounts.ReplaceRecoveryCodes(ctx, user.ID, hashes(codes), auth.RecoveryCodeBits); err != nil {
		t.Fatal(err)
	}
	if r, o := counts(); r != 10 || o != 0 {
		t.Fatalf("after new codes: %d codes, %d old; want 10 and 0", r, o)
	}
	if err := use(old[1]); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a replaced old code still works: %v", err)
	}
	if err := use(codes[3]); err != nil {
		t.Errorf("a new code: %v", err)
	}
	if err := use(codes[3]); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("a new code used twice: %v, want ENOTFOUND", err)
	}

	// Setting up the second factor again makes codes of the current kind.
	if err := db.Accounts.SetTOTP(ctx, user.ID, "JBSWY3DPEHPK3PXP", hashes(auth.NewRecoveryCodes(10))); err != nil {
		t.Fatal(err)
	}
	if r, o := counts(); r != 10 || o != 0 {
		t.Errorf("after TOTP set-up: %d codes, %d old; want 10 and 0", r, o)
	}
}

func hashes(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = auth.HashToken(c)
	}
	return out
}
