package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
)

var generate = flag.Bool("generate", false, "rewrite testdata/generated/clr-20-courses-signed.json")

// testIssuerKey is a TEST-ONLY KEY, derived from a public string: anyone can
// make it, so it must never sign anything real.
func testIssuerKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("Learner Wallet TEST-ONLY issuer key: never trust it"))
	return ed25519.NewKeyFromSeed(seed[:])
}

const signedCLR20File = "clr-20-courses-signed.json"

// TestSignedCLR20 keeps testdata/generated/clr-20-courses-signed.json: the
// synthetic 20-course record with every course, and the record, signed
// eddsa-rdfc-2022 by a did:key issuer (TEST-ONLY key), so that courses can
// be presented out of it and verified offline. Ed25519 is deterministic:
// run with -generate to rewrite it; without, the file must match.
func TestSignedCLR20(t *testing.T) {
	dir := filepath.Join("..", "testdata", "generated")
	b, err := os.ReadFile(filepath.Join(dir, "clr-20-courses-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	key := testIssuerKey()
	issuer := did.KeyDID(key.Public().(ed25519.PublicKey))
	vm := issuer + "#" + strings.TrimPrefix(issuer, "did:key:")
	// Every issuer in the record is the one university, a did:key.
	b = bytes.ReplaceAll(b, []byte(`"https://example.com/issuers/876543"`), []byte(`"`+issuer+`"`))
	b = bytes.ReplaceAll(b, []byte(`"https://example.edu/issuers/565049"`), []byte(`"`+issuer+`"`))
	b = bytes.ReplaceAll(b, []byte(`"Example Corp"`), []byte(`"Example University"`))
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var clr map[string]any
	if err := d.Decode(&clr); err != nil {
		t.Fatal(err)
	}
	proof := func() map[string]any {
		return map[string]any{"verificationMethod": vm, "created": "2026-01-15T00:00:00Z"}
	}
	subject := clr["credentialSubject"].(map[string]any)
	courses := subject["verifiableCredential"].([]any)
	for i, c := range courses {
		signed, err := di.Sign(c.(map[string]any), key, proof())
		if err != nil {
			t.Fatalf("course %d: %v", i+1, err)
		}
		courses[i] = signed
	}
	signed, err := di.Sign(clr, key, proof())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(signed); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, signedCLR20File)
	if *generate {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, out.Bytes()) {
		t.Fatalf("%s is not what the generator makes (%v); run go test ./wallet -run TestSignedCLR20 -generate", path, err)
	}
}
