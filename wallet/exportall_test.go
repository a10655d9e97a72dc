package wallet_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// exportFixtures are a JSON badge, the same badge as a JWT, a baked PNG, a
// CLR of 20 courses, and a badge whose names attack terminals and eyes.
var exportFixtures = []string{
	"../testdata/generated/badge-teamwork-signed.json",
	"../testdata/generated/badge-teamwork-signed.jwt",
	examples + "/ob3/validator/simple-json.png",
	"../testdata/generated/clr-20-courses-signed.json",
	"../testdata/attacks/hostile-name.json",
}

// importAll imports paths into w and fails the test unless all went in.
func importAll(t *testing.T, w *wallet.Wallet, paths ...string) {
	t.Helper()
	for _, r := range w.ImportPaths(paths, wallet.ImportOptions{}) {
		if r.Status != wallet.Imported {
			t.Fatalf("import %s: %s %s", r.Path, r.Status, r.Error)
		}
	}
}

func TestExportAll(t *testing.T) {
	w, _ := newWallet(t)
	importAll(t, w, exportFixtures...)
	// Another badge of the same name from the same issuer, as JSON too.
	twin := retitled(t, "../testdata/generated/badge-teamwork-signed.json", "", "")
	if r := w.ImportBytes("twin.json", twin); r.Status != wallet.Imported {
		t.Fatalf("import: %+v", r)
	}
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out", "all")
	var calls [][2]int
	sum, err := w.ExportAll(dir, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Dir != dir || sum.Index != filepath.Join(dir, "index.json") {
		t.Errorf("summary dir %q index %q", sum.Dir, sum.Index)
	}
	if want := [][2]int{{1, 6}, {2, 6}, {3, 6}, {4, 6}, {5, 6}, {6, 6}}; !slices.Equal(calls, want) {
		t.Errorf("progress %v, want %v", calls, want)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("folder mode %v (%v), want 0700", fi.Mode().Perm(), err)
		}
	}

	// Every top-level item is one file holding its original, byte for byte;
	// nothing else but the two indexes is there.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string]bool{}
	for _, e := range entries {
		onDisk[e.Name()] = true
	}
	if len(sum.Credentials) != 6 || len(entries) != 8 || !onDisk["index.json"] || !onDisk["INDEX.txt"] {
		t.Fatalf("%d credentials listed, folder holds %v", len(sum.Credentials), onDisk)
	}
	seen := map[string]bool{}
	nested := 0
	i := 0
	for _, it := range items {
		if it.Parent != "" {
			nested++
			continue
		}
		e := sum.Credentials[i]
		i++
		orig, err := w.Original(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, e.File)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, orig) {
			t.Errorf("%s: %d bytes differ from the %d-byte original", e.File, len(got), len(orig))
		}
		if fi, err := os.Stat(path); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm() != 0o600) {
			t.Errorf("%s: mode %v (%v), want 0600", e.File, fi.Mode().Perm(), err)
		}
		if !strings.HasSuffix(e.File, "."+string(it.Format)) || e.Kind != it.Kind || e.Format != it.Format || e.Source != it.Source ||
			e.Verification != it.Verification || e.Verification == "" || !e.Issued.Equal(it.Summary.Issued) {
			t.Errorf("entry %+v does not describe item %s (%s %s %s %s)", e, it.ID, it.Kind, it.Format, it.Source, it.Verification)
		}
		checkFileName(t, e.File)
		if key := strings.ToLower(e.File); seen[key] {
			t.Errorf("%s: a second file of that name", e.File)
		} else {
			seen[key] = true
		}
		if len(e.Nested) != len(it.Children) {
			t.Errorf("%s: %d nested listed, the record holds %d", e.File, len(e.Nested), len(it.Children))
		}
		for _, n := range e.Nested {
			if n.Record != e.File || n.File != "" || n.Name == "" || n.Verification == "" {
				t.Errorf("%s: nested entry %+v", e.File, n)
			}
		}
	}
	if nested != 20 {
		t.Fatalf("%d nested items, want the 20 courses", nested)
	}

	// The names are readable: the credential's and its issuer's; a second
	// of the same name gets " (2)"; the hostile one keeps its words, not its
	// tricks.
	names := make([]string, len(sum.Credentials))
	for i, e := range sum.Credentials {
		names[i] = e.File
	}
	t.Logf("files: %q", names)
	for _, want := range []string{
		"Teamwork - Example University.json", "Teamwork - Example University (2).json", "Teamwork - Example University.jwt",
		"Teamwork - Example Corp.png", "Transcript Associate of Science (20 courses) - Example University.json",
		"Teamwork gpj.exe - Example University Issued by MIT.json",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("no file %q among %q", want, names)
		}
	}

	// index.json says the same as the summary.
	b, err := os.ReadFile(sum.Index)
	if err != nil {
		t.Fatal(err)
	}
	var idx wallet.ExportIndex
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Format != "learner-wallet-export/1" || len(idx.Credentials) != 6 || idx.Credentials[0].File != sum.Credentials[0].File {
		t.Errorf("index.json: %s", b)
	}
	text, err := os.ReadFile(filepath.Join(dir, "INDEX.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !bytes.Contains(text, []byte("\n"+n+"\n")) {
			t.Errorf("INDEX.txt does not list %s:\n%s", n, text)
		}
	}
	if !bytes.Contains(text, []byte("holds 20 credentials")) || safetext.Text(string(text)) != string(text) {
		t.Errorf("INDEX.txt:\n%s", text)
	}

	// Imported again, the folder gives the same credentials, and its
	// indexes are passed over.
	w2, _ := newWallet(t)
	results := w2.ImportPaths([]string{dir}, wallet.ImportOptions{})
	if len(results) != 6 {
		t.Fatalf("%d results importing the export, want 6: %+v", len(results), results)
	}
	if got, want := described(t, w2), described(t, w); !slices.Equal(got, want) {
		t.Errorf("re-imported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// described lists a wallet's items in words that do not depend on ids or
// on the order of import: kind, format, title, source, nesting, original.
func described(t *testing.T, w *wallet.Wallet) []string {
	t.Helper()
	items, err := w.Items()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		b, err := w.Original(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %q nested=%v children=%d %x", it.Kind, it.Format, it.Summary.Title(), it.Parent != "", len(it.Children), sha256.Sum256(b)))
	}
	slices.Sort(out)
	return out
}

// checkFileName fails unless name is safe on every system.
func checkFileName(t *testing.T, name string) {
	t.Helper()
	if !utf8.ValidString(name) || strings.ContainsAny(name, "/\\:*?\"<>|\ufffd") || strings.HasPrefix(name, ".") ||
		strings.HasPrefix(name, "-") || utf8.RuneCountInString(name) > 100 || len(name) > 220 {
		t.Errorf("unsafe file name %q", name)
	}
	for _, r := range name {
		if !safetext.IsSafe(r) {
			t.Errorf("file name %q holds %U", name, r)
		}
	}
}

func TestExportAllFolder(t *testing.T) {
	w, _ := newWallet(t)
	importAll(t, w, "../testdata/generated/badge-teamwork-signed.json")

	t.Run("not empty", func(t *testing.T) {
		dir := t.TempDir()
		put(t, dir, map[string]string{"mine.txt": "keep me"})
		_, err := w.ExportAll(dir, nil)
		var ne *wallet.DirNotEmptyError
		if !errors.As(err, &ne) || ne.Dir != dir || !strings.Contains(err.Error(), "is not empty") {
			t.Fatalf("err = %v, want a DirNotEmptyError", err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("the folder now holds %d files", len(entries))
		}
	})
	t.Run("a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "file")
		put(t, filepath.Dir(path), map[string]string{"file": "x"})
		if _, err := w.ExportAll(path, nil); err == nil || !strings.Contains(err.Error(), "not a folder") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		dir := t.TempDir()
		sum, err := w.ExportAll(dir, nil)
		if err != nil || len(sum.Credentials) != 1 || sum.Credentials[0].File != "Teamwork - Example University.json" {
			t.Fatalf("ExportAll = %+v, %v", sum, err)
		}
	})
	t.Run("empty wallet", func(t *testing.T) {
		w, _ := newWallet(t)
		dir := filepath.Join(t.TempDir(), "new")
		sum, err := w.ExportAll(dir, nil)
		if err != nil || len(sum.Credentials) != 0 {
			t.Fatalf("ExportAll = %+v, %v", sum, err)
		}
		b, _ := os.ReadFile(sum.Index)
		if !bytes.Contains(b, []byte(`"credentials": []`)) {
			t.Errorf("index.json: %s", b)
		}
	})
}

// A credential whose name is index (from no named issuer) does not take
// the index's place.
func TestExportAllIndexName(t *testing.T) {
	w, _ := newWallet(t)
	b := retitled(t, examples+"/ob3/validator/simple.json", "INDEX", "-")
	if r := w.ImportBytes("index.json", b); r.Status != wallet.Imported {
		t.Fatalf("import: %+v", r)
	}
	dir := t.TempDir()
	sum, err := w.ExportAll(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Credentials[0].File; got != "INDEX (2).json" {
		t.Errorf("file %q, want INDEX (2).json", got)
	}
	if sum.Credentials[0].Format != credential.FormatJSON {
		t.Errorf("format %q", sum.Credentials[0].Format)
	}
}

// retitled returns the OB 3.0 credential in file with a new id and, when
// given, a new achievement name; issuer, when given, names the issuer
// ("-" for none).
func retitled(t *testing.T, file, name, issuer string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	doc["id"] = "urn:uuid:00000000-0000-4000-8000-" + fmt.Sprintf("%012d", len(name)+len(issuer))
	if name != "" {
		doc["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = name
		delete(doc, "name")
	}
	if issuer == "-" {
		delete(doc["issuer"].(map[string]any), "name")
	}
	b, err = json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
