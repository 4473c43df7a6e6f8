// Package session keeps sign-in sessions: a random id in a signed cookie,
// the session itself in the shared store (Redis, else the database), so any
// instance can serve any request and a restart signs nobody out.
package session

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/kv"
)

// Config sets the cookie and the lifetimes.
type Config struct {
	Secret      string        // SESSION_TOKEN_SECRET: signs the cookie
	Secure      bool          // production: cookie only over HTTPS (and __Host- prefixed)
	IdleTimeout time.Duration // a session unused this long ends
	MaxAge      time.Duration // a session ends this long after sign-in, used or not
}

// Session is one signed-in browser.
type Session struct {
	ID         string    `json:"-"`
	UserID     int64     `json:"user_id"`
	Epoch      int64     `json:"epoch"` // the user's session epoch at sign-in
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

// Manager starts, reads and ends sessions.
type Manager struct {
	store  kv.Store
	cfg    Config
	cookie string
	now    func() time.Time
}

// touchEvery limits writes: LastSeenAt is refreshed at most this often.
const touchEvery = time.Minute

// New returns a manager keeping sessions in store.
func New(store kv.Store, cfg Config) *Manager {
	name := "bm_session"
	if cfg.Secure {
		name = "__Host-bm_session"
	}
	return &Manager{store: store, cfg: cfg, cookie: name, now: time.Now}
}

func storeKey(id string) string { return "sess:" + id }

// Get returns the request's session, or nil when there is none or it has
// expired or been tampered with. It refreshes the idle timer.
func (m *Manager) Get(c *fiber.Ctx) (*Session, error) {
	id, ok := m.verify(c.Cookies(m.cookie))
	if !ok {
		return nil, nil
	}
	raw, err := m.store.Get(storeKey(id))
	if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	if raw == nil {
		return nil, nil
	}
	var s Session
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, nil // unreadable: treat as signed out
	}
	s.ID = id
	now := m.now()
	if now.Sub(s.CreatedAt) > m.cfg.MaxAge || now.Sub(s.LastSeenAt) > m.cfg.IdleTimeout {
		_ = m.store.Delete(storeKey(id))
		return nil, nil
	}
	if now.Sub(s.LastSeenAt) > touchEvery {
		s.LastSeenAt = now
		if err := m.save(&s); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// Start signs a user in: it ends the request's current session, if any, and
// creates one with a new id (so an id planted before sign-in is useless).
func (m *Manager) Start(c *fiber.Ctx, userID, epoch int64) (*Session, error) {
	if id, ok := m.verify(c.Cookies(m.cookie)); ok {
		_ = m.store.Delete(storeKey(id))
	}
	now := m.now()
	s := &Session{ID: newID(), UserID: userID, Epoch: epoch, CreatedAt: now, LastSeenAt: now}
	if err := m.save(s); err != nil {
		return nil, err
	}
	c.Cookie(&fiber.Cookie{
		Name: m.cookie, Value: m.sign(s.ID), Path: "/",
		MaxAge: int(m.cfg.MaxAge.Seconds()), HTTPOnly: true, Secure: m.cfg.Secure,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
	return s, nil
}

// End signs the request's browser out: the session is deleted server-side
// and the cookie cleared.
func (m *Manager) End(c *fiber.Ctx) error {
	if id, ok := m.verify(c.Cookies(m.cookie)); ok {
		if err := m.store.Delete(storeKey(id)); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
	}
	c.Cookie(&fiber.Cookie{
		Name: m.cookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: m.cfg.Secure, SameSite: fiber.CookieSameSiteLaxMode,
	})
	return nil
}

func (m *Manager) save(s *Session) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	ttl := m.cfg.IdleTimeout
	if left := s.CreatedAt.Add(m.cfg.MaxAge).Sub(m.now()); left < ttl {
		ttl = left
	}
	if ttl <= 0 {
		return errors.New("session already expired")
	}
	if err := m.store.Set(storeKey(s.ID), raw, ttl); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// sign returns "id.mac": the store is only consulted for ids we issued.
func (m *Manager) sign(id string) string {
	mac := hmac.New(sha256.New, []byte(m.cfg.Secret))
	mac.Write([]byte("session:" + id))
	return id + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func (m *Manager) verify(cookie string) (string, bool) {
	id, _, ok := strings.Cut(cookie, ".")
	if !ok || len(id) != 43 {
		return "", false
	}
	if !hmac.Equal([]byte(m.sign(id)), []byte(cookie)) {
		return "", false
	}
	return id, true
}

func newID() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
