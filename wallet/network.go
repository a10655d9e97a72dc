package wallet

import (
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// settingPrivateNetwork records the learner's choice to let verification
// reach their own computer and local network ("true"), off by default.
const settingPrivateNetwork = "allow-private-network"

// settingOffline records the learner's choice to verify offline ("true"):
// with what was fetched before, never reaching the network.
const settingOffline = "offline"

// NetChoice is how the learner lets verification reach the network.
type NetChoice struct {
	// AllowPrivate lets it reach the learner's own computer and local
	// network as well as the internet (https still required).
	AllowPrivate bool
	// Offline keeps it off the network: it uses what was fetched before.
	Offline bool
}

// WithVerifiers gives the wallet a way to make its verifier for a network
// choice. The wallet makes one at once, for the choice the learner saved,
// and again when they change it. It replaces WithVerifier.
func WithVerifiers(make func(NetChoice) *verify.Verifier) Option {
	return func(w *Wallet) { w.makeVerifier = make }
}

// WithNetwork gives the wallet a way to make the network client of the
// requests the learner asks for: receiving credentials from an issuer,
// syncing from a provider. It is the one client of verification, without
// its cache.
func WithNetwork(make func(NetChoice) *fetch.Client) Option {
	return func(w *Wallet) { w.makeClient = make }
}

// Client is the network client of a request the learner asks for, under
// their saved choice of network. Work offline does not hold it back: it
// keeps verification off the network, and the learner asked for this.
func (w *Wallet) Client() *fetch.Client {
	c := w.NetChoice()
	c.Offline = false
	if w.makeClient != nil {
		return w.makeClient(c)
	}
	scope := fetch.Public
	if c.AllowPrivate {
		scope = fetch.PublicAndPrivate
	}
	return fetch.NewClient(fetch.ClientOptions{Scope: scope})
}

// NetChoice is the learner's saved network choice.
func (w *Wallet) NetChoice() NetChoice {
	return NetChoice{AllowPrivate: w.AllowPrivateNetwork(), Offline: w.Offline()}
}

// Offline reports whether the learner chose to verify offline.
func (w *Wallet) Offline() bool {
	b, err := w.store.Setting(settingOffline)
	return err == nil && string(b) == "true"
}

// SetOffline saves the learner's choice to verify offline, or not, and
// verifies by it from now on.
func (w *Wallet) SetOffline(on bool) error { return w.setNetSetting(settingOffline, on) }

// AllowPrivateNetwork reports whether the learner lets verification reach
// their own computer and local network.
func (w *Wallet) AllowPrivateNetwork() bool {
	b, err := w.store.Setting(settingPrivateNetwork)
	return err == nil && string(b) == "true"
}

// SetAllowPrivateNetwork saves the learner's choice and verifies by it from
// now on. Reports made with it say so.
func (w *Wallet) SetAllowPrivateNetwork(on bool) error {
	return w.setNetSetting(settingPrivateNetwork, on)
}

func (w *Wallet) setNetSetting(name string, on bool) error {
	v := "false"
	if on {
		v = "true"
	}
	if err := w.store.UpdateSetting(name, func([]byte) ([]byte, error) { return []byte(v), nil }); err != nil {
		return err
	}
	if w.makeVerifier != nil {
		w.setVerifier(w.makeVerifier(w.NetChoice()))
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
