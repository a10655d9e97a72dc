package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
)

var fetchedAt = time.Date(2026, 4, 5, 6, 7, 8, 9, time.UTC)

func fetched(url, final, body string) *fetch.Response {
	return &fetch.Response{
		URL: final, Requested: url, Body: []byte(body),
		ContentType: "application/vc+ld+json", FetchedAt: fetchedAt,
	}
}

func TestFetchCacheRoundTrip(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	c := db.FetchCache()
	const asked = "https://status.example/lists/7"
	if r, ok, err := c.Get(asked); ok || err != nil || r != nil {
		t.Fatalf("Get before Put = %v, %v, %v", r, ok, err)
	}
	if err := c.Put(fetched(asked, asked+"?v=2", `{"encodedList":"uH4sI"}`)); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(&fetch.Response{URL: "https://other.example/", Body: []byte("other"), FetchedAt: fetchedAt}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	c = reopen(t, dir, secrets).FetchCache()
	r, ok, err := c.Get(asked)
	if !ok || err != nil {
		t.Fatalf("Get after reopening = %v, %v", ok, err)
	}
	want := fetched(asked, asked+"?v=2", `{"encodedList":"uH4sI"}`)
	if r.URL != want.URL || r.Requested != want.Requested || !bytes.Equal(r.Body, want.Body) ||
		r.ContentType != want.ContentType || !r.FetchedAt.Equal(want.FetchedAt) || r.FromCache {
		t.Errorf("Get = %+v, want %+v", r, want)
	}
	if _, ok, _ := c.Get(asked + "?v=2"); ok {
		t.Error("found under the final URL; want only under the one asked for")
	}
	if r, ok, _ := c.Get("https://other.example/"); !ok || string(r.Body) != "other" {
		t.Errorf("a response without Requested is not kept under its URL: %+v %v", r, ok)
	}

	// A newer fetch replaces the older one.
	newer := fetched(asked, asked, "newer")
	newer.FetchedAt = fetchedAt.Add(time.Hour)
	if err := c.Put(newer); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := c.Get(asked); string(r.Body) != "newer" || !r.FetchedAt.Equal(newer.FetchedAt) {
		t.Errorf("after replacing: %+v", r)
	}
}

func TestFetchCacheIsSealed(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	const url = "https://registrar.example/students/ellis-monday/revocations"
	const body = `{"revokedCredential":[{"id":"urn:uuid:ellis-degree"}]}`
	if err := db.FetchCache().Put(fetched(url, url, body)); err != nil {
		t.Fatal(err)
	}
	var keys [][]byte
	db.Bolt().View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("fetched")).ForEach(func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	})
	path := db.Path()
	db.Close()
	raw := readFile(t, path)
	h := sha256.Sum256([]byte(url))
	for _, needle := range [][]byte{
		[]byte(url), []byte("ellis-monday"), []byte("registrar.example"), []byte("revokedCredential"),
		[]byte("urn:uuid:ellis-degree"), h[:], []byte(hex.EncodeToString(h[:])),
	} {
		if bytes.Contains(raw, needle) {
			t.Errorf("the wallet file shows %q", needle)
		}
	}
	if len(keys) != 1 || bytes.Equal(keys[0], h[:]) {
		t.Errorf("keys = %x: want one keyed hash, not the bare hash of the URL", keys)
	}
}

func TestFetchCacheTamperedValuesDoNotOpen(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	c := db.FetchCache()
	a, b := "https://a.example/list", "https://b.example/list"
	for _, u := range []string{a, b} {
		if err := c.Put(fetched(u, u, "list at "+u)); err != nil {
			t.Fatal(err)
		}
	}
	err := db.Bolt().Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte("fetched"))
		var ks, vs [][]byte
		bk.ForEach(func(k, v []byte) error {
			ks, vs = append(ks, bytes.Clone(k)), append(vs, bytes.Clone(v))
			return nil
		})
		if len(ks) != 2 {
			return fmt.Errorf("%d entries", len(ks))
		}
		if err := bk.Put(ks[0], vs[1]); err != nil {
			return err
		}
		return bk.Put(ks[1], vs[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{a, b} {
		if r, ok, err := c.Get(u); err == nil || ok {
			t.Errorf("Get(%s) after swapping sealed values = %+v, %v, %v; want an error", u, r, ok, err)
		}
	}
}

func TestFetchCacheServesTheClientOffline(t *testing.T) {
	db, _ := storetest.Open(t, storetest.Secrets(t))
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"revokedCredential":[]}`)
	}))
	defer srv.Close()
	opts := fetchtest.Options(srv)
	opts.Cache = db.FetchCache()
	opts.Now = func() time.Time { return fetchedAt }
	online := fetch.NewClient(opts)
	if _, err := online.Get(context.Background(), srv.URL+"/revocations"); err != nil {
		t.Fatal(err)
	}
	offline := fetch.NewClient(fetch.ClientOptions{Cache: db.FetchCache(), Offline: true})
	r, err := offline.Get(context.Background(), srv.URL+"/revocations")
	if err != nil {
		t.Fatal(err)
	}
	if !r.FromCache || !r.FetchedAt.Equal(fetchedAt) || string(r.Body) != `{"revokedCredential":[]}` || r.ContentType != "application/json" {
		t.Errorf("offline = %+v", r)
	}
}

func TestMigrateToFetchCache(t *testing.T) {
	secrets := storetest.Secrets(t)
	db, dir := storetest.Open(t, secrets)
	if err := db.Add(record("r1", "Before the cache", true), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.RewriteItemAsJSON("r1"); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()

	// Roll the file back to schema 1, before the fetched bucket.
	edit(t, path, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("fetched")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, 1))
	})

	db = reopen(t, dir, secrets)
	if _, err := db.Item("r1"); err != nil {
		t.Errorf("Item after migration: %v", err)
	}
	const u = "https://issuer.example/did.json"
	if err := db.FetchCache().Put(fetched(u, u, "{}")); err != nil {
		t.Fatalf("Put after migration: %v", err)
	}
	db.Close()
	if got := schema(t, path); got != store.SchemaVersion() || got < 2 {
		t.Errorf("after migration the schema is %d, want %d", got, store.SchemaVersion())
	}
	storetest.Check(t, path)
}
