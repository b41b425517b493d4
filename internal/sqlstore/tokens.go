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

// Token scopes: a full token acts as its holder, a read token only reads.
const (
	ScopeFull = "full"
	ScopeRead = "read"
)

// Credential is a session or API token as its holder sees it in a list:
// never the secret itself, which is shown once when issued.
type Credential struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	Scope     string    `json:"scope"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Address   string    `json:"address,omitempty"`
	// Current marks the credential the list was asked with.
	Current bool `json:"current,omitempty"`
}

// TokenSpec is what a new credential is issued with.
type TokenSpec struct {
	PersonID, Kind, Name, Scope, Address string
	TTL                                  time.Duration
}

// IssueToken creates a full-scope token for person valid for ttl.
func (s *Store) IssueToken(ctx context.Context, personID, kind string, ttl time.Duration) (string, error) {
	token, _, err := s.Issue(ctx, TokenSpec{PersonID: personID, Kind: kind, TTL: ttl})
	return token, err
}

// Issue creates a credential and returns its secret, which is not kept.
func (s *Store) Issue(ctx context.Context, spec TokenSpec) (string, Credential, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", Credential{}, err
	}
	token := "dl_" + base64.RawURLEncoding.EncodeToString(b[:])
	if spec.Scope == "" {
		spec.Scope = ScopeFull
	}
	now := s.now()
	c := Credential{ID: tokenHash(token)[:22], Kind: spec.Kind, Name: spec.Name, Scope: spec.Scope,
		CreatedAt: now, ExpiresAt: now.Add(spec.TTL), Address: spec.Address}
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (hash, person_id, kind, created_at, expires_at, id, name, scope, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		tokenHash(token), spec.PersonID, spec.Kind, fmtTime(now), fmtTime(c.ExpiresAt), c.ID, c.Name, c.Scope, c.Address)
	return token, c, err
}

// Authenticate returns the person a live token belongs to.
func (s *Store) Authenticate(ctx context.Context, token string) (*org.Person, error) {
	p, _, err := s.AuthenticateWith(ctx, token)
	return p, err
}

// AuthenticateWith returns the person a live token belongs to and the
// token's handle, kind and scope. Token and person are kept together
// until the database changes (changes.go): a revoked token, a post or
// role taken away, is a change. Kept as one answer, they cost one
// question to the change watch, not two.
func (s *Store) AuthenticateWith(ctx context.Context, token string) (*org.Person, Credential, error) {
	type session struct {
		expires string
		cred    Credential
		person  *org.Person
	}
	hash := tokenHash(token)
	t, err := kept(ctx, s, "token|"+hash, func() (session, error) {
		var t session
		var personID string
		err := s.db.QueryRowContext(ctx, `SELECT person_id, expires_at, id, kind, scope FROM tokens WHERE hash = $1`, hash).
			Scan(&personID, &t.expires, &t.cred.ID, &t.cred.Kind, &t.cred.Scope)
		if err != nil {
			return t, err
		}
		t.person, err = s.Person(ctx, personID)
		return t, err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Credential{}, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	if err != nil {
		return nil, Credential{}, err
	}
	if !parseTime(t.expires).After(s.now()) {
		return nil, Credential{}, problem.New(problem.Unauthenticated, "unauthenticated")
	}
	t.cred.ExpiresAt = parseTime(t.expires)
	return clonePerson(t.person), t.cred, nil
}

// RevokeToken ends a session or token given its secret.
func (s *Store) RevokeToken(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM tokens WHERE hash = $1`, tokenHash(token))
	return err
}

// Credentials lists a person's live sessions and tokens, newest first.
func (s *Store) Credentials(ctx context.Context, personID string) ([]Credential, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, name, scope, created_at, expires_at, address FROM tokens
		WHERE person_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id`, personID, fmtTime(s.now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Credential{}
	for rows.Next() {
		var c Credential
		var created, expires string
		if err := rows.Scan(&c.ID, &c.Kind, &c.Name, &c.Scope, &created, &expires, &c.Address); err != nil {
			return nil, err
		}
		c.CreatedAt, c.ExpiresAt = parseTime(created), parseTime(expires)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RevokeCredential ends one of a person's sessions or tokens by its
// handle; another person's handle is not found.
func (s *Store) RevokeCredential(ctx context.Context, personID, id string) (Credential, error) {
	var c Credential
	var created, expires string
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, kind, name, scope, created_at, expires_at, address FROM tokens WHERE person_id = $1 AND id = $2`, personID, id).
			Scan(&c.ID, &c.Kind, &c.Name, &c.Scope, &created, &expires, &c.Address)
		if errors.Is(err, sql.ErrNoRows) {
			return problem.New(problem.NotFound, "token_not_found")
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM tokens WHERE person_id = $1 AND id = $2`, personID, id)
		return err
	})
	c.CreatedAt, c.ExpiresAt = parseTime(created), parseTime(expires)
	return c, err
}

// revokeAll ends every session and token of a person, in tx.
func revokeAll(ctx context.Context, tx querier, personID string) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE person_id = $1`, personID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
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
