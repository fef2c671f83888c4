package vios

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// Error codes. Each maps to one HTTP status in web and api; the message of an
// *Error is safe to show to the user, anything else is logged and replaced by
// a generic text.
const (
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ETOOMANY      = "too_many_requests"
	ETOOLARGE     = "too_large"              // an upload over its limit: 413
	EUNSUPPORTED  = "unsupported_media_type" // an upload of a refused type: 415
	EUNAVAILABLE  = "unavailable"            // a service the request needs is down: 503
	EUNAUTHORIZED = "unauthorized"
)

// Error is a domain error with a code and a message fit for the user (Dutch).
// Fields lists every invalid field at once for EINVALID.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// FieldError names one invalid field and what is wrong with it, in Dutch.
// Field is the API name of the field (camelCase, Dutch).
type FieldError struct {
	Field   string `json:"veld"`
	Message string `json:"melding"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("vios: %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("vios: %s: %s (%d velden)", e.Code, e.Message, len(e.Fields))
}

// Errorf returns an *Error with code and a formatted user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain,
// EUNAVAILABLE for a connection that failed (Unreachable), EINTERNAL for any
// other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	} else if Unreachable(err) || StorageFull(err) {
		return EUNAVAILABLE
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, or a generic Dutch
// text when err is not an *Error (its details may not reach the user).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	} else if StorageFull(err) {
		return storageFullMessage
	} else if Unreachable(err) {
		return unreachableMessage
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}

// unreachableMessage is shown when the database (or another service a
// request needs) cannot be reached. Whether a write that was under way
// when the connection broke was kept is not known: the text says so.
const unreachableMessage = "Het platform kan zijn gegevens nu even niet bereiken. Probeer het over een minuut opnieuw. " +
	"Controleer daarna of wat u net verstuurde is opgeslagen."

// storageFullMessage is shown when the database's disk is full. The write
// was rolled back whole (a transaction), so nothing of it was kept.
const storageFullMessage = "De opslag van het platform is vol, dus er is niets opgeslagen. " +
	"Probeer het later opnieuw en meld het aan de beheerder van het platform."

// StorageFull reports whether err is the database's disk being full:
// SQLite's SQLITE_FULL (result code 13, also in its extended codes) or
// PostgreSQL's disk_full (SQLSTATE 53100). The drivers' error types stay in
// store; their methods are enough to tell.
func StorageFull(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == 13 {
		return true
	}
	var state interface{ SQLState() string }
	return errors.As(err, &state) && state.SQLState() == "53100"
}

// Unreachable reports whether err is a connection that could not be made
// or broke off: the database restarting or away (a refused or reset
// connection, a cut-off answer). Such a request gets 503 rather than 500:
// the platform recovers by itself once the database is back (the pools
// reconnect), and nothing was acknowledged.
func Unreachable(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	// PostgreSQL's own word for it, by SQLSTATE (the driver's error type
	// stays in store): class 08 is a connection exception, 57P01–57P03 a
	// server shutting down, restarting or not yet accepting connections.
	var state interface{ SQLState() string }
	if errors.As(err, &state) {
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
	}
	return false
}

// ErrorFields returns the invalid fields of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects field errors so every invalid field is reported at once.
type Validation struct {
	fields []FieldError
}

// Add records that field is invalid with a Dutch message.
func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records message for field when ok is false.
func (v *Validation) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Err returns an EINVALID *Error listing every recorded field, or nil.
func (v *Validation) Err(message string) error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: message, Fields: v.fields}
}

// JoinInvalid merges the field errors of several EINVALID errors into one, so
// a request with several kinds of mistakes hears of all of them at once. Any
// other error is returned as it is.
func JoinInvalid(message string, errs ...error) error {
	var v Validation
	for _, err := range errs {
		if err == nil {
			continue
		} else if ErrorCode(err) != EINVALID {
			return err
		}
		v.fields = append(v.fields, ErrorFields(err)...)
	}
	return v.Err(message)
}

// Invalid returns an EINVALID error for one field: a rule the store checks
// against other records (a name already taken, a deputy without member).
func Invalid(field, fieldMessage, message string) error {
	return &Error{Code: EINVALID, Message: message, Fields: []FieldError{{Field: field, Message: fieldMessage}}}
}
