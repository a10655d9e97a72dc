package wallet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

const testWalletID = "0123456789abcdef0123456789abcdef"

func keyWallet(t *testing.T, s *wallettest.Store, secrets *wallettest.Secrets) *wallet.Wallet {
	t.Helper()
	return wallet.New(s, wallet.WithSecrets(secrets, testWalletID))
}

func TestHolderKeyCreatedOnceInKeyring(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	if dids, err := w.HolderDIDs(); err != nil || len(dids) != 0 {
		t.Fatalf("before any key: %v, %v", dids, err)
	}
	if n := len(secrets.Accounts()); n != 0 {
		t.Fatalf("HolderDIDs created %d keyring entries", n)
	}
	k, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k.DID(), "did:key:z6Mk") {
		t.Errorf("DID %s", k.DID())
	}
	account := wallet.HolderKeyAccount(testWalletID)
	if account != "wallet-"+testWalletID+"/holder-key" || !slices.Equal(secrets.Accounts(), []string{account}) {
		t.Errorf("keyring accounts %v", secrets.Accounts())
	}
	seed, err := secrets.Get(account)
	if err != nil || !bytes.Equal(seed, k.Seed()) {
		t.Errorf("the keyring holds %x (%v), not the key's seed", seed, err)
	}
	again, err := w.HolderKey()
	if err != nil || again.DID() != k.DID() {
		t.Errorf("second HolderKey: %v, %v", again, err)
	}
	// Another wallet over the same files and keyring finds the same key.
	if k2, err := keyWallet(t, store, secrets).HolderKey(); err != nil || k2.DID() != k.DID() {
		t.Errorf("reopened: %v, %v", k2, err)
	}
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{k.DID()}) {
		t.Errorf("HolderDIDs %v, %v", dids, err)
	}
	// The wallet records the key's DID, never the key; no earlier DIDs yet.
	if b, _ := store.Setting("holder-did"); string(b) != `"`+k.DID()+`"` {
		t.Errorf("holder-did = %s, want the key's DID", b)
	}
	if b, _ := store.Setting("holder-dids"); b != nil {
		t.Errorf("holder-dids before any rotation: %s", b)
	}
}

func TestRotateHolderKey(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	first, err := w.RotateHolderKey() // no key yet: just makes one
	if err != nil {
		t.Fatal(err)
	}
	if dids, _ := w.HolderDIDs(); !slices.Equal(dids, []string{first.DID()}) {
		t.Errorf("after the first rotation: %v", dids)
	}
	second, err := w.RotateHolderKey()
	if err != nil {
		t.Fatal(err)
	}
	third, err := w.RotateHolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if first.DID() == second.DID() || second.DID() == third.DID() {
		t.Fatal("rotation kept the key")
	}
	want := []string{third.DID(), second.DID(), first.DID()}
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, want) {
		t.Errorf("HolderDIDs %v, %v; want %v", dids, err, want)
	}
	if cur, err := w.HolderKey(); err != nil || cur.DID() != third.DID() {
		t.Errorf("HolderKey after rotation: %v, %v", cur, err)
	}
	// The keyring signs with the newest key and keeps the earlier ones
	// for the credentials issued to them; a fresh wallet agrees.
	if seed, _ := secrets.Get(wallet.HolderKeyAccount(testWalletID)); !bytes.Equal(seed, third.Seed()) || len(secrets.Accounts()) != 3 {
		t.Errorf("keyring: %v", secrets.Accounts())
	}
	for _, k := range []*holder.Key{first, second} {
		if seed, _ := secrets.Get(wallet.EarlierHolderKeyAccount(testWalletID, k.DID())); !bytes.Equal(seed, k.Seed()) {
			t.Errorf("the key of %s was not kept", k.DID())
		}
	}
	if dids, err := keyWallet(t, store, secrets).HolderDIDs(); err != nil || !slices.Equal(dids, want) {
		t.Errorf("reopened HolderDIDs %v, %v", dids, err)
	}
}

func TestHolderKeyKeyringUnavailable(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	k, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	secrets.SetUnavailable(true)
	w = keyWallet(t, store, secrets) // nothing remembered from the first
	for name, f := range map[string]func() error{
		"HolderKey":       func() error { _, err := w.HolderKey(); return err },
		"RotateHolderKey": func() error { _, err := w.RotateHolderKey(); return err },
	} {
		err := f()
		if !errors.Is(err, wallet.ErrKeyringUnavailable) || wallet.Advice(err) == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The DIDs are known without the keyring: the wallet recorded them.
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{k.DID()}) {
		t.Errorf("HolderDIDs without the keyring: %v, %v", dids, err)
	}
	secrets.SetUnavailable(false)
	if b, _ := store.Setting("holder-dids"); b != nil {
		t.Errorf("a failed rotation recorded %s", b)
	}
	if k2, err := w.HolderKey(); err != nil || k2.DID() != k.DID() {
		t.Errorf("after the keyring came back: %v, %v; want %v", k2, err, k)
	}

	// A keyring that fails on the very first use creates nothing.
	fresh := wallettest.NewSecrets()
	fresh.SetUnavailable(true)
	if _, err := keyWallet(t, wallettest.NewStore(), fresh).HolderKey(); !errors.Is(err, wallet.ErrKeyringUnavailable) {
		t.Errorf("first use: %v", err)
	}
	fresh.SetUnavailable(false)
	if a := fresh.Accounts(); len(a) != 0 {
		t.Errorf("created %v", a)
	}
}

func TestHolderKeyDamagedEntryKept(t *testing.T) {
	secrets := wallettest.NewSecrets()
	account := wallet.HolderKeyAccount(testWalletID)
	if err := secrets.Set(account, []byte("short")); err != nil {
		t.Fatal(err)
	}
	w := keyWallet(t, wallettest.NewStore(), secrets)
	if _, err := w.HolderKey(); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("HolderKey: %v", err)
	}
	if _, err := w.RotateHolderKey(); err == nil {
		t.Error("rotated over a damaged entry")
	}
	if b, _ := secrets.Get(account); string(b) != "short" {
		t.Errorf("the damaged entry was replaced by %x", b)
	}
}

func TestHolderKeyWithoutSecrets(t *testing.T) {
	w := wallet.New(wallettest.NewStore())
	if _, err := w.HolderKey(); !errors.Is(err, wallet.ErrNoSecrets) {
		t.Errorf("HolderKey: %v", err)
	}
	if _, err := w.HolderDIDs(); !errors.Is(err, wallet.ErrNoSecrets) {
		t.Errorf("HolderDIDs: %v", err)
	}
}

// issuedTo is an OB 3.0 example credential re-addressed to subject. The
// change breaks its signature, but the recipient check still runs.
func issuedTo(t *testing.T, subject string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(example(t, "ob3/validator/simple.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["credentialSubject"].(map[string]any)["id"] = subject
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func recipient(rep verify.Report) check.Check {
	for _, c := range rep.Checks {
		if c.ID == check.Recipient {
			return c
		}
	}
	return check.Check{}
}

// TestHolderDIDsAreTheLearners: credentials issued to the current or an
// earlier holder DID are recognised as the learner's; verifying never
// creates a key.
func TestHolderDIDsAreTheLearners(t *testing.T) {
	ctx := context.Background()
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	someone := "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	if c := recipient(w.VerifyBytes(ctx, issuedTo(t, someone))); c.Status != check.Unknown {
		t.Errorf("no key: %+v", c)
	}
	if a := secrets.Accounts(); len(a) != 0 {
		t.Fatalf("verifying created %v", a)
	}
	old, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.RotateHolderKey(); err != nil {
		t.Fatal(err)
	}
	cur, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddIdentity("did", someone); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{cur.DID(), old.DID(), someone} {
		c := recipient(w.VerifyBytes(ctx, issuedTo(t, d)))
		if c.Status != check.Pass || c.Args.Value != d {
			t.Errorf("issued to %s: %+v", d, c)
		}
	}
	if c := recipient(w.VerifyBytes(ctx, issuedTo(t, "did:example:stranger"))); c.Status == check.Pass {
		t.Errorf("a stranger's credential: %+v", c)
	}
	// The holder DIDs count for verification, but are not listed among the
	// identities the learner typed in.
	if ids, _ := w.Identities(); !slices.Equal(ids.DIDs, []string{someone}) {
		t.Errorf("Identities().DIDs = %v", ids.DIDs)
	}
	// With the keyring gone, the earlier DIDs still count.
	secrets.SetUnavailable(true)
	w2 := keyWallet(t, store, secrets)
	if c := recipient(w2.VerifyBytes(ctx, issuedTo(t, old.DID()))); c.Status != check.Pass {
		t.Errorf("keyring unavailable, issued to an earlier DID: %+v", c)
	}
}

// TestHolderKeyMissingFromKeyring: a key the keyring lost is an error that
// names its DID and says what to do, never a new key in silence; rotating
// makes the new key and keeps the lost DID as the learner's.
func TestHolderKeyMissingFromKeyring(t *testing.T) {
	ctx := context.Background()
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	lost, err := keyWallet(t, store, secrets).HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := secrets.Delete(wallet.HolderKeyAccount(testWalletID)); err != nil {
		t.Fatal(err)
	}

	w := keyWallet(t, store, secrets)
	for range 2 {
		_, err := w.HolderKey()
		var missing *wallet.MissingHolderKeyError
		if !errors.As(err, &missing) || missing.DID != lost.DID() {
			t.Fatalf("HolderKey with the key gone = %v, want a *MissingHolderKeyError for %s", err, lost.DID())
		}
		if a := wallet.Advice(err); !strings.Contains(a, "lw key rotate") || !strings.Contains(a, "Restore your keyring") {
			t.Errorf("advice %q", a)
		}
		if !strings.Contains(err.Error(), lost.DID()) {
			t.Errorf("error %q does not name the DID", err)
		}
	}
	if a := secrets.Accounts(); len(a) != 0 {
		t.Fatalf("a key was made in the keyring: %v", a)
	}
	// The lost DID is still the learner's, for verifying and for lw key history.
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{lost.DID()}) {
		t.Errorf("HolderDIDs = %v, %v", dids, err)
	}
	if c := recipient(w.VerifyBytes(ctx, issuedTo(t, lost.DID()))); c.Status != check.Pass {
		t.Errorf("issued to the lost DID: %+v", c)
	}

	// lw key rotate: a new key; the lost DID among the earlier ones.
	k, err := w.RotateHolderKey()
	if err != nil {
		t.Fatal(err)
	}
	if k.DID() == lost.DID() {
		t.Fatal("the rotated key has the lost key's DID")
	}
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{k.DID(), lost.DID()}) {
		t.Errorf("HolderDIDs after rotating = %v, %v", dids, err)
	}
	if cur, err := keyWallet(t, store, secrets).HolderKey(); err != nil || cur.DID() != k.DID() {
		t.Errorf("HolderKey after rotating: %v, %v", cur, err)
	}
	if c := recipient(w.VerifyBytes(ctx, issuedTo(t, lost.DID()))); c.Status != check.Pass {
		t.Errorf("issued to the lost DID, after rotating: %+v", c)
	}
}

// TestHolderKeyOfAnOlderWallet: a wallet made before the current DID was
// recorded keeps its key, and records it on first use; from then on a lost
// key is noticed.
func TestHolderKeyOfAnOlderWallet(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	old, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	account := wallet.HolderKeyAccount(testWalletID)
	if err := secrets.Set(account, old.Seed()); err != nil {
		t.Fatal(err)
	}
	w := keyWallet(t, store, secrets)
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{old.DID()}) {
		t.Errorf("HolderDIDs of an older wallet = %v, %v", dids, err)
	}
	k, err := w.HolderKey()
	if err != nil || k.DID() != old.DID() {
		t.Fatalf("HolderKey = %v, %v; want the key already there", k, err)
	}
	if b, _ := store.Setting("holder-did"); string(b) != `"`+old.DID()+`"` {
		t.Errorf("holder-did = %s", b)
	}
	if err := secrets.Delete(account); err != nil {
		t.Fatal(err)
	}
	var missing *wallet.MissingHolderKeyError
	if _, err := keyWallet(t, store, secrets).HolderKey(); !errors.As(err, &missing) {
		t.Errorf("HolderKey once recorded and lost = %v", err)
	}
}

// TestHolderKeyOtherThanRecorded: a keyring that holds another key than the
// one recorded (restored from elsewhere, or a rotation interrupted after the
// key was stored) is used from then on; the recorded DID stays the
// learner's.
func TestHolderKeyOtherThanRecorded(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	first, err := keyWallet(t, store, secrets).HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	other, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := secrets.Set(wallet.HolderKeyAccount(testWalletID), other.Seed()); err != nil {
		t.Fatal(err)
	}
	w := keyWallet(t, store, secrets)
	if k, err := w.HolderKey(); err != nil || k.DID() != other.DID() {
		t.Fatalf("HolderKey = %v, %v; want the keyring's key", k, err)
	}
	if dids, err := w.HolderDIDs(); err != nil || !slices.Equal(dids, []string{other.DID(), first.DID()}) {
		t.Errorf("HolderDIDs = %v, %v", dids, err)
	}
}
