package server_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"testing"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/store"
)

// addPushDevice gives the user a push subscription on a known push service,
// for the matrix to remove; it returns its id.
func addPushDevice(t *testing.T, db *store.DB, u *vios.User) string {
	t.Helper()
	key, _ := ecdh.P256().GenerateKey(rand.Reader)
	secret := make([]byte, 16)
	rand.Read(secret)
	s := &vios.PushSubscription{UserID: u.ID, Name: "telefoon", Endpoint: "https://fcm.googleapis.com/fcm/send/matrix-" + u.ID,
		P256dh: base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), Auth: base64.RawURLEncoding.EncodeToString(secret)}
	if err := db.Accounts.AddPushSubscription(vios.NewContextWithActor(context.Background(), &vios.Actor{User: u}), s); err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// pushRecord is a push device of the actor, or of another user.
func (f *fixture) pushRecord(role string, own bool) string {
	other := vios.RoleRegisseur
	if role == other {
		other = vios.RoleBeheerder
	}
	if role == "" || !own {
		return f.push[other]
	}
	return f.push[role]
}
