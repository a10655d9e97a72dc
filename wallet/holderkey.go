package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// settingHolderDIDs lists the DIDs of the learner's earlier keys, oldest
// first, as JSON: rotation replaces the key, not the learner.
const settingHolderDIDs = "holder-dids"

// settingHolderDID is the DID of the learner's current key, as JSON,
// recorded when the key is made (or first found, in a wallet made before it
// was recorded). With it the wallet knows that the keyring should hold a
// key, and says so when it does not, instead of making a new one: a new key
// is a new DID, and credentials issued to the old one would stop counting
// as the learner's without their knowing.
const settingHolderDID = "holder-did"

// HolderKeyAccount is the keyring account holding a wallet's holder key
// (its 32-byte seed). The key is kept nowhere else.
func HolderKeyAccount(walletID string) string { return "wallet-" + walletID + "/holder-key" }

// EarlierHolderKeyAccount is the keyring account keeping the key of an
// earlier DID after rotation. The key signs nothing alone; it adds a proof
// to presentations holding credentials issued to that DID, so the
// recipient sees that the one presenting them controls it too.
func EarlierHolderKeyAccount(walletID, did string) string {
	return HolderKeyAccount(walletID) + "/earlier/" + strings.TrimPrefix(did, "did:key:")
}

// ErrNoSecrets means the wallet was made without a SecretStore (see
// WithSecrets), so it has nowhere to keep the learner's key.
var ErrNoSecrets = errors.New("this wallet has no keyring to keep your signing key in")

// MissingHolderKeyError means the wallet has a signing key, named by DID,
// but the keyring does not hold it (any more). No key is made in its place:
// restore the keyring, or rotate the key (RotateHolderKey).
type MissingHolderKeyError struct{ DID string }

func (e *MissingHolderKeyError) Error() string {
	return fmt.Sprintf("your signing key (%s) is missing from the OS keyring; no new key was made, so your DID has not changed", e.DID)
}

// WithSecrets gives the wallet the keyring its holder key lives in, filed
// under the wallet's id.
func WithSecrets(s SecretStore, walletID string) Option {
	return func(w *Wallet) { w.secrets, w.walletID = s, walletID }
}

// HolderKey returns the learner's key for signing presentations, creating
// it in the keyring on first need. When the keyring cannot be reached the
// error wraps ErrKeyringUnavailable; a damaged entry is reported, never
// replaced; a key the keyring lost is a *MissingHolderKeyError, never made
// anew.
func (w *Wallet) HolderKey() (*holder.Key, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	recorded, err := w.recordedHolderDID()
	if err != nil {
		return nil, err
	}
	k, err := w.storedHolderKey()
	switch {
	case err == nil:
		if recorded != k.DID() {
			// A wallet made before the DID was recorded, or a keyring
			// holding another key than the wallet knew: record the key that
			// signs from now on, keeping the other DID as the learner's.
			if err := w.recordHolderDID(k.DID(), recorded); err != nil {
				return nil, err
			}
		}
		return k, nil
	case !errors.Is(err, ErrSecretNotFound):
		return nil, err
	case recorded != "":
		return nil, &MissingHolderKeyError{DID: recorded}
	}
	return w.newHolderKey("")
}

// RotateHolderKey replaces the learner's key with a new one and returns
// it. The old key stops signing presentations but stays in the keyring
// (EarlierHolderKeyAccount) and its DID stays known (HolderDIDs), so
// credentials issued to it can still be presented, with a proof of the old
// key added, and presentations signed with it still count as the
// learner's. It is also the way on when the keyring lost the key
// (*MissingHolderKeyError): the lost key's DID is kept the same way, but
// credentials issued to it can no longer be proven theirs.
func (w *Wallet) RotateHolderKey() (*holder.Key, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	recorded, err := w.recordedHolderDID()
	if err != nil {
		return nil, err
	}
	old, err := w.storedHolderKey()
	if err != nil && !errors.Is(err, ErrSecretNotFound) {
		return nil, err
	}
	// Keep the old key and remember its DID before it is replaced: if
	// replacing it fails, the current DID is merely listed twice
	// (HolderDIDs removes doubles) and its key kept twice.
	if old != nil {
		seed := old.Seed()
		err := w.secrets.Set(EarlierHolderKeyAccount(w.walletID, old.DID()), seed)
		clear(seed)
		if err != nil {
			return nil, fmt.Errorf("cannot keep your current key for the credentials issued to it, so it was not replaced: %w", err)
		}
		if err := w.addEarlierHolderDID(old.DID()); err != nil {
			return nil, err
		}
	}
	return w.newHolderKey(recorded)
}

// earlierHolderKey reads the kept key of an earlier DID; errors wrap
// ErrSecretNotFound when the keyring does not hold it (a key lost before
// rotation, or rotated by a version that did not keep keys).
func (w *Wallet) earlierHolderKey(did string) (*holder.Key, error) {
	if w.secrets == nil {
		return nil, ErrNoSecrets
	}
	account := EarlierHolderKeyAccount(w.walletID, did)
	seed, err := w.secrets.Get(account)
	if err != nil {
		return nil, fmt.Errorf("cannot read the key of your earlier DID %s: %w", did, err)
	}
	k, err := holder.Parse(seed)
	clear(seed)
	if err != nil || k.DID() != did {
		return nil, fmt.Errorf("the keyring entry %q is damaged or holds another key; it was left as it is", account)
	}
	return k, nil
}

// HolderDIDs returns the learner's DIDs: the current key's first (when
// there is a key, or the wallet had one the keyring lost), then those of
// earlier keys, newest first. It never creates a key, and needs the
// keyring only for a wallet made before the current DID was recorded.
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

// CurrentHolderDID is the DID of the key that signs presentations, ""
// when the wallet has none yet (it may still know earlier DIDs, taken from
// another wallet's export). It never makes a key.
func (w *Wallet) CurrentHolderDID() (string, error) {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	return w.currentHolderDID()
}

// currentHolderDID is the current key's DID, "" when there is no key. The
// DID is remembered: only the process holding the wallet open changes its
// key.
func (w *Wallet) currentHolderDID() (string, error) {
	if w.holderDID != "" {
		return w.holderDID, nil
	}
	if recorded, err := w.recordedHolderDID(); err != nil || recorded != "" {
		return recorded, err
	}
	// A wallet made before the DID was recorded: ask the keyring.
	k, err := w.storedHolderKey()
	if errors.Is(err, ErrSecretNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return k.DID(), nil
}

// recordedHolderDID is the DID recorded for the current key, "" when none is.
func (w *Wallet) recordedHolderDID() (string, error) {
	b, err := w.store.Setting(settingHolderDID)
	if err != nil || b == nil {
		return "", err
	}
	var did string
	if err := json.Unmarshal(b, &did); err != nil {
		return "", fmt.Errorf("the record of your current DID is damaged: %w", err)
	}
	return did, nil
}

// recordHolderDID records did as the current key's. A different DID
// recorded before, previous, joins the earlier ones first.
func (w *Wallet) recordHolderDID(did, previous string) error {
	if previous != "" && previous != did {
		if err := w.addEarlierHolderDID(previous); err != nil {
			return err
		}
	}
	return updateJSON(w.store, settingHolderDID, "the record of your current DID", func(cur *string) (bool, error) {
		*cur = did
		return true, nil
	})
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

// newHolderKey makes a key, puts it in the keyring, replacing any, and
// records its DID as the current one; previous, the DID recorded before,
// joins the earlier ones. The key goes to the keyring before its DID is
// recorded: a DID recorded for a key that was never stored would be a
// missing key.
func (w *Wallet) newHolderKey(previous string) (*holder.Key, error) {
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
	if err := w.recordHolderDID(k.DID(), previous); err != nil {
		return nil, fmt.Errorf("your new signing key is in the keyring, but the wallet could not record it: %w", err)
	}
	return k, nil
}
