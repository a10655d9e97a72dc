package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
)

// countingServer is a loopback server that counts the requests it gets;
// the policy's tests point forbidden URLs at it so that a bypass shows.
type countingServer struct {
	*httptest.Server
	hits atomic.Int32
	port string
}

func newCounting(t *testing.T, tls bool, h http.HandlerFunc) *countingServer {
	t.Helper()
	s := &countingServer{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if h != nil {
			h(w, r)
			return
		}
		fmt.Fprint(w, "reached")
	})
	if tls {
		s.Server = httptest.NewTLSServer(handler)
	} else {
		s.Server = httptest.NewServer(handler)
	}
	t.Cleanup(s.Close)
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	s.port = u.Port()
	return s
}

// wantRefused checks that err is the policy refusing an address of kind.
func wantRefused(t *testing.T, what string, err error, kind fetch.AddrKind) {
	t.Helper()
	var ae *fetch.AddressError
	if !errors.As(err, &ae) || !errors.Is(err, fetch.ErrForbiddenAddress) {
		t.Errorf("%s: err = %v, want an *AddressError", what, err)
		return
	}
	if ae.Kind != kind {
		t.Errorf("%s: refused as %v, want %v (%v)", what, ae.Kind, kind, err)
	}
}

func TestPublicRefusesLoopback(t *testing.T) {
	srv := newCounting(t, true, nil)
	opts := fetchtest.Options(srv.Server, "issuer.example.com")
	opts.Scope = fetch.Public
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	system := opts
	system.LookupIP = nil
	bySystem := fetch.NewClient(system)
	for _, tc := range []struct {
		url string
		c   *fetch.Client
	}{
		{srv.URL, c}, // by IP
		{"https://issuer.example.com:" + srv.port, c}, // by a name that resolves to it
		{"https://[::ffff:127.0.0.1]:" + srv.port, c}, // mapped
		{"https://127.0.0.2:" + srv.port + "/x", c},   // elsewhere in 127/8
		{"https://[::1]:" + srv.port + "/x", c},       // IPv6
		{"https://localhost:" + srv.port + "/x", bySystem},
		{"https://issuer.example.com:" + srv.port + "/", c}, // a cached copy changes nothing
	} {
		cache.Put(&fetch.Response{URL: srv.URL + "/", Requested: "https://issuer.example.com:" + srv.port + "/", Body: []byte("old")})
		r, err := tc.c.Get(context.Background(), tc.url)
		if r != nil {
			t.Errorf("%s: got %+v", tc.url, r)
		}
		wantRefused(t, tc.url, err, fetch.KindLoopback)
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("the loopback server answered %d requests", n)
	}

	// The same server is fine when the private network is allowed.
	opts.Scope = fetch.PublicAndPrivate
	if r, err := fetch.NewClient(opts).Get(context.Background(), "https://issuer.example.com:"+srv.port+"/"); err != nil || string(r.Body) != "reached" {
		t.Errorf("PublicAndPrivate: %+v, %v", r, err)
	}
}

// TestRedirectToForbiddenAddress: a server the scope allows sends the
// client on to addresses it does not; each is refused when connecting.
// The targets are on the server's own port, where a bypass would land.
func TestRedirectToForbiddenAddress(t *testing.T) {
	var target atomic.Value
	srv := newCounting(t, true, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/go" {
			http.Redirect(w, r, target.Load().(string), http.StatusFound)
			return
		}
		fmt.Fprint(w, "reached")
	})
	opts := fetchtest.Options(srv.Server, "issuer.example.com")
	opts.LookupIP = func(_ context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "issuer.example.com":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		case "metadata.example.com":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
		case "any.example.com":
			return []netip.Addr{netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("::")}, nil
		}
		return nil, errors.New("no such host")
	}
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	start := "https://issuer.example.com:" + srv.port + "/go"
	for _, tc := range []struct {
		to   string
		kind fetch.AddrKind
	}{
		{"https://169.254.169.254/latest/meta-data/", fetch.KindLinkLocal},
		{"https://[::ffff:169.254.169.254]/latest/meta-data/", fetch.KindLinkLocal},
		{"https://[::ffff:a9fe:a9fe]/", fetch.KindLinkLocal},
		{"https://[64:ff9b::a9fe:a9fe]/", fetch.KindLinkLocal},
		{"https://metadata.example.com/computeMetadata/v1/", fetch.KindLinkLocal},
		{"https://[fe80::1%25lo]:" + srv.port + "/", fetch.KindLinkLocal},
		{"https://0.0.0.0:" + srv.port + "/", fetch.KindUnspecified}, // connect(2) takes it for this computer
		{"https://[::]:" + srv.port + "/", fetch.KindUnspecified},
		{"https://any.example.com:" + srv.port + "/", fetch.KindUnspecified},
		{"https://[::ffff:0.0.0.0]:" + srv.port + "/", fetch.KindUnspecified},
		{"https://0.0.0.1:" + srv.port + "/", fetch.KindReserved},
		{"https://[::127.0.0.1]:" + srv.port + "/", fetch.KindReserved},
		{"https://224.0.0.1/", fetch.KindMulticast},
	} {
		target.Store(tc.to)
		cache.Put(&fetch.Response{URL: start, Body: []byte("old")})
		before := srv.hits.Load()
		r, err := c.Get(context.Background(), start)
		if r != nil {
			t.Errorf("→ %s: got %+v", tc.to, r)
		}
		wantRefused(t, "→ "+tc.to, err, tc.kind)
		if n := srv.hits.Load() - before; n != 1 {
			t.Errorf("→ %s: the server answered %d requests, want only the redirect", tc.to, n)
		}
	}
	target.Store("https://issuer.example.com:" + srv.port + "/doc")
	if r, err := c.Get(context.Background(), start); err != nil || string(r.Body) != "reached" || r.FromCache {
		t.Errorf("a redirect within the scope: %+v, %v", r, err)
	}
}

// TestDNSRebinding: a name that first resolves to a public address and
// then to this computer is refused the second time, even with a copy of
// its document in the cache.
func TestDNSRebinding(t *testing.T) {
	srv := newCounting(t, true, nil)
	var lookups atomic.Int32
	opts := fetchtest.Options(srv.Server)
	opts.Scope = fetch.Public
	opts.Timeout = 300 * time.Millisecond
	opts.LookupIP = func(context.Context, string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("192.0.2.1")}, nil // public, and nowhere
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	u := "https://rebind.example.com:" + srv.port + "/list"
	cache.Put(&fetch.Response{URL: u, Body: []byte("fetched yesterday"), FetchedAt: t0})

	// The first answer is allowed; the network does not reach it, so the
	// cached copy stands in.
	r, err := c.Get(context.Background(), u)
	if err != nil || !r.FromCache || string(r.Body) != "fetched yesterday" {
		t.Errorf("first lookup: %+v, %v; want the cached copy", r, err)
	}
	// The second is this computer: refused, and not papered over.
	r, err = c.Get(context.Background(), u)
	if r != nil {
		t.Errorf("second lookup: got %+v", r)
	}
	wantRefused(t, "second lookup", err, fetch.KindLoopback)
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("the loopback server answered %d requests", n)
	}
	if n := lookups.Load(); n != 2 {
		t.Errorf("%d lookups, want 2", n)
	}
}

// TestMixedAnswer: of the addresses a name resolves to, only those in
// scope are connected to.
func TestMixedAnswer(t *testing.T) {
	srv := newCounting(t, true, nil)
	opts := fetchtest.Options(srv.Server)
	opts.Scope = fetch.PublicAndPrivate
	opts.LookupIP = func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{
			netip.MustParseAddr("169.254.169.254"),
			netip.MustParseAddr("::ffff:0.0.0.0"),
			netip.MustParseAddr("::ffff:127.0.0.1"),
		}, nil
	}
	r, err := fetch.NewClient(opts).Get(context.Background(), "https://mixed.example.com:"+srv.port+"/")
	if err != nil || string(r.Body) != "reached" {
		t.Errorf("%+v, %v", r, err)
	}
}

func TestSchemesByScope(t *testing.T) {
	plain := newCounting(t, false, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/", http.StatusFound)
			return
		}
		fmt.Fprint(w, "local")
	})
	local := "http://127.0.0.1:" + plain.port
	lookup := fetchtest.Hosts(map[string]string{
		"share.example.com":  "127.0.0.1",
		"lan.example.com":    "192.168.1.20",
		"public.example.com": "93.184.215.14",
	})
	for _, tc := range []struct {
		scope fetch.Scope
		url   string
		want  error // nil: fetched; ErrForbiddenAddress: an *AddressError
	}{
		{fetch.Public, "http://example.com/list", fetch.ErrNotHTTPS},
		{fetch.Public, "http://127.0.0.1.example.com/", fetch.ErrNotHTTPS},
		{fetch.Public, "ftp://example.com/list", fetch.ErrNotHTTPS},
		{fetch.Public, "file:///etc/passwd", fetch.ErrNotHTTPS},
		{fetch.Public, "list.json", fetch.ErrNotHTTPS},
		{fetch.Public, "https:///nohost", fetch.ErrNotHTTPS},
		{fetch.Public, local, fetch.ErrNotHTTPS},
		{fetch.PublicAndPrivate, local, fetch.ErrNotHTTPS},
		{fetch.PublicAndPrivate, "http://localhost:" + plain.port, fetch.ErrNotHTTPS},
		{fetch.LocalAndLoopback, local, nil},
		{fetch.LocalAndLoopback, "http://share.example.com:" + plain.port, nil},
		{fetch.LocalAndLoopback, local + "/moved", fetch.ErrTooManyRedirects}, // share links are not redirected
		{fetch.LocalAndLoopback, "ftp://127.0.0.1/", fetch.ErrNotHTTPS},
		{fetch.LocalAndLoopback, "http://169.254.169.254/", fetch.ErrForbiddenAddress},
		{fetch.LocalAndLoopback, "http://public.example.com/", fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, local, fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://share.example.com:" + plain.port, fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://[::1]:" + plain.port, fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://93.184.215.14/", fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://public.example.com/", fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://[2606:4700:4700::1111]/", fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://169.254.169.254/", fetch.ErrForbiddenAddress},
		{fetch.LocalNetwork, "http://0.0.0.0:" + plain.port, fetch.ErrForbiddenAddress},
		{fetch.Scope(9), local, fetch.ErrNotHTTPS},
		{fetch.Scope(9), "https://127.0.0.1/", fetch.ErrNotHTTPS},
	} {
		before := plain.hits.Load()
		c := fetch.NewClient(fetch.ClientOptions{Scope: tc.scope, LookupIP: lookup, Timeout: time.Second})
		r, err := c.Get(context.Background(), tc.url)
		switch {
		case tc.want == nil:
			if err != nil || string(r.Body) != "local" {
				t.Errorf("%v %s: %+v, %v", tc.scope, tc.url, r, err)
			}
		case !errors.Is(err, tc.want):
			t.Errorf("%v %s: err = %v, want %v", tc.scope, tc.url, err, tc.want)
		case tc.want != fetch.ErrTooManyRedirects && plain.hits.Load() != before:
			t.Errorf("%v %s: the server was asked", tc.scope, tc.url)
		}
	}
}

func TestAddressErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  fetch.AddressError
		want string
	}{
		{fetch.AddressError{Host: "issuer.example.com", Addr: netip.MustParseAddr("127.0.0.1"), Kind: fetch.KindLoopback, Scope: fetch.Public},
			"issuer.example.com (127.0.0.1) is a loopback address (this computer), which the wallet does not connect to unless the private network is allowed"},
		{fetch.AddressError{Host: "169.254.169.254", Addr: netip.MustParseAddr("169.254.169.254"), Kind: fetch.KindLinkLocal, Scope: fetch.PublicAndPrivate},
			"169.254.169.254 is a link-local address, which the wallet never connects to"},
		{fetch.AddressError{Host: "64:ff9b::7f00:1", Addr: netip.MustParseAddr("64:ff9b::7f00:1"), Kind: fetch.KindReserved, Scope: fetch.PublicAndPrivate},
			"64:ff9b::7f00:1 is a NAT64 form of 127.0.0.1, a loopback address (this computer), which the wallet never connects to"},
		{fetch.AddressError{Host: "share.example.com", Addr: netip.MustParseAddr("8.8.8.8"), Kind: fetch.KindPublic, Scope: fetch.LocalNetwork},
			"share.example.com (8.8.8.8) is a public address, which a share link may not lead to: only the local network"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
