package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/learnerwallet/learnerwallet/wallet"
)

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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
				what += " · " + string(r.Verification)
			}
			fmt.Fprintf(w, "imported   %s  %s — %s · %s  %s\n", r.ID, clean(r.Name), clean(r.Issuer), what, clean(r.Path))
		case wallet.Duplicate:
			dups++
			fmt.Fprintf(w, "duplicate  %s  %s is already in the wallet  %s\n", r.ID, clean(r.Name), clean(r.Path))
		default:
			rejected++
			fmt.Fprintf(w, "rejected   %s: %s\n", clean(r.Path), clean(r.Error))
		}
	}
	fmt.Fprintf(w, "%d imported, %d already in the wallet, %d rejected\n", imported, dups, rejected)
	printRejections(errw, results)
}

// printRejections writes one "lw: PATH: reason" line per rejected input.
func printRejections(errw io.Writer, results []wallet.Result) {
	for _, r := range results {
		if r.Status == wallet.Rejected {
			fmt.Fprintf(errw, "lw: %s: %s\n", clean(r.Path), clean(r.Error))
		}
	}
}

// clean makes text from a credential safe to print on a terminal: control
// characters (escape sequences among them) become U+FFFD.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

type listRow struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Issuer string `json:"issuer"`
	Issued string `json:"issued"`
	Parent string `json:"parent"`
}

func listJSON(items []wallet.Item) []listRow {
	rows := make([]listRow, 0, len(items))
	for _, it := range items {
		rows = append(rows, listRow{ID: it.ID, Kind: string(it.Kind), Name: it.Summary.Title(),
			Issuer: it.Summary.Issuer(), Issued: isoDate(it.Summary.Issued), Parent: it.Parent})
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

func printList(w io.Writer, items []wallet.Item) {
	if len(items) == 0 {
		fmt.Fprintln(w, "The wallet is empty. Add credentials with: lw import FILE...")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tISSUED\tSTATE\tNAME\tISSUER")
	for _, it := range items {
		name := it.Summary.Title()
		if it.Parent != "" {
			name = "  └ " + name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.Kind, day(it.Summary.Issued), it.Verification, clip(clean(name), 50), clip(clean(it.Summary.Issuer()), 36))
	}
	tw.Flush()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func printShow(w io.Writer, it wallet.Item, children []wallet.Item) {
	s := it.Summary
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) {
		if strings.TrimSpace(v) != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, clean(strings.ReplaceAll(v, "\n", " ")))
		}
	}
	row("Name", s.Title())
	row("Kind", it.Kind.Label()+" ("+s.Type+", "+s.DataModel+")")
	row("ID", it.ID)
	row("Part of", it.Parent)
	for _, f := range s.Fields() {
		if !f.When.IsZero() {
			f.Text = day(f.When)
		}
		row(f.Label, strings.ReplaceAll(f.Text, "\n", "; "))
	}
	row("Format", string(it.Format))
	row("Verification", string(it.Verification))
	row("Imported", it.AddedAt.Local().Format("2006-01-02 15:04")+" from "+it.Source)
	tw.Flush()
	if len(children) > 0 {
		fmt.Fprintf(w, "\nThis record holds %d credentials:\n", len(children))
		for _, c := range children {
			fmt.Fprintf(w, "  %s  %s — %s\n", c.ID, clean(c.Summary.Title()), clean(c.Summary.Issuer()))
		}
	}
}
