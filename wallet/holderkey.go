package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// settingHolderDIDs lists the DIDs of the learner's earlier keys, oldest
// first, as JSON: rotation replaces the key, not the learner.
const settingHolderDIDs = "holder-dids"

// HolderKeyAccount is the keyring account holding a wallet's holder key
// (its 32-byte seed). The key is kept nowhere else.
func HolderKeyAccount(walletID string) string { return "wallet-" + walletID + "/holder-key" }

// ErrNoSecrets means the wallet was made without a SecretStore (see
// WithSecrets), so it has nowhere to keep the learner's key.
var ErrNoSecrets = errors.New("this wallet has no keyring to keep your signing key in")

// WithSecrets gives the wallet the keyring its holder key lives in, filed
// under the wallet's id.
func WithSecrets(s SecretStore, walletID string) Option {
	return func(w *Wallet) { w.secrets, w.walletID = s, walletID }
}

// HolderKey returns the learner's key for signing presentations, creating
// it in the keyring on first need. When the keyring cannot be reached the
// error wraps ErrKeyringUnavailable; a damaged entry is reported, never
// replaced.
func (w *Wallet) HolderKey() (*holder.Key, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	k, err := w.storedHolderKey()
	if !errors.Is(err, ErrSecretNotFound) {
		return k, err
	}
	return w.newHolderKey()
}

// RotateHolderKey replaces the learner's key with a new one and returns
// it. The old key is gone, but its DID stays known (HolderDIDs), so
// credentials issued to it and presentations signed with it still count
// as the learner's.
func (w *Wallet) RotateHolderKey() (*holder.Key, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	old, err := w.storedHolderKey()
	if errors.Is(err, ErrSecretNotFound) {
		return w.newHolderKey()
	}
	if err != nil {
		return nil, err
	}
	// Remember the old DID before the key goes: if replacing it fails, the
	// current DID is merely listed twice (HolderDIDs removes doubles).
	if err := w.addEarlierHolderDID(old.DID()); err != nil {
		return nil, err
	}
	return w.newHolderKey()
}

// HolderDIDs returns the learner's DIDs: the current key's first (when
// there is a key), then those of earlier keys, newest first. It never
// creates a key.
func (w *Wallet) HolderDIDs() ([]string, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	var dids []string
	current, err := w.currentHolderDID()
	if err != nil {
		return nil, err
	}
	if current != "" {
		dids = append(dids, current)
	}
	earlier, err := w.earlierHolderDIDs()
	if err != nil {
		return nil, err
	}
	for _, d := range slices.Backward(earlier) {
		if !slices.Contains(dids, d) {
			dids = append(dids, d)
		}
	}
	return dids, nil
}

// currentHolderDID is the current key's DID, "" when there is no key. The
// DID is remembered: only the process holding the wallet open changes its
// key, so one keyring read per open wallet is enough.
func (w *Wallet) currentHolderDID() (string, error) {
	if w.holderDID != "" {
		return w.holderDID, nil
	}
	k, err := w.storedHolderKey()
	if errors.Is(err, ErrSecretNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return k.DID(), nil
}

func (w *Wallet) earlierHolderDIDs() ([]string, error) {
	b, err := w.store.Setting(settingHolderDIDs)
	if err != nil || b == nil {
		return nil, err
	}
	var dids []string
	if err := json.Unmarshal(b, &dids); err != nil {
		return nil, fmt.Errorf("the list of your earlier DIDs is damaged: %w", err)
	}
	return dids, nil
}

// addEarlierHolderDID adds did to the DIDs of the learner's earlier keys.
func (w *Wallet) addEarlierHolderDID(did string) error {
	return updateJSON(w.store, settingHolderDIDs, "the list of your earlier DIDs", func(dids *[]string) (bool, error) {
		if slices.Contains(*dids, did) {
			return false, nil
		}
		*dids = append(*dids, did)
		return true, nil
	})
}

// storedHolderKey reads the key from the keyring; errors wrap
// ErrSecretNotFound when there is none.
func (w *Wallet) storedHolderKey() (*holder.Key, error) {
	if w.secrets == nil {
		return nil, ErrNoSecrets
	}
	account := HolderKeyAccount(w.walletID)
	seed, err := w.secrets.Get(account)
	if err != nil {
		return nil, fmt.Errorf("cannot read your signing key: %w", err)
	}
	k, err := holder.Parse(seed)
	clear(seed)
	if err != nil {
		return nil, fmt.Errorf("the keyring entry %q is damaged (%v); it was left as it is", account, err)
	}
	w.holderDID = k.DID()
	return k, nil
}

// newHolderKey makes a key and puts it in the keyring, replacing any.
func (w *Wallet) newHolderKey() (*holder.Key, error) {
	if w.secrets == nil {
		return nil, ErrNoSecrets
	}
	k, err := holder.Generate()
	if err != nil {
		return nil, err
	}
	seed := k.Seed()
	defer clear(seed)
	if err := w.secrets.Set(HolderKeyAccount(w.walletID), seed); err != nil {
		return nil, fmt.Errorf("cannot store your signing key: %w", err)
	}
	w.holderDID = k.DID()
	return k, nil
}
