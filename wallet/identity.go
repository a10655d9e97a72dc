package wallet

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

const settingIdentities = "identities"

// Identities returns what the learner has said identifies them.
func (w *Wallet) Identities() (verify.Identities, error) {
	var ids verify.Identities
	b, err := w.store.Setting(settingIdentities)
	if err != nil || b == nil {
		return ids, err
	}
	err = json.Unmarshal(b, &ids)
	return ids, err
}

// AddIdentity records an e-mail address (kind "email"), a name ("name") or
// a DID ("did") as the learner's, so credentials issued to it are
// recognised as theirs. It does not re-verify anything.
func (w *Wallet) AddIdentity(kind, value string) error {
	value = strings.TrimSpace(value)
	switch kind {
	case "email":
		if _, err := mail.ParseAddress(value); err != nil || strings.ContainsAny(value, " <>") {
			return fmt.Errorf("%q is not an e-mail address", value)
		}
	case "name":
	case "did":
		if !strings.HasPrefix(value, "did:") {
			return fmt.Errorf("%q is not a DID (it starts with did:)", value)
		}
	default:
		return fmt.Errorf("unknown kind of identity %q: use email, name or did", kind)
	}
	if value == "" {
		return errors.New("the identity is empty")
	}
	return updateJSON(w.store, settingIdentities, "the list of your identities", func(ids *verify.Identities) (bool, error) {
		list := map[string]*[]string{"email": &ids.Emails, "name": &ids.Names, "did": &ids.DIDs}[kind]
		if slices.Contains(*list, value) {
			return false, nil
		}
		*list = append(*list, value)
		return true, nil
	})
}

// RemoveIdentity forgets value, whatever its kind. It reports whether it was known.
func (w *Wallet) RemoveIdentity(value string) (bool, error) {
	found := false
	err := updateJSON(w.store, settingIdentities, "the list of your identities", func(ids *verify.Identities) (bool, error) {
		for _, l := range []*[]string{&ids.Emails, &ids.Names, &ids.DIDs} {
			if i := slices.Index(*l, strings.TrimSpace(value)); i >= 0 {
				*l = slices.Delete(*l, i, i+1)
				found = true
			}
		}
		return found, nil
	})
	return found && err == nil, err
}

// verifierWithIdentities is the wallet's verifier, knowing the learner.
func (w *Wallet) verifierWithIdentities() *verify.Verifier {
	v := *w.currentVerifier()
	if ids, err := w.Identities(); err == nil {
		v.Identities = ids
	}
	// The learner's own keys, current and earlier, are theirs too; reading
	// them never creates a key.
	dids, err := w.HolderDIDs()
	if err != nil {
		dids, _ = w.earlierHolderDIDs()
	}
	v.Identities.DIDs = slices.Clone(v.Identities.DIDs)
	for _, d := range dids {
		if !slices.Contains(v.Identities.DIDs, d) {
			v.Identities.DIDs = append(v.Identities.DIDs, d)
		}
	}
	return &v
}
