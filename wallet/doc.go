// Package wallet is the domain of Learner Wallet: credentials, how they are
// recognised and summarised, and the operations a learner performs on them.
//
// It owns the small interfaces it needs (Store, SecretStore) and imports no
// GUI toolkit, database or keyring package; adapters live in store/ and the
// user interfaces in ui/ and cmd/lw.
package wallet
