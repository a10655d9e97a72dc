// Package wallettest provides an in-memory wallet.Store for tests of the
// wallet package and its users. It follows the contract of wallet.Store as
// the bbolt store does: items are kept as JSON (so a summary that cannot be
// encoded fails here too), Add is all or nothing, and Delete removes nested
// items with their record.
package wallettest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
)

// ErrClosed is returned by every method of a closed Store.
var ErrClosed = errors.New("wallettest: the store is closed")

// Store is a concurrency-safe in-memory wallet.Store.
type Store struct {
	mu       sync.RWMutex
	items    map[string]entry
	hashes   map[[32]byte]string // content hash -> id, for Dedup records
	settings map[string][]byte
	closed   bool
}

type entry struct {
	item     []byte       // the Item as JSON
	cause    check.Reason // Item.VerificationCause, which its JSON leaves out
	original []byte
	image    []byte
	hash     [32]byte
	dedup    bool
}

var _ wallet.Store = (*Store)(nil)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{items: map[string]entry{}, hashes: map[[32]byte]string{}}
}

func encode(r wallet.Record) (entry, error) {
	r.Item.HasImage = len(r.Image) > 0
	b, cause, err := encodeItem(r.Item)
	if err != nil {
		return entry{}, err
	}
	return entry{
		item:     b,
		cause:    cause,
		original: slices.Clone(r.Original),
		image:    slices.Clone(r.Image),
		hash:     r.Hash,
		dedup:    r.Dedup,
	}, nil
}

// Add implements wallet.Store.
func (s *Store) Add(r wallet.Record, children []wallet.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return s.add(r, children)
}

// AddBatch implements wallet.Store: all or nothing, under the store's lock.
func (s *Store) AddBatch(entries []wallet.Entry) ([]error, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	// Added entries are undone when a later one fails, as a rolled back
	// transaction would.
	var added []wallet.Record
	errs := make([]error, len(entries))
	for i, e := range entries {
		err := s.add(e.Record, e.Children)
		var dup *wallet.DuplicateError
		switch {
		case errors.As(err, &dup):
			errs[i] = dup
		case err != nil:
			for _, r := range added {
				s.remove(r.Item.ID)
			}
			return nil, err
		default:
			added = append(added, e.Record)
			added = append(added, e.Children...)
		}
	}
	return errs, nil
}

func (s *Store) add(r wallet.Record, children []wallet.Record) error {
	if r.Dedup {
		if id, ok := s.hashes[r.Hash]; ok {
			return &wallet.DuplicateError{ID: id}
		}
	}
	all := append([]wallet.Record{r}, children...)
	staged := make(map[string]entry, len(all))
	for _, rec := range all {
		id := rec.Item.ID
		if _, taken := s.items[id]; id == "" || taken {
			return fmt.Errorf("item id %q is empty or taken", id)
		}
		if _, taken := staged[id]; taken {
			return fmt.Errorf("item id %q is given twice", id)
		}
		e, err := encode(rec)
		if err != nil {
			return err
		}
		staged[id] = e
	}
	for id, e := range staged {
		s.items[id] = e
	}
	if r.Dedup {
		s.hashes[r.Hash] = r.Item.ID
	}
	return nil
}

// encodeItem is the item as JSON, with its report, and the verdict's cause
// taken from the report, as the bbolt store records it.
func encodeItem(it wallet.Item) ([]byte, check.Reason, error) {
	var cause check.Reason
	if it.Report != nil {
		cause = it.Brief().VerificationCause
	}
	b, err := json.Marshal(it)
	return b, cause, err
}

func decode(e entry) (wallet.Item, error) {
	var it wallet.Item
	err := json.Unmarshal(e.item, &it)
	it.VerificationCause = e.cause
	return it, err
}

// List implements wallet.Store.
func (s *Store) List() ([]wallet.Item, error) {
	items, err := s.ListWithReports()
	for i := range items {
		items[i] = items[i].Brief()
	}
	return items, err
}

// ListWithReports implements wallet.Store.
func (s *Store) ListWithReports() ([]wallet.Item, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	out := make([]wallet.Item, 0, len(s.items))
	for _, e := range s.items {
		it, err := decode(e)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (s *Store) get(id string) (entry, error) {
	if s.closed {
		return entry{}, ErrClosed
	}
	e, ok := s.items[id]
	if !ok {
		return entry{}, wallet.ErrNotFound
	}
	return e, nil
}

// Item implements wallet.Store.
func (s *Store) Item(id string) (wallet.Item, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, err := s.get(id)
	if err != nil {
		return wallet.Item{}, err
	}
	return decode(e)
}

// Original implements wallet.Store.
func (s *Store) Original(id string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, err := s.get(id)
	return slices.Clone(e.original), err
}

// Image implements wallet.Store.
func (s *Store) Image(id string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, err := s.get(id)
	return slices.Clone(e.image), err
}

// Setting implements wallet.Store.
func (s *Store) Setting(name string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	return slices.Clone(s.settings[name]), nil
}

// SetSetting implements wallet.Store.
func (s *Store) SetSetting(name string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.settings == nil {
		s.settings = map[string][]byte{}
	}
	s.settings[name] = slices.Clone(value)
	return nil
}

// UpdateSetting implements wallet.Store, holding the store's lock while fn
// runs, as the bbolt store holds its write transaction.
func (s *Store) UpdateSetting(name string, fn func(old []byte) ([]byte, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	value, err := fn(slices.Clone(s.settings[name]))
	if err != nil {
		return err
	}
	if s.settings == nil {
		s.settings = map[string][]byte{}
	}
	s.settings[name] = slices.Clone(value)
	return nil
}

// UpdateItems implements wallet.Store.
func (s *Store) UpdateItems(ids []string, fn func(*wallet.Item) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	updated := map[string]entry{}
	for _, id := range ids {
		e, err := s.get(id)
		if err != nil {
			return err
		}
		if u, ok := updated[id]; ok {
			e = u
		}
		it, err := decode(e)
		if err != nil {
			return err
		}
		parent, children := it.Parent, slices.Clone(it.Children)
		if err := fn(&it); err != nil {
			return err
		}
		if it.ID != id || it.Parent != parent || !slices.Equal(it.Children, children) {
			return fmt.Errorf("UpdateItems: fn changed the id, parent or children of %s", id)
		}
		if e.item, e.cause, err = encodeItem(it); err != nil {
			return err
		}
		updated[id] = e
	}
	for id, e := range updated {
		s.items[id] = e
	}
	return nil
}

// Delete implements wallet.Store.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.get(id)
	if err != nil {
		return err
	}
	it, err := decode(e)
	if err != nil {
		return err
	}
	for _, c := range it.Children {
		s.remove(c)
	}
	s.remove(id)
	return nil
}

func (s *Store) remove(id string) {
	e, ok := s.items[id]
	if !ok {
		return
	}
	if e.dedup && s.hashes[e.hash] == id {
		delete(s.hashes, e.hash)
	}
	delete(s.items, id)
}

// Close implements wallet.Store. Closing twice is an error, as the
// contract asks for exactly one call.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	return nil
}

// Len returns the number of items stored, nested ones included.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.items)
}

// Indented is v as JSON, indented by two spaces, with <, > and & kept as
// they are: how the generated test files are written.
func Indented(t testing.TB, v any) []byte {
	t.Helper()
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// SignVCJWT signs claims as a VC-JWT (typ vc+jwt, EdDSA) with key, naming
// kid: how the generated test files' JWTs are made.
func SignVCJWT(t testing.TB, key ed25519.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	h := jws.NewHeaders()
	_ = h.Set(jws.KeyIDKey, kid)
	_ = h.Set(jws.TypeKey, "vc+jwt")
	tok, err := jws.Sign(Indented(t, claims), jws.WithKey(jwa.EdDSA, key, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return string(tok)
}

// KeyIssuer is a TEST-ONLY did:key issuer for generated test files: its
// key, DID and verification method.
type KeyIssuer struct {
	Key ed25519.PrivateKey
	DID string
	VM  string
}

// NewKeyIssuer makes the did:key issuer of key.
func NewKeyIssuer(key ed25519.PrivateKey) KeyIssuer {
	d := did.KeyDID(key.Public().(ed25519.PublicKey))
	return KeyIssuer{Key: key, DID: d, VM: d + "#" + strings.TrimPrefix(d, "did:key:")}
}

// Sign signs doc with an eddsa-rdfc-2022 proof made at created.
func (is KeyIssuer) Sign(t testing.TB, doc map[string]any, created string) map[string]any {
	t.Helper()
	signed, err := di.Sign(doc, is.Key, map[string]any{"verificationMethod": is.VM, "created": created})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}
