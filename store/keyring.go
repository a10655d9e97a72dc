package store

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// KeyringService is the service name under which secrets are filed.
const KeyringService = "Learner Wallet"

// Keyring is the OS keyring (the Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows).
type Keyring struct{}

var _ wallet.SecretStore = Keyring{}

// Get implements wallet.SecretStore.
func (Keyring) Get(account string) ([]byte, error) {
	s, err := keyring.Get(KeyringService, account)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, fmt.Errorf("%s: %w", account, wallet.ErrSecretNotFound)
	}
	if err != nil {
		return nil, unavailable(err)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("the keyring entry %q is damaged: %v", account, err)
	}
	return b, nil
}

// Set implements wallet.SecretStore.
func (Keyring) Set(account string, secret []byte) error {
	if err := keyring.Set(KeyringService, account, base64.StdEncoding.EncodeToString(secret)); err != nil {
		return unavailable(err)
	}
	return nil
}

// Delete implements wallet.SecretStore.
func (Keyring) Delete(account string) error {
	err := keyring.Delete(KeyringService, account)
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return unavailable(err)
	}
	return nil
}

func unavailable(err error) error {
	return fmt.Errorf("%w (%v)", wallet.ErrKeyringUnavailable, err)
}
