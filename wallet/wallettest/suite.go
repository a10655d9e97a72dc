package wallettest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
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
