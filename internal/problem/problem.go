// Package problem is damlam's one error type. Every failure a user can cause
// carries a kind (which the API maps to an HTTP status in one place), a
// stable code, a message in Vietnamese and English, and the fields at fault.
// The domain never speaks HTTP; it says what went wrong.
package problem

import (
	"errors"
	"fmt"

	"damlam/internal/i18n"
)

// Kind classifies an error for the caller.
type Kind int

const (
	Internal        Kind = iota // a bug or an outage: not the user's fault
	Malformed                   // the request could not be read at all
	Invalid                     // readable, but fields break the rules
	Forbidden                   // the caller may not do this
	Conflict                    // not allowed in the current state
	NotFound                    // no such thing (or not visible to the caller)
	Unauthenticated             // no valid credentials
	TooMany                     // rate limited
	// Unavailable: what was asked is done, but the answer cannot be
	// completed now (an action committed, its receipt could not be
	// made). The caller must not repeat the request, only fetch later.
	Unavailable
	TooLarge // the request's body is over the limit
)

func (k Kind) String() string {
	return [...]string{"internal", "malformed", "invalid", "forbidden", "conflict", "not_found", "unauthenticated", "too_many", "unavailable", "too_large"}[k]
}

// FieldError names one field and what is wrong with it.
type FieldError struct {
	Field   string       `json:"field"`
	Code    string       `json:"code"`
	Message i18n.Message `json:"message"`
}

// Error is the error type every layer returns for user-visible failures.
type Error struct {
	Kind    Kind
	Code    string
	Message i18n.Message
	Fields  []FieldError
	Err     error // the cause, for logs; never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message.EN, e.Err)
	}
	return e.Code + ": " + e.Message.EN
}

func (e *Error) Unwrap() error { return e.Err }

// New builds an error whose message is the catalogue entry named code.
func New(kind Kind, code string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: i18n.T(code, args...)}
}

// Wrap keeps cause for the logs behind a user-facing error.
func Wrap(kind Kind, code string, cause error, args ...any) *Error {
	e := New(kind, code, args...)
	e.Err = cause
	return e
}

// Fields collects per-field validation errors; Err returns nil when there are none.
type Fields []FieldError

// Add records that field breaks rule code (a catalogue key).
func (f *Fields) Add(field, code string, args ...any) {
	*f = append(*f, FieldError{Field: field, Code: code, Message: i18n.T(code, args...)})
}

// Err turns collected field errors into one Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := New(Invalid, "invalid_fields")
	e.Fields = f
	return e
}

// As extracts a *Error, turning anything else into an Internal one.
func As(err error) *Error {
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	return Wrap(Internal, "internal", err)
}

// KindOf returns the kind of err (Internal for foreign errors).
func KindOf(err error) Kind { return As(err).Kind }
