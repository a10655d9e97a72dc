package did

import (
	"errors"
	"net/url"
	"path"
	"strings"
	"testing"
)

// webURLs are did:web DIDs and their documents' addresses, or why they
// are refused; they also seed FuzzWebURL.
var webURLs = []struct {
	did     string
	url     string     // when accepted
	problem WebProblem // when refused
}{
	{did: "did:web:example.com", url: "https://example.com/.well-known/did.json"},
	{did: "did:web:example.com%3A8443", url: "https://example.com:8443/.well-known/did.json"},
	{did: "did:web:example.com%3a8443", url: "https://example.com:8443/.well-known/did.json"},
	{did: "did:web:example.com%3A1", url: "https://example.com:1/.well-known/did.json"},
	{did: "did:web:example.com%3A65535", url: "https://example.com:65535/.well-known/did.json"},
	{did: "did:web:example.com:issuers:123", url: "https://example.com/issuers/123/did.json"},
	{did: "did:web:example.com%3a8443:user:alice", url: "https://example.com:8443/user/alice/did.json"},
	{did: "did:web:w3c-ccg.github.io:user:alice", url: "https://w3c-ccg.github.io/user/alice/did.json"},
	{did: "did:web:digitalcredentials.github.io:dcc-did-web", url: "https://digitalcredentials.github.io/dcc-did-web/did.json"},
	{did: "did:web:Example.COM:Issuers", url: "https://example.com/Issuers/did.json"},
	{did: "did:web:xn--bcher-kva.example", url: "https://xn--bcher-kva.example/.well-known/did.json"},
	{did: "did:web:localhost%3A8443", url: "https://localhost:8443/.well-known/did.json"}, // a name: the fetch policy decides
	{did: "did:web:example.com:a_b~c.d-e:...", url: "https://example.com/a_b~c.d-e/.../did.json"},
	{did: "did:web:a.b-c.d1", url: "https://a.b-c.d1/.well-known/did.json"},
	{did: "did:web:" + strings.Repeat("a", 63) + ".example", url: "https://" + strings.Repeat("a", 63) + ".example/.well-known/did.json"},

	{did: "did:web:", problem: NotDIDWeb},
	{did: "did:key:z6Mk", problem: NotDIDWeb},
	{did: "DID:WEB:example.com", problem: NotDIDWeb},
	{did: "web:example.com", problem: NotDIDWeb},

	// Another host than the one named.
	{did: "did:web:www.harvard.edu%40spoof.example", problem: PercentEscape},
	{did: "did:web:www.harvard.edu@spoof.example", problem: ForbiddenChar},
	{did: "did:web:user@example.com", problem: ForbiddenChar},
	{did: "did:web:user%3Apass@example.com", problem: ForbiddenChar},
	{did: "did:web:example.com%2Fevil.example", problem: PercentEscape},
	{did: "did:web:example.com%2fevil.example", problem: PercentEscape},
	{did: "did:web:example.com/x", problem: ForbiddenChar},
	{did: "did:web:example.com\\evil.example", problem: ForbiddenChar},
	{did: "did:web:example.com%5Cevil.example", problem: PercentEscape},
	{did: "did:web:example.com?x=1", problem: ForbiddenChar},
	{did: "did:web:example.com%3Fx", problem: PercentEscape},
	{did: "did:web:example.com#key-1", problem: ForbiddenChar},
	{did: "did:web:example.com%23x", problem: PercentEscape},
	{did: "did:web:example.com%3A443%40evil.example", problem: PercentEscape},
	{did: "did:web:example.com%3A443@evil.example", problem: ForbiddenChar},
	{did: "did:web:example.com%", problem: PercentEscape},
	{did: "did:web:example.com%3", problem: PercentEscape},
	{did: "did:web:example%2Ecom", problem: PercentEscape},
	{did: "did:web:ex%61mple.com", problem: PercentEscape},
	{did: "did:web:example.com ", problem: ForbiddenChar},
	{did: "did:web:example.com\tx", problem: ForbiddenChar},
	{did: "did:web:example.com\n", problem: ForbiddenChar},
	{did: "did:web:example.com\u00a0", problem: ForbiddenChar},
	{did: "did:web:example.com\x00.evil", problem: ForbiddenChar},

	// Paths that climb or hide.
	{did: "did:web:example.com:%2E%2E:admin", problem: PercentEscape},
	{did: "did:web:example.com:..:admin", problem: BadPathSegment},
	{did: "did:web:example.com:.", problem: BadPathSegment},
	{did: "did:web:example.com::a", problem: BadPathSegment},
	{did: "did:web:example.com:", problem: BadPathSegment},
	{did: "did:web:example.com:a%2Fb", problem: PercentEscape},
	{did: "did:web:example.com:a%3Ab", problem: PercentEscape},
	{did: "did:web:example.com:a+b", problem: BadPathSegment},
	{did: "did:web:example.com:a;b", problem: BadPathSegment},
	{did: "did:web:example.com:caf\u00e9", problem: BadPathSegment},

	// Hosts that are no DNS name.
	{did: "did:web:%3A443", problem: BadHost},
	{did: "did:web::a", problem: BadHost},
	{did: "did:web:-example.com", problem: BadHost},
	{did: "did:web:example-.com", problem: BadHost},
	{did: "did:web:example..com", problem: BadHost},
	{did: "did:web:example.com.", problem: BadHost},
	{did: "did:web:.example.com", problem: BadHost},
	{did: "did:web:ex_ample.com", problem: BadHost},
	{did: "did:web:b\u00fccher.example", problem: BadHost},
	{did: "did:web:" + strings.Repeat("a", 64) + ".example", problem: BadHost},
	{did: "did:web:" + strings.Repeat("a.", 126) + "ab", problem: BadHost}, // 254 characters

	// IP addresses.
	{did: "did:web:127.0.0.1", problem: IPHost},
	{did: "did:web:127.0.0.1%3A8443", problem: IPHost},
	{did: "did:web:169.254.169.254", problem: IPHost},
	{did: "did:web:10.0.0.1:a", problem: IPHost},
	{did: "did:web:[::1]", problem: IPHost},
	{did: "did:web:[::1]%3A443", problem: IPHost},
	{did: "did:web:%5B::1%5D", problem: PercentEscape},
	{did: "did:web:127.1", problem: IPHost},
	{did: "did:web:2130706433", problem: IPHost},
	{did: "did:web:0x7f.1", problem: IPHost},
	{did: "did:web:example.0x7f", problem: IPHost},
	{did: "did:web:example.123", problem: IPHost},

	// Ports.
	{did: "did:web:example.com%3A", problem: BadPort},
	{did: "did:web:example.com%3Aabc", problem: BadPort},
	{did: "did:web:example.com%3A0", problem: BadPort},
	{did: "did:web:example.com%3A08443", problem: BadPort},
	{did: "did:web:example.com%3A65536", problem: BadPort},
	{did: "did:web:example.com%3A99999999999999999999", problem: BadPort},
	{did: "did:web:example.com%3A-1", problem: BadPort},
	{did: "did:web:example.com%3A+443", problem: BadPort},
	{did: "did:web:example.com%3A443%3A444", problem: PercentEscape},
	{did: "did:web:example.com%3A80%3A", problem: PercentEscape},
}

func TestWebURL(t *testing.T) {
	for _, c := range webURLs {
		got, err := WebURL(c.did)
		if c.problem == 0 {
			if err != nil || got != c.url {
				t.Errorf("%q → %s, %v; want %s", c.did, got, err, c.url)
			}
			continue
		}
		var we *WebDIDError
		if !errors.As(err, &we) || !errors.Is(err, ErrBadDID) || got != "" {
			t.Errorf("%q → %q, %v; want a *WebDIDError", c.did, got, err)
			continue
		}
		if we.Problem != c.problem || we.DID != c.did {
			t.Errorf("%q: %v (%v); want %v", c.did, we.Problem, err, c.problem)
		}
	}
}

func TestWebDIDErrorText(t *testing.T) {
	_, err := WebURL("did:web:www.harvard.edu%40spoof.example")
	const want = `malformed DID: "did:web:www.harvard.edu%40spoof.example" has a percent-escape other than %3A before a port ("%40")`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// FuzzWebURL: whatever WebURL accepts, the URL it gives is https to the
// very host the DID names (lower-cased), with no userinfo, query or
// fragment, and a path that does not climb.
func FuzzWebURL(f *testing.F) {
	for _, c := range webURLs {
		f.Add(c.did)
	}
	f.Fuzz(func(t *testing.T, did string) {
		got, err := WebURL(did)
		if err != nil {
			if !errors.Is(err, ErrBadDID) || got != "" {
				t.Fatalf("%q: %q, %v", did, got, err)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("%q → %q, which does not parse: %v", did, got, err)
		}
		host, _, _ := strings.Cut(strings.TrimPrefix(did, "did:web:"), ":")
		host, _, _ = strings.Cut(strings.ToLower(host), "%3a")
		if u.Scheme != "https" || u.Hostname() != host || u.User != nil || u.RawQuery != "" || u.ForceQuery ||
			u.Fragment != "" || u.Opaque != "" || u.RawPath != "" {
			t.Errorf("%q → %q: scheme %q host %q user %v query %q fragment %q", did, got, u.Scheme, u.Hostname(), u.User, u.RawQuery, u.Fragment)
		}
		if path.Clean(u.Path) != u.Path || !strings.HasSuffix(u.Path, "/did.json") {
			t.Errorf("%q → %q: path %q", did, got, u.Path)
		}
		if p := u.Port(); p != "" && strings.HasPrefix(p, "0") {
			t.Errorf("%q → %q: port %q", did, got, p)
		}
	})
}
