package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Version is this build's version, sent in the User-Agent header. Release
// builds may set it with -ldflags "-X github.com/learnerwallet/learnerwallet/wallet/fetch.Version=...".
var Version = "0.1.0"

// Defaults of ClientOptions, and the most redirects a fetch follows.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultMaxBytes = 2 << 20
	MaxRedirects    = 3
)

// More errors a Client returns, besides those of the Fetcher contract and
// *AddressError.
var (
	ErrTimeout          = errors.New("the server took too long to answer")
	ErrTooManyRedirects = errors.New("the server redirected more often than allowed")
	// ErrUnreachable is a network failure short of an answer: the name
	// does not resolve, the connection is refused or breaks, TLS fails.
	ErrUnreachable = errors.New("the server could not be reached")
)

// Cache keeps fetched documents so that checks work offline.
// Implementations are safe for concurrent use.
type Cache interface {
	// Get returns the response stored under url, and whether there was one.
	Get(url string) (*Response, bool, error)
	// Put stores r under r.Requested, or r.URL when Requested is empty,
	// replacing what was there.
	Put(r *Response) error
}

// ClientOptions configure a Client. The zero value is a usable online
// client without a cache that reaches the public internet over https.
//
// There is deliberately no way to replace the transport: every connection
// goes through the dialer that enforces Scope.
type ClientOptions struct {
	// Scope says which addresses may be connected to, over what, and
	// whether redirects are followed. The zero value is Public.
	Scope Scope
	// Timeout bounds each request, from connecting to the last byte of the
	// body, redirects included. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes caps a response body; a longer one is ErrTooLarge. Zero
	// means DefaultMaxBytes.
	MaxBytes int64
	// Cache, when set, receives every successful fetch and answers when
	// offline or when the network fails (but never for an address the
	// scope refuses).
	Cache Cache
	// Offline serves only from Cache; nothing goes to the network.
	Offline bool
	// Now stamps FetchedAt. Nil means time.Now.
	Now func() time.Time
	// UserAgent replaces the default "LearnerWallet/<Version>".
	UserAgent string
	// RootCAs replaces the system's certificate roots, e.g. with one
	// holding an httptest TLS server's certificate. Nil: the system's.
	RootCAs *x509.CertPool
	// LookupIP replaces the system's resolver, e.g. so that a test's
	// issuer.example.com is 127.0.0.1. Whatever it answers, the scope is
	// checked on the address connected to. Nil: the system's resolver.
	LookupIP func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Client is the one HTTP client of verification: bounded in time and
// size, held to a Scope on every connection, redirects counted and checked,
// responses cached. It implements Fetcher.
type Client struct {
	opts ClientOptions
	http *http.Client
	post *http.Client // the same, following no redirect: a POST is not sent on
}

var _ Fetcher = (*Client)(nil)

// NewClient returns a Client with opts, defaults filled in.
func NewClient(opts ClientOptions) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "LearnerWallet/" + Version
	}
	d := newDialer(opts.Scope, opts.LookupIP, opts.Timeout)
	transport := &http.Transport{
		// No proxy: the policy is checked on the address connected to,
		// and behind a proxy that is the proxy's.
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: opts.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
	}
	c := &Client{opts: opts}
	c.http = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opts.Scope.maxRedirects() {
				return ErrTooManyRedirects
			}
			if err := c.allowed(req.URL); err != nil {
				return fmt.Errorf("redirected to %s: %w", req.URL.Redacted(), err)
			}
			return nil
		},
	}
	c.post = &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// allowed says whether the scope fetches u's scheme. Where u leads is
// checked when connecting.
func (c *Client) allowed(u *url.URL) error {
	if u.Host == "" || !c.opts.Scope.allowsScheme(u.Scheme) {
		return ErrNotHTTPS
	}
	return nil
}

// Get implements Fetcher.
func (c *Client) Get(ctx context.Context, rawURL string, accept ...string) (*Response, error) {
	if c.opts.Offline {
		if r, ok := c.cached(rawURL); ok {
			return r, nil
		}
		return nil, fmt.Errorf("%s: %w", rawURL, ErrOffline)
	}
	r, err := c.fetch(ctx, rawURL, accept)
	if err == nil {
		if c.opts.Cache != nil {
			// A cache that cannot write costs only the offline copy. It
			// keeps no header fields.
			kept := *r
			kept.Header = nil
			_ = c.opts.Cache.Put(&kept)
		}
		return r, nil
	}
	var netErr *networkError
	if errors.As(err, &netErr) && ctx.Err() == nil {
		if r, ok := c.cached(rawURL); ok {
			return r, nil
		}
	}
	return nil, err
}

// cached returns the stored copy of rawURL, marked as such.
func (c *Client) cached(rawURL string) (*Response, bool) {
	if c.opts.Cache == nil {
		return nil, false
	}
	r, ok, err := c.opts.Cache.Get(rawURL)
	if err != nil || !ok || r == nil {
		return nil, false
	}
	cp := *r
	cp.FromCache = true
	cp.Header = nil
	return &cp, true
}

// networkError marks failures of the network (not answers of the server),
// after which the cached copy may stand in.
type networkError struct{ err error }

func (e *networkError) Error() string { return e.err.Error() }
func (e *networkError) Unwrap() error { return e.err }

// Is makes every network failure but a timeout ErrUnreachable.
func (e *networkError) Is(target error) bool {
	return target == ErrUnreachable && !errors.Is(e.err, ErrTimeout)
}

// Post sends body, of media type contentType ("" for no body), to rawURL, with header's
// fields besides (an Authorization, say), and returns the answer: held to
// the same scope, time and size as Get, never cached, and never sent on to
// another address (a redirect is a StatusError). A 2xx answer is a
// Response; any other a *StatusError holding what the server said.
func (c *Client) Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header, accept ...string) (*Response, error) {
	if c.opts.Offline {
		return nil, fmt.Errorf("%s: %w", rawURL, ErrOffline)
	}
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return c.do(ctx, http.MethodPost, rawURL, h, body, accept, false)
}

// GetWith gets rawURL with header's fields besides (an Authorization,
// say): held to the same scope, time and size as Get, never cached nor
// served from the cache, and never sent on to another address (a redirect
// is a StatusError), so that what it carries goes nowhere else.
func (c *Client) GetWith(ctx context.Context, rawURL string, header http.Header, accept ...string) (*Response, error) {
	if c.opts.Offline {
		return nil, fmt.Errorf("%s: %w", rawURL, ErrOffline)
	}
	return c.do(ctx, http.MethodGet, rawURL, header.Clone(), nil, accept, false)
}

func (c *Client) fetch(ctx context.Context, rawURL string, accept []string) (*Response, error) {
	return c.do(ctx, http.MethodGet, rawURL, nil, nil, accept, true)
}

// do sends a request; follow says whether it follows redirects (a GET
// without header fields of its own).
func (c *Client) do(ctx context.Context, method, rawURL string, header http.Header, body []byte, accept []string, follow bool) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%q is not a web address: %w", rawURL, err)
	}
	if err := c.allowed(u); err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var reqBody io.Reader
	if body != nil {
		reqBody = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if len(accept) > 0 {
		req.Header.Set("Accept", strings.Join(accept, ", "))
	} else {
		req.Header.Set("Accept", "*/*")
	}
	client, ok := c.http, method == http.MethodGet
	if !follow {
		client = c.post
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, c.classify(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	if resp.StatusCode != http.StatusOK && (ok || resp.StatusCode/100 != 2) {
		said, _ := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBody))
		return nil, &StatusError{URL: final, Code: resp.StatusCode, Body: said, ContentType: mediaType(resp.Header.Get("Content-Type")), Header: resp.Header}
	}
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes, at most %d)", final, ErrTooLarge, resp.ContentLength, c.opts.MaxBytes)
	}
	got, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err == nil && ctx.Err() != nil {
		// The server may end the body cleanly when it sees the request
		// cancelled: what arrived is cut short all the same.
		err = ctx.Err()
	}
	if err != nil {
		return nil, c.classify(ctx, rawURL, err)
	}
	if int64(len(got)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("%s: %w (more than %d bytes)", final, ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:         final,
		Requested:   rawURL,
		Status:      resp.StatusCode,
		Body:        got,
		ContentType: mediaType(resp.Header.Get("Content-Type")),
		FetchedAt:   c.opts.Now(),
		Header:      resp.Header,
	}, nil
}

// classify turns a transport error into a policy error (refused address,
// scheme or redirect), which no cached copy stands in for, or a
// networkError, which one may.
func (c *Client) classify(ctx context.Context, rawURL string, err error) error {
	var refused *AddressError
	if errors.As(err, &refused) {
		return fmt.Errorf("%s: %w", rawURL, refused)
	}
	if errors.Is(err, ErrNotHTTPS) || errors.Is(err, ErrTooManyRedirects) {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the Go method and URL: rawURL says which
		}
		return fmt.Errorf("%s: %w", rawURL, err)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || isTimeout(err) {
		err = fmt.Errorf("%s: %w (%v)", rawURL, ErrTimeout, c.opts.Timeout)
	} else {
		err = fmt.Errorf("cannot reach %s: %w", rawURL, err)
	}
	return &networkError{err}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func mediaType(v string) string {
	if mt, _, err := mime.ParseMediaType(v); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
