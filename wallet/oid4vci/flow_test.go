package oid4vci_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// TestReceivePreAuthorized: an offer with a transaction code, received
// from a loopback issuer that checks the proof of possession: the
// credential is issued to the learner's DID; a wrong transaction code is
// the issuer's refusal, in its code and words.
func TestReceivePreAuthorized(t *testing.T) {
	badge, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer := wallettest.NewKeyIssuer(priv)
	unbound := false
	is := oid4vcitest.Start(t, func(holderDID, _ string) []byte {
		if unbound {
			return badge // issued to an e-mail address, not to the key that proved possession
		}
		var doc map[string]any
		if err := json.Unmarshal(badge, &doc); err != nil {
			t.Fatal(err)
		}
		delete(doc, "proof")
		doc["issuer"].(map[string]any)["id"] = signer.DID
		doc["credentialSubject"].(map[string]any)["id"] = holderDID
		b, _ := json.Marshal(signer.Sign(t, doc, "2026-12-01T00:00:00Z"))
		return b
	})
	client := fetch.NewClient(is.Options())
	key, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	l, err := oid4vci.ParseLink(is.Offer())
	if err != nil {
		t.Fatal(err)
	}
	o, err := oid4vci.Resolve(ctx, client, l)
	if err != nil {
		t.Fatal(err)
	}
	m, err := oid4vci.FetchIssuerMetadata(ctx, client, o.CredentialIssuer)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name("en") != "Loopback University" {
		t.Errorf("issuer name %q", m.Name("en"))
	}
	_, err = oid4vci.ReceivePreAuthorized(ctx, client, o, m, key, "000000", time.Now())
	var e *oid4vci.Error
	if !errors.As(err, &e) || e.Code != oid4vci.Refused || e.OAuth == nil || e.OAuth.Code != "invalid_grant" || e.OAuth.Description != "wrong transaction code" {
		t.Fatalf("a wrong transaction code: %v", err)
	}
	creds, err := oid4vci.ReceivePreAuthorized(ctx, client, o, m, key, oid4vcitest.TxCode, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 1 || !json.Valid(creds[0]) || len(is.Holders) != 1 || is.Holders[0] != key.DID() {
		t.Fatalf("%d credentials, issued to %v, want %s", len(creds), is.Holders, key.DID())
	}
	// A credential issued to someone else than the key that proved
	// possession is refused.
	unbound = true
	if _, err := oid4vci.ReceivePreAuthorized(ctx, client, o, m, key, oid4vcitest.TxCode, time.Now()); !errors.As(err, &e) || e.Code != oid4vci.NotBound {
		t.Errorf("an unbound credential: %v", err)
	}
}
