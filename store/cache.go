package store

import (
	"crypto/sha256"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// bucketFetched holds documents fetched during verification (status lists,
// DID documents, issuer keys). Both key and value are sealed: the addresses
// a wallet asked for can say which credentials it holds.
var bucketFetched = []byte("fetched")

// fetchedEntry is what the fetched bucket holds, sealed.
type fetchedEntry struct {
	URL         string    `json:"url"`
	Requested   string    `json:"requested"`
	Body        []byte    `json:"body"`
	ContentType string    `json:"contentType"`
	FetchedAt   time.Time `json:"fetchedAt"`
}

// fetchCache is the fetch.Cache kept in a wallet file.
type fetchCache struct{ d *DB }

var _ fetch.Cache = fetchCache{}

// FetchCache returns a fetch.Cache that keeps fetched documents in this
// wallet, sealed like everything else in it, so verification can work
// offline with what was last seen.
func (d *DB) FetchCache() fetch.Cache { return fetchCache{d} }

// key is the lookup key of url: a keyed hash that does not reveal it.
func (c fetchCache) key(url string) []byte { return c.d.seal.index(sha256.Sum256([]byte(url))) }

// slot binds a sealed entry to its URL, so an entry moved under another
// key does not open.
func slot(url string) string { return "fetched/" + url }

// Get implements fetch.Cache.
func (c fetchCache) Get(url string) (*fetch.Response, bool, error) {
	var sealed []byte
	err := c.d.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketFetched).Get(c.key(url)); v != nil {
			sealed = append([]byte(nil), v...)
		}
		return nil
	})
	if err != nil || sealed == nil {
		return nil, false, err
	}
	plain, err := c.d.seal.open(slot(url), sealed)
	if err != nil {
		return nil, false, err
	}
	var e fetchedEntry
	if err := json.Unmarshal(plain, &e); err != nil {
		return nil, false, err
	}
	return &fetch.Response{
		URL:         e.URL,
		Requested:   e.Requested,
		Body:        e.Body,
		ContentType: e.ContentType,
		FetchedAt:   e.FetchedAt,
	}, true, nil
}

// Put implements fetch.Cache.
func (c fetchCache) Put(r *fetch.Response) error {
	url := fetch.CacheKey(r)
	plain, err := json.Marshal(fetchedEntry{
		URL:         r.URL,
		Requested:   r.Requested,
		Body:        r.Body,
		ContentType: r.ContentType,
		FetchedAt:   r.FetchedAt,
	})
	if err != nil {
		return err
	}
	sealed := c.d.seal.seal(slot(url), plain)
	return c.d.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFetched).Put(c.key(url), sealed)
	})
}
