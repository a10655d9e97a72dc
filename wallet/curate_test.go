package wallet_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// curated imports three credentials into a wallet with a clock the test
// moves; it returns their ids: a badge, another badge, a record.
func curated(t *testing.T) (*wallet.Wallet, *time.Time, [3]string) {
	t.Helper()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w := wallet.New(wallettest.NewStore(), wallet.WithClock(func() time.Time { return now }))
	var ids [3]string
	for i, name := range []string{"ob3/validator/simple.json", "ob3/spec/fullOpenBadge.json", "clr2/validator/simple.json"} {
		r := w.ImportBytes(name, example(t, name))
		if r.Status != wallet.Imported {
			t.Fatalf("%s: %+v", name, r)
		}
		ids[i] = r.ID
	}
	return w, &now, ids
}

func TestTagsNotesArchive(t *testing.T) {
	w, _, ids := curated(t)
	if err := w.Tag("  Job   hunt ", false, ids[0], ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := w.Tag("job hunt", false, ids[1]); err != nil { // the same tag, spelt otherwise
		t.Fatal(err)
	}
	tags, err := w.Tags()
	if err != nil || !slices.Equal(tags, []wallet.TagCount{{Name: "Job hunt", Count: 3}}) {
		t.Fatalf("tags %v, %v", tags, err)
	}
	if err := w.RenameTag("JOB HUNT", "Applications"); err != nil {
		t.Fatal(err)
	}
	if err := w.Tag("Applications", true, ids[1]); err != nil {
		t.Fatal(err)
	}
	it, _ := w.Item(ids[0])
	other, _ := w.Item(ids[1])
	if !slices.Equal(it.Tags, []string{"Applications"}) || len(other.Tags) != 0 {
		t.Errorf("tags after rename and removal: %v, %v", it.Tags, other.Tags)
	}
	if _, err := w.CreateTag("Teaching"); err != nil {
		t.Fatal(err)
	}
	if err := w.RenameTag("Applications", "teaching"); !errors.Is(err, wallet.ErrTagExists) {
		t.Errorf("rename onto another tag: %v", err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", wallet.MaxTagLength+1), "a\u202eb", "a\x00"} {
		var inv *wallet.InvalidTagError
		if err := w.Tag(bad, false, ids[0]); !errors.As(err, &inv) {
			t.Errorf("tag %q: %v, want InvalidTagError", bad, err)
		}
	}

	if err := w.SetNote(ids[0], "  Ask Dr. Rivera for a reference.\n"); err != nil {
		t.Fatal(err)
	}
	if it, _ := w.Item(ids[0]); it.Note != "Ask Dr. Rivera for a reference." {
		t.Errorf("note %q", it.Note)
	}
	if err := w.SetNote(ids[0], strings.Repeat("é", wallet.MaxNoteLength+1)); !errors.Is(err, wallet.ErrNoteTooLong) {
		t.Errorf("long note: %v", err)
	}
	rec, _ := w.Item(ids[2])
	if err := w.SetNote(rec.Children[0], "x"); !errors.Is(err, wallet.ErrNested) {
		t.Errorf("note on a nested course: %v", err)
	}

	if err := w.SetArchived(true, ids[1]); err != nil {
		t.Fatal(err)
	}
	items, _ := w.Items()
	lib := wallet.NewLibrary(items)
	if got := ids3(lib.Select(wallet.Query{}, time.Now())); slices.Contains(got, ids[1]) || len(got) != 2 {
		t.Errorf("library without the archive: %v", got)
	}
	if got := ids3(lib.Select(wallet.Query{Archived: true}, time.Now())); !slices.Equal(got, []string{ids[1]}) {
		t.Errorf("the archive: %v", got)
	}
}

func ids3(items []wallet.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// Deleting moves to the trash: out of the library, back with Untrash or by
// importing it again, gone for good after TrashKept or when emptied.
func TestTrash(t *testing.T) {
	w, now, ids := curated(t)
	if err := w.Trash(ids[0], ids[2]); err != nil {
		t.Fatal(err)
	}
	items, _ := w.Items()
	if len(items) != 1 || items[0].ID != ids[1] {
		t.Fatalf("library after trashing two: %v", ids3(items))
	}
	trashed, _ := w.Trashed()
	if len(trashed) != 2 {
		t.Fatalf("trash %v", ids3(trashed))
	}
	if err := w.Untrash(ids[0]); err != nil {
		t.Fatal(err)
	}
	// Imported again, a trashed credential comes back.
	if r := w.ImportBytes("again.json", example(t, "clr2/validator/simple.json")); r.Status != wallet.Imported || r.ID != ids[2] {
		t.Errorf("re-import from the trash: %+v", r)
	}
	if err := w.Trash(ids[2]); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(wallet.TrashKept - time.Hour)
	if n, err := w.PurgeTrash(); n != 0 || err != nil {
		t.Errorf("purged %d, %v before 30 days", n, err)
	}
	*now = now.Add(2 * time.Hour)
	if n, err := w.PurgeTrash(); n != 1 || err != nil {
		t.Errorf("purged %d, %v after 30 days", n, err)
	}
	if _, err := w.Item(ids[2]); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("after purge: %v", err)
	}
	if err := w.Trash(ids[1]); err != nil {
		t.Fatal(err)
	}
	if n, err := w.EmptyTrash(0); n != 1 || err != nil {
		t.Errorf("emptied %d, %v", n, err)
	}
}

func TestLibrarySearchFilterSort(t *testing.T) {
	w, now, ids := curated(t)
	if err := w.Tag("Portfolio", false, ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := w.SetNote(ids[0], "Résumé item for the Zürich application"); err != nil {
		t.Fatal(err)
	}
	items, _ := w.Items()
	lib := wallet.NewLibrary(items)
	for _, c := range []struct {
		q    wallet.Query
		want []string
	}{
		{wallet.Query{Search: "resume zurich"}, []string{ids[0]}},             // note, accents and case aside
		{wallet.Query{Search: "PORTFOLIO"}, []string{ids[1]}},                 // tag
		{wallet.Query{Search: "1edtech university degree"}, []string{ids[1]}}, // alignment
		{wallet.Query{Tags: []string{"portfolio"}}, []string{ids[1]}},
		{wallet.Query{Kinds: []credential.Kind{credential.KindCLR}}, []string{ids[2]}},
		{wallet.Query{Search: "no such words"}, nil},
	} {
		if got := ids3(lib.Select(c.q, *now)); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.q, got, c.want)
		}
	}
	// A record is found by its courses' names.
	rec := lib.Children(ids[2])
	if len(rec) == 0 {
		t.Fatal("the record has no courses")
	}
	if got := ids3(lib.Select(wallet.Query{Search: rec[0].Summary.Title()}, *now)); !slices.Contains(got, ids[2]) {
		t.Errorf("search by a course's name %q: %v", rec[0].Summary.Title(), got)
	}
	all := lib.Select(wallet.Query{Sort: wallet.SortName}, *now)
	for i := 1; i < len(all); i++ {
		if strings.ToLower(all[i-1].Summary.Title()) > strings.ToLower(all[i].Summary.Title()) {
			t.Errorf("not by name: %q before %q", all[i-1].Summary.Title(), all[i].Summary.Title())
		}
	}
	// Pinned first, whatever the order.
	if err := w.SetPinned(true, all[len(all)-1].ID); err != nil {
		t.Fatal(err)
	}
	items, _ = w.Items()
	if got := wallet.NewLibrary(items).Select(wallet.Query{Sort: wallet.SortName}, *now); got[0].ID != all[len(all)-1].ID {
		t.Errorf("the pinned item is not first: %v", ids3(got))
	}
}

// A wallet summarized by an older version is summarized again, once.
func TestRefreshSummaries(t *testing.T) {
	s := wallettest.NewStore()
	w := wallet.New(s)
	r := w.ImportBytes("full.json", example(t, "ob3/spec/fullOpenBadge.json"))
	if n, err := w.RefreshSummaries(); n != 1 || err != nil { // never recorded: an older wallet
		t.Fatalf("first refresh: %d, %v", n, err)
	}
	if n, err := w.RefreshSummaries(); n != 0 || err != nil {
		t.Fatalf("second refresh: %d, %v", n, err)
	}
	// As an older version left it: no alignments read.
	if err := s.UpdateItems([]string{r.ID}, func(it *wallet.Item) error { it.Summary.Alignments = nil; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting("summary-version", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if n, err := w.RefreshSummaries(); n != 1 || err != nil {
		t.Fatalf("refresh after an upgrade: %d, %v", n, err)
	}
	if it, _ := w.Item(r.ID); len(it.Summary.Alignments) == 0 {
		t.Error("the summary was not made again")
	}
}

// A stopped import stops before its next input: stopped before the first,
// nothing is imported and no input gets a Result.
func TestImportStops(t *testing.T) {
	w := wallet.New(wallettest.NewStore())
	dir := t.TempDir()
	put(t, dir, map[string]string{"1.json": "ob3/validator/simple.json", "2.json": "clr2/validator/simple.json"})
	stop := make(chan struct{})
	close(stop)
	if results := w.ImportPaths([]string{dir}, wallet.ImportOptions{Stop: stop}); len(results) != 0 {
		t.Errorf("%d results after stopping", len(results))
	}
	if items, _ := w.Items(); len(items) != 0 {
		t.Errorf("%d stored after stopping", len(items))
	}
}
