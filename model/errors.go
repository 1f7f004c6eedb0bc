package model

import (
	"errors"
	"fmt"
)

// Error codes. Every error that crosses a package boundary carries one of
// these so callers (and exit statuses) can react without parsing text.
const (
	EINVALID   = "invalid"   // bad input: refused, nothing written
	ENOTFOUND  = "not_found" // a named record does not exist
	ECONFLICT  = "conflict"  // the write would duplicate or race an existing record
	EFORBIDDEN = "forbidden" // the person may not do this (policy, authority)
	ETAMPERED  = "tampered"  // what was read does not verify against the audit chain
	// EUNAVAILABLE: the database cannot be reached now (a server that
	// restarts, a network that drops); trying again later may succeed.
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal" // anything else; shown as InternalMessage
)

// InternalMessage is the sentence people read about an error that is not
// signoff's own (a driver's or the system's): its text is a detail for
// --debug, never the sentence.
const InternalMessage = "internal error; run again with --debug for the detail"

// Error is the one error type of signoff: a code and a sentence for people.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the sentence meant for people: the message of an
// *Error, or InternalMessage for anything else.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return InternalMessage
}
