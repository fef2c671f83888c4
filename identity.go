package vios

import (
	"context"
	"fmt"
	"time"
)

// Session is a login session. ID is the SHA-256 of the cookie value.
type Session struct {
	ID         string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	MFAAt      *time.Time
	// MFAMethod is how the login was completed: totp, herstelcode,
	// passkey, passkey-eigen-apparaat, ...; empty when one step sufficed.
	MFAMethod string
	Address   string
	UserAgent string
}

// SessionPolicy sets how long sessions last.
type SessionPolicy struct {
	Idle     time.Duration // ends after this long without a request
	Absolute time.Duration // ends this long after login, whatever happens
}

// Credentials are the secrets of an account, read only to check a login.
type Credentials struct {
	PasswordHash  string
	TOTPSecret    string
	TOTPConfirmed bool
}

// Mail is a message in the outbox.
type Mail struct {
	ID        string
	CreatedAt time.Time
	Recipient string
	Subject   string
	Body      string
	SentAt    *time.Time
	// An optional attachment: the .ics of an invitation.
	AttachmentName string
	AttachmentType string
	Attachment     string
}

// MinRecoveryCodeBits is the least entropy of a recovery code stored as a
// plain SHA-256 (ASVS 5.0 6.5.2). Codes made before 0.12 carry about 59
// bits: they work until used or replaced, and their owner is asked to
// replace them.
const MinRecoveryCodeBits = 112

// MaxMailAttempts is the number of attempts after which a mail stays failed.
const MaxMailAttempts = 10

// OutboxEntry is a mail in the outbox with its delivery state, for the
// outbox page of the administrator.
type OutboxEntry struct {
	Mail
	Attempts      int
	NextAttemptAt *time.Time
	Error         string // of the last failed attempt, without personal data
	// LinkHidden: a secret link was blanked out of Body.
	LinkHidden bool
}

// Failed reports whether delivery was given up (or its last attempt is
// under way).
func (e *OutboxEntry) Failed() bool {
	return e.SentAt == nil && e.Attempts >= MaxMailAttempts
}

// AccessToken is a personal access token for the API.
type AccessToken struct {
	ID         string
	UserID     string
	Name       string
	Scopes     []string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

// ChainProblem is the first entry of a log that does not fit its chain.
type ChainProblem struct {
	Log     string // "audit" or "processing"
	Seq     int64
	Problem string // Dutch: what is wrong
}

func (p ChainProblem) String() string {
	name := map[string]string{"audit": "auditlog", "processing": "verwerkingslog"}[p.Log]
	return fmt.Sprintf("%s, regel %d: %s", name, p.Seq, p.Problem)
}

// IdentityService keeps accounts, roles, sessions, tokens and the outbox.
// Every change writes its audit record (and processing record, where it
// touches a person) in the same transaction.
type IdentityService interface {
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	Invite(ctx context.Context, u *User, tokenHash string, valid time.Duration, subject, body string) error
	FindUserByID(ctx context.Context, id string) (*User, error)
	FindCredentials(ctx context.Context, email string) (*User, Credentials, error)
	ListUsers(ctx context.Context, municipalityID string) ([]*User, error)
	SetUserDisabled(ctx context.Context, userID string, disabled bool, municipalityID string) error
	AddMembership(ctx context.Context, m *Membership) error
	RemoveMembership(ctx context.Context, membershipID, municipalityID string) error

	SetPassword(ctx context.Context, userID, hash, keepSession string, revokeTokens bool) error
	SetTOTP(ctx context.Context, userID, secret string, recoveryHashes []string) error
	UseRecoveryCode(ctx context.Context, userID, codeHash string) error
	UseTOTPStep(ctx context.Context, userID string, step int64) error
	RemainingRecoveryCodes(ctx context.Context, userID string) (int, error)
	// ReplaceRecoveryCodes replaces the user's recovery codes with new
	// ones of the given entropy; OldRecoveryCodes counts the unused codes
	// below MinRecoveryCodeBits, which the user is asked to replace.
	ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, bits int) error
	OldRecoveryCodes(ctx context.Context, userID string) (int, error)
	CreateUserToken(ctx context.Context, userID, hash, purpose string, valid time.Duration) error
	FindUserToken(ctx context.Context, hash, purpose string) (*User, error)
	UseUserToken(ctx context.Context, hash, purpose, passwordHash string) error

	CreateSession(ctx context.Context, s *Session, policy SessionPolicy, mfaDone bool) error
	FindSession(ctx context.Context, id string, policy SessionPolicy) (*Session, *User, error)
	TouchSession(ctx context.Context, s *Session) error
	CompleteMFA(ctx context.Context, oldID, newID, method string) error
	// CreateDeviceSession starts a complete session after a passkey login
	// with user verification on the own device idHash of s.UserID.
	CreateDeviceSession(ctx context.Context, s *Session, policy SessionPolicy, idHash string) error
	ListSessions(ctx context.Context, userID string) ([]*Session, error)
	EndSession(ctx context.Context, userID, id, action string) error

	RecordLoginFailure(ctx context.Context, userID, reason string, subjects ...string) error
	LoginFailures(ctx context.Context, subject string, since time.Time) (int, time.Time, error)
	ClearLoginFailures(ctx context.Context, subject string) error
	// The store is the one writer of denial records, whoever refused.
	DenialRecorder

	QueueMail(ctx context.Context, to, subject, body string) error
	ListMail(ctx context.Context, limit int) ([]*Mail, error)

	CreateAccessToken(ctx context.Context, t *AccessToken, hash string) error
	FindAccessToken(ctx context.Context, hash string) (*AccessToken, *User, error)
	ListAccessTokens(ctx context.Context, userID string) ([]*AccessToken, error)
	RevokeAccessToken(ctx context.Context, userID, id string) error

	// What the administration pages of a municipality need beyond the above.

	// EndUserSessions ends every session of a user (a lost laptop).
	EndUserSessions(ctx context.Context, userID, municipalityID string) error
	// RemoveRole is RemoveMembership that refuses (ECONFLICT) to take the
	// last beheerder role of an active account.
	RemoveRole(ctx context.Context, membershipID, municipalityID string) error
	// RightsReview returns the users with a role in the municipality, for the
	// periodic review of rights.
	RightsReview(ctx context.Context, municipalityID string) ([]*User, error)
	// RequestPasswordReset stores a reset link and queues its mail, unless the
	// user got max reset links in the past hour (ETOOMANY).
	RequestPasswordReset(ctx context.Context, userID, tokenHash string, valid time.Duration, max int, to, subject, body string) error

	// Single sign-on: a started login's state stays on the server.
	SaveOIDCLogin(ctx context.Context, stateHash, provider, verifier, nonce string) error
	ConsumeOIDCLogin(ctx context.Context, stateHash, provider string) (verifier, nonce string, err error)
	FindUserByIdentity(ctx context.Context, issuer, subject string) (*User, error)
	// LinkIdentity links an identity of an issuer to a user, creating the
	// user first when u.ID is empty.
	LinkIdentity(ctx context.Context, u *User, issuer, subject string) error

	// Passkeys (WebAuthn): the ceremony's challenge stays on the server.
	SaveChallenge(ctx context.Context, sessionID, purpose, data string) error
	TakeChallenge(ctx context.Context, sessionID, purpose string) (string, error)
	ListPasskeys(ctx context.Context, userID string) ([]*Passkey, error)
	AddPasskey(ctx context.Context, p *Passkey) error
	UsePasskey(ctx context.Context, userID, id, credential string) error
	RemovePasskey(ctx context.Context, userID, id string) error

	// Web Push: the devices a user opted in on. AddPushSubscription
	// refuses an endpoint of another user (ECONFLICT) and one outside the
	// known push services (EINVALID, CheckPushSubscription); the same
	// endpoint of the same user is renewed.
	ListPushSubscriptions(ctx context.Context, userID string) ([]*PushSubscription, error)
	AddPushSubscription(ctx context.Context, s *PushSubscription) error
	RemovePushSubscription(ctx context.Context, userID, id string) error
	// Own devices: a device the user marked as their own keeps a random
	// id in a cookie (only its hash is stored); there the login page
	// offers the passkey at once. Forgetting the device ends that.
	AddOwnDevice(ctx context.Context, userID, idHash, name string) error
	ListOwnDevices(ctx context.Context, userID string) ([]*OwnDevice, error)
	// FindOwnDevice returns the user whose device it is (ENOTFOUND for an
	// unknown or forgotten device), and notes its use.
	FindOwnDevice(ctx context.Context, idHash string) (*User, error)
	ForgetOwnDevice(ctx context.Context, userID, idHash string) error

	// The personal calendar feed link of a user (only its hash is kept);
	// the meetings of a feed: NetworkService.CalendarFeedMeetings.
	SetCalendarFeed(ctx context.Context, userID, tokenHash string) error
	RevokeCalendarFeed(ctx context.Context, userID string) error
	CalendarFeedSince(ctx context.Context, userID string) (*time.Time, error)
}

// Passkey is a stored WebAuthn credential; Credential is the library's JSON.
// OwnDevice is a device a user marked as their own. IDHash is the hash of
// the random id its cookie holds; pages name it by its first 16 characters.
type OwnDevice struct {
	IDHash     string
	UserID     string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// MaxOwnDevices is how many devices a user can mark as their own.
const MaxOwnDevices = 10

type Passkey struct {
	ID         string
	UserID     string
	Name       string
	Credential string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}
