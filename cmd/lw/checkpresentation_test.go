package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// writeVP writes a presentation, signed with a new key, of the example
// credentials issued again to that key's DID (by a new did:key issuer).
func writeVP(t *testing.T, dir, name string, opts holder.ProofOptions, examples ...string) string {
	t.Helper()
	k, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	issuer := did.KeyDID(pub)
	var creds []any
	for _, e := range examples {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", e))
		if err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		delete(m, "proof")
		m["issuer"] = map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example Corp"}
		m["credentialSubject"].(map[string]any)["id"] = k.DID()
		signed, err := di.Sign(m, priv, map[string]any{"verificationMethod": issuer + "#" + strings.TrimPrefix(issuer, "did:key:")})
		if err != nil {
			t.Fatal(err)
		}
		creds = append(creds, signed)
	}
	vp, err := k.SignPresentation(map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": creds,
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(vp)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckPresentationCmd(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LW_HOME", filepath.Join(dir, "wallet"))
	opts := holder.ProofOptions{Challenge: "c-1", Domain: "https://employer.example", Expires: time.Now().Add(time.Hour)}
	good := writeVP(t, dir, "good.json", opts, "ob3/dcc-verifier-core/v2/v2NoStatus.json", "ob3/dcc-verifier-core/v2/v2OBv3SpecExample.json")
	expired := writeVP(t, dir, "expired.json", opts, "ob3/dcc-verifier-core/v2/v2Expired.json")
	b, _ := os.ReadFile(good)
	tampered := filepath.Join(dir, "tampered.json")
	if err := os.WriteFile(tampered, bytes.Replace(b, []byte(`"c-1"`), []byte(`"c-2"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		args []string
		code int
		out  string // a line of stdout, or "" for JSON
	}{
		{[]string{"check-presentation", "--offline", good}, exitOK, "^Presented by did:key:z6Mk"},
		{[]string{"check-presentation", "--offline", "--challenge", "c-1", "--domain", "https://employer.example", good}, exitOK, "2 credentials, all valid"},
		{[]string{"check-presentation", "--offline", "--challenge", "c-9", good}, exitFailed, "FAIL Challenge"},
		{[]string{"check-presentation", "--offline", "--domain", "https://other.example", good}, exitFailed, "FAIL Domain"},
		{[]string{"check-presentation", "--offline", tampered}, exitFailed, "FAIL Signature"},
		{[]string{"check-presentation", "--offline", expired}, exitFailed, "Expired on"},
		{[]string{"check-presentation", "--offline", "--json", good}, exitOK, ""},
		{[]string{"check-presentation", "--offline", "--json", expired}, exitFailed, ""},
		{[]string{"check-presentation", "--offline", filepath.Join(dir, "nosuch.json")}, exitUsage, ""},
		{[]string{"check-presentation", "--offline"}, exitUsage, ""},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, nil, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("lw %s: exit %d, want %d\n%s%s", strings.Join(tc.args, " "), code, tc.code, stdout.String(), stderr.String())
			continue
		}
		if tc.code == exitUsage {
			if stdout.Len() > 0 || stderr.Len() == 0 {
				t.Errorf("lw %s: stdout %q, stderr %q", strings.Join(tc.args, " "), stdout.String(), stderr.String())
			}
			continue
		}
		if tc.out != "" {
			if !strings.Contains("\n"+stdout.String(), strings.TrimPrefix(tc.out, "^")) {
				t.Errorf("lw %s: no %q in\n%s", strings.Join(tc.args, " "), tc.out, stdout.String())
			}
			continue
		}
		keys, err := objectKeys(stdout.Bytes())
		want := []string{"valid", "verdict", "headline", "checkedAt", "holder", "challenge", "domain", "expires", "checks", "credentials", "receivedAs"}
		if err != nil || !slices.Equal(keys, want) {
			t.Errorf("lw %s: keys %v (%v), want %v", strings.Join(tc.args, " "), keys, err, want)
		}
		var j struct {
			Valid       bool
			Credentials []json.RawMessage
		}
		if err := json.Unmarshal(stdout.Bytes(), &j); err != nil || j.Valid != (tc.code == exitOK) || len(j.Credentials) == 0 {
			t.Errorf("lw %s: %v %+v", strings.Join(tc.args, " "), err, j)
		}
		for _, c := range j.Credentials {
			if keys, _ := objectKeys(c); !slices.Equal(keys, []string{"name", "valid", "verdict", "headline", "checkedAt", "checks", "children"}) {
				t.Errorf("credential keys %v", keys)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "wallet")); err == nil {
		t.Error("check-presentation created a wallet")
	}
}
