// Package wallet is the domain of Learner Wallet: the learner's collection of
// credentials and the operations a learner performs on it.
//
// It owns the small interfaces it needs (Store, SecretStore) and imports no
// GUI toolkit, database or keyring package; adapters live in store/ and the
// user interfaces in ui/ and cmd/lw.
package wallet
