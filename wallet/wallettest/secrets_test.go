package wallettest_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

func TestSecrets(t *testing.T) {
	s := wallettest.NewSecrets()
	if _, err := s.Get("a"); !errors.Is(err, wallet.ErrSecretNotFound) {
		t.Errorf("Get of nothing: %v", err)
	}
	in := []byte{1, 2, 3}
	if err := s.Set("a", in); err != nil {
		t.Fatal(err)
	}
	in[0] = 9
	got, err := s.Get("a")
	if err != nil || !slices.Equal(got, []byte{1, 2, 3}) {
		t.Errorf("Get: %v, %v", got, err)
	}
	got[1] = 9
	if again, _ := s.Get("a"); !slices.Equal(again, []byte{1, 2, 3}) {
		t.Error("changing what Get returned changed the secret")
	}
	s.SetUnavailable(true)
	for name, err := range map[string]error{
		"Get":    func() error { _, err := s.Get("a"); return err }(),
		"Set":    s.Set("b", nil),
		"Delete": s.Delete("a"),
	} {
		if !errors.Is(err, wallet.ErrKeyringUnavailable) {
			t.Errorf("%s while unavailable: %v", name, err)
		}
	}
	s.SetUnavailable(false)
	if a := s.Accounts(); !slices.Equal(a, []string{"a"}) {
		t.Errorf("Accounts %v", a)
	}
	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("a"); err != nil {
		t.Errorf("Delete of nothing: %v", err)
	}
	if _, err := s.Get("a"); !errors.Is(err, wallet.ErrSecretNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
}
