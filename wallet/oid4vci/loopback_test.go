package oid4vci

import (
	"context"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// TestLoopbackIssuer reads an offer by reference and its issuer's metadata
// from a real HTTPS server on loopback, through the wallet's one network
// client; the same client, held to public addresses, refuses it.
func TestLoopbackIssuer(t *testing.T) {
	var base string // https://example.com:PORT, which the test certificate covers
	mux := http.NewServeMux()
	serve := func(doc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(strings.ReplaceAll(doc, "https://issuer.example", base)))
		}
	}
	mux.HandleFunc("/offers/1", serve(goodOffer))
	mux.HandleFunc("/.well-known/openid-credential-issuer/edu", serve(goodMetadata))
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	base = "https://example.com:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	lookup := func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	client := func(scope fetch.Scope) *fetch.Client {
		return fetch.NewClient(fetch.ClientOptions{Scope: scope, RootCAs: roots, LookupIP: lookup})
	}
	ctx := context.Background()
	l, err := ParseLink(Scheme + "://?credential_offer_uri=" + url.QueryEscape(base+"/offers/1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(ctx, client(fetch.Public), l); !hasCode(err, Unreachable) {
		t.Errorf("an offer on this computer, without the private network allowed: %v", err)
	}
	o, err := Resolve(ctx, client(fetch.PublicAndPrivate), l)
	if err != nil {
		t.Fatal(err)
	}
	if o.CredentialIssuer != base+"/edu" {
		t.Fatalf("offer from %s", o.CredentialIssuer)
	}
	m, err := FetchIssuerMetadata(ctx, client(fetch.PublicAndPrivate), o.CredentialIssuer)
	if err != nil {
		t.Fatal(err)
	}
	if configs, err := m.Offered(o); err != nil || len(configs) != 2 {
		t.Errorf("offered: %v, %v", configs, err)
	}
	// Metadata that names another issuer than the one asked is refused.
	if _, err := FetchIssuerMetadata(ctx, client(fetch.PublicAndPrivate), "https://127.0.0.1:"+srv.URL[strings.LastIndex(srv.URL, ":")+1:]+"/edu"); !hasCode(err, WrongIssuer) {
		t.Errorf("metadata naming another issuer than the one asked: %v", err)
	}
}
