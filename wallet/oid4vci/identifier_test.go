package oid4vci

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// recorder is a Network that answers nonces and credential requests from
// memory and keeps the credential requests' bodies.
type recorder struct {
	did      string
	requests []map[string]any
}

func (r *recorder) Get(context.Context, string, ...string) (*fetch.Response, error) {
	return nil, fetch.ErrOffline
}

func (r *recorder) Post(_ context.Context, u, _ string, body []byte, _ http.Header, _ ...string) (*fetch.Response, error) {
	if u == "https://issuer.example/nonce" {
		return &fetch.Response{Status: 200, Body: []byte(`{"c_nonce":"n"}`)}, nil
	}
	var req map[string]any
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, err
	}
	delete(req, "proofs")
	r.requests = append(r.requests, req)
	cred, _ := json.Marshal(map[string]any{"credential": map[string]any{
		"@context":          []string{"https://www.w3.org/ns/credentials/v2"},
		"type":              []string{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            "did:example:issuer",
		"credentialSubject": map[string]any{"id": r.did},
	}})
	return &fetch.Response{Status: 200, Body: []byte(`{"credentials":[` + string(cred) + `]}`)}, nil
}

// TestCredentialIdentifiers: when the token response gives
// authorization_details with credential_identifiers, each credential is
// asked for by one of them, never by credential_configuration_id
// (OpenID4VCI 1.0 section 8.2); without them, by credential_configuration_id.
func TestCredentialIdentifiers(t *testing.T) {
	key, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	m := &IssuerMetadata{CredentialIssuer: "https://issuer.example",
		CredentialEndpoint: "https://issuer.example/credential", NonceEndpoint: "https://issuer.example/nonce"}
	o := &Offer{CredentialIssuer: m.CredentialIssuer, ConfigurationIDs: []string{"ldp", "jwt"}}
	var tok Token
	if err := decodeStrict([]byte(`{"access_token":"a","token_type":"Bearer","authorization_details":[
		{"type":"openid_credential","credential_configuration_id":"jwt","credential_identifiers":["jwt-1"]},
		{"type":"openid_credential","credential_configuration_id":"ldp","credential_identifiers":["ldp-1","ldp-2"]}]}`), &tok); err != nil {
		t.Fatal(err)
	}
	n := &recorder{did: key.DID()}
	got, err := issue(context.Background(), n, o, m, key, &tok, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"credential_identifier": "ldp-1"}, {"credential_identifier": "ldp-2"}, {"credential_identifier": "jwt-1"}}
	if len(got) != 3 || !reflect.DeepEqual(n.requests, want) {
		t.Errorf("%d credentials, requests %v, want %v", len(got), n.requests, want)
	}

	n = &recorder{did: key.DID()}
	if _, err := issue(context.Background(), n, o, m, key, &Token{AccessToken: "a", TokenType: "Bearer"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	want = []map[string]any{{"credential_configuration_id": "ldp"}, {"credential_configuration_id": "jwt"}}
	if !reflect.DeepEqual(n.requests, want) {
		t.Errorf("without authorization_details: requests %v, want %v", n.requests, want)
	}
}
