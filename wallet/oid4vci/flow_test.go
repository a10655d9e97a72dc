package oid4vci_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
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
	is := oid4vcitest.Start(t, func(string, string) []byte { return badge })
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
}
