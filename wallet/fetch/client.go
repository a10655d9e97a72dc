package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is this build's version, sent in the User-Agent header. Release
// builds may set it with -ldflags "-X github.com/learnerwallet/learnerwallet/wallet/fetch.Version=...".
var Version = "0.1.0"

// Defaults of ClientOptions.
const (
	DefaultTimeout  = 10 * time.Second
	DefaultMaxBytes = 2 << 20
	MaxRedirects    = 5
)

// More errors a Client returns, besides those of the Fetcher contract.
var (
	ErrTimeout          = errors.New("the server took too long to answer")
	ErrTooManyRedirects = errors.New("the server redirected too many times")
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
// client without a cache.
type ClientOptions struct {
	// Timeout bounds each request, from connecting to the last byte of the
	// body, redirects included. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes caps a response body; a longer one is ErrTooLarge. Zero
	// means DefaultMaxBytes.
	MaxBytes int64
	// AllowLoopbackHTTP lets plain http through to 127.0.0.0/8, ::1 and
	// localhost. For tests against local servers only; everything else
	// must be https whatever this says.
	AllowLoopbackHTTP bool
	// Cache, when set, receives every successful fetch and answers when
	// offline or when the network fails.
	Cache Cache
	// Offline serves only from Cache; nothing goes to the network.
	Offline bool
	// Now stamps FetchedAt. Nil means time.Now.
	Now func() time.Time
	// UserAgent replaces the default "LearnerWallet/<Version>".
	UserAgent string
	// Transport replaces the default transport, e.g. with an
	// httptest.Server's, which trusts that server's certificate.
	Transport http.RoundTripper
}

// Client is the one HTTP client of verification: https only, bounded in
// time and size, redirects checked, responses cached. It implements Fetcher.
type Client struct {
	opts ClientOptions
	http *http.Client
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
	if opts.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSHandshakeTimeout = opts.Timeout
		t.ResponseHeaderTimeout = opts.Timeout
		opts.Transport = t
	}
	c := &Client{opts: opts}
	c.http = &http.Client{
		Transport: opts.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return ErrTooManyRedirects
			}
			return c.allowed(req.URL)
		},
	}
	return c
}

// allowed says whether u may be fetched: https anywhere, plain http only
// to loopback and only when the test option is on.
func (c *Client) allowed(u *url.URL) error {
	switch {
	case u.Scheme == "https" && u.Host != "":
		return nil
	case u.Scheme == "http" && c.opts.AllowLoopbackHTTP && isLoopback(u.Hostname()):
		return nil
	}
	return ErrNotHTTPS
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
			// A cache that cannot write costs only the offline copy.
			_ = c.opts.Cache.Put(r)
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
	return &cp, true
}

// networkError marks failures of the network (not answers of the server),
// after which the cached copy may stand in.
type networkError struct{ err error }

func (e *networkError) Error() string { return e.err.Error() }
func (e *networkError) Unwrap() error { return e.err }

func (c *Client) fetch(ctx context.Context, rawURL string, accept []string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%q is not a web address: %w", rawURL, err)
	}
	if err := c.allowed(u); err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if len(accept) > 0 {
		req.Header.Set("Accept", strings.Join(accept, ", "))
	} else {
		req.Header.Set("Accept", "*/*")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.classify(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{URL: final, Code: resp.StatusCode}
	}
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("%s: %w (%d bytes, at most %d)", final, ErrTooLarge, resp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err == nil && ctx.Err() != nil {
		// The server may end the body cleanly when it sees the request
		// cancelled: what arrived is cut short all the same.
		err = ctx.Err()
	}
	if err != nil {
		return nil, c.classify(ctx, rawURL, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("%s: %w (more than %d bytes)", final, ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:         final,
		Requested:   rawURL,
		Body:        body,
		ContentType: mediaType(resp.Header.Get("Content-Type")),
		FetchedAt:   c.opts.Now(),
	}, nil
}

// classify turns a transport error into a policy error (refused redirect)
// or a networkError.
func (c *Client) classify(ctx context.Context, rawURL string, err error) error {
	for _, policy := range []error{ErrNotHTTPS, ErrTooManyRedirects} {
		if errors.Is(err, policy) {
			return fmt.Errorf("%s: %w", rawURL, policy)
		}
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
