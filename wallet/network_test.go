package wallet_test

import (
	"context"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// TestPrivateNetworkSetting: reaching the private network is off until the
// learner turns it on; the choice is kept in the wallet, the verifier is
// made again for it, and reports made with it say so.
func TestPrivateNetworkSetting(t *testing.T) {
	s := wallettest.NewStore()
	var mu sync.Mutex
	var made []bool
	verifiers := func(c wallet.NetChoice) *verify.Verifier {
		mu.Lock()
		made = append(made, c.AllowPrivate)
		mu.Unlock()
		return &verify.Verifier{PrivateNetwork: c.AllowPrivate}
	}
	w := wallet.New(s, wallet.WithVerifiers(verifiers))
	if w.AllowPrivateNetwork() {
		t.Fatal("the private network is reachable in a new wallet")
	}
	b := example(t, "ob3/spec/basicOpenBadgeCredential.json")
	if r := w.VerifyBytes(context.Background(), b); r.PrivateNetwork {
		t.Error("a report says the private network was on when it was off")
	}
	if err := w.SetAllowPrivateNetwork(true); err != nil {
		t.Fatal(err)
	}
	if r := w.VerifyBytes(context.Background(), b); !r.PrivateNetwork || verify.NetworkNote(r) == "" {
		t.Error("a report made with the private network on does not say so")
	}
	// The choice outlives the session.
	again := wallet.New(s, wallet.WithVerifiers(verifiers))
	if !again.AllowPrivateNetwork() {
		t.Error("the setting was not kept")
	}
	if err := again.SetAllowPrivateNetwork(false); err != nil {
		t.Fatal(err)
	}
	if r := again.VerifyBytes(context.Background(), b); r.PrivateNetwork {
		t.Error("turning the setting off did not take effect")
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []bool{false, true, true, false}; len(made) != len(want) || made[0] || !made[1] || !made[2] || made[3] {
		t.Errorf("verifiers made for %v, want %v", made, want)
	}
}

// The offline choice is kept, and the verifier is made again for it.
func TestOfflineSetting(t *testing.T) {
	s := wallettest.NewStore()
	var last wallet.NetChoice
	verifiers := func(c wallet.NetChoice) *verify.Verifier { last = c; return &verify.Verifier{} }
	w := wallet.New(s, wallet.WithVerifiers(verifiers))
	if w.Offline() || last.Offline {
		t.Fatal("a new wallet is offline")
	}
	if err := w.SetOffline(true); err != nil {
		t.Fatal(err)
	}
	if !last.Offline {
		t.Error("the verifier was not made again offline")
	}
	wallet.New(s, wallet.WithVerifiers(verifiers))
	if !last.Offline {
		t.Error("the choice was not kept")
	}
}
