package fetch

import (
	"context"
	"sync"
	"time"
)

// Map is a Fetcher over fixed documents, for tests and offline fixtures.
// A URL that is not in it answers HTTP 404. Calls are counted.
type Map struct {
	mu    sync.Mutex
	Docs  map[string][]byte
	At    time.Time // FetchedAt of every response
	calls map[string]int
}

// Get implements Fetcher.
func (m *Map) Get(_ context.Context, url string, _ ...string) (*Response, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[string]int{}
	}
	m.calls[url]++
	b, ok := m.Docs[url]
	if !ok {
		return nil, &StatusError{URL: url, Code: 404}
	}
	return &Response{URL: url, Body: b, ContentType: "application/json", FetchedAt: m.At}, nil
}

// Calls reports how often url was asked for.
func (m *Map) Calls(url string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[url]
}
