package fetch_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
)

var (
	t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(48 * time.Hour)
)

// tlsServer starts an https server on loopback and returns options that
// reach it (scope PublicAndPrivate) and trust its certificate; the names
// resolve to it.
func tlsServer(t *testing.T, h http.HandlerFunc, names ...string) (*httptest.Server, fetch.ClientOptions) {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	opts := fetchtest.Options(srv, names...)
	opts.Now = func() time.Time { return t0 }
	return srv, opts
}

// waitOrGiveUp blocks a handler until the client goes away, so servers
// close quickly.
func waitOrGiveUp(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

func TestGet(t *testing.T) {
	var ua, accept atomic.Value
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		accept.Store(r.Header.Get("Accept"))
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		fmt.Fprint(w, `{"ok":true}`)
	})
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	r, err := c.Get(context.Background(), srv.URL+"/list", "application/ld+json", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Body) != `{"ok":true}` || r.ContentType != "application/ld+json" || !r.FetchedAt.Equal(t0) || r.FromCache {
		t.Errorf("response = %+v", r)
	}
	if r.URL != srv.URL+"/list" {
		t.Errorf("URL = %s", r.URL)
	}
	if got, want := ua.Load(), "LearnerWallet/"+fetch.Version; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	if got, want := accept.Load(), "application/ld+json, application/json"; got != want {
		t.Errorf("Accept = %q, want %q", got, want)
	}
	if got, ok, _ := cache.Get(srv.URL + "/list"); !ok || string(got.Body) != `{"ok":true}` || !got.FetchedAt.Equal(t0) {
		t.Errorf("cache holds %+v, %v", got, ok)
	}
}

func TestHTTPErrorStatus(t *testing.T) {
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		w.WriteHeader(code)
	})
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	for _, code := range []int{404, 410, 500, 204} {
		u := fmt.Sprintf("%s/%d", srv.URL, code)
		// A cached copy does not stand in for an answer of the server.
		cache.Put(&fetch.Response{URL: u, Body: []byte("old"), FetchedAt: t0})
		_, err := c.Get(context.Background(), u)
		var se *fetch.StatusError
		if !errors.As(err, &se) || se.Code != code || se.URL != u {
			t.Errorf("GET %d: err = %v, want *StatusError %d", code, err, code)
		}
	}
}

func TestTimeout(t *testing.T) {
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { waitOrGiveUp(r) })
	opts.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := fetch.NewClient(opts).Get(context.Background(), srv.URL)
	if !errors.Is(err, fetch.ErrTimeout) || errors.Is(err, fetch.ErrUnreachable) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the timed-out request took %v", d)
	}
}

// TestUnreachable: a name that does not resolve, or a port where nothing
// listens, is ErrUnreachable.
func TestUnreachable(t *testing.T) {
	srv, opts := tlsServer(t, nil)
	srv.Close()
	for _, u := range []string{srv.URL, "https://nowhere.example.com/"} {
		if _, err := fetch.NewClient(opts).Get(context.Background(), u); !errors.Is(err, fetch.ErrUnreachable) {
			t.Errorf("%s: err = %v, want ErrUnreachable", u, err)
		}
	}
}

func TestSlowDripBody(t *testing.T) {
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		for range 250 {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	opts.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := fetch.NewClient(opts).Get(context.Background(), srv.URL)
	if !errors.Is(err, fetch.ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the slow body took %v to give up on", d)
	}
}

func TestTooLarge(t *testing.T) {
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Has("declared") {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := []byte(strings.Repeat("x", 512))
		for n != 0 { // n < 0: without end
			k := min(len(chunk), n)
			if n < 0 {
				k = len(chunk)
			}
			if _, err := w.Write(chunk[:k]); err != nil {
				return
			}
			n -= k
		}
	})
	opts.MaxBytes = 1000
	c := fetch.NewClient(opts)
	for _, tc := range []struct {
		query string
		err   error
	}{
		{"n=1000&declared", nil},
		{"n=1000", nil},
		{"n=1001&declared", fetch.ErrTooLarge},
		{"n=1001", fetch.ErrTooLarge},
		{"n=-1", fetch.ErrTooLarge}, // a body that never ends
	} {
		r, err := c.Get(context.Background(), srv.URL+"/?"+tc.query)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: err = %v, want %v", tc.query, err, tc.err)
		}
		if err == nil && len(r.Body) != 1000 {
			t.Errorf("%s: %d bytes", tc.query, len(r.Body))
		}
	}
}

func TestRedirects(t *testing.T) {
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(p, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(p, "/hop/"))
			if n == 0 {
				fmt.Fprint(w, "arrived")
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
		}
	})
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	r, err := c.Get(context.Background(), srv.URL+"/hop/3")
	if err != nil {
		t.Fatalf("three redirects: %v", err)
	}
	if r.URL != srv.URL+"/hop/0" || r.Requested != srv.URL+"/hop/3" || string(r.Body) != "arrived" {
		t.Errorf("after redirects: %+v", r)
	}
	if got, ok, _ := cache.Get(srv.URL + "/hop/3"); !ok || got.URL != srv.URL+"/hop/0" {
		t.Errorf("cached under the asked-for URL: %+v %v", got, ok)
	}
	for _, p := range []string{"/hop/4", "/loop"} {
		// A cached copy does not stand in for a refusal.
		cache.Put(&fetch.Response{URL: srv.URL + p, Body: []byte("old"), FetchedAt: t0})
		if _, err := c.Get(context.Background(), srv.URL+p); !errors.Is(err, fetch.ErrTooManyRedirects) {
			t.Errorf("%s: err = %v, want ErrTooManyRedirects", p, err)
		}
	}
}

func TestRedirectToHTTPRefused(t *testing.T) {
	var hits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "over plain http")
	}))
	defer plain.Close()
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/doc", http.StatusFound)
	})
	cache := &fetch.Memory{}
	cache.Put(&fetch.Response{URL: srv.URL, Body: []byte("old"), FetchedAt: t0})
	opts.Cache = cache
	_, err := fetch.NewClient(opts).Get(context.Background(), srv.URL)
	if !errors.Is(err, fetch.ErrNotHTTPS) {
		t.Errorf("err = %v, want ErrNotHTTPS", err)
	}
	if hits.Load() != 0 {
		t.Error("the plain http server was asked")
	}
}

func TestOffline(t *testing.T) {
	var hits atomic.Int32
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	opts.Offline = true
	if _, err := fetch.NewClient(opts).Get(context.Background(), srv.URL); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("offline without a cache: err = %v, want ErrOffline", err)
	}
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	if _, err := c.Get(context.Background(), srv.URL+"/a"); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("offline, not cached: err = %v, want ErrOffline", err)
	}
	cache.Put(&fetch.Response{URL: srv.URL + "/a", Body: []byte("kept"), ContentType: "application/json", FetchedAt: t0})
	r, err := c.Get(context.Background(), srv.URL+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if !r.FromCache || !r.FetchedAt.Equal(t0) || string(r.Body) != "kept" {
		t.Errorf("offline copy = %+v", r)
	}
	if hits.Load() != 0 {
		t.Errorf("the network was used %d times while offline", hits.Load())
	}
}

func TestNetworkFailureFallsBackToCache(t *testing.T) {
	slow := make(chan struct{})
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-slow:
			waitOrGiveUp(r)
		default:
			fmt.Fprintf(w, "list of %s", r.URL.Path)
		}
	})
	now := t0
	opts.Now = func() time.Time { return now }
	opts.Timeout = 200 * time.Millisecond
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	for _, p := range []string{"/a", "/b"} {
		if _, err := c.Get(context.Background(), srv.URL+p); err != nil {
			t.Fatal(err)
		}
	}
	now = t1

	close(slow) // the server hangs: a timeout
	r, err := c.Get(context.Background(), srv.URL+"/a")
	if err != nil {
		t.Fatalf("timeout with a cached copy: %v", err)
	}
	if !r.FromCache || !r.FetchedAt.Equal(t0) || string(r.Body) != "list of /a" {
		t.Errorf("after a timeout: %+v", r)
	}

	url := srv.URL
	srv.Close() // the server is gone: connection refused
	r, err = c.Get(context.Background(), url+"/b")
	if err != nil {
		t.Fatalf("unreachable with a cached copy: %v", err)
	}
	if !r.FromCache || !r.FetchedAt.Equal(t0) || string(r.Body) != "list of /b" {
		t.Errorf("after connection refused: %+v", r)
	}
	_, err = c.Get(context.Background(), url+"/c")
	if err == nil || errors.Is(err, fetch.ErrOffline) {
		t.Errorf("unreachable, not cached: err = %v", err)
	}

	// A caller that gives up gets its own error, not an old copy.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Get(ctx, url+"/a"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

func TestMemoryCopies(t *testing.T) {
	m := &fetch.Memory{}
	body := []byte("abc")
	m.Put(&fetch.Response{URL: "https://x.example/final", Requested: "https://x.example/", Body: body, FromCache: true})
	body[0] = 'X'
	r, ok, _ := m.Get("https://x.example/")
	if !ok || string(r.Body) != "abc" || r.FromCache || r.URL != "https://x.example/final" {
		t.Fatalf("Get = %+v, %v", r, ok)
	}
	r.Body[0] = 'Y'
	if r, _, _ := m.Get("https://x.example/"); string(r.Body) != "abc" {
		t.Error("a caller changed the cached body")
	}
	if _, ok, _ := m.Get("https://x.example/final"); ok {
		t.Error("stored under the final URL instead of the requested one")
	}
	if m.Len() != 1 {
		t.Errorf("Len = %d", m.Len())
	}
}

// TestPost: a POST goes out with its body, type and header fields, is never
// cached, and is never sent on to where a redirect points; a refusal keeps
// what the server said; the scope holds as for Get.
func TestPost(t *testing.T) {
	var got atomic.Value
	srv, opts := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		got.Store(r.Method + " " + r.Header.Get("Content-Type") + " " + r.Header.Get("Authorization") + " " + string(b[:n]))
		switch r.URL.Path {
		case "/token":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, `{"access_token":"t"}`)
		case "/refuse":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
		case "/moved":
			http.Redirect(w, r, "/token", http.StatusTemporaryRedirect)
		}
	})
	cache := &fetch.Memory{}
	opts.Cache = cache
	c := fetch.NewClient(opts)
	ctx := context.Background()
	r, err := c.Post(ctx, srv.URL+"/token", "application/x-www-form-urlencoded", []byte("grant_type=x"), http.Header{"Authorization": {"DPoP abc"}}, "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusCreated || string(r.Body) != `{"access_token":"t"}` || got.Load() != "POST application/x-www-form-urlencoded DPoP abc grant_type=x" {
		t.Errorf("answer %d %s, sent %v", r.Status, r.Body, got.Load())
	}
	if cache.Len() != 0 {
		t.Error("a POST's answer was cached")
	}
	_, err = c.Post(ctx, srv.URL+"/refuse", "application/json", []byte(`{}`), nil)
	var st *fetch.StatusError
	if !errors.As(err, &st) || st.Code != http.StatusBadRequest || string(st.Body) != `{"error":"invalid_grant"}` || st.ContentType != "application/json" {
		t.Errorf("refusal: %v (%+v)", err, st)
	}
	got.Store("")
	_, err = c.Post(ctx, srv.URL+"/moved", "application/json", []byte(`{"secret":1}`), nil)
	if !errors.As(err, &st) || st.Code != http.StatusTemporaryRedirect {
		t.Errorf("a redirected POST: %v", err)
	}
	if s := got.Load().(string); strings.Contains(s, "/token") || strings.HasPrefix(s, "GET") {
		t.Errorf("the POST was sent on: %q", s)
	}
	public := opts
	public.Scope = fetch.Public
	if _, err := fetch.NewClient(public).Post(ctx, srv.URL+"/token", "application/json", nil, nil); err == nil {
		t.Error("a POST to this computer went out without the private network allowed")
	}
	offline := opts
	offline.Offline = true
	if _, err := fetch.NewClient(offline).Post(ctx, srv.URL+"/token", "application/json", nil, nil); !errors.Is(err, fetch.ErrOffline) {
		t.Errorf("offline: %v", err)
	}
}

// TestGetWith: a GET with an Authorization sends it, keeps the answer's
// header fields, is never cached, and follows no redirect.
func TestGetWith(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "/there", http.StatusFound)
			return
		}
		w.Header().Set("Link", `</next>; rel="next"`)
		fmt.Fprint(w, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	cache := &fetch.Memory{}
	c := fetch.NewClient(fetch.ClientOptions{Scope: fetch.PublicAndPrivate, RootCAs: roots, Cache: cache})
	r, err := c.GetWith(context.Background(), srv.URL+"/x", http.Header{"Authorization": {"Bearer t"}})
	if err != nil || string(r.Body) != "Bearer t" || r.Header.Get("Link") == "" {
		t.Fatalf("GetWith = %+v, %v", r, err)
	}
	if cache.Len() != 0 {
		t.Error("an authorized answer was cached")
	}
	var st *fetch.StatusError
	if _, err := c.GetWith(context.Background(), srv.URL+"/away", nil); !errors.As(err, &st) || st.Code != http.StatusFound {
		t.Errorf("a redirect: %v", err)
	}
}
