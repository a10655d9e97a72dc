package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// What lw prints comes from credentials, file names, the network and the
// keyring as much as from lw itself, and a terminal obeys the escape
// sequences in it. So, as a rule:
//
//   - Text for people goes through printf: its format is ours, and every
//     argument (string, error, Stringer, anything string-like) is made one
//     safe line by safetext.Line first. fail and usageError print errors so.
//   - JSON goes through printJSON, which escapes what a terminal would obey
//     or not show; the data stays exactly as it is.
//   - Only our own texts are printed as they are: the usage, a QR code we
//     drew, and the bytes of a credential that lw export is asked for.

// printf is fmt.Fprintf with every argument made safe to print (see above).
func printf(w io.Writer, format string, args ...any) {
	safe := make([]any, len(args))
	for i, a := range args {
		safe[i] = safeArg(a)
	}
	fmt.Fprintf(w, format, safe...)
}

func safeArg(a any) any {
	switch v := a.(type) {
	case nil:
		return a
	case error:
		return safetext.Line(v.Error())
	case fmt.Stringer:
		return safetext.Line(v.String())
	}
	if v := reflect.ValueOf(a); v.Kind() == reflect.String {
		return safetext.Line(v.String())
	}
	return a
}

// printJSON prints v as indented JSON in which every character a terminal
// would obey or not show is written as a \u escape, which JSON reads as
// the same character.
func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeUnsafe(buf.Bytes()))
	return err
}

// escapeUnsafe escapes the unsafe characters of encoded JSON. The encoder
// escapes C0 controls itself, so the others (DEL and beyond) can only be
// inside strings, where an escape means the same.
func escapeUnsafe(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] < 0x7f {
			out = append(out, b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if r != utf8.RuneError && safetext.IsSafe(r) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
	}
	return out
}

type importRow struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Issuer string `json:"issuer"`
	Nested int    `json:"nested"`
	Error  string `json:"error"`
}

func importJSON(results []wallet.Result) []importRow {
	rows := make([]importRow, 0, len(results))
	for _, r := range results {
		rows = append(rows, importRow{Path: r.Path, Status: string(r.Status), ID: r.ID, Kind: string(r.Kind),
			Name: r.Name, Issuer: r.Issuer, Nested: r.Nested, Error: r.Error})
	}
	return rows
}

// printImport reports each input: what went in on w, and each rejection on
// errw as an "lw: " error, then a one-line total on w.
func printImport(w, errw io.Writer, results []wallet.Result) {
	var imported, dups, rejected int
	for _, r := range results {
		switch r.Status {
		case wallet.Imported:
			imported++
			what := r.Kind.Label()
			switch {
			case r.Nested == 1:
				what += " holding 1 credential"
			case r.Nested > 1:
				what += fmt.Sprintf(" holding %d credentials", r.Nested)
			}
			if r.Verification != "" {
				what += " · " + verdictText(r.Verification, "")
			}
			printf(w, "imported   %s  %s — %s · %s  %s\n", r.ID, r.Name, r.Issuer, what, r.Path)
		case wallet.Duplicate:
			dups++
			printf(w, "duplicate  %s  %s is already in the wallet  %s\n", r.ID, r.Name, r.Path)
		default:
			rejected++
			printf(w, "rejected   %s: %s\n", r.Path, r.Error)
		}
	}
	printf(w, "%d imported, %d already in the wallet, %d rejected\n", imported, dups, rejected)
	printRejections(errw, results)
}

// printRejections writes one "lw: PATH: reason" line per rejected input.
func printRejections(errw io.Writer, results []wallet.Result) {
	for _, r := range results {
		if r.Status == wallet.Rejected {
			printf(errw, "lw: %s: %s\n", r.Path, r.Error)
		}
	}
}

type listRow struct {
	ID           string         `json:"id"`
	Kind         string         `json:"kind"`
	Name         string         `json:"name"`
	Issuer       string         `json:"issuer"`
	Issued       string         `json:"issued"`
	Expires      string         `json:"expires"`
	Parent       string         `json:"parent"`
	Verification verify.Verdict `json:"verification"`
	Tags         []string       `json:"tags"`
	Note         string         `json:"note"`
	Pinned       bool           `json:"pinned"`
	Archived     bool           `json:"archived"`
	Trashed      string         `json:"trashed"`
	Sample       bool           `json:"sample"`
}

func listJSON(items []wallet.Item) []listRow {
	rows := make([]listRow, 0, len(items))
	for _, it := range items {
		tags := it.Tags
		if tags == nil {
			tags = []string{}
		}
		rows = append(rows, listRow{ID: it.ID, Kind: string(it.Kind), Name: it.Summary.Title(),
			Issuer: it.Summary.Issuer(), Issued: isoDate(it.Summary.Issued), Expires: isoDate(it.Summary.Expires),
			Parent: it.Parent, Verification: it.Verification, Tags: tags, Note: it.Note, Pinned: it.Pinned,
			Archived: it.Archived, Trashed: isoDate(it.Trashed), Sample: wallet.IsSample(it)})
	}
	return rows
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02")
}

// printList prints items as a table; with none, it says why: an empty
// wallet, or (when the wallet has some) nothing found.
func printList(w io.Writer, items []wallet.Item, walletHasSome bool) {
	if len(items) == 0 {
		if walletHasSome {
			printf(w, "Nothing found. lw list without options lists every credential; archived ones need --archived.\n")
			return
		}
		printf(w, "The wallet is empty. Add credentials with: lw import FILE...\n")
		return
	}
	tagged := slices.ContainsFunc(items, func(it wallet.Item) bool { return len(it.Tags) > 0 || it.Pinned })
	tw := newTable(w)
	if tagged {
		printf(tw, "ID\tKIND\tISSUED\tSTATE\tNAME\tISSUER\tTAGS\n")
	} else {
		printf(tw, "ID\tKIND\tISSUED\tSTATE\tNAME\tISSUER\n")
	}
	for _, it := range items {
		width, suffix := 50, ""
		if wallet.IsSample(it) {
			width, suffix = 41, " (sample)"
		}
		name := safetext.Clip(safetext.Line(it.Summary.Title()), width) + suffix
		if it.Parent != "" {
			name = "  └ " + safetext.Clip(safetext.Line(it.Summary.Title()), width-4) + suffix
		}
		printf(tw, "%s\t%s\t%s\t%s\t%s\t%s", it.ID, it.Kind, day(it.Summary.Issued), verdictText(it.Verification, itemCause(it)), name, safetext.Clip(safetext.Line(it.Summary.Issuer()), 36))
		if tagged {
			var marks []string
			if it.Pinned {
				marks = append(marks, "(pinned)")
			}
			for _, t := range it.Tags {
				marks = append(marks, safetext.Line(t))
			}
			printf(tw, "\t%s", strings.Join(marks, ", "))
		}
		printf(tw, "\n")
	}
	tw.Flush()
}

func printShow(w io.Writer, it wallet.Item, children []wallet.Item) {
	s := it.Summary
	tw := newTable(w)
	row := func(k, v string) {
		if strings.TrimSpace(v) != "" {
			printf(tw, "%s\t%s\n", k, v)
		}
	}
	row("Name", s.Title())
	if wallet.IsSample(it) {
		row("Sample", "yes — not a real credential (lw samples remove deletes every sample)")
	}
	row("Kind", it.Kind.Label()+" ("+s.Type+", "+s.DataModel+")")
	row("ID", it.ID)
	row("Part of", it.Parent)
	for _, f := range s.Fields() {
		if !f.When.IsZero() {
			f.Text = day(f.When)
		}
		// One value a line; Text first, so that any line break counts.
		row(f.Label, strings.ReplaceAll(safetext.Text(f.Text), "\n", "; "))
	}
	row("Tags", safetext.Line(strings.Join(it.Tags, ", ")))
	row("Note", strings.ReplaceAll(safetext.Text(it.Note), "\n", "; "))
	if it.Pinned {
		row("Pinned", "yes")
	}
	if it.Archived {
		row("Archived", "yes (lw archive --undo "+it.ID+" brings it back)")
	}
	if it.InTrash() {
		row("In the trash", "since "+day(it.Trashed)+"; deleted for good on "+day(it.Trashed.Add(wallet.TrashKept))+" (lw trash restore "+it.ID+")")
	}
	row("Format", string(it.Format))
	row("Verification", verdictText(it.Verification, itemCause(it)))
	if it.Report != nil {
		row("", verify.Headline(*it.Report))
	}
	row("Imported", it.AddedAt.Local().Format("2006-01-02 15:04")+" from "+it.Source)
	tw.Flush()
	if len(children) > 0 {
		printf(w, "\nThis record holds %d credentials:\n", len(children))
		for _, c := range children {
			printf(w, "  %s  %s — %s\n", c.ID, c.Summary.Title(), c.Summary.Issuer())
		}
	}
}

// table lines up columns of tab-separated cells, writing to its writer
// through a buffer: a tabwriter writes each cell and its padding apart, a
// dozen system calls a row when the writer is a file.
type table struct {
	*tabwriter.Writer
	buf *bufio.Writer
}

func newTable(w io.Writer) table {
	buf := bufio.NewWriterSize(w, 64<<10)
	return table{tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0), buf}
}

// Flush writes what is left, aligned.
func (t table) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	return t.buf.Flush()
}
