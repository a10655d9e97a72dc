package wallettest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// StoreSuite runs the tests that every wallet.Store must pass, so the
// stores agree: this package's Store runs it, and so does the bbolt store.
// open returns a new, empty store, which the suite closes.
func StoreSuite(t *testing.T, open func(t *testing.T) wallet.Store) {
	for _, tc := range []struct {
		name string
		test func(t *testing.T, s wallet.Store)
	}{
		{"SettingRoundTrip", testSettingRoundTrip},
		{"UpdateSetting", testUpdateSetting},
		{"UpdateSettingErrorWritesNothing", testUpdateSettingError},
		{"UpdateSettingConcurrent", testUpdateSettingConcurrent},
		{"AddBatchDuplicates", testAddBatchDuplicates},
		{"AddBatchAllOrNothing", testAddBatchAllOrNothing},
		{"ListIsBrief", testListIsBrief},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			tc.test(t, s)
		})
	}
}

func mustSetting(t *testing.T, s wallet.Store, name string) []byte {
	t.Helper()
	b, err := s.Setting(name)
	if err != nil {
		t.Fatalf("Setting(%q): %v", name, err)
	}
	return b
}

func testSettingRoundTrip(t *testing.T, s wallet.Store) {
	if b := mustSetting(t, s, "a"); b != nil {
		t.Errorf("a setting never set = %q, want nil", b)
	}
	value := []byte(`{"x":1}`)
	if err := s.SetSetting("a", value); err != nil {
		t.Fatal(err)
	}
	value[0] = 'X' // the store keeps its own copy
	got := mustSetting(t, s, "a")
	if string(got) != `{"x":1}` {
		t.Fatalf("Setting = %q", got)
	}
	got[0] = 'X' // and gives out copies
	if again := mustSetting(t, s, "a"); string(again) != `{"x":1}` {
		t.Errorf("changing what Setting returned changed the store: %q", again)
	}
	if b := mustSetting(t, s, "b"); b != nil {
		t.Errorf("another setting = %q, want nil", b)
	}
}

func testUpdateSetting(t *testing.T, s wallet.Store) {
	calls := 0
	err := s.UpdateSetting("list", func(old []byte) ([]byte, error) {
		calls++
		if old != nil {
			t.Errorf("first update: old = %q, want nil", old)
		}
		return []byte("one"), nil
	})
	if err != nil || calls != 1 {
		t.Fatalf("UpdateSetting = %v after %d calls of fn", err, calls)
	}
	err = s.UpdateSetting("list", func(old []byte) ([]byte, error) {
		if string(old) != "one" {
			t.Errorf("second update: old = %q, want one", old)
		}
		old[0] = 'X' // fn's to change: the store does not see it
		return append([]byte("one,"), "two"...), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustSetting(t, s, "list"); string(got) != "one,two" {
		t.Errorf("after two updates: %q", got)
	}
	if got := mustSetting(t, s, "other"); got != nil {
		t.Errorf("an update of one setting set another: %q", got)
	}
}

func testUpdateSettingError(t *testing.T, s wallet.Store) {
	refused := errors.New("refused")
	for _, name := range []string{"never-set", "set"} {
		if name == "set" {
			if err := s.SetSetting(name, []byte("before")); err != nil {
				t.Fatal(err)
			}
		}
		before := mustSetting(t, s, name)
		err := s.UpdateSetting(name, func(old []byte) ([]byte, error) {
			return []byte("after"), refused
		})
		if !errors.Is(err, refused) {
			t.Errorf("%s: UpdateSetting = %v, want fn's error", name, err)
		}
		if got := mustSetting(t, s, name); !bytes.Equal(got, before) {
			t.Errorf("%s: a refused update wrote %q (before: %q)", name, got, before)
		}
	}
}

// testUpdateSettingConcurrent: updates that each add to a list all survive,
// however they interleave.
func testUpdateSettingConcurrent(t *testing.T, s wallet.Store) {
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- s.UpdateSetting("list", func(old []byte) ([]byte, error) {
				item := fmt.Sprintf("item-%02d", i)
				if len(old) == 0 {
					return []byte(item), nil
				}
				return fmt.Appendf(old, ",%s", item), nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Split(string(mustSetting(t, s, "list")), ",")
	slices.Sort(got)
	if len(slices.Compact(got)) != n {
		t.Errorf("%d of %d concurrent updates survived", len(got), n)
	}
}

func record(id string, hash byte) wallet.Record {
	return wallet.Record{Item: wallet.Item{ID: id}, Original: []byte(id), Hash: [32]byte{hash}, Dedup: true}
}

// A duplicate, of a stored credential or of an earlier entry of the same
// batch, is reported in its place and not stored; the others are.
func testAddBatchDuplicates(t *testing.T, s wallet.Store) {
	if err := s.Add(record("old", 1), nil); err != nil {
		t.Fatal(err)
	}
	errs, err := s.AddBatch([]wallet.Entry{{Record: record("a", 2)}, {Record: record("b", 1)}, {Record: record("c", 2)}, {Record: record("d", 3)}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"", "old", "a", ""}
	for i, e := range errs {
		var dup *wallet.DuplicateError
		got := ""
		if errors.As(e, &dup) {
			got = dup.ID
		} else if e != nil {
			t.Errorf("entry %d: %v", i, e)
		}
		if got != want[i] {
			t.Errorf("entry %d duplicates %q, want %q", i, got, want[i])
		}
	}
	for id, stored := range map[string]bool{"a": true, "b": false, "c": false, "d": true} {
		if _, err := s.Item(id); (err == nil) != stored {
			t.Errorf("item %s: %v, want stored %v", id, err, stored)
		}
	}
}

// An entry that cannot be stored (its id is taken) stores nothing of the batch.
func testAddBatchAllOrNothing(t *testing.T, s wallet.Store) {
	if err := s.Add(record("taken", 1), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBatch([]wallet.Entry{{Record: record("a", 2)}, {Record: record("taken", 3)}}); err == nil {
		t.Fatal("a batch with a taken id was stored")
	}
	if _, err := s.Item("a"); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("the batch's first entry: %v, want ErrNotFound", err)
	}
	// Its hash was not kept either.
	errs, err := s.AddBatch([]wallet.Entry{{Record: record("a", 2)}})
	if err != nil || errs[0] != nil {
		t.Errorf("adding it again: %v %v", errs, err)
	}
}

// List leaves reports out, keeping the verdict and its cause; Item and
// ListWithReports have them.
func testListIsBrief(t *testing.T, s wallet.Store) {
	r := record("a", 1)
	rep := (&verify.Verifier{}).Bytes(context.Background(), []byte("{}")) // not valid: a cause
	r.Item.Report, r.Item.Verification = &rep, rep.Verdict
	if err := s.Add(r, nil); err != nil {
		t.Fatal(err)
	}
	brief := r.Item.Brief()
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Report != nil || list[0].Verification != rep.Verdict || list[0].VerificationCause != brief.VerificationCause {
		t.Errorf("List = %+v, %v", list, err)
	}
	full, err := s.ListWithReports()
	if err != nil || len(full) != 1 || full[0].Report == nil || full[0].Report.Verdict != rep.Verdict {
		t.Errorf("ListWithReports = %+v, %v", full, err)
	}
	it, err := s.Item("a")
	if err != nil || it.Report == nil || it.VerificationCause != brief.VerificationCause {
		t.Errorf("Item = %+v, %v", it, err)
	}
}
