package fetch

import (
	"bytes"
	"sync"
)

// Memory is a Cache held in memory, for tests and for a session that keeps
// nothing on disk.
type Memory struct {
	mu sync.Mutex
	m  map[string]Response
}

var _ Cache = (*Memory)(nil)

// Get implements Cache.
func (m *Memory) Get(url string) (*Response, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.m[url]
	if !ok {
		return nil, false, nil
	}
	r.Body = bytes.Clone(r.Body)
	return &r, true, nil
}

// Put implements Cache.
func (m *Memory) Put(r *Response) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]Response{}
	}
	cp := *r
	cp.Body = bytes.Clone(r.Body)
	cp.FromCache = false
	m.m[CacheKey(r)] = cp
	return nil
}

// Len reports how many responses are stored.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}

// CacheKey is the URL a Cache stores r under: the one asked for.
func CacheKey(r *Response) string {
	if r.Requested != "" {
		return r.Requested
	}
	return r.URL
}
