package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/verify/attacktest"
)

// TestAttacks runs the attack table (testdata/attacks/ATTACKS.tsv) through
// lw as a learner or an employer would type it: lw verify and lw
// check-presentation give the verdict and reason, with exit 0 only for
// Valid and Valid, with notes; lw present refuses; share links to
// anywhere but the local network are never fetched; and nothing lw prints
// (import, list, show, delete included) carries a control character,
// escape sequence or bidi override. Rows whose names must resolve to
// chosen addresses need a resolver lw does not let anyone point; the
// verify package and the window run those.
func TestAttacks(t *testing.T) {
	dir, rows := attacktest.Rows(t)
	old := secrets
	secrets = storetest.Secrets(t)
	t.Cleanup(func() { secrets = old })
	home := filepath.Join(t.TempDir(), "wallet")
	lw := func(t *testing.T, args ...string) (int, string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"--wallet", home}, args...), strings.NewReader(""), &stdout, &stderr)
		for _, out := range []string{stdout.String(), stderr.String()} {
			if safetext.Text(out) != out {
				t.Errorf("lw %s printed unsafe text: %q", strings.Join(args, " "), out)
			}
		}
		return code, stdout.String(), stderr.String()
	}
	for _, row := range rows {
		if row.Network == attacktest.NetResolve {
			continue
		}
		t.Run(row.Name(), func(t *testing.T) {
			file := row.Path(dir)
			offline := row.Network == attacktest.NetOffline
			switch row.As {
			case attacktest.AsCredential:
				args := []string{"verify", "--json", file}
				if offline {
					args = []string{"verify", "--offline", "--json", file}
				}
				code, out, errs := lw(t, args...)
				checkJSONReport(t, row, code, out, errs)
				// The words, as a learner reads them.
				if !offline {
					args = []string{"verify", file}
				} else {
					args = []string{"verify", "--offline", file}
				}
				lw(t, args...)
				importListDelete(t, lw, file)
			case attacktest.AsPresentation:
				args := []string{"check-presentation", "--json"}
				if offline {
					args = append(args, "--offline")
				}
				if e := row.Options["expect"]; e != "" {
					args = append(args, "--expect-identity", e)
				}
				code, out, errs := lw(t, append(args, file)...)
				checkJSONReport(t, row, code, out, errs)
				lw(t, append(args[:1], args[2:]...)...)
			case attacktest.AsPresent:
				id := importOne(t, lw, file)
				code, _, errs := lw(t, "present", "-o", filepath.Join(t.TempDir(), "vp.json"), id)
				want := map[string]string{
					attacktest.RefusalNotPresentable: "cannot be presented",
					attacktest.RefusalOtherDID:       "which is not one of your DIDs",
					attacktest.RefusalUnbound:        "--allow-unbound",
				}[row.Reason]
				if code != exitFailed || want == "" || !strings.Contains(errs, want) {
					t.Errorf("%s: lw present exited %d: %s", row, code, errs)
				}
				lw(t, "delete", id)
			case attacktest.AsShareLink:
				code, out, errs := lw(t, "--allow-private-network", "check-presentation", file)
				if code != exitUsage || out != "" || !strings.Contains(errs, "lw: ") {
					t.Errorf("%s: exit %d: %s%s", row, code, out, errs)
				}
			case attacktest.AsShareServer:
				answer, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				link := attacktest.ServeRaw(t, answer)
				code, out, errs := lw(t, "--allow-private-network", "check-presentation", link)
				if code != exitUsage || out != "" || !strings.Contains(errs, "answered with HTTP status 418") {
					t.Errorf("%s: exit %d: %s%s", row, code, out, errs)
				}
			}
		})
	}
}

// checkJSONReport checks what lw verify --json or check-presentation
// --json said of a row: its exit status and the report.
func checkJSONReport(t *testing.T, row attacktest.Row, code int, out, errs string) {
	t.Helper()
	want := exitFailed
	if verify.Verdict(row.Verdict).OK() {
		want = exitOK
	}
	if code != want {
		t.Errorf("%s: exit %d, want %d: %s", row, code, want, errs)
	}
	// A credential's report or a presentation's, read alike.
	type anyReport struct {
		Verdict     string
		Checks      []jsonCheck
		Children    []anyReport
		Credentials []anyReport
	}
	var reports []anyReport
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		var one anyReport
		if err := json.Unmarshal([]byte(out), &one); err != nil {
			t.Fatalf("%s: not a JSON report: %v\n%s", row, err, out)
		}
		reports = []anyReport{one}
	}
	r := reports[0]
	if string(r.Verdict) != row.Verdict {
		t.Errorf("%s: verdict %s, want %s", row, r.Verdict, row.Verdict)
	}
	var found bool
	var walk func(anyReport)
	walk = func(r anyReport) {
		for _, c := range r.Checks {
			found = found || (string(c.Reason) == row.Reason && (row.Cause == "" || c.Args.Cause == row.Cause))
		}
		for _, ch := range append(r.Children, r.Credentials...) {
			walk(ch)
		}
	}
	walk(r)
	if !found {
		t.Errorf("%s: no check with reason %s/%s:\n%s", row, row.Reason, row.Cause, out)
	}
}

type lwFunc func(t *testing.T, args ...string) (int, string, string)

// importOne imports file and returns its id.
func importOne(t *testing.T, lw lwFunc, file string) string {
	t.Helper()
	_, out, errs := lw(t, "import", "--json", file)
	var res []struct{ ID, Status, Error string }
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 1 || res[0].ID == "" {
		t.Fatalf("import %s: %v %s %s", file, err, out, errs)
	}
	return res[0].ID
}

// importListDelete imports a credential, when the wallet takes it, lists
// and shows it, and deletes it: every line printed must be safe.
func importListDelete(t *testing.T, lw lwFunc, file string) {
	t.Helper()
	_, out, _ := lw(t, "import", "--json", file)
	var res []struct{ ID string }
	if json.Unmarshal([]byte(out), &res) != nil || len(res) != 1 || res[0].ID == "" {
		return // refused, and said so safely
	}
	lw(t, "list")
	lw(t, "show", res[0].ID)
	if code, out, errs := lw(t, "delete", res[0].ID); code != exitOK || !strings.HasPrefix(out, "moved to the trash: "+res[0].ID) {
		t.Errorf("delete: %d %s %s", code, out, errs)
	}
	lw(t, "trash")
	if code, out, errs := lw(t, "trash", "empty"); code != exitOK || out != "deleted 1 credential for good\n" {
		t.Errorf("trash empty: %d %s %s", code, out, errs)
	}
}
