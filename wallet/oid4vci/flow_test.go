package oid4vci_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
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
	if !errors.As(err, &e) || e.Code != oid4vci.SignInTimeout {
		t.Errorf("no answer: %v", err)
	}
}

// TestReceiveFormats: one offer of both formats the wallet keeps, read
// with Propose — an ldp_vc credential (its proof in it) and a jwt_vc_json
// one (a VCDM 1.1 credential in a JWT's vc claim), both issued to the
// learner's DID. A credential in another format than its configuration
// names is refused, and so is an offer of a format the wallet cannot keep.
func TestReceiveFormats(t *testing.T) {
	badge, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	issued := oid4vcitest.IssuedTo(t, badge)
	swap := false
	is := oid4vcitest.Start(t, func(holderDID, id string) []byte {
		if swap { // each configuration gets the other's format
			id = map[string]string{oid4vcitest.LDPConfig: oid4vcitest.JWTConfig, oid4vcitest.JWTConfig: oid4vcitest.LDPConfig}[id]
		}
		return issued(holderDID, id)
	})
	client := fetch.NewClient(is.Options())
	key, _ := holder.Generate()
	ctx := context.Background()
	p, err := oid4vci.Propose(ctx, client, is.OfferOf(oid4vcitest.LDPConfig, oid4vcitest.JWTConfig))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Names("en"), ", "); got != "Teamwork badge, Teamwork badge (JWT)" || p.IssuerName("en") != "Loopback University" || p.SignIn() || p.TxCode() == nil {
		t.Errorf("proposal: %s from %s, sign in %v, code %v", got, p.IssuerName("en"), p.SignIn(), p.TxCode())
	}
	creds, err := p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 2 || creds[0][0] != '{' || strings.Count(string(creds[1]), ".") != 2 {
		t.Fatalf("received %q", creds)
	}
	for _, c := range creds {
		parsed, err := credential.Parse(c)
		if err != nil || parsed.Summary.RecipientID != key.DID() {
			t.Errorf("%v, issued to %v", err, parsed)
		}
	}
	if parsed, _ := credential.Parse(creds[1]); parsed.JWT == nil || parsed.JWT.Layout != credential.LayoutVCClaim {
		t.Errorf("the jwt_vc_json credential: %+v", parsed.JWT)
	}
	swap = true
	var e *oid4vci.Error
	if _, err := p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now()); !errors.As(err, &e) || e.Code != oid4vci.WrongFormat {
		t.Errorf("a credential in the wrong format: %v", err)
	}
	if _, err := oid4vci.Propose(ctx, client, is.OfferOf(oid4vcitest.LDPConfig, oid4vcitest.SDJWTConfig)); !errors.As(err, &e) || e.Code != oid4vci.Unsupported {
		t.Errorf("an SD-JWT offered: %v", err)
	}
}

// TestExpiredOffer: once an offer has expired, one by reference is no
// longer there (Gone), and one by value is refused at the token endpoint
// with the issuer's invalid_grant.
func TestExpiredOffer(t *testing.T) {
	badge, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	is := oid4vcitest.Start(t, oid4vcitest.IssuedTo(t, badge))
	client := fetch.NewClient(is.Options())
	key, _ := holder.Generate()
	ctx := context.Background()
	p, err := oid4vci.Propose(ctx, client, is.OfferByReference())
	if err != nil {
		t.Fatal(err)
	}
	is.Expire()
	var e *oid4vci.Error
	if _, err := oid4vci.Propose(ctx, client, is.OfferByReference()); !errors.As(err, &e) || e.Code != oid4vci.Gone {
		t.Errorf("an expired offer by reference: %v", err)
	}
	_, err = p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now())
	if !errors.As(err, &e) || e.Code != oid4vci.Refused || e.OAuth.Code != "invalid_grant" {
		t.Errorf("an expired offer's code: %v", err)
	}
}

// TestIssuerBounds: a stale nonce is asked for anew once; more credentials
// than proofs sent are refused, as are proofs the wallet cannot make.
func TestIssuerBounds(t *testing.T) {
	badge, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	is := oid4vcitest.Start(t, oid4vcitest.IssuedTo(t, badge))
	client := fetch.NewClient(is.Options())
	key, _ := holder.Generate()
	ctx := context.Background()
	p, err := oid4vci.Propose(ctx, client, is.Offer())
	if err != nil {
		t.Fatal(err)
	}
	is.Set(func(is *oid4vcitest.Issuer) { is.StaleNonces = 1 })
	if creds, err := p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now()); err != nil || len(creds) != 1 {
		t.Errorf("a stale nonce once: %d, %v", len(creds), err)
	}
	is.Set(func(is *oid4vcitest.Issuer) { is.StaleNonces = 2 })
	var e *oid4vci.Error
	if _, err := p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now()); !errors.As(err, &e) || e.OAuth == nil || e.OAuth.Code != "invalid_nonce" {
		t.Errorf("a stale nonce twice: %v", err)
	}
	is.Set(func(is *oid4vcitest.Issuer) { is.StaleNonces, is.Copies = 0, 2 })
	if _, err := p.Receive(ctx, client, key, oid4vcitest.TxCode, nil, time.Now()); !errors.As(err, &e) || e.Code != oid4vci.Malformed {
		t.Errorf("two credentials for one proof: %v", err)
	}
	is.Set(func(is *oid4vcitest.Issuer) { is.Copies = 0 })
	if _, err := oid4vci.Propose(ctx, client, is.OfferOf(oid4vcitest.ES256Config)); !errors.As(err, &e) || e.Code != oid4vci.Unsupported {
		t.Errorf("an issuer taking ES256 proofs only: %v", err)
	}
}
