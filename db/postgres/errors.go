package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/signoff/signoff/model"
)

// Fail translates an error from the server or the driver into the model's
// codes: the rest of signoff never sees a driver error. nil stays nil.
func (e *Engine) Fail(err error) error {
	if err == nil {
		return nil
	}
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	var late *unanswered
	if errors.As(err, &late) {
		return e.unreachable(err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return internal(err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return e.serverError(pe, err)
	}
	if lost(err) {
		return e.unreachable(err)
	}
	return internal(err)
}

func (e *Engine) serverError(pe *pgconn.PgError, err error) error {
	switch code := pe.Code; {
	case code == "23505": // unique_violation
		return model.Errorf(model.ECONFLICT, "the record already exists (%s)", pe.Message)
	case code == "P0001" && strings.Contains(pe.Message, "append-only"): // raise_exception, from signoff_append_only
		return model.Errorf(model.EFORBIDDEN, "%s", pe.Message)
	case code == "P0001", code == "23514": // raise_exception, check_violation: a rule someone added; its own words say why
		return model.Errorf(model.EINVALID, "the database refused the record: %s", pe.Message)
	case code == "42501": // insufficient_privilege
		return e.refused(pe)
	case code == "55P03": // lock_not_available: the write lock, or a table's, after lock_timeout
		return model.Errorf(model.ECONFLICT, "the record at %s is busy: other signoff writers, or another session of the server, kept it locked for more than two minutes; try again", e.place)
	case code == "25P03": // idle_in_transaction_session_timeout: this write paused holding the lock (BeginWrite)
		return model.Errorf(model.ECONFLICT, "the PostgreSQL server at %s ended this write: it sent nothing for more than a minute while it held the record's write lock (the process was stopped or suspended, or its input stalled), which kept every other writer waiting; nothing of it was recorded, so write it again", e.place)
	case code == "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL server at %s only allows reading (a standby, or a read-only setting), so nothing can be recorded there; write to the primary", e.place)
	case lost(pe):
		return e.unreachable(err)
	case code == "28P01" && e.pw.given == "": // invalid_password, with none offered
		return model.Errorf(model.EFORBIDDEN, "%s", e.pw.noPassword(e.place, model.Quote(e.user()), pe.Message))
	case code == "28P01": // invalid_password
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL server at %s refused the login of %s with the password from %s: %s", e.place, model.Quote(e.user()), e.pw.given, pe.Message)
	case code == "28000": // invalid_authorization
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL server at %s refused the login: %s", e.place, pe.Message)
	case code == "22021" && strings.Contains(pe.Message, "0x00"), // character_not_in_repertoire: NUL
		// untranslatable_character: a payload's \u0000, which the JSON
		// functions the derived tables read payloads with cannot unescape.
		code == "22P05" && strings.Contains(pe.Detail, `\u0000`):
		return model.Errorf(model.EINVALID, "a record of this write holds the character U+0000 (NUL), which PostgreSQL cannot store in text; take it out of the source and write it again")
	case code == "3D000": // invalid_catalog_name
		return model.Errorf(model.EINVALID, "the PostgreSQL server at %s has no such database: %s", e.place, pe.Message)
	}
	return internal(err)
}

// user is the role the address logs in as.
func (e *Engine) user() string {
	if e.config == nil {
		return ""
	}
	return e.config.User
}

// unreachable is the one sentence for a server that cannot be reached or
// went away: what was being written is not recorded unless the server
// committed it before the connection dropped.
func (e *Engine) unreachable(err error) error {
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at %s cannot be reached (%s); a write that was under way is recorded only if the server committed it, so look before repeating it; signoff reconnects by itself once the server is back", e.place, cause(err))
}

// unanswered is a connect that timed out while its caller still waited:
// the server did not answer within the address's connect_timeout. The
// driver says so with a context's error, which would otherwise pass for
// the caller's own deadline (an internal error), and a server that cannot
// be reached must be named as one: the screens then say signoff is
// offline, and decisions --follow and a gate wait for it. So is the
// listener's ping of a quiet connection left unanswered (listen.go).
type unanswered struct {
	err  error
	said string // what went unanswered, for the sentence
}

func (u *unanswered) Error() string { return u.err.Error() }
func (u *unanswered) Unwrap() error { return u.err }

// connectFailed marks the failure of a connect made for a caller whose
// context has not ended: a timeout in it is the server's.
func connectFailed(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil && pgconn.Timeout(err) {
		return &unanswered{err, "no answer within the address's connect_timeout"}
	}
	return err
}

// lost reports whether err is the connection failing rather than a
// statement.
func lost(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// admin_shutdown, crash_shutdown, cannot_connect_now, connection exceptions
		return pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || strings.HasPrefix(pe.Code, "08")
	}
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "broken pipe") ||
		strings.Contains(err.Error(), "connection reset")
}

// cause is what the driver's chain of errors ends in ("connection
// refused", "i/o timeout"): the sentence names the server already, and the
// links before it repeat its address, port and user.
func cause(err error) string {
	var late *unanswered
	if errors.As(err, &late) && errors.Is(err, context.DeadlineExceeded) {
		return late.said
	}
	for {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return pe.Message
		}
		next := errors.Unwrap(err)
		if several, ok := err.(interface{ Unwrap() []error }); ok && len(several.Unwrap()) > 0 {
			// The attempts at each of the server's addresses, or with and
			// without TLS: the first says it.
			next = several.Unwrap()[0]
		}
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// plainError is an error's text without the driver's prefixes.
func plainError(err error) string {
	s := err.Error()
	for _, prefix := range []string{"failed to connect to ", "cannot parse "} {
		s = strings.TrimPrefix(s, prefix)
	}
	return s
}

// IsUnique reports whether err is a unique-constraint violation.
func (e *Engine) IsUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func internal(err error) error { return fmt.Errorf("database: %w", err) }
