package wallettest_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

func rec(id string, hash byte, dedup bool, children ...string) wallet.Record {
	return wallet.Record{
		Item:     wallet.Item{ID: id, Kind: credential.KindOB3, Children: children, Summary: credential.Summary{Name: "n-" + id}},
		Original: []byte("orig-" + id),
		Hash:     [32]byte{hash},
		Dedup:    dedup,
	}
}

func child(id, parent string) wallet.Record {
	r := rec(id, 9, false)
	r.Item.Parent = parent
	r.Image = []byte("img-" + id)
	return r
}

func TestStore(t *testing.T) {
	s := wallettest.NewStore()
	if err := s.Add(rec("p1", 1, true, "c1", "c2"), []wallet.Record{child("c1", "p1"), child("c2", "p1")}); err != nil {
		t.Fatal(err)
	}

	t.Run("round trip", func(t *testing.T) {
		it, err := s.Item("c1")
		if err != nil || it.Parent != "p1" || !it.HasImage || it.Summary.Name != "n-c1" {
			t.Fatalf("Item(c1) = %+v, %v", it, err)
		}
		orig, err := s.Original("p1")
		if err != nil || string(orig) != "orig-p1" {
			t.Fatalf("Original = %q, %v", orig, err)
		}
		orig[0] = 'X' // callers own what they get
		if again, _ := s.Original("p1"); string(again) != "orig-p1" {
			t.Errorf("changing a returned original changed the store: %q", again)
		}
		if img, err := s.Image("p1"); err != nil || img != nil {
			t.Errorf("Image(p1) = %q, %v; want none", img, err)
		}
		if all, err := s.List(); err != nil || len(all) != 3 {
			t.Errorf("List = %d items, %v", len(all), err)
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		err := s.Add(rec("p2", 1, true), nil)
		var dup *wallet.DuplicateError
		if !errors.As(err, &dup) || dup.ID != "p1" {
			t.Fatalf("Add = %v, want a duplicate of p1", err)
		}
		if err := s.Add(rec("p3", 1, false), nil); err != nil {
			t.Errorf("a record not deduplicated was refused: %v", err)
		}
		if err := s.Delete("p3"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("all or nothing", func(t *testing.T) {
		err := s.Add(rec("p4", 4, true, "c4", "c1"), []wallet.Record{child("c4", "p4"), child("c1", "p4")})
		if err == nil {
			t.Fatal("Add with a taken child id succeeded")
		}
		for _, id := range []string{"p4", "c4"} {
			if _, err := s.Item(id); !errors.Is(err, wallet.ErrNotFound) {
				t.Errorf("Item(%s) after a failed Add: %v", id, err)
			}
		}
		if err := s.Add(rec("p4", 4, true), nil); err != nil {
			t.Errorf("the hash of a failed Add stayed taken: %v", err)
		}
		if err := s.Add(rec("", 5, true), nil); err == nil {
			t.Error("Add without an id succeeded")
		}
	})
	t.Run("delete", func(t *testing.T) {
		if err := s.Delete("p1"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"p1", "c1", "c2"} {
			if _, err := s.Item(id); !errors.Is(err, wallet.ErrNotFound) {
				t.Errorf("Item(%s) after delete: %v", id, err)
			}
			if _, err := s.Original(id); !errors.Is(err, wallet.ErrNotFound) {
				t.Errorf("Original(%s) after delete: %v", id, err)
			}
		}
		if err := s.Delete("p1"); !errors.Is(err, wallet.ErrNotFound) {
			t.Errorf("second Delete = %v", err)
		}
		if err := s.Add(rec("p5", 1, true), nil); err != nil {
			t.Errorf("the hash of a deleted item stayed taken: %v", err)
		}
	})
	t.Run("close", func(t *testing.T) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.List(); !errors.Is(err, wallettest.ErrClosed) {
			t.Errorf("List after Close = %v", err)
		}
		if err := s.Close(); err == nil {
			t.Error("second Close succeeded")
		}
	})
}

func TestStoreConcurrent(t *testing.T) {
	s := wallettest.NewStore()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("id%d", i)
			err := s.Add(rec(id, byte(i%4), true), nil)
			var dup *wallet.DuplicateError
			if err != nil && !errors.As(err, &dup) {
				errs <- err
			}
			if _, err := s.List(); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s.Len() != 4 {
		t.Errorf("%d items stored, want one per hash (4)", s.Len())
	}
}

func TestStoreSuite(t *testing.T) {
	wallettest.StoreSuite(t, func(*testing.T) wallet.Store { return wallettest.NewStore() })
}
