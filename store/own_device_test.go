package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/auth"
)

// The passkey login on an own device makes a complete session only while
// the device, the user and a passkey are there, checked in the session's
// transaction; removing the last passkey or blocking the user forgets the
// device; a completed login records how it was completed.
func TestOwnDeviceSession(t *testing.T) {
	db := openWithDemoUsers(t)
	ctx := context.Background()
	u := demoUser(t, db, "regisseur@arnhem.demo.example")
	other := demoUser(t, db, "beheerder@arnhem.demo.example")
	policy := vios.SessionPolicy{Idle: time.Hour, Absolute: time.Hour}
	for _, id := range []string{"pk-1", "pk-2"} {
		if err := db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: id, UserID: u.ID, Name: id, Credential: "{}"}); err != nil {
			t.Fatal(err)
		}
	}
	_, device := auth.NewToken()
	if err := db.Accounts.AddOwnDevice(ctx, u.ID, device, "telefoon"); err != nil {
		t.Fatal(err)
	}
	devices := func() int {
		list, err := db.Accounts.ListOwnDevices(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}

	_, id := auth.NewToken()
	if err := db.Accounts.CreateDeviceSession(ctx, &vios.Session{ID: id, UserID: other.ID}, policy, device); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("another user's session on the device: %v", err)
	}
	if err := db.Accounts.CreateDeviceSession(ctx, &vios.Session{ID: id, UserID: u.ID}, policy, device); err != nil {
		t.Fatal(err)
	}
	s, _, err := db.Accounts.FindSession(ctx, id, policy)
	if err != nil || s.MFAAt == nil || s.MFAMethod != "passkey-eigen-apparaat" {
		t.Fatalf("device session: %+v %v", s, err)
	}
	list, err := db.Logs.SearchAudit(vios.NewSystemContext(ctx, "testopzet"),
		vios.LogFilter{MunicipalityID: municipalityID(t, db, "arnhem"), Action: "inloggen-apparaat", Limit: 10})
	if err != nil || len(list) != 1 || list[0].ObjectID != u.ID {
		t.Errorf("audit of the device login: %d %v", len(list), err)
	}

	// A password login completed with the app's code says so.
	_, pw := auth.NewToken()
	_, done := auth.NewToken()
	if err := db.Accounts.CreateSession(ctx, &vios.Session{ID: pw, UserID: u.ID}, policy, false); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.CompleteMFA(ctx, pw, done, "totp"); err != nil {
		t.Fatal(err)
	}
	if s, _, err := db.Accounts.FindSession(ctx, done, policy); err != nil || s.MFAMethod != "totp" {
		t.Errorf("completed login: %+v %v", s, err)
	}

	// One passkey left: the device stays; none left: it goes.
	if err := db.Accounts.RemovePasskey(ctx, u.ID, "pk-1"); err != nil || devices() != 1 {
		t.Fatalf("one passkey removed: %d devices, %v", devices(), err)
	}
	if err := db.Accounts.RemovePasskey(ctx, u.ID, "pk-2"); err != nil || devices() != 0 {
		t.Fatalf("the last passkey removed: %d devices, %v", devices(), err)
	}
	_, id = auth.NewToken()
	if err := db.Accounts.CreateDeviceSession(ctx, &vios.Session{ID: id, UserID: u.ID}, policy, device); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("device session after the last passkey was removed: %v", err)
	}

	// Blocking the user forgets the device; a blocked user's device,
	// marked anyway, does not log in.
	if err := db.Accounts.AddPasskey(ctx, &vios.Passkey{ID: "pk-3", UserID: u.ID, Name: "pk-3", Credential: "{}"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.AddOwnDevice(ctx, u.ID, device, "telefoon"); err != nil {
		t.Fatal(err)
	}
	system := vios.NewSystemContext(ctx, "testopzet")
	if err := db.Accounts.SetUserDisabled(system, u.ID, true, municipalityID(t, db, "arnhem")); err != nil || devices() != 0 {
		t.Fatalf("blocked: %d devices, %v", devices(), err)
	}
	if err := db.Accounts.AddOwnDevice(ctx, u.ID, device, "telefoon"); err != nil {
		t.Fatal(err)
	}
	if err := db.Accounts.CreateDeviceSession(ctx, &vios.Session{ID: id, UserID: u.ID}, policy, device); vios.ErrorCode(err) != vios.ENOTFOUND {
		t.Errorf("device session of a blocked user: %v", err)
	}
}
