package wallet_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

const examples = "../testdata/examples"

// clock is a wallet clock that moves on a second each time it is read.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func newWallet(t *testing.T) (*wallet.Wallet, *wallettest.Store) {
	t.Helper()
	s := wallettest.NewStore()
	c := &clock{now: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}
	w := wallet.New(s, wallet.WithClock(c.Now))
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return w, s
}

func example(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// put writes files into dir: each name maps to an example to copy or, when
// it does not name one, to the file's text.
func put(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(examples, src))
		if err != nil {
			data = []byte(src)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// want is the expected outcome of one input.
type want struct {
	path   string // relative to the test's folder
	status wallet.ImportStatus
	kind   credential.Kind
	nested int
	err    string // part of the error of a rejection
}

func checkResults(t *testing.T, dir string, got []wallet.Result, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		for _, r := range got {
			t.Logf("result: %s %s %s", r.Path, r.Status, r.Error)
		}
		t.Fatalf("%d results, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		r := got[i]
		path := filepath.Join(dir, filepath.FromSlash(w.path))
		if r.Path != path || r.Status != w.status || r.Kind != w.kind || r.Nested != w.nested {
			t.Errorf("result %d = {%s %s %s nested %d}, want {%s %s %s nested %d}", i, r.Path, r.Status, r.Kind, r.Nested, path, w.status, w.kind, w.nested)
		}
		switch w.status {
		case wallet.Rejected:
			var re *credential.RejectError
			if !strings.Contains(r.Error, w.err) || !errors.As(r.Err, &re) || r.ID != "" {
				t.Errorf("result %d (%s): error %q (%T), id %q; want a rejection containing %q", i, w.path, r.Error, r.Err, r.ID, w.err)
			}
		default:
			if r.ID == "" || r.Name == "" || r.Issuer == "" || r.Error != "" || r.Err != nil {
				t.Errorf("result %d (%s) = %+v, want an id, a name, an issuer and no error", i, w.path, r)
			}
		}
	}
}

func TestImportFolder(t *testing.T) {
	w, s := newWallet(t)
	dir := t.TempDir()
	put(t, dir, map[string]string{
		"badges/simple.json":                  "ob3/validator/simple.json",
		"badges/b/basic-assertion.json":       "ob2/validator/basic-assertion.json",
		"badges/b/c/complex.json":             "clr2/validator/complex.json",
		"badges/b/c/simple-json.png":          "ob3/validator/simple-json.png",
		"badges/notes.txt":                    "remember to import these",
		"badges/.hidden.json":                 "ob3/validator/complete.json",
		"badges/.git/objects/credential.json": "ob3/validator/complete_v1.json",
		"badges/b/.cache/credential.json":     "ob3/validator/simple-did-key-method.json",
	})
	if err := os.Symlink(filepath.Join(dir, "badges/b/basic-assertion.json"), filepath.Join(dir, "badges/link.json")); err != nil {
		t.Fatal(err)
	}
	got := w.ImportPaths([]string{filepath.Join(dir, "badges")}, wallet.ImportOptions{})
	// Files in lexical order, folders entered where they sort; hidden files
	// and folders are left out; a link to a file is followed.
	checkResults(t, dir, got, []want{
		{path: "badges/b/basic-assertion.json", status: wallet.Imported, kind: credential.KindOB2},
		{path: "badges/b/c/complex.json", status: wallet.Imported, kind: credential.KindCLR, nested: 6},
		{path: "badges/b/c/simple-json.png", status: wallet.Imported, kind: credential.KindOB3},
		{path: "badges/link.json", status: wallet.Duplicate, kind: credential.KindOB2},
		{path: "badges/notes.txt", status: wallet.Rejected, err: "not a credential"},
		{path: "badges/simple.json", status: wallet.Imported, kind: credential.KindOB3},
	})
	if n := s.Len(); n != 4+6 {
		t.Errorf("the store holds %d items, want 10", n)
	}

	t.Run("hidden folder named itself", func(t *testing.T) {
		w, _ := newWallet(t)
		got := w.ImportPaths([]string{filepath.Join(dir, "badges/.git")}, wallet.ImportOptions{})
		checkResults(t, dir, got, []want{{path: "badges/.git/objects/credential.json", status: wallet.Imported, kind: credential.KindOB3}})
	})
	t.Run("hidden file named itself", func(t *testing.T) {
		w, _ := newWallet(t)
		got := w.ImportPaths([]string{filepath.Join(dir, "badges/.hidden.json")}, wallet.ImportOptions{})
		checkResults(t, dir, got, []want{{path: "badges/.hidden.json", status: wallet.Imported, kind: credential.KindOB3}})
	})
	t.Run("empty folder", func(t *testing.T) {
		w, _ := newWallet(t)
		got := w.ImportPaths([]string{t.TempDir()}, wallet.ImportOptions{})
		if len(got) != 1 || got[0].Status != wallet.Rejected || !strings.Contains(got[0].Error, "holds no files") {
			t.Errorf("results %+v, want one rejection saying the folder is empty", got)
		}
	})
}

func TestImportMixed(t *testing.T) {
	w, s := newWallet(t)
	dir := t.TempDir()
	put(t, dir, map[string]string{
		"1-ob3.json":            "ob3/validator/simple.json",
		"2-badgeclass.json":     "ob2/validator/assets/badgeclass1.json",
		"4-not-json.json":       `{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",`,
		"5-ob2.jwt":             "ob2/validator/simple.jwt",
		"6-same-as-1.1ob":       "ob3/validator/simple.1ob",
		"7-empty.json":          "",
		"8-unbaked.png":         "ob2/validator/assets/robotics-badge.png",
		"folder/9-clr.jwt":      "clr2/validator/simple.jwt",
		"folder/10-status.json": "ob3/dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json",
	})
	paths := []string{"1-ob3.json", "2-badgeclass.json", "3-missing.json", "4-not-json.json", "5-ob2.jwt", "6-same-as-1.1ob", "7-empty.json", "8-unbaked.png", "folder"}
	for i, p := range paths {
		paths[i] = filepath.Join(dir, p)
	}
	type call struct {
		done, total int
		r           wallet.Result
	}
	var calls []call
	got := w.ImportPaths(paths, wallet.ImportOptions{Progress: wallet.ProgressFunc(func(done, total int, r wallet.Result) {
		calls = append(calls, call{done, total, r})
	})})
	checkResults(t, dir, got, []want{
		{path: "1-ob3.json", status: wallet.Imported, kind: credential.KindOB3},
		{path: "2-badgeclass.json", status: wallet.Rejected, err: "badge definition"},
		{path: "3-missing.json", status: wallet.Rejected, err: "no such file"},
		{path: "4-not-json.json", status: wallet.Rejected, err: "the JSON is malformed"},
		{path: "5-ob2.jwt", status: wallet.Imported, kind: credential.KindOB2},
		{path: "6-same-as-1.1ob", status: wallet.Duplicate, kind: credential.KindOB3},
		{path: "7-empty.json", status: wallet.Rejected, err: "the file is empty"},
		{path: "8-unbaked.png", status: wallet.Rejected, err: "no badge baked"},
		{path: "folder/10-status.json", status: wallet.Rejected, err: "status list"},
		{path: "folder/9-clr.jwt", status: wallet.Imported, kind: credential.KindCLR, nested: 1},
	})
	if got[5].ID != got[0].ID {
		t.Errorf("the duplicate reports id %q, want the first import's %q", got[5].ID, got[0].ID)
	}
	if n := s.Len(); n != 3+1 {
		t.Errorf("the store holds %d items, want 4", n)
	}

	// Progress hears of every input once, in order, as it is done.
	if len(calls) != len(got) {
		t.Fatalf("progress called %d times for %d inputs", len(calls), len(got))
	}
	for i, c := range calls {
		if c.done != i+1 || c.total != len(got) || c.r.Path != got[i].Path || c.r.Status != got[i].Status {
			t.Errorf("progress call %d: (%d of %d, %s %s), want (%d of %d, %s %s)", i, c.done, c.total, c.r.Path, c.r.Status, i+1, len(got), got[i].Path, got[i].Status)
		}
	}
}

func TestImportDuplicates(t *testing.T) {
	tests := []struct {
		name          string
		first, second string
	}{
		{"same file twice", "ob3/validator/simple.json", "ob3/validator/simple.json"},
		{"same JSON, other name", "ob3/validator/simple.json", "ob3/validator/simple.1ob"},
		{"same credential baked in PNG and SVG", "ob3/validator/simple-json.png", "ob3/validator/simple-json.svg"},
		{"same JWT baked in PNG and SVG", "ob3/validator/simple-jwt_v1.png", "ob3/validator/simple-jwt_v1.svg"},
		{"same CLR", "clr2/validator/complex.json", "clr2/validator/complex.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, s := newWallet(t)
			first := w.ImportBytes(tt.first, example(t, tt.first))
			if first.Status != wallet.Imported {
				t.Fatalf("first import: %s %s", first.Status, first.Error)
			}
			n := s.Len()
			second := w.ImportBytes("copy/"+filepath.Base(tt.second), example(t, tt.second))
			if second.Status != wallet.Duplicate || second.ID != first.ID || second.Name != first.Name || second.Kind != first.Kind {
				t.Errorf("second import = %+v, want a duplicate of %s %q", second, first.ID, first.Name)
			}
			if s.Len() != n {
				t.Errorf("a duplicate changed the store: %d items, was %d", s.Len(), n)
			}
			// Once the first is deleted, the credential can come in again.
			if err := w.Delete(first.ID); err != nil {
				t.Fatal(err)
			}
			if again := w.ImportBytes(tt.second, example(t, tt.second)); again.Status != wallet.Imported || again.ID == first.ID {
				t.Errorf("import after delete = %s (%s)", again.Status, again.Error)
			}
		})
	}
	t.Run("records nesting the same credential", func(t *testing.T) {
		w, _ := newWallet(t)
		for _, f := range []string{"clr2/validator/simple-noproof.json", "clr2/validator/simple_old_safesigned.json"} {
			if r := w.ImportBytes(f, example(t, f)); r.Status != wallet.Imported || r.Nested != 1 {
				t.Errorf("%s: %s with %d nested (%s)", f, r.Status, r.Nested, r.Error)
			}
		}
	})
}

func TestImportCLR(t *testing.T) {
	w, s := newWallet(t)
	const file = "clr2/validator/complex.json"
	data := example(t, file)
	r := w.ImportBytes("/home/learner/Downloads/complex.json", data)
	if r.Status != wallet.Imported || r.Kind != credential.KindCLR || r.Nested != 6 {
		t.Fatalf("import = %+v", r)
	}
	parent, err := w.Item(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if parent.Parent != "" || len(parent.Children) != 6 || parent.Source != "complex.json" || parent.Verification != verify.IssuerNotConfirmed || parent.Report == nil {
		t.Errorf("parent = %+v", parent)
	}
	if orig, err := w.Original(parent.ID); err != nil || !bytes.Equal(orig, data) {
		t.Errorf("Original of the record is not the file (%v)", err)
	}
	last := -1
	for i, id := range parent.Children {
		c, err := w.Item(id)
		if err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
		if c.Parent != parent.ID || len(c.Children) != 0 || c.Kind != credential.KindOB3 || c.Source != "complex.json" || c.Summary.Title() == "" {
			t.Errorf("child %d = %+v", i, c)
		}
		orig, err := w.Original(id)
		if err != nil {
			t.Fatal(err)
		}
		// Each child's original is its JSON as the record holds it, and
		// the children come in the record's order.
		at := bytes.Index(data, orig)
		if at < 0 || at <= last {
			t.Errorf("child %d: original at %d in the record (previous at %d)", i, at, last)
		}
		last = at
	}

	child := parent.Children[2]
	if err := w.Delete(child); !errors.Is(err, wallet.ErrNested) {
		t.Errorf("Delete(child) = %v, want ErrNested", err)
	}
	if err := w.Delete(child[:6]); !errors.Is(err, wallet.ErrNested) {
		t.Errorf("Delete(child prefix) = %v, want ErrNested", err)
	}
	if s.Len() != 7 {
		t.Errorf("the store holds %d items after refusing to delete a child, want 7", s.Len())
	}
	if err := w.Delete(parent.ID); err != nil {
		t.Fatalf("Delete(record): %v", err)
	}
	if s.Len() != 0 {
		t.Errorf("the store holds %d items after deleting the record", s.Len())
	}
	for _, id := range append([]string{parent.ID}, parent.Children...) {
		if _, err := w.Item(id); !errors.Is(err, wallet.ErrNotFound) {
			t.Errorf("Item(%s) after delete: %v, want ErrNotFound", id, err)
		}
	}
	if err := w.Delete(parent.ID); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
}

func TestItemByPrefix(t *testing.T) {
	s := wallettest.NewStore()
	w := wallet.New(s)
	defer w.Close()
	for _, id := range []string{"abcd2345", "abce6789", "xyz23456", "xyz2"} {
		if err := s.Add(wallet.Record{Item: wallet.Item{ID: id, Kind: credential.KindOB3}, Original: []byte("{}")}, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		query string
		id    string // "" when not found
		err   string
	}{
		{"abcd2345", "abcd2345", ""},
		{"abcd", "abcd2345", ""},
		{"ABCE", "abce6789", ""},
		{"  abce6  ", "abce6789", ""},
		{"xyz2", "xyz2", ""}, // an exact id wins over longer ones it prefixes
		{"xyz23", "xyz23456", ""},
		{"abc", "", "matches 2 credentials"},
		{"a", "", "matches 2 credentials"},
		{"q", "", wallet.ErrNotFound.Error()},
		{"abcd23456", "", wallet.ErrNotFound.Error()},
		{"", "", wallet.ErrNotFound.Error()},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.query), func(t *testing.T) {
			it, err := w.Item(tt.query)
			if tt.id != "" {
				if err != nil || it.ID != tt.id {
					t.Errorf("Item = %q, %v; want %q", it.ID, err, tt.id)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Item = %q, %v; want an error containing %q", it.ID, err, tt.err)
			}
			if tt.err == wallet.ErrNotFound.Error() && !errors.Is(err, wallet.ErrNotFound) {
				t.Errorf("error %v does not wrap ErrNotFound", err)
			}
		})
	}
	t.Run("delete by prefix", func(t *testing.T) {
		if err := w.Delete("abc"); err == nil {
			t.Fatal("Delete of an ambiguous prefix succeeded")
		}
		if err := w.Delete("abcd"); err != nil {
			t.Fatal(err)
		}
		if it, err := w.Item("abc"); err != nil || it.ID != "abce6789" {
			t.Errorf("after delete, Item(abc) = %q, %v", it.ID, err)
		}
	})
}

func TestImportTooLarge(t *testing.T) {
	w, _ := newWallet(t)
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 21 MB long, taking no room on disk.
	if err := f.Truncate(21 << 20); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	r := w.ImportFile(path)
	// Had the file been read, Parse would have seen just past 20 MB of it;
	// the size in the message shows it was refused on its size alone.
	if r.Status != wallet.Rejected || !strings.Contains(r.Error, "the file is 21.0 MB; the limit is 20 MB") {
		t.Errorf("import = %s %q", r.Status, r.Error)
	}
	t.Run("bytes", func(t *testing.T) {
		r := w.ImportBytes("pasted", make([]byte, credential.MaxInputSize+1))
		if r.Status != wallet.Rejected || !strings.Contains(r.Error, "the limit is 20 MB") {
			t.Errorf("import = %s %q", r.Status, r.Error)
		}
	})
}

func TestImportUnreadable(t *testing.T) {
	w, _ := newWallet(t)
	dir := t.TempDir()
	r := w.ImportFile(dir) // a folder given as a file
	if r.Status != wallet.Rejected || !strings.Contains(r.Error, "not a regular file") {
		t.Errorf("import of a folder as a file = %s %q", r.Status, r.Error)
	}
	r = w.ImportFile(filepath.Join(dir, "nothing-here.json"))
	if r.Status != wallet.Rejected || !strings.Contains(r.Error, "no such file") {
		t.Errorf("import of a missing file = %s %q", r.Status, r.Error)
	}
}

func TestItemsOrder(t *testing.T) {
	w, _ := newWallet(t)
	files := []string{
		"ob3/validator/simple.json",                // issued 2010-01-01, added 1st
		"clr2/validator/complex.json",              // a record issued 2022-12-05, with 6 nested
		"ob2/validator/basic-assertion.json",       // 2016-12-31
		"ob3/validator/simple-err-issued.json",     // 2040-01-01
		"ob3/validator/simple-noproof.json",        // 2010-01-01 too, added after simple.json
		"ob3/dcc-verifier-core/v1/v1NoStatus.json", // 2023-08-02
		"clr2/validator/simple.jwt",                // a record issued 2010-01-01, added last, with 1 nested
	}
	ids := map[string]string{}
	for _, f := range files {
		r := w.ImportBytes(f, example(t, f))
		if r.Status != wallet.Imported {
			t.Fatalf("%s: %s %s", f, r.Status, r.Error)
		}
		ids[f] = r.ID
	}
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		if it.Parent != "" {
			got = append(got, "  nested in "+it.Parent)
			continue
		}
		got = append(got, it.ID)
	}
	want := []string{ids[files[3]], ids[files[5]], ids[files[1]]}
	for range 6 {
		want = append(want, "  nested in "+ids[files[1]])
	}
	// Same issue date: the one added last comes first.
	want = append(want, ids[files[2]], ids[files[6]], "  nested in "+ids[files[6]], ids[files[4]], ids[files[0]])
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Items order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Nested items follow their record in the record's order.
	rec, err := w.Item(ids[files[1]])
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range rec.Children {
		if items[3+i].ID != id {
			t.Errorf("item %d is %s, want the record's child %d, %s", 3+i, items[3+i].ID, i, id)
		}
	}
}

func TestImportImages(t *testing.T) {
	w, _ := newWallet(t)
	tests := []struct {
		file     string
		hasImage bool
		format   credential.Format
	}{
		{"ob3/validator/simple-json.png", true, credential.FormatPNG},
		{"ob3/validator/simple-jwt.svg", true, credential.FormatSVG},
		{"ob2/validator/assertion-with-data-image.json", true, credential.FormatJSON},
		{"ob3/validator/simple.jwt", false, credential.FormatJWT},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := example(t, tt.file)
			r := w.ImportBytes(tt.file, data)
			if r.Status != wallet.Imported {
				t.Fatalf("%s %s", r.Status, r.Error)
			}
			it, err := w.Item(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			img, err := w.Image(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if it.HasImage != tt.hasImage || (len(img) > 0) != tt.hasImage || it.Format != tt.format {
				t.Errorf("item %s HasImage %v with %d bytes of image", it.Format, it.HasImage, len(img))
			}
			if tt.format == credential.FormatPNG || tt.format == credential.FormatSVG {
				if !bytes.Equal(img, data) {
					t.Errorf("the image of a badge image is not the file")
				}
			}
			if orig, err := w.Original(r.ID); err != nil || !bytes.Equal(orig, data) {
				t.Errorf("Original is not the file (%v)", err)
			}
		})
	}
}

// failingStore refuses to store anything.
type failingStore struct{ *wallettest.Store }

func (failingStore) Add(wallet.Record, []wallet.Record) error { return errors.New("disk full") }
func (failingStore) AddBatch([]wallet.Entry) ([]error, error) { return nil, errors.New("disk full") }

func TestImportStoreFails(t *testing.T) {
	w := wallet.New(failingStore{wallettest.NewStore()})
	defer w.Close()
	r := w.ImportBytes("simple.json", example(t, "ob3/validator/simple.json"))
	if r.Status != wallet.Rejected || !strings.Contains(r.Error, "could not be stored: disk full") {
		t.Errorf("import = %s %q", r.Status, r.Error)
	}
}

// The same credential imported from many goroutines at once is stored once.
func TestImportConcurrent(t *testing.T) {
	w, s := newWallet(t)
	files := []string{"ob3/validator/simple.json", "ob3/validator/simple.1ob", "clr2/validator/complex.json", "ob2/validator/simple.jwt"}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		results []wallet.Result
	)
	for i := range 16 {
		f := files[i%len(files)]
		data := example(t, f)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := w.ImportBytes(f, data)
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
			if _, err := w.Items(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	imported := 0
	ids := map[string]bool{}
	for _, r := range results {
		switch r.Status {
		case wallet.Imported:
			imported++
		case wallet.Rejected:
			t.Errorf("%s rejected: %s", r.Path, r.Error)
		}
		ids[r.ID] = true
	}
	if imported != 3 || len(ids) != 3 {
		t.Errorf("%d imported under %d ids, want 3 (simple.json and simple.1ob are one credential)", imported, len(ids))
	}
	if s.Len() != 3+6 {
		t.Errorf("the store holds %d items, want 9", s.Len())
	}
}

func TestSource(t *testing.T) {
	w, _ := newWallet(t)
	tests := []struct {
		file   string
		prefix string
	}{
		{"ob3/validator/simple.json", "{"},
		{"ob3/validator/simple-json.png", "{"},
		{"ob3/validator/simple-jwt.svg", "eyJ"},
		{"ob2/validator/simple.jwt", "eyJ"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := w.ImportBytes(tt.file, example(t, tt.file))
			src, err := w.Source(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(strings.TrimSpace(src), tt.prefix) {
				t.Errorf("Source = %.40q…, want it to start with %q", src, tt.prefix)
			}
		})
	}
}
