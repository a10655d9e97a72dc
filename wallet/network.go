package wallet

import (
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// settingPrivateNetwork records the learner's choice to let verification
// reach their own computer and local network ("true"), off by default.
const settingPrivateNetwork = "allow-private-network"

// WithVerifiers gives the wallet a way to make its verifier for either
// network choice: allowPrivate lets it reach the learner's own computer and
// local network as well as the internet (https still required). The
// wallet makes one at once, for the choice the learner saved, and again
// when they change it. It replaces WithVerifier.
func WithVerifiers(make func(allowPrivate bool) *verify.Verifier) Option {
	return func(w *Wallet) { w.makeVerifier = make }
}

// AllowPrivateNetwork reports whether the learner lets verification reach
// their own computer and local network.
func (w *Wallet) AllowPrivateNetwork() bool {
	b, err := w.store.Setting(settingPrivateNetwork)
	return err == nil && string(b) == "true"
}

// SetAllowPrivateNetwork saves the learner's choice and verifies by it from
// now on. Reports made with it say so.
func (w *Wallet) SetAllowPrivateNetwork(on bool) error {
	v := "false"
	if on {
		v = "true"
	}
	if err := w.store.UpdateSetting(settingPrivateNetwork, func([]byte) ([]byte, error) { return []byte(v), nil }); err != nil {
		return err
	}
	if w.makeVerifier != nil {
		w.setVerifier(w.makeVerifier(on))
	}
	return nil
}

// setVerifier replaces the wallet's verifier, keeping its clock.
func (w *Wallet) setVerifier(v *verify.Verifier) {
	if v.Now == nil {
		v.Now = w.now
	}
	w.netMu.Lock()
	w.verifier = v
	w.netMu.Unlock()
}

// currentVerifier is the verifier in use.
func (w *Wallet) currentVerifier() *verify.Verifier {
	w.netMu.RLock()
	defer w.netMu.RUnlock()
	return w.verifier
}
