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
	Address    string
	UserAgent  string
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
	CreateUserToken(ctx context.Context, userID, hash, purpose string, valid time.Duration) error
	FindUserToken(ctx context.Context, hash, purpose string) (*User, error)
	UseUserToken(ctx context.Context, hash, purpose, passwordHash string) error

	CreateSession(ctx context.Context, s *Session, policy SessionPolicy, mfaDone bool) error
	FindSession(ctx context.Context, id string, policy SessionPolicy) (*Session, *User, error)
	TouchSession(ctx context.Context, s *Session) error
	CompleteMFA(ctx context.Context, oldID, newID, method string) error
	ListSessions(ctx context.Context, userID string) ([]*Session, error)
	EndSession(ctx context.Context, userID, id, action string) error

	RecordLoginFailure(ctx context.Context, userID, reason string, subjects ...string) error
	LoginFailures(ctx context.Context, subject string, since time.Time) (int, time.Time, error)
	ClearLoginFailures(ctx context.Context, subject string) error
	RecordDenied(ctx context.Context, action, objectType, objectID, municipalityID string) error

	QueueMail(ctx context.Context, to, subject, body string) error
	ListMail(ctx context.Context, limit int) ([]*Mail, error)

	CreateAccessToken(ctx context.Context, t *AccessToken, hash string) error
	FindAccessToken(ctx context.Context, hash string) (*AccessToken, *User, error)
	ListAccessTokens(ctx context.Context, userID string) ([]*AccessToken, error)
	RevokeAccessToken(ctx context.Context, userID, id string) error
}
