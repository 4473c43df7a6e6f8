// Package oauth holds what provider sign-in needs besides HTTP: the
// one-time OAuth state kept in the shared store (so the callback may land on
// any instance), the provider round trip (code → token → profile) with a
// time limit, the profile normalised per provider, and error text safe to log.
package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bazi-master/bazi-master/internal/kv"
)

// Modes of a flow: signing in (or up) a guest, or linking a provider to the
// signed-in user.
const (
	ModeSignIn = "signin"
	ModeLink   = "link"
)

// StateTTL is how long a started sign-in may take.
const StateTTL = 10 * time.Minute

// Flow is what Begin remembers for the callback under the state value.
type Flow struct {
	Provider  string    `json:"provider"`
	Mode      string    `json:"mode"`
	UserID    int64     `json:"user_id,omitempty"` // link mode: who asked
	Next      string    `json:"next"`              // local path to return to
	CreatedAt time.Time `json:"created_at"`
}

// States keeps flows in the shared store under "oauth:state:<state>", each
// usable once.
type States struct {
	store kv.Store
	ttl   time.Duration
	now   func() time.Time
}

// NewStates keeps flows in store (Redis when configured, else the database).
func NewStates(store kv.Store, now func() time.Time) *States {
	if now == nil {
		now = time.Now
	}
	return &States{store: store, ttl: StateTTL, now: now}
}

func stateKey(state string) string { return "oauth:state:" + state }

// Begin stores f under a new random state (32 bytes, base64url) and returns it.
func (s *States) Begin(f Flow) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("oauth state: %w", err)
	}
	state := base64.RawURLEncoding.EncodeToString(b[:])
	f.CreatedAt = s.now()
	raw, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	if err := s.store.Set(stateKey(state), raw, s.ttl); err != nil {
		return "", fmt.Errorf("save oauth state: %w", err)
	}
	return state, nil
}

// ValidState reports whether v has the shape Begin produces, so garbage never
// reaches the store.
func ValidState(v string) bool {
	if len(v) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil
}

// ErrNoFlow means the state is unknown, expired or already used.
var ErrNoFlow = errors.New("oauth state unknown, expired or used")

// Take returns the flow for state and deletes it, so a state works once.
// On Redis the read and delete are one GETDEL; the database store reads then
// deletes, and the provider's one-time code covers the small window between.
func (s *States) Take(ctx context.Context, state string) (*Flow, error) {
	if !ValidState(state) {
		return nil, ErrNoFlow
	}
	key := stateKey(state)
	var raw []byte
	if r, ok := s.store.(*kv.Redis); ok {
		v, err := r.Client().GetDel(ctx, r.Prefix()+key).Bytes()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("take oauth state: %w", err)
		}
		raw = v
	} else {
		v, err := s.store.Get(key)
		if err != nil {
			return nil, fmt.Errorf("load oauth state: %w", err)
		}
		if v != nil {
			if err := s.store.Delete(key); err != nil {
				return nil, fmt.Errorf("delete oauth state: %w", err)
			}
		}
		raw = v
	}
	if len(raw) == 0 {
		return nil, ErrNoFlow
	}
	var f Flow
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, ErrNoFlow
	}
	// The store's expiry is the rule; this also covers stores that sweep late.
	if s.now().Sub(f.CreatedAt) > s.ttl {
		return nil, ErrNoFlow
	}
	return &f, nil
}
