package wallet_test

import (
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

func TestKitOffer(t *testing.T) {
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "kitoffer"))
	if ok, err := w.ShouldOfferKit(); err != nil || ok {
		t.Fatalf("an empty wallet: offer = %v, %v", ok, err)
	}
	if r := w.ImportBytes("badge.json", mustRead(t, "badge-teamwork-signed.json")); r.Status != wallet.Imported {
		t.Fatalf("import: %+v", r)
	}
	if ok, err := w.ShouldOfferKit(); err != nil || !ok {
		t.Fatalf("first credential, no kit: offer = %v, %v", ok, err)
	}
	if w.KitOffered() {
		t.Fatal("offered before it was")
	}
	if err := w.MarkKitOffered(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.ShouldOfferKit(); ok || !w.KitOffered() {
		t.Fatal("the offer is repeated")
	}

	w2 := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "kitoffer"))
	if _, _, err := w2.NewRecoveryKit(); err != nil {
		t.Fatal(err)
	}
	w2.ImportBytes("badge.json", mustRead(t, "badge-teamwork-signed.json"))
	if ok, err := w2.ShouldOfferKit(); err != nil || ok {
		t.Fatalf("a wallet with a kit: offer = %v, %v", ok, err)
	}
}
