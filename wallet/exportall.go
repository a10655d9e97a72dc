package wallet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// The files ExportAll writes beside the credentials.
const (
	ExportIndexJSON = "index.json"
	ExportIndexText = "INDEX.txt"
)

// exportFormat marks an index.json as one ExportAll wrote, so that importing
// the folder again passes over it.
const exportFormat = "learner-wallet-export/1"

// exportTextHeader starts INDEX.txt; no credential file can start so.
const exportTextHeader = "Learner Wallet export"

// ExportIndex is what index.json holds.
type ExportIndex struct {
	Format     string    `json:"format"` // "learner-wallet-export/1"
	ExportedAt time.Time `json:"exportedAt"`
	// Credentials are the files written, in the wallet's order.
	Credentials []ExportEntry `json:"credentials"`
}

// ExportEntry describes one exported file or, in Nested, a credential kept
// inside a record's file. Names are made safe to show (see safetext.Line);
// the file itself holds the credential's own words.
type ExportEntry struct {
	File   string            `json:"file,omitempty"`   // the file's name in the folder
	Record string            `json:"record,omitempty"` // for a nested credential, its record's file
	Name   string            `json:"name"`
	Issuer string            `json:"issuer"`
	Kind   credential.Kind   `json:"kind"`
	Format credential.Format `json:"format,omitempty"` // how the file is packaged
	Issued time.Time         `json:"issued,omitzero"`
	// Verification is the verdict of the wallet's last check, absent when it
	// was never checked; VerifiedAt is when that check was made.
	Verification verify.Verdict `json:"verification,omitempty"`
	VerifiedAt   time.Time      `json:"verifiedAt,omitzero"`
	Source       string         `json:"source,omitempty"` // the file it was imported from
	// Nested lists, for a record, the credentials inside its file: they
	// come back when the record is imported.
	Nested []ExportEntry `json:"nested,omitempty"`
}

// ExportSummary is what ExportAll wrote.
type ExportSummary struct {
	Dir   string // the folder
	Index string // the path of index.json
	ExportIndex
}

// DirNotEmptyError means the folder to export into already holds files:
// ExportAll only writes into a new or empty folder, so nothing is ever
// overwritten or mixed with what was there.
type DirNotEmptyError struct{ Dir string }

func (e *DirNotEmptyError) Error() string {
	return fmt.Sprintf("%s is not empty; export into a new folder or an empty one (nothing was written)", e.Dir)
}

// ExportAll writes every credential in the wallet into dir, each as its
// own file holding exactly the bytes it was imported from (JSON, JWT, or
// the badge image it came baked in), named after the credential and its
// issuer, with index.json and INDEX.txt listing them. Credentials nested in
// a record are in the record's file and are listed under it. Any wallet can
// import the files again.
//
// dir is created (mode 0700) when missing; when it exists it must be an
// empty folder. Files are written with mode 0600, each under a temporary
// name first, and an existing file is never replaced. On an error, what
// was written is removed again. progress, when set, hears of each file.
func (w *Wallet) ExportAll(dir string, progress func(done, total int)) (ExportSummary, error) {
	items, err := w.Items()
	if err != nil {
		return ExportSummary{}, err
	}
	created, err := exportDir(dir)
	if err != nil {
		return ExportSummary{}, err
	}
	e := &exporter{dir: dir, used: map[string]bool{}}
	for _, name := range []string{ExportIndexJSON, ExportIndexText} {
		e.used[nameKey(name)] = true
	}
	idx, err := w.exportItems(e, items, progress)
	if err == nil {
		err = e.writeIndex(idx)
	}
	if err != nil {
		e.undo()
		if created {
			_ = os.Remove(dir)
		}
		return ExportSummary{}, err
	}
	return ExportSummary{Dir: dir, Index: filepath.Join(dir, ExportIndexJSON), ExportIndex: idx}, nil
}

// exportItems writes the top-level items' originals and lists them, with
// the items nested in them.
func (w *Wallet) exportItems(e *exporter, items []Item, progress func(done, total int)) (ExportIndex, error) {
	idx := ExportIndex{Format: exportFormat, ExportedAt: w.now().UTC().Truncate(time.Second), Credentials: []ExportEntry{}}
	byID := make(map[string]Item, len(items))
	total := 0
	for _, it := range items {
		byID[it.ID] = it
		if it.Parent == "" {
			total++
		}
	}
	for _, it := range items {
		if it.Parent != "" {
			continue
		}
		b, err := w.store.Original(it.ID)
		if err != nil {
			return idx, fmt.Errorf("%s: %w", safetext.Line(it.Summary.Title()), err)
		}
		name, err := e.write(exportBase(it.Summary), exportExt(it.Format), b, false)
		if err != nil {
			return idx, err
		}
		entry := exportEntry(it)
		entry.File = name
		for _, cid := range it.Children {
			if c, ok := byID[cid]; ok {
				ce := exportEntry(c)
				ce.Format, ce.Source = "", "" // the record's
				ce.Record = name
				entry.Nested = append(entry.Nested, ce)
			}
		}
		idx.Credentials = append(idx.Credentials, entry)
		if progress != nil {
			progress(len(idx.Credentials), total)
		}
	}
	return idx, nil
}

func exportEntry(it Item) ExportEntry {
	e := ExportEntry{
		Name: safetext.Line(it.Summary.Title()), Issuer: safetext.Line(it.Summary.Issuer()),
		Kind: it.Kind, Format: it.Format, Issued: it.Summary.Issued.UTC(),
		Verification: it.Verification, Source: safetext.Line(it.Source),
	}
	if it.Report != nil {
		e.VerifiedAt = it.Report.CheckedAt.UTC()
	}
	return e
}

// exportDir makes dir ready: created when missing, else an empty folder.
func exportDir(dir string) (created bool, err error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s is a file, not a folder; export into a new folder or an empty one", dir)
	}
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err != io.EOF {
		if err != nil {
			return false, err
		}
		return false, &DirNotEmptyError{Dir: dir}
	}
	return false, nil
}

// exporter writes files into a folder under names no other file there has.
type exporter struct {
	dir     string
	used    map[string]bool // nameKey of each name taken
	written []string        // paths, to remove on failure
}

// write writes b to a new file named base+ext, or base+" (2)"+ext and so
// on when that is taken, and returns the name. With exact, only base+ext
// will do. The bytes go to a hidden temporary file first, so a file under
// its final name is always whole; the final name is claimed with O_EXCL
// before the rename, so no existing file is replaced (also where names
// differing only in case are the same file).
func (e *exporter) write(base, ext string, b []byte, exact bool) (string, error) {
	tmp, err := os.CreateTemp(e.dir, ".lw-export-*.tmp")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return "", err
	}
	for n := 1; n <= 10000; n++ {
		name := base + ext
		if n > 1 {
			if exact {
				break
			}
			name = fmt.Sprintf("%s (%d)%s", base, n, ext)
		}
		if e.used[nameKey(name)] && !exact {
			continue
		}
		path := filepath.Join(e.dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			e.used[nameKey(name)] = true
			continue
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			return "", err
		}
		f.Close()
		e.used[nameKey(name)] = true
		e.written = append(e.written, path)
		if err := os.Rename(tmp.Name(), path); err != nil {
			_ = os.Remove(tmp.Name())
			return "", err
		}
		return name, nil
	}
	_ = os.Remove(tmp.Name())
	return "", fmt.Errorf("%s already exists in %s", base+ext, e.dir)
}

// undo removes what was written.
func (e *exporter) undo() {
	for _, p := range e.written {
		_ = os.Remove(p)
	}
}

func (e *exporter) writeIndex(idx ExportIndex) error {
	b, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return err
	}
	if _, err := e.write(strings.TrimSuffix(ExportIndexJSON, ".json"), ".json", append(b, '\n'), true); err != nil {
		return err
	}
	_, err = e.write(strings.TrimSuffix(ExportIndexText, ".txt"), ".txt", indexText(idx), true)
	return err
}

// indexText is INDEX.txt: the index for people.
func indexText(idx ExportIndex) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s, %s\n", exportTextHeader, idx.ExportedAt.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "%d credentials, each in the file it was received as, byte for byte.\n", len(idx.Credentials))
	b.WriteString("Import this folder into any wallet to have them again; index.json lists the same for programs.\n")
	for _, c := range idx.Credentials {
		fmt.Fprintf(&b, "\n%s\n", c.File)
		fmt.Fprintf(&b, "  %s\n", entryLine(c))
		fmt.Fprintf(&b, "  %s, %s file", c.Kind.Label(), strings.ToUpper(string(c.Format)))
		if c.Source != "" {
			fmt.Fprintf(&b, ", imported from %s", c.Source)
		}
		b.WriteString("\n")
		if len(c.Nested) > 0 {
			fmt.Fprintf(&b, "  holds %d credentials, which come back with it:\n", len(c.Nested))
			for _, n := range c.Nested {
				fmt.Fprintf(&b, "    - %s\n", entryLine(n))
			}
		}
	}
	return b.Bytes()
}

// entryLine is a credential in one line: what, from whom, when, verdict.
func entryLine(c ExportEntry) string {
	s := c.Name + ", issued by " + c.Issuer
	if !c.Issued.IsZero() {
		s += " on " + c.Issued.Format("2006-01-02")
	}
	s += "; " + c.Verification.String()
	if !c.VerifiedAt.IsZero() {
		s += " (checked " + c.VerifiedAt.Format("2006-01-02") + ")"
	}
	return s
}

// isExportIndex reports whether the file at path, met in a folder being
// imported, is an index ExportAll wrote: not a credential, and no error.
func isExportIndex(path string) bool {
	name := filepath.Base(path)
	if name != ExportIndexJSON && name != ExportIndexText {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, credential.MaxInputSize))
	if err != nil {
		return false
	}
	if name == ExportIndexText {
		return bytes.HasPrefix(b, []byte(exportTextHeader+","))
	}
	var idx struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(b, &idx) == nil && strings.HasPrefix(idx.Format, "learner-wallet-export/")
}

// exportExt is the file name extension for a packaging.
func exportExt(f credential.Format) string {
	switch f {
	case credential.FormatJSON, credential.FormatJWT, credential.FormatPNG, credential.FormatSVG:
		return "." + string(f)
	}
	return ".bin"
}

// exportBase is the readable part of an exported file's name: the
// credential's title and its issuer's name.
func exportBase(s credential.Summary) string {
	base := fileNamePart(s.Title())
	if issuer := fileNamePart(s.IssuerName); issuer != "" && issuer != base {
		base += " - " + issuer
	}
	return safeFileName(base)
}

// Limits on the readable part of a file name: well inside the 255 bytes
// (or UTF-16 units) that file systems allow, with room for " (99)" and
// the extension.
const (
	maxNameRunes = 80
	maxNameBytes = 200
)

// fileNamePart makes untrusted text fit in a file name on every system:
// safe to show (no escapes, control or bidi characters, nothing
// invisible), without path separators or the characters Windows refuses
// (each run of them, and of spaces, becomes one space), in NFC.
func fileNamePart(s string) string {
	// The second round drops a joiner or selector the first left without
	// what it joined or selected (as in "*\uFE0F").
	for range 2 {
		s = spaced(safetext.Line(s))
	}
	return norm.NFC.String(s)
}

// spaced turns each run of spaces, U+FFFD and the characters file names
// cannot hold into one space, and trims spaces at both ends.
func spaced(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// safeFileName finishes a name: no leading dot (a hidden file) or hyphen
// (read as an option), no trailing dot or space (Windows drops them), not a
// Windows device name, length-capped, and never empty.
func safeFileName(s string) string {
	trim := func(s string) string {
		return strings.TrimRight(strings.TrimLeft(s, ". -"), ". ")
	}
	s = trim(s)
	// Clip keeps no joiner or selector at the cut, so the name stays safe.
	n := maxNameRunes
	for len(safetext.Clip(s, n)) > maxNameBytes {
		n--
	}
	s = trim(safetext.Clip(s, n))
	if s == "" {
		return "credential"
	}
	if reservedName(s) {
		s = "_" + s
	}
	return s
}

// reservedName reports whether Windows keeps s for a device, whatever
// follows a dot: CON, PRN, AUX, NUL, COM1…9, LPT1…9.
func reservedName(s string) bool {
	stem, _, _ := strings.Cut(s, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(stem) == 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		return stem[3] >= '1' && stem[3] <= '9'
	}
	return false
}

// nameKey is what makes two names the same file on a system that ignores
// case or normalises Unicode (Windows, macOS).
func nameKey(name string) string { return strings.ToLower(norm.NFC.String(name)) }
