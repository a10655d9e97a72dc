package ob2_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
)

// httpFetcher is a minimal fetch.Fetcher over an http.Client, for loopback
// servers (the real client lives in wallet/fetch).
type httpFetcher struct{ c *http.Client }

func (f httpFetcher) Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", strings.Join(accept, ", "))
	resp, err := f.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &fetch.StatusError{URL: url, Code: resp.StatusCode}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return &fetch.Response{URL: resp.Request.URL.String(), Body: b, FetchedAt: time.Now()}, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// hostedBadge is a hosted assertion at base+path awarding base's badge.
func hostedBadge(base, path string) map[string]any {
	return map[string]any{
		"@context":     "https://w3id.org/openbadges/v2",
		"type":         "Assertion",
		"id":           base + path,
		"recipient":    map[string]any{"type": "email", "hashed": false, "identity": "learner@example.org"},
		"badge":        base + "/class.json",
		"issuedOn":     "2020-01-01T00:00:00Z",
		"verification": map[string]any{"type": "hosted"},
	}
}

// issuerSite serves an issuer's badge class and profile, and hosted
// assertions that misbehave in the ways a real site does.
func issuerSite(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := srv.URL
		w.Header().Set("Content-Type", "application/ld+json")
		switch r.URL.Path {
		case "/class.json":
			_, _ = w.Write(mustJSON(map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
				"id": base + "/class.json", "name": "Loopback badge", "description": "d", "criteria": base + "/criteria",
				"image": base + "/image.png", "issuer": base + "/issuer.json"}))
		case "/issuer.json":
			_, _ = w.Write(mustJSON(map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "Issuer",
				"id": base + "/issuer.json", "name": "Loopback College", "url": base, "email": "registrar@example.org"}))
		case "/ok.json":
			_, _ = w.Write(mustJSON(hostedBadge(base, "/ok.json")))
		case "/revoked.json":
			a := hostedBadge(base, "/revoked.json")
			a["revoked"], a["revocationReason"] = true, "awarded in error"
			_, _ = w.Write(mustJSON(a))
		case "/changed.json":
			a := hostedBadge(base, "/changed.json")
			a["recipient"] = map[string]any{"type": "email", "hashed": false, "identity": "someone-else@example.org"}
			_, _ = w.Write(mustJSON(a))
		case "/gone.json":
			w.WriteHeader(http.StatusGone)
		case "/broken.json":
			w.WriteHeader(http.StatusInternalServerError)
		case "/malformed.json":
			_, _ = w.Write([]byte("<html><body>Our new site is coming soon!</body></html>"))
		case "/slow.json":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHostedLoopback checks hosted verification against a real HTTP server.
func TestHostedLoopback(t *testing.T) {
	srv := issuerSite(t)
	f := httpFetcher{srv.Client()}
	tests := []struct {
		path    string
		verdict string
		mark    string
	}{
		{"/ok.json", "valid", "Signature:pass"},
		{"/missing.json", "invalid", "Signature:fail"},
		{"/gone.json", "invalid", "Revocation:fail"},
		{"/revoked.json", "invalid", "Revocation:fail"},
		{"/changed.json", "invalid", "Signature:fail"},
		{"/malformed.json", "invalid", "Signature:fail"},
		{"/broken.json", "unknown", "Signature:unknown"},
		{"/slow.json", "unknown", "Signature:unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			res := ob2.Verify(ctx, mustJSON(hostedBadge(srv.URL, tt.path)), ob2.Options{Fetcher: f, Now: now})
			if testing.Verbose() {
				t.Logf("%s\n%s", res.Verdict(), dump(res))
			}
			if got := res.Verdict(); got != tt.verdict || !has(res, tt.mark) {
				t.Errorf("verdict %s, want %s with %s\n%s", got, tt.verdict, tt.mark, dump(res))
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
}

// TestHostedOffline: without a network the badge is unknown, never invalid.
func TestHostedOffline(t *testing.T) {
	in := mustJSON(hostedBadge("https://issuer.example", "/ok.json"))
	for _, f := range []fetch.Fetcher{nil, fetch.Nowhere{}} {
		res := ob2.Verify(context.Background(), in, ob2.Options{Fetcher: f, Now: now})
		if res.Verdict() != "unknown" || !has(res, "Signature:unknown") {
			t.Errorf("offline: %s\n%s", res.Verdict(), dump(res))
		}
		for _, c := range res.Checks {
			if c.ID == check.Signature && c.Args.Cause != ob2.CauseOffline {
				t.Errorf("%+v does not say the wallet is offline", c)
			}
		}
	}
}

// cached serves every document from a cache filled at a fixed time.
type cached struct{ fetch.Map }

func (c *cached) Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error) {
	r, err := c.Map.Get(ctx, url, accept...)
	if r != nil {
		r.FromCache = true
	}
	return r, err
}

func TestAsOf(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	f := &cached{fetch.Map{Docs: corpusFetcher(t).Docs, At: at}}
	in := input(t, "basic-assertion.json")
	f.Docs["https://example.org/beths-robotics-badge.json"] = in
	res := ob2.Verify(context.Background(), in, ob2.Options{Fetcher: f, Now: now})
	if res.Verdict() != "valid" || !res.AsOf.Equal(at) {
		t.Errorf("verdict %s, AsOf %v", res.Verdict(), res.AsOf)
	}
}

// TestOB11Hosted: a 1.1 assertion is found at its verify.url, with a uid
// instead of an id and its issue date in seconds.
func TestOB11Hosted(t *testing.T) {
	a := []byte(`{"@context": "https://w3id.org/openbadges/v1", "type": "Assertion", "uid": "abc-123",
	  "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
	  "badge": "https://example.org/robotics-badge.json", "issuedOn": 1483228799,
	  "verify": {"type": "hosted", "url": "https://example.org/assertions/abc-123.json"}}`)
	f := corpusFetcher(t)
	f.Docs["https://example.org/assertions/abc-123.json"] = a
	res := ob2.Verify(context.Background(), a, ob2.Options{Fetcher: f, Now: now})
	if res.Verdict() != "valid" || !has(res, "Hosting:pass") || !has(res, "Signature:pass") {
		t.Errorf("%s\n%s", res.Verdict(), dump(res))
	}
}
