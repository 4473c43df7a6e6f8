package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrNotFound is returned when a record does not exist (or is not the caller's).
var ErrNotFound = errors.New("not found")

// ErrEmailTaken is returned when another account already has the address.
var ErrEmailTaken = errors.New("email already registered")

// Users is the user store.
type Users struct{ db *gorm.DB }

// NewUsers returns the user store on db.
func NewUsers(db *gorm.DB) *Users { return &Users{db: db} }

// NormalizeEmail lower-cases and trims an address; equality of accounts is
// on this form.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ByID loads a user.
func (s *Users) ByID(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Take(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load user %d: %w", id, err)
	}
	return &u, nil
}

// ByEmail loads the user with that (normalised) address.
func (s *Users) ByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("email = ?", NormalizeEmail(email)).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load user by email: %w", err)
	}
	return &u, nil
}

// Create inserts u; a duplicate e-mail gives ErrEmailTaken.
func (s *Users) Create(ctx context.Context, u *User) error {
	if u.Email != nil {
		e := NormalizeEmail(*u.Email)
		u.Email = &e
	}
	err := s.db.WithContext(ctx).Create(u).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrEmailTaken
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// Update writes the given columns of user id.
func (s *Users) Update(ctx context.Context, id int64, columns map[string]any) error {
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).Updates(columns)
	if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
		return ErrEmailTaken
	}
	if res.Error != nil {
		return fmt.Errorf("update user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// BumpSessionEpoch ends every session of the user and returns the new epoch.
func (s *Users) BumpSessionEpoch(ctx context.Context, id int64) (int64, error) {
	var epoch int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ?", id).UpdateColumn("session_epoch", gorm.Expr("session_epoch + 1"))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.Model(&User{}).Where("id = ?", id).Pluck("session_epoch", &epoch).Error
	})
	if err != nil {
		return 0, fmt.Errorf("bump session epoch of user %d: %w", id, err)
	}
	return epoch, nil
}

// ErrStale is returned when a conditional update finds the record changed
// since it was read (a reset link used twice at once).
var ErrStale = errors.New("record changed since it was read")

// ReplacePassword sets a new password hash and ends every session, but only
// if the hash and session epoch are still those the caller checked: two
// requests racing with one reset link cannot both succeed. verifyEmail also
// marks the address verified. It returns the new session epoch.
func (s *Users) ReplacePassword(ctx context.Context, id int64, expectHash string, expectEpoch int64, newHash string, verifyEmail bool) (int64, error) {
	cols := map[string]any{"password_hash": newHash, "session_epoch": gorm.Expr("session_epoch + 1"), "updated_at": time.Now()}
	if verifyEmail {
		cols["email_verified_at"] = gorm.Expr("COALESCE(email_verified_at, ?)", time.Now())
	}
	res := s.db.WithContext(ctx).Model(&User{}).
		Where("id = ? AND password_hash = ? AND session_epoch = ?", id, expectHash, expectEpoch).
		UpdateColumns(cols)
	if res.Error != nil {
		return 0, fmt.Errorf("replace password of user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return 0, ErrStale
	}
	return expectEpoch + 1, nil
}

// TouchSignIn records a successful sign-in.
func (s *Users) TouchSignIn(ctx context.Context, id int64, at time.Time) error {
	return s.Update(ctx, id, map[string]any{"last_sign_in_at": at})
}

// Delete removes the user and, through ON DELETE CASCADE, everything they own,
// in one transaction.
func (s *Users) Delete(ctx context.Context, id int64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("id = ?", id).Delete(&User{})
		if res.Error != nil {
			return fmt.Errorf("delete user %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Identities is the store of linked sign-in providers.
type Identities struct{ db *gorm.DB }

// NewIdentities returns the identity store on db.
func NewIdentities(db *gorm.DB) *Identities { return &Identities{db: db} }

// Find returns the identity for (provider, provider user id).
func (s *Identities) Find(ctx context.Context, provider, providerUserID string) (*Identity, error) {
	var i Identity
	err := s.db.WithContext(ctx).Where("provider = ? AND provider_user_id = ?", provider, providerUserID).Take(&i).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("find identity: %w", err)
	}
	return &i, nil
}

// ForUser lists a user's linked providers.
func (s *Identities) ForUser(ctx context.Context, userID int64) ([]Identity, error) {
	var out []Identity
	if err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("provider").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list identities of user %d: %w", userID, err)
	}
	return out, nil
}

// Link stores a new identity for i.UserID.
func (s *Identities) Link(ctx context.Context, i *Identity) error {
	err := s.db.WithContext(ctx).Create(i).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("link %s identity: already linked to an account", i.Provider)
	}
	return err
}

// Unlink removes the user's identity of a provider; scoped to the owner.
func (s *Identities) Unlink(ctx context.Context, userID int64, provider string) error {
	res := s.db.WithContext(ctx).Where("user_id = ? AND provider = ?", userID, provider).Delete(&Identity{})
	if res.Error != nil {
		return fmt.Errorf("unlink %s: %w", provider, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}
