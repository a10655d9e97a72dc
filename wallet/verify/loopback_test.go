package verify_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/status"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// These tests verify credentials end to end over real HTTP: an https
// server on loopback is the issuer's web host (did:web DID document,
// status lists), and the wallet reaches it with the real fetch client,
// as the learner's lw --allow-private-network would: scope
// PublicAndPrivate, the server's certificate trusted through
// ClientOptions.RootCAs, its name resolved through ClientOptions.LookupIP.

// issuerHost is the issuer's host name, which resolves to the loopback
// server; httptest's certificate is valid for *.example.com.
const issuerHost = "issuer.example.com"

// issuerSite is an issuer's web host on issuer.example.com:PORT (that is,
// 127.0.0.1:PORT), publishing the DID did:web:issuer.example.com%3APORT
// with one Ed25519 key, and two status lists: /status/1 by that DID,
// /status/2 by the did:key of the same key. In both, only entry 5 is set
// (revoked).
type issuerSite struct {
	srv    *httptest.Server
	mux    *http.ServeMux
	base   string // https://issuer.example.com:PORT
	did    string // did:web:issuer.example.com%3APORT
	keyDID string // did:key of the same key
	pub    ed25519.PublicKey
	priv   ed25519.PrivateKey
	hits   atomic.Int64 // requests served
}

func newIssuerSite(t *testing.T) *issuerSite {
	t.Helper()
	s := &issuerSite{mux: http.NewServeMux()}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	u, err := url.Parse(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.Host, "127.0.0.1:") {
		t.Fatalf("the test server is at %s, not on 127.0.0.1", u.Host)
	}
	s.base = "https://" + issuerHost + ":" + u.Port()
	s.did = "did:web:" + issuerHost + "%3A" + u.Port()
	if s.pub, s.priv, err = ed25519.GenerateKey(nil); err != nil {
		t.Fatal(err)
	}
	s.keyDID = did.KeyDID(s.pub)
	if got, err := did.WebURL(s.did); err != nil || got != s.base+"/.well-known/did.json" {
		t.Fatalf("WebURL(%s) = %s, %v", s.did, got, err)
	}

	s.serveJSON("/.well-known/did.json", s.didDocument(t, s.did))
	s.serveJSON("/status/1", s.statusList(t, s.did, s.did+"#key", "/status/1"))
	mb := strings.TrimPrefix(s.keyDID, "did:key:")
	s.serveJSON("/status/2", s.statusList(t, s.keyDID, s.keyDID+"#"+mb, "/status/2"))
	return s
}

// serveJSON publishes a document at path.
func (s *issuerSite) serveJSON(path string, doc []byte) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc)
	})
}

// client returns a fetch client that reaches the site: loopback allowed,
// its certificate trusted, its name resolved.
func (s *issuerSite) client(opts fetch.ClientOptions) *fetch.Client {
	site := fetchtest.Options(s.srv, issuerHost)
	opts.Scope, opts.RootCAs, opts.LookupIP = site.Scope, site.RootCAs, site.LookupIP
	return fetch.NewClient(opts)
}

// didDocument is the DID document of id, in Multikey form, listing the
// site's key as id#key for assertionMethod.
func (s *issuerSite) didDocument(t *testing.T, id string) []byte {
	t.Helper()
	mb, err := did.EncodeMultikey(s.pub)
	if err != nil {
		t.Fatal(err)
	}
	return mustMarshal(t, map[string]any{
		"@context": []any{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
		"id":       id,
		"verificationMethod": []any{map[string]any{
			"id": id + "#key", "type": "Multikey", "controller": id, "publicKeyMultibase": mb,
		}},
		"assertionMethod": []any{id + "#key"},
	})
}

// statusList is a signed BitstringStatusListCredential of 16 KB (131,072
// entries) with only entry 5 set.
func (s *issuerSite) statusList(t *testing.T, issuer, method, path string) []byte {
	t.Helper()
	bits := make([]byte, 16<<10)
	bits[0] = 1 << (7 - 5) // entry 5; bit 0 is the first byte's most significant
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(bits)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	list := map[string]any{
		"@context":  []any{"https://www.w3.org/ns/credentials/v2"},
		"id":        s.base + path,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    issuer,
		"validFrom": "2024-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":            s.base + path + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": "revocation",
			"encodedList":   "u" + base64.RawURLEncoding.EncodeToString(z.Bytes()),
		},
	}
	signed, err := di.Sign(list, s.priv, map[string]any{
		"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
		"proofPurpose": "assertionMethod", "verificationMethod": method,
	})
	if err != nil {
		t.Fatal(err)
	}
	return mustMarshal(t, signed)
}

// unsigned is the OB 3.0 example credential (VCDM 2.0) without its proof,
// issued by issuer, with a status entry at index of the list at listPath
// (none when listPath is empty).
func (s *issuerSite) unsigned(t *testing.T, issuer, listPath string, index int) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(example(t, "ob3/validator/simple.json"), &c); err != nil {
		t.Fatal(err)
	}
	delete(c, "proof")
	if got := fmt.Sprint(c["@context"]); got != "[https://www.w3.org/ns/credentials/v2 https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json]" {
		t.Fatalf("simple.json has the contexts %s", got)
	}
	c["issuer"] = map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example Corp"}
	if listPath != "" {
		c["credentialStatus"] = map[string]any{
			"id":                   fmt.Sprintf("%s%s#%d", s.base, listPath, index),
			"type":                 "BitstringStatusListEntry",
			"statusPurpose":        "revocation",
			"statusListIndex":      fmt.Sprint(index),
			"statusListCredential": s.base + listPath,
		}
	}
	return c
}

// credential is unsigned(...) signed with the site's key named as method.
func (s *issuerSite) credential(t *testing.T, issuer, method, listPath string, index int) []byte {
	t.Helper()
	signed, err := di.Sign(s.unsigned(t, issuer, listPath, index), s.priv, map[string]any{
		"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
		"proofPurpose": "assertionMethod", "verificationMethod": method,
	})
	if err != nil {
		t.Fatal(err)
	}
	return mustMarshal(t, signed)
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// learner is the subject of the example credential: the learner these
// verifiers know, so that a report without other notes is plainly valid.
var learner = verify.Identities{DIDs: []string{"did:example:ebfeb1f712ebc6f1c276e12ec21"}}

// reportCheck returns the first check of the report with the given id.
func reportCheck(r verify.Report, id check.ID) (check.Check, bool) {
	for _, c := range r.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return check.Check{}, false
}

// wantReport checks the outcome of a report and the status of checks.
func wantReport(t *testing.T, what string, r verify.Report, want string, checks map[check.ID]check.Status) {
	t.Helper()
	bad := false
	if got := outcome(r); got != want {
		t.Errorf("%s: %s, want %s", what, got, want)
		bad = true
	}
	if r.Valid() != (want == valid || want == validNotes) {
		t.Errorf("%s: Valid() = %v, verdict %s", what, r.Valid(), r.Verdict)
		bad = true
	}
	for id, st := range checks {
		c, ok := reportCheck(r, id)
		if !ok || c.Status != st {
			t.Errorf("%s: %s check %q, want %q", what, id, c.Status, st)
			bad = true
		}
	}
	if bad {
		logReport(t, r)
	}
}

func TestLoopbackDIDWeb(t *testing.T) {
	ctx := context.Background()
	site := newIssuerSite(t)
	good := site.credential(t, site.did, site.did+"#key", "/status/1", 4)
	revokedCred := site.credential(t, site.did, site.did+"#key", "/status/1", 5)
	// The same, issued by the did:key of the key: its signature needs no
	// network, its status does.
	mb := strings.TrimPrefix(site.keyDID, "did:key:")
	keyGood := site.credential(t, site.keyDID, site.keyDID+"#"+mb, "/status/2", 4)
	keyRevoked := site.credential(t, site.keyDID, site.keyDID+"#"+mb, "/status/2", 5)

	cache := &fetch.Memory{}
	fetchedAt := time.Now().UTC().Add(-90 * time.Minute).Truncate(time.Second)
	online := &verify.Verifier{Identities: learner, Fetcher: site.client(fetch.ClientOptions{Cache: cache, Now: func() time.Time { return fetchedAt }})}

	rep := online.Bytes(ctx, good)
	wantReport(t, "online, index 4", rep, valid, map[check.ID]check.Status{
		check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Pass,
		check.Format: check.Pass, check.Schema: check.Pass, check.Validity: check.Pass,
	})
	if c, _ := reportCheck(rep, check.IssuerKey); c.Reason != verify.IssuerKeyListed || c.Args.Who != site.did || c.Detail != site.did+"#key" {
		t.Errorf("the issuer key check does not name the did:web DID: %+v", c)
	}
	if !rep.AsOf.IsZero() || strings.Contains(verify.Headline(rep), "as of") {
		t.Errorf("online, nothing came from the cache, yet: AsOf %v, verdict %q", rep.AsOf, verify.Headline(rep))
	}

	rep = online.Bytes(ctx, revokedCred)
	wantReport(t, "online, index 5", rep, revoked, map[check.ID]check.Status{
		check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Fail,
	})
	if h := verify.Headline(rep); !strings.HasPrefix(h, "Not valid: The issuer has revoked this credential.") {
		t.Errorf("headline %q", h)
	}

	wantReport(t, "did:key online, index 4", online.Bytes(ctx, keyGood), valid, map[check.ID]check.Status{
		check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Pass,
	})
	wantReport(t, "did:key online, index 5", online.Bytes(ctx, keyRevoked), revoked, map[check.ID]check.Status{
		check.Revocation: check.Fail,
	})
	for _, path := range []string{"/.well-known/did.json", "/status/1", "/status/2"} {
		if r, ok, _ := cache.Get(site.base + path); !ok || !r.FetchedAt.Equal(fetchedAt) {
			t.Errorf("the cache has no copy of %s fetched at %v: %+v", path, fetchedAt, r)
		}
	}

	// The issuer's host goes away.
	site.srv.Close()
	hits := site.hits.Load()

	offline := &verify.Verifier{Identities: learner, Fetcher: fetch.NewClient(fetch.ClientOptions{Cache: cache, Offline: true})}
	gone := &verify.Verifier{Identities: learner, Fetcher: site.client(fetch.ClientOptions{Cache: cache, Timeout: 2 * time.Second})}
	for _, c := range []struct {
		name string
		v    *verify.Verifier
	}{{"offline", offline}, {"server gone", gone}} {
		rep := c.v.Bytes(ctx, good)
		wantReport(t, c.name+", index 4", rep, valid, map[check.ID]check.Status{
			check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Pass,
		})
		if !rep.AsOf.Equal(fetchedAt) {
			t.Errorf("%s: AsOf %v, want the first fetch, %v", c.name, rep.AsOf, fetchedAt)
		}
		if h := verify.Headline(rep); !strings.Contains(h, "as of") {
			t.Errorf("%s: the headline does not say as of when: %q", c.name, h)
		}
		if st, _ := reportCheck(rep, check.Revocation); !strings.Contains(verify.Describe(st), "as of") {
			t.Errorf("%s: the revocation check does not say as of when: %q", c.name, verify.Describe(st))
		}
		// What the cached list says still counts.
		rep = c.v.Bytes(ctx, revokedCred)
		wantReport(t, c.name+", index 5", rep, revoked, map[check.ID]check.Status{check.Revocation: check.Fail})
		if h := verify.Headline(rep); !rep.AsOf.Equal(fetchedAt) || !strings.Contains(h, "revoked") || !strings.Contains(h, "as of") {
			t.Errorf("%s, revoked: AsOf %v, want %v; headline %q", c.name, rep.AsOf, fetchedAt, h)
		}
	}
	if n := site.hits.Load(); n != hits {
		t.Errorf("the closed server answered %d more requests", n-hits)
	}

	// Offline with nothing cached: what needs the network is unknown,
	// never failed, never revoked.
	empty := &verify.Verifier{Identities: learner, Fetcher: fetch.NewClient(fetch.ClientOptions{Cache: &fetch.Memory{}, Offline: true})}
	for _, cred := range []struct {
		name string
		data []byte
	}{{"index 4", good}, {"index 5", revokedCred}} {
		rep := empty.Bytes(ctx, cred.data)
		wantReport(t, "empty cache, did:web, "+cred.name, rep, unverifiable, map[check.ID]check.Status{
			check.Signature: check.Unknown, check.Revocation: check.Unknown,
		})
		if _, ok := reportCheck(rep, check.IssuerKey); ok {
			t.Errorf("empty cache: an issuer key check without a key: %+v", rep.Checks)
		}
		sig, _ := reportCheck(rep, check.Signature)
		if sig.Reason != verify.SignatureKeyUnavailable || sig.Args.Cause != verify.CauseOffline {
			t.Errorf("empty cache: %+v should say the key could not be had offline", sig)
		}
		for _, s := range []string{verify.Headline(rep), verify.Describe(sig)} {
			if !strings.Contains(s, "could not be checked") || strings.Contains(s, "forged") || strings.Contains(s, "changed") {
				t.Errorf("empty cache: %q should say the signature could not be checked, not that it is forged", s)
			}
		}
		if rep.Verdict != verify.CouldNotCheck || !rep.AsOf.IsZero() {
			t.Errorf("empty cache: verdict %q, as of %v", rep.Verdict, rep.AsOf)
		}
	}
	for _, cred := range []struct {
		name string
		data []byte
	}{{"index 4", keyGood}, {"index 5", keyRevoked}} {
		rep := empty.Bytes(ctx, cred.data)
		wantReport(t, "empty cache, did:key, "+cred.name, rep, validNotes, map[check.ID]check.Status{
			check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Unknown,
		})
		if h := verify.Headline(rep); rep.Verdict != verify.ValidWithNotes || strings.Contains(h, "revoked") {
			t.Errorf("empty cache, did:key: %q", h)
		}
	}
	if n := site.hits.Load(); n != hits {
		t.Errorf("the closed server answered %d more requests", n-hits)
	}
}

// TestLoopbackBadDIDWeb: DID documents that are missing, of someone else,
// too large, malformed or never finished leave the signature unchecked,
// never passed, and quickly.
func TestLoopbackBadDIDWeb(t *testing.T) {
	ctx := context.Background()
	site := newIssuerSite(t)
	stop := make(chan struct{})
	// Before the site's Cleanup closes the server, which waits for the
	// hanging handler.
	t.Cleanup(func() { close(stop) })

	// did:web:issuer.example.com%3APORT:<name> is at https://issuer.example.com:PORT/<name>/did.json.
	sub := func(name string) string { return site.did + ":" + name }
	// "missing" is not served: 404.
	site.serveJSON("/other/did.json", site.didDocument(t, site.did)) // the document of another DID
	huge := site.didDocument(t, sub("huge"))
	huge = append(huge[:len(huge)-1], []byte(`,"padding":"`+strings.Repeat("x", fetch.DefaultMaxBytes)+`"}`)...)
	site.serveJSON("/huge/did.json", huge)
	chunked := site.didDocument(t, sub("huge-chunked"))
	site.mux.HandleFunc("/huge-chunked/did.json", func(w http.ResponseWriter, r *http.Request) {
		doc := chunked
		w.Write(doc[:len(doc)-1])
		w.Write([]byte(`,"padding":"`))
		for range fetch.DefaultMaxBytes / 1024 {
			if _, err := w.Write(bytes.Repeat([]byte("x"), 1024)); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
		w.Write([]byte(`x"}`))
	})
	site.serveJSON("/garbage/did.json", []byte("<html><body>Not found</body></html>"))
	site.mux.HandleFunc("/slow/did.json", func(w http.ResponseWriter, r *http.Request) {
		select { // until the client gives up
		case <-r.Context().Done():
		case <-stop:
		case <-time.After(10 * time.Second):
		}
	})
	site.mux.HandleFunc("/trickle/did.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-stop:
		case <-time.After(10 * time.Second):
		}
	})

	const timeout = 300 * time.Millisecond
	v := &verify.Verifier{Identities: learner, Fetcher: site.client(fetch.ClientOptions{Timeout: timeout, Cache: &fetch.Memory{}})}
	start := time.Now()
	for _, name := range []string{"missing", "other", "huge", "huge-chunked", "garbage", "slow", "trickle"} {
		t.Run(name, func(t *testing.T) {
			id := sub(name)
			data := site.credential(t, id, id+"#key", "", 0)
			began := time.Now()
			rep := v.Bytes(ctx, data)
			took := time.Since(began)
			if rep.Valid() || rep.Verdict != verify.CouldNotCheck {
				t.Errorf("verdict %q", rep.Verdict)
				logReport(t, rep)
			}
			for _, c := range rep.Checks {
				if (c.ID == check.Signature || c.ID == check.IssuerKey) && c.Status == check.Pass {
					t.Errorf("%s passed: %s", c.ID, verify.Describe(c))
				}
			}
			if sig, _ := reportCheck(rep, check.Signature); sig.Status != check.Unknown || !strings.Contains(verify.Describe(sig), "could not be checked") {
				t.Errorf("signature check %q: %s", sig.Status, verify.Describe(sig))
			}
			if took > timeout+2*time.Second {
				t.Errorf("verification took %v with a %v timeout", took, timeout)
			}
			t.Logf("%v: %s", took.Round(time.Millisecond), verify.Headline(rep))
		})
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("all took %v", took)
	}

	// The same key at the site's own DID verifies, so the failures above
	// are the documents' doing.
	rep := v.Bytes(ctx, site.credential(t, site.did, site.did+"#key", "", 0))
	wantReport(t, "control", rep, valid, map[check.ID]check.Status{check.Signature: check.Pass, check.IssuerKey: check.Pass})
}

// TestLoopbackJWT: a VC-JWT whose kid is the issuer's did:web key, fetched
// over real HTTP.
func TestLoopbackJWT(t *testing.T) {
	ctx := context.Background()
	site := newIssuerSite(t)
	sign := func(kid string, index int) []byte {
		t.Helper()
		c := site.unsigned(t, site.did, "/status/1", index)
		c["iss"] = site.did
		c["jti"] = c["id"]
		c["nbf"] = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Unix() // validFrom
		h := jws.NewHeaders()
		if err := h.Set(jws.KeyIDKey, kid); err != nil {
			t.Fatal(err)
		}
		h.Set(jws.TypeKey, "vc+jwt")
		tok, err := jws.Sign(mustMarshal(t, c), jws.WithKey(jwa.EdDSA, site.priv, jws.WithProtectedHeaders(h)))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	v := &verify.Verifier{Identities: learner, Fetcher: site.client(fetch.ClientOptions{Cache: &fetch.Memory{}})}

	tok := sign(site.did+"#key", 4)
	if p, err := credential.Parse(tok); err != nil || p.Format != credential.FormatJWT || p.Kind != credential.KindOB3 {
		t.Fatalf("the token parses as %+v, %v", p, err)
	}
	rep := v.Bytes(ctx, tok)
	wantReport(t, "VC-JWT", rep, valid, map[check.ID]check.Status{
		check.Signature: check.Pass, check.IssuerKey: check.Pass, check.Revocation: check.Pass,
		check.Schema: check.Pass, check.Validity: check.Pass,
	})
	if c, _ := reportCheck(rep, check.IssuerKey); !strings.Contains(c.Detail, "DID document") {
		t.Errorf("the key was not confirmed through the DID document: %+v", c)
	}
	if c, _ := reportCheck(rep, check.Signature); !strings.Contains(c.Args.Suite, "EdDSA") || c.Detail != "kid "+site.did+"#key" {
		t.Errorf("signature check %+v", c)
	}

	wantReport(t, "VC-JWT, index 5", v.Bytes(ctx, sign(site.did+"#key", 5)), revoked, map[check.ID]check.Status{
		check.Signature: check.Pass, check.Revocation: check.Fail,
	})

	// A key the DID document does not list is not the issuer's.
	rep = v.Bytes(ctx, sign(site.did+"#other", 4))
	if rep.Valid() {
		t.Errorf("a kid the DID document does not list verified")
		logReport(t, rep)
	}
	if c, _ := reportCheck(rep, check.Signature); c.Status == check.Pass {
		t.Errorf("signature check passed with an unlisted kid: %+v", c)
	}
}

// TestLoopbackRedirects: an issuer's site that sends the wallet on, to the
// cloud metadata service, to "any address" (this computer), to plain
// http, or through more than three hops, gets nothing fetched there: the
// key is not had, and the report says the address was refused.
func TestLoopbackRedirects(t *testing.T) {
	ctx := context.Background()
	site := newIssuerSite(t)
	port := strings.TrimPrefix(site.base, "https://"+issuerHost+":")
	redirect := func(from, to string) {
		site.mux.HandleFunc(from, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, to, http.StatusFound)
		})
	}
	redirect("/metadata/did.json", "https://169.254.169.254/latest/meta-data/did.json")
	redirect("/mapped/did.json", "https://[::ffff:169.254.169.254]/did.json")
	redirect("/any/did.json", "https://0.0.0.0:"+port+"/.well-known/did.json")
	redirect("/plain/did.json", "http://"+issuerHost+":"+port+"/.well-known/did.json")
	// Four hops, each on the site, the last to the document.
	site.serveJSON("/hops/did.json", site.didDocument(t, site.did+":hops"))
	redirect("/far/did.json", site.base+"/hop/1")
	redirect("/hop/1", site.base+"/hop/2")
	redirect("/hop/2", site.base+"/hop/3")
	redirect("/hop/3", site.base+"/hops/did.json")
	// Three hops are followed.
	site.serveJSON("/doc/three.json", site.didDocument(t, site.did+":three"))
	redirect("/three/did.json", site.base+"/hop/a")
	redirect("/hop/a", site.base+"/hop/b")
	redirect("/hop/b", site.base+"/doc/three.json")

	v := &verify.Verifier{Identities: learner, Fetcher: site.client(fetch.ClientOptions{Timeout: 2 * time.Second})}
	for name, cause := range map[string]string{
		"metadata": verify.CauseRefused, "mapped": verify.CauseRefused, "any": verify.CauseRefused,
		"plain": verify.CauseNotHTTPS, "far": verify.CauseRefused,
	} {
		t.Run(name, func(t *testing.T) {
			id := site.did + ":" + name
			rep := v.Bytes(ctx, site.credential(t, id, id+"#key", "", 0))
			sig, _ := reportCheck(rep, check.Signature)
			if rep.Verdict != verify.CouldNotCheck || sig.Reason != verify.SignatureKeyUnavailable || sig.Args.Cause != cause {
				logReport(t, rep)
				t.Errorf("verdict %s, signature %s/%s; want could-not-check, %s/%s", rep.Verdict, sig.Reason, sig.Args.Cause, verify.SignatureKeyUnavailable, cause)
			}
		})
	}
	// A document three redirects away on the issuer's site is fetched.
	id := site.did + ":three"
	rep := v.Bytes(ctx, site.credential(t, id, id+"#key", "", 0))
	wantReport(t, "three redirects", rep, valid, map[check.ID]check.Status{check.Signature: check.Pass, check.IssuerKey: check.Pass})
}

// TestLoopbackRebinding: the issuer's name resolves to its site for the
// DID document, then to the cloud metadata service for the status list.
// The address is checked on every connection, so the second is refused.
func TestLoopbackRebinding(t *testing.T) {
	ctx := context.Background()
	site := newIssuerSite(t)
	site.srv.Config.SetKeepAlivesEnabled(false) // a connection per request, so a lookup per request
	var lookups atomic.Int32
	opts := fetchtest.Options(site.srv, issuerHost)
	opts.LookupIP = func(_ context.Context, host string) ([]netip.Addr, error) {
		if host != issuerHost {
			return nil, errors.New("no such host")
		}
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	}
	v := &verify.Verifier{Identities: learner, Fetcher: fetch.NewClient(opts)}
	rep := v.Bytes(ctx, site.credential(t, site.did, site.did+"#key", "/status/1", 5))
	rev, _ := reportCheck(rep, check.Revocation)
	if sig, _ := reportCheck(rep, check.Signature); sig.Status != check.Pass {
		t.Errorf("the DID document, fetched at the first address: %s", verify.Describe(sig))
	}
	if rev.Reason != verify.RevocationUnknown || rev.Args.Cause != string(status.CauseRefused) {
		logReport(t, rep)
		t.Errorf("revocation %s/%s, want unknown, refused", rev.Reason, rev.Args.Cause)
	}
	if n := lookups.Load(); n != 2 {
		t.Errorf("%d lookups, want 2", n)
	}
}
