package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"damlam/internal/org"
	"damlam/internal/problem"
)

// Token kinds: API bearer tokens and browser sessions share one table.
const (
	TokenAPI     = "api"
	TokenSession = "session"
)

// tokenHash is what we store: a stolen database does not yield live tokens.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// IssueToken creates a token for person valid for ttl.
func (s *Store) IssueToken(ctx context.Context, personID, kind string, ttl time.Duration) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := "dl_" + base64.RawURLEncoding.EncodeToString(b[:])
	now := s.now()
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (hash, person_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash(token), personID, kind, fmtTime(now), fmtTime(now.Add(ttl)))
	return token, err
}

// Authenticate returns the person a live token belongs to. Token and
// person are kept together until the database changes (changes.go): a
// revoked token, a post or role taken away, is a change. Kept as one
// answer, they cost one question to the change watch, not two.
func (s *Store) Authenticate(ctx context.Context, token string) (*org.Person, error) {
	type session struct {
		expires string
		person  *org.Person
	}
	hash := tokenHash(token)
	t, err := kept(ctx, s, "token|"+hash, func() (session, error) {
		var t session
		var personID string
		err := s.db.QueryRowContext(ctx, `SELECT person_id, expires_at FROM tokens WHERE hash = $1`, hash).Scan(&personID, &t.expires)
		if err != nil {
			return t, err
		}
		t.person, err = s.Person(ctx, personID)
		return t, err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	if err != nil {
		return nil, err
	}
	if !parseTime(t.expires).After(s.now()) {
		return nil, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	return clonePerson(t.person), nil
}

// RevokeToken ends a session or token.
func (s *Store) RevokeToken(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM tokens WHERE hash = $1`, tokenHash(token))
	return err
}

// Login checks an email and password and returns the person's id.
func (s *Store) Login(ctx context.Context, email, password string) (string, error) {
	id, hash, err := s.PersonByEmail(ctx, email)
	if err != nil {
		// Spend the same time as a real check so that timing does not
		// reveal which emails exist.
		CheckPassword(dummyHash, password)
		return "", problem.New(problem.Unauthenticated, "bad_credentials")
	}
	if !CheckPassword(hash, password) {
		return "", problem.New(problem.Unauthenticated, "bad_credentials")
	}
	return id, nil
}

// dummyHash is checked against when the email is unknown, so that a
// wrong email costs the same argon2id work as a wrong password. It is a
// constant rather than hashed at start: hashing costs about a second of
// CPU and 64 MiB, which every command's start (and the server's cold
// start) would pay. A test keeps its parameters equal to HashPassword's.
const dummyHash = "$argon2id$v=19$m=65536,t=3,p=2$Ojkxk/gPdeYogfVzBVU4tw$taiYzxy8vwDQvOVL+SUqpUBgdcyZXTJpFHmJg8/uME0"
