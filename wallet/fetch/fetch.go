// Package fetch is how the wallet reaches the network: one interface, one
// HTTP client with timeouts, a size cap and one network policy (a Scope,
// checked on every connection it makes), and a cache so that checks work
// offline with what was last seen.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Fetcher gets a document by URL. Implementations are safe for concurrent use.
type Fetcher interface {
	// Get returns the document at url. accept lists media types for the
	// Accept header, most wanted first. Errors are *StatusError for an HTTP
	// error status, ErrOffline when offline and nothing is cached, or
	// another error saying what went wrong (timeout, too large, refused).
	Get(ctx context.Context, url string, accept ...string) (*Response, error)
}

// Response is a fetched document.
type Response struct {
	URL         string    // after redirects
	Requested   string    // as asked for, before redirects (empty: same as URL)
	Status      int       // the HTTP status: 200, or another 2xx to a POST
	Body        []byte    // at most the client's size cap
	ContentType string    // media type, without parameters
	FetchedAt   time.Time // when it came from the network (for a cached copy, then)
	FromCache   bool      // served from the cache, not the network
	// Header holds the answer's header fields (a Link, say); nil for a
	// cached copy.
	Header http.Header
}

// StatusError is an HTTP response other than 200 (other than 2xx to a
// POST). Body is the start of what the server said with it (at most
// MaxErrorBody bytes), ContentType its media type: an OAuth server says
// why it refused there.
type StatusError struct {
	URL         string
	Code        int
	Body        []byte
	ContentType string
	Header      http.Header // its header fields: a Retry-After, say
}

// MaxErrorBody is how much of a refusal's body a StatusError keeps.
const MaxErrorBody = 8 << 10

func (e *StatusError) Error() string { return fmt.Sprintf("%s answered HTTP %d", e.URL, e.Code) }

// Errors a Fetcher returns.
var (
	ErrOffline  = errors.New("offline, and no copy of it is cached")
	ErrTooLarge = errors.New("the response is larger than allowed")
	ErrNotHTTPS = errors.New("only https addresses are fetched")
)
