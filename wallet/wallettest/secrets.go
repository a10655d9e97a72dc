package wallettest

import (
	"fmt"
	"slices"
	"sync"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// Secrets is a concurrency-safe in-memory wallet.SecretStore that behaves
// as the OS keyring adapter does: Get of a missing account wraps
// wallet.ErrSecretNotFound, Delete of one is no error, and while it is
// unavailable every call wraps wallet.ErrKeyringUnavailable.
type Secrets struct {
	mu          sync.Mutex
	secrets     map[string][]byte
	unavailable bool
}

var _ wallet.SecretStore = (*Secrets)(nil)

// NewSecrets returns an empty, available secret store.
func NewSecrets() *Secrets { return &Secrets{secrets: map[string][]byte{}} }

// SetUnavailable makes the store fail like a locked or absent keyring
// (true) or work again (false), keeping what it holds.
func (s *Secrets) SetUnavailable(unavailable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unavailable = unavailable
}

func (s *Secrets) check() error {
	if s.unavailable {
		return fmt.Errorf("%w (wallettest: made unavailable)", wallet.ErrKeyringUnavailable)
	}
	return nil
}

// Get implements wallet.SecretStore.
func (s *Secrets) Get(account string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(); err != nil {
		return nil, err
	}
	b, ok := s.secrets[account]
	if !ok {
		return nil, fmt.Errorf("%s: %w", account, wallet.ErrSecretNotFound)
	}
	return slices.Clone(b), nil
}

// Set implements wallet.SecretStore.
func (s *Secrets) Set(account string, secret []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(); err != nil {
		return err
	}
	s.secrets[account] = slices.Clone(secret)
	return nil
}

// Delete implements wallet.SecretStore.
func (s *Secrets) Delete(account string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(); err != nil {
		return err
	}
	delete(s.secrets, account)
	return nil
}

// Accounts returns the accounts that hold a secret, sorted.
func (s *Secrets) Accounts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.secrets))
	for a := range s.secrets {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}
