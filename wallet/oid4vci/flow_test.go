package oid4vci_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
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
	bound := oid4vcitest.IssuedTo(t, badge)
	unbound := false
	is := oid4vcitest.Start(t, func(holderDID, id string) []byte {
		if unbound {
			return badge // issued to an e-mail address, not to the key that proved possession
		}
		return bound(holderDID, id)
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

// TestReceiveAuthorized: the authorization code flow against the loopback
// issuer — the sign-in page (opened as a browser would) sends the code back
// to the wallet's loopback port, the PKCE verifier proves the wallet asked,
// and the credential is issued to the learner's DID. A page that answers
// with an error is the issuer's refusal.
func TestReceiveAuthorized(t *testing.T) {
	badge, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	is := oid4vcitest.Start(t, oid4vcitest.IssuedTo(t, badge))
	client := fetch.NewClient(is.Options())
	key, _ := holder.Generate()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, err := oid4vci.ParseLink(is.AuthorizationOffer())
	if err != nil {
		t.Fatal(err)
	}
	m, err := oid4vci.FetchIssuerMetadata(ctx, client, l.Offer.CredentialIssuer)
	if err != nil {
		t.Fatal(err)
	}
	var opened string
	creds, err := oid4vci.ReceiveAuthorized(ctx, client, l.Offer, m, key, func(page string) error {
		opened = page
		return is.Browser(page)
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 1 || len(is.Holders) != 1 || is.Holders[0] != key.DID() {
		t.Fatalf("%d credentials, issued to %v", len(creds), is.Holders)
	}
	if !strings.Contains(opened, "code_challenge_method=S256") || !strings.Contains(opened, "issuer_state=s-1") || strings.Contains(opened, "code_verifier") {
		t.Errorf("the sign-in page asked: %s", opened)
	}
	// No answer in time: the flow gives up, saying so.
	short, stop := context.WithTimeout(ctx, 200*time.Millisecond)
	defer stop()
	_, err = oid4vci.ReceiveAuthorized(short, client, l.Offer, m, key, func(string) error { return nil }, time.Now())
	var e *oid4vci.Error
	if !errors.As(err, &e) || e.Code != oid4vci.Unreachable {
		t.Errorf("no answer: %v", err)
	}
}
