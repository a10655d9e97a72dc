// Package attacktest reads the attack table, testdata/attacks/ATTACKS.tsv:
// hostile credentials, presentations and share links, each with the verdict
// and reason the wallet must give. The verify package runs every row
// against the verifier, lw's tests through the command line, the window's
// through a Fyne test window; this package holds what they share. It is
// for tests only: nothing the wallet ships imports it.
package attacktest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// What a row's file is taken as (the "as" column).
const (
	AsCredential   = "credential"   // verified as a credential, imported
	AsPresentation = "presentation" // checked as a presentation received
	AsPresent      = "present"      // imported, then chosen for a presentation
	AsShareLink    = "share-link"   // a share link, as a QR code or paste gives it
	AsShareServer  = "share-server" // what a hostile share server answers, byte for byte
)

// Networks a row is verified on (the "network" column).
const (
	// NetOffline: nothing is fetched (lw verify --offline).
	NetOffline = "offline"
	// NetSystem: the system's resolver, which knows localhost; lw and the
	// window run these rows as a learner would.
	NetSystem = "system"
	// NetResolve: "resolve:NAME=ADDR,…" answers those names with those
	// addresses and no other; nothing is reachable, so a row passes only
	// when the address is refused before connecting. Only the verify
	// package and the window can point the resolver; lw cannot.
	NetResolve = "resolve"
)

// Refused is the verdict of a row the wallet must refuse to act on (sign,
// fetch) rather than verify; Reason then names the error (see Refusal).
const Refused = "refused"

// Refusals: the Reason of a Refused row.
const (
	RefusalNotPresentable = "not-presentable" // *wallet.NotPresentableError
	RefusalOtherDID       = "other-did"       // *wallet.NotPresentableError with OtherDID
	RefusalUnbound        = "unbound"         // *wallet.UnboundError
	RefusalNotLocal       = "not-local"       // wallet.ErrNotPresentation: the link's address is not on the local network
	RefusalHTTPStatus     = "http-status"     // the share server's answer is not the presentation
)

// Row is one attack.
type Row struct {
	Line    int
	File    string // in the attacks folder
	As      string
	Options map[string]string // the "options" column: expect=IDENTITY, challenge=C, domain=D
	Network string            // NetOffline, NetSystem or NetResolve
	Resolve map[string]string // for NetResolve: name → address
	Verdict string            // a verify.Verdict, or Refused
	Reason  string            // a check.Reason (with "/cause" when given), or a Refusal
	Cause   string
	Checks  map[check.ID]check.Status // more checks that must have these statuses
	Attack  string                    // what the row tries, in words
}

func (r Row) String() string {
	return fmt.Sprintf("%s as %s (%s, line %d)", r.File, r.As, r.Network, r.Line)
}

// Name is a test name for the row.
func (r Row) Name() string {
	n := strings.TrimSuffix(r.File, filepath.Ext(r.File)) + "/" + r.As
	if r.Network == NetSystem {
		n += "/online"
	}
	if r.Network == NetResolve {
		var names []string
		for h, a := range r.Resolve {
			names = append(names, h+"="+a)
		}
		slices.Sort(names)
		n += "/" + strings.Join(names, ",")
	}
	if e := r.Options["expect"]; e != "" {
		n += "/expect=" + e
	}
	return n
}

// Dir finds testdata/attacks from a package folder, going up.
func Dir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "testdata", "attacks")
		if _, err := os.Stat(filepath.Join(p, "ATTACKS.tsv")); err == nil {
			return p, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no testdata/attacks/ATTACKS.tsv above the working folder")
		}
		dir = up
	}
}

// Load reads the table in dir. Blank lines and lines starting with # are
// comments; the first other line is the header.
func Load(dir string) ([]Row, error) {
	b, err := os.ReadFile(filepath.Join(dir, "ATTACKS.tsv"))
	if err != nil {
		return nil, err
	}
	var rows []Row
	header := true
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if header {
			want := []string{"file", "as", "options", "network", "verdict", "reason", "checks", "attack"}
			if !slices.Equal(f, want) {
				return nil, fmt.Errorf("line %d: header %q, want %q", n, f, want)
			}
			header = false
			continue
		}
		if len(f) != 8 {
			return nil, fmt.Errorf("line %d: %d columns, want 8", n, len(f))
		}
		r := Row{Line: n, File: f[0], As: f[1], Options: map[string]string{}, Network: f[3],
			Verdict: f[4], Reason: f[5], Checks: map[check.ID]check.Status{}, Attack: f[7]}
		if err := r.parse(f[2], f[6]); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if _, err := os.Stat(filepath.Join(dir, r.File)); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		rows = append(rows, r)
	}
	if header {
		return nil, errors.New("ATTACKS.tsv has no header")
	}
	return rows, sc.Err()
}

func (r *Row) parse(options, checks string) error {
	switch r.As {
	case AsCredential, AsPresentation, AsPresent, AsShareLink, AsShareServer:
	default:
		return fmt.Errorf("unknown as %q", r.As)
	}
	if options != "-" {
		for _, kv := range strings.Split(options, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("option %q is not KEY=VALUE", kv)
			}
			r.Options[k] = v
		}
	}
	if rest, ok := strings.CutPrefix(r.Network, NetResolve+":"); ok {
		r.Network = NetResolve
		r.Resolve = map[string]string{}
		for _, kv := range strings.Split(rest, ",") {
			h, a, ok := strings.Cut(kv, "=")
			if _, err := netip.ParseAddr(a); !ok || err != nil {
				return fmt.Errorf("resolve %q is not NAME=ADDRESS", kv)
			}
			r.Resolve[h] = a
		}
	} else if r.Network != NetOffline && r.Network != NetSystem {
		return fmt.Errorf("unknown network %q", r.Network)
	}
	if r.Verdict != Refused && !slices.Contains(verify.Verdicts, verify.Verdict(r.Verdict)) {
		return fmt.Errorf("unknown verdict %q", r.Verdict)
	}
	r.Reason, r.Cause, _ = strings.Cut(r.Reason, "/")
	if checks != "-" {
		for _, kv := range strings.Split(checks, ",") {
			id, st, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("check %q is not ID=STATUS", kv)
			}
			r.Checks[check.ID(id)] = check.Status(st)
		}
	}
	return nil
}

// Path is the row's file in dir.
func (r Row) Path(dir string) string { return filepath.Join(dir, r.File) }

// PresentationOptions are what the recipient asks for (the "options"
// column).
func (r Row) PresentationOptions() verify.PresentationOptions {
	return verify.PresentationOptions{Challenge: r.Options["challenge"], Domain: r.Options["domain"], ExpectIdentity: r.Options["expect"]}
}

// Fetcher is the fetch client the row is verified with: offline, or
// internet-only (scope Public, as the wallet ships) with the system's
// resolver or, for NetResolve, the row's names and no others.
func (r Row) Fetcher() fetch.Fetcher {
	opts := fetch.ClientOptions{Scope: fetch.Public, Timeout: 5 * time.Second}
	switch r.Network {
	case NetOffline:
		opts.Offline = true
	case NetResolve:
		opts.LookupIP = fetchtest.Hosts(r.Resolve)
	}
	return fetch.NewClient(opts)
}

// CheckReport says how rep differs from what the row wants: its verdict,
// a check (in it or in a nested report) with the reason and cause, and the
// other checks' statuses. Every word the report would show must be safe.
func (r Row) CheckReport(rep verify.Report) error {
	return r.check(rep.Verdict, []verify.Report{rep}, verify.Headline(rep))
}

// CheckPresentation is CheckReport for a presentation's report.
func (r Row) CheckPresentation(pr verify.PresentationReport) error {
	return r.check(pr.Verdict, append([]verify.Report{pr.Report}, pr.Credentials...), verify.PresentationHeadline(pr))
}

func (r Row) check(v verify.Verdict, reps []verify.Report, headline string) error {
	var all []check.Check
	var walk func(verify.Report)
	walk = func(rep verify.Report) {
		all = append(all, rep.Checks...)
		for _, c := range rep.Children {
			walk(c)
		}
	}
	for _, rep := range reps {
		walk(rep)
	}
	var problems []string
	if string(v) != r.Verdict {
		problems = append(problems, fmt.Sprintf("verdict %s, want %s", v, r.Verdict))
	}
	found := slices.ContainsFunc(all, func(c check.Check) bool {
		return string(c.Reason) == r.Reason && (r.Cause == "" || c.Args.Cause == r.Cause)
	})
	if !found {
		var got []string
		for _, c := range all {
			got = append(got, string(c.Reason)+"/"+c.Args.Cause)
		}
		problems = append(problems, fmt.Sprintf("no check with reason %s/%s among %v", r.Reason, r.Cause, got))
	}
	for id, st := range r.Checks {
		if !slices.ContainsFunc(reps[0].Checks, func(c check.Check) bool { return c.ID == id && c.Status == st }) {
			problems = append(problems, fmt.Sprintf("no %s check %s", id, st))
		}
	}
	texts := []string{headline}
	for _, c := range all {
		texts = append(texts, verify.Describe(c))
	}
	for _, t := range texts {
		if safetext.Text(t) != t {
			problems = append(problems, fmt.Sprintf("unsafe text shown: %q", t))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Rows finds and loads the table for a test, failing it when it cannot.
func Rows(t testing.TB) (dir string, rows []Row) {
	t.Helper()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if rows, err = Load(dir); err != nil {
		t.Fatal(err)
	}
	return dir, rows
}

// ServeRaw answers one connection on 127.0.0.1 with answer, byte for byte
// (a hostile share server), and returns a share link to it.
func ServeRaw(t testing.TB, answer []byte) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 4096)
		_, _ = c.Read(buf) // the request, whatever it is
		_, _ = c.Write(answer)
	}()
	return "http://" + ln.Addr().String() + "/s/abcdefghijklmnopqrstuvwxyz"
}
