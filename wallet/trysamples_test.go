package wallet_test

import (
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// offlineSampleWallet is a wallet that never reaches the network, with a
// fetch cache as a real one has.
func offlineSampleWallet(t *testing.T) (*wallet.Wallet, *fetch.Memory) {
	t.Helper()
	cache := &fetch.Memory{}
	client := fetch.NewClient(fetch.ClientOptions{Cache: cache, Offline: true})
	now := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	w := wallet.New(wallettest.NewStore(), wallet.WithClock(now),
		wallet.WithVerifier(&verify.Verifier{Fetcher: client}), wallet.WithFetchCache(cache))
	t.Cleanup(func() { w.Close() })
	return w, cache
}

// TestSamples: every sample imports, and verifies offline as the samples'
// README promises.
func TestSamples(t *testing.T) {
	w, cache := offlineSampleWallet(t)
	res, err := w.AddSamples()
	if err != nil {
		t.Fatal(err)
	}
	if cache.Len() != 3 {
		t.Errorf("the fetch cache holds %d documents, want the 3 the samples need", cache.Len())
	}
	// Valid, with the one note that this wallet knows none of the
	// learner's identities (the sample issuer is a did:key: its key is
	// its own, confirmed); the expired and revoked ones not valid, saying
	// why.
	want := map[string]verify.Verdict{
		"ob3-vcdm2-data-integrity.json":  verify.ValidWithNotes,
		"ob3-vcdm2-vc-jwt.jwt":           verify.ValidWithNotes,
		"ob3-vcdm11-data-integrity.json": verify.ValidWithNotes,
		"clr-transcript.json":            verify.ValidWithNotes,
		"ob2-signed.jws":                 verify.ValidWithNotes,
		"ob3-expired.json":               verify.NotValid,
		"ob3-revoked.json":               verify.NotValid,
	}
	because := map[string]check.Reason{
		"ob3-expired.json": verify.ValidityExpired,
		"ob3-revoked.json": verify.RevocationRevoked,
	}
	if len(res) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(res), len(want), res)
	}
	for _, r := range res {
		if r.Status != wallet.Imported {
			t.Errorf("%s: %s %s", r.Path, r.Status, r.Error)
			continue
		}
		rep, err := w.Check(t.Context(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Verdict != want[r.Path] {
			t.Errorf("%s (%s): %s, want %s\n%+v", r.Path, r.Name, rep.Verdict, want[r.Path], rep.Checks)
		}
		for _, c := range rep.Checks {
			if c.Status != check.Pass && c.Reason != verify.RecipientNoIdentities && c.Reason != because[r.Path] {
				t.Errorf("%s: %s %s: %s", r.Path, c.ID, c.Status, c.Reason)
			}
			if c.Reason == because[r.Path] {
				delete(because, r.Path)
			}
		}
	}
	if len(because) > 0 {
		t.Errorf("not found: %v", because)
	}
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if !wallet.IsSample(it) {
			t.Errorf("%s (%s, issuer %q) is not marked a sample", it.Summary.Title(), it.ID, it.Summary.IssuerID)
		}
	}
	if len(items) != len(want)+7 {
		t.Errorf("%d items, want %d and the record's 7 credentials", len(items), len(want))
	}

	// Again: duplicates, nothing added.
	again, err := w.AddSamples()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.Status != wallet.Duplicate {
			t.Errorf("%s added twice: %s", r.Path, r.Status)
		}
	}
}

// TestRemoveSamples deletes the samples for good, trashed ones too, and
// nothing else.
func TestRemoveSamples(t *testing.T) {
	w, _ := offlineSampleWallet(t)
	own := w.ImportBytes("own.json", example(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json"))
	if own.Status != wallet.Imported {
		t.Fatalf("own: %+v", own)
	}
	res, err := w.AddSamples()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Trash(res[0].ID); err != nil {
		t.Fatal(err)
	}
	if has, err := w.HasSamples(); err != nil || !has {
		t.Fatalf("HasSamples = %v, %v", has, err)
	}
	n, err := w.RemoveSamples()
	if err != nil || n != len(res) {
		t.Fatalf("RemoveSamples = %d, %v; want %d", n, err, len(res))
	}
	items, _ := w.Items()
	trashed, _ := w.Trashed()
	if len(items) != 1 || items[0].ID != own.ID || len(trashed) != 0 {
		t.Errorf("left: %d items, %d trashed; want only the learner's own", len(items), len(trashed))
	}
	if wallet.IsSample(items[0]) {
		t.Error("the learner's own credential counts as a sample")
	}
	if has, _ := w.HasSamples(); has {
		t.Error("HasSamples after RemoveSamples")
	}
}
