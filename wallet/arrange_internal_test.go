package wallet

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// TestArrange: records are followed by their nested items in the record's
// order, newest first; items in the trash, and those nested in a trashed
// record, are left out; in any order the store gives them.
func TestArrange(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	base := []Item{
		{ID: "a", Summary: credential.Summary{Issued: day(1)}},
		{ID: "r", Summary: credential.Summary{Issued: day(3)}, Children: []string{"r2", "r1", "gone"}},
		{ID: "r1", Parent: "r"},
		{ID: "r2", Parent: "r"},
		{ID: "t", Summary: credential.Summary{Issued: day(5)}, Trashed: day(6), Children: []string{"t1"}},
		{ID: "t1", Parent: "t"},
		{ID: "b", Summary: credential.Summary{Issued: day(2)}, Pinned: true},
		{ID: "orphan", Parent: "nobody"},
	}
	want := []string{"r", "r2", "r1", "b", "a"}
	for range 50 {
		all := slices.Clone(base)
		rand.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		var got []string
		for _, it := range arrange(all) {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("arrange = %v, want %v", got, want)
		}
	}
}

func TestPermute(t *testing.T) {
	for n := range 40 {
		items := make([]Item, n)
		for i := range items {
			items[i].ID = string(rune('A' + i))
		}
		order := rand.Perm(n)
		want := make([]string, n)
		for k, i := range order {
			want[k] = items[i].ID
		}
		permute(items, order)
		for k := range items {
			if items[k].ID != want[k] {
				t.Fatalf("n=%d: position %d holds %s, want %s", n, k, items[k].ID, want[k])
			}
		}
	}
}
