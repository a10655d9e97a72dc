package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/did"
)

const (
	importsDir = "../testdata/imports"
	lcwBackup  = "lcw-wallet-backup.json"
)

// testLCWSeed is a TEST-ONLY KEY, derived from a public string: anyone can
// make it, so no DID of it may ever be trusted as anyone's.
func testLCWSeed() []byte {
	seed := sha256.Sum256([]byte("Learner Wallet TEST-ONLY LCW export key: never trust it"))
	return seed[:]
}

// The key pairs and DID document as the Learner Credential Wallet writes
// them (JSON.stringify of @digitalcredentials key pairs), members in its order.
type lcwKey struct {
	ID                  string `json:"id"`
	Controller          string `json:"controller"`
	Type                string `json:"type"`
	PublicKeyMultibase  string `json:"publicKeyMultibase"`
	PrivateKeyMultibase string `json:"privateKeyMultibase,omitempty"`
}

type lcwDIDDocument struct {
	Context              []string `json:"@context"`
	ID                   string   `json:"id"`
	VerificationMethod   []lcwKey `json:"verificationMethod"`
	Authentication       []string `json:"authentication"`
	AssertionMethod      []string `json:"assertionMethod"`
	CapabilityDelegation []string `json:"capabilityDelegation"`
	CapabilityInvocation []string `json:"capabilityInvocation"`
	KeyAgreement         []lcwKey `json:"keyAgreement"`
}

type lcwProfile struct {
	Context  []string `json:"@context"`
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Status   string   `json:"status"`
	Contents []any    `json:"contents"`
}

// x25519Of converts an Ed25519 key to the X25519 key LCW derives from it
// for key agreement (RFC 7748 birational map; the clamped SHA-512 scalar).
func x25519Of(priv ed25519.PrivateKey) (pub, scalar []byte) {
	p, _ := new(big.Int).SetString("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", 16)
	le := slices.Clone([]byte(priv.Public().(ed25519.PublicKey)))
	le[31] &= 0x7f
	slices.Reverse(le)
	y := new(big.Int).SetBytes(le)
	one := big.NewInt(1)
	num := new(big.Int).Add(one, y)
	den := new(big.Int).Sub(one, y)
	den.Mod(den, p).ModInverse(den, p)
	u := num.Mul(num, den).Mod(num, p).FillBytes(make([]byte, 32))
	slices.Reverse(u)
	h := sha512.Sum512(priv.Seed())
	scalar = h[:32]
	scalar[0] &= 248
	scalar[31] &= 127
	scalar[31] |= 64
	return u, scalar
}

// lcwExport builds the LCW backup fixture: one profile holding two
// generated credentials and the TEST-ONLY key, written as JSON.stringify(…, null, 2).
func lcwExport(t *testing.T) []byte {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(testLCWSeed())
	fp, _ := did.EncodeMultikey(priv.Public())
	d := "did:key:" + fp
	xpub, xpriv := x25519Of(priv)
	xfp := did.EncodeBase58btc(append([]byte{0xec, 0x01}, xpub...))
	vm := lcwKey{ID: d + "#" + fp, Controller: d, Type: "Ed25519VerificationKey2020", PublicKeyMultibase: fp}
	ka := lcwKey{ID: d + "#" + xfp, Controller: d, Type: "X25519KeyAgreementKey2020", PublicKeyMultibase: xfp}
	doc := lcwDIDDocument{
		Context: []string{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/ed25519-2020/v1", "https://w3id.org/security/suites/x25519-2020/v1"},
		ID:      d, VerificationMethod: []lcwKey{vm},
		Authentication: []string{vm.ID}, AssertionMethod: []string{vm.ID}, CapabilityDelegation: []string{vm.ID}, CapabilityInvocation: []string{vm.ID},
		KeyAgreement: []lcwKey{ka},
	}
	vk := vm
	vk.PrivateKeyMultibase = did.EncodeBase58btc(append([]byte{0x80, 0x26}, priv...))
	kk := ka
	kk.PrivateKeyMultibase = did.EncodeBase58btc(append([]byte{0x82, 0x26}, xpriv...))
	var contents []any
	for _, f := range []string{signedBadgeV1, signedBadgeFile} {
		b, err := os.ReadFile(filepath.Join("../testdata/generated", f))
		if err != nil {
			t.Fatal(err)
		}
		contents = append(contents, json.RawMessage(b))
	}
	contents = append(contents, doc, vk, kk, map[string]any{
		"@context": []string{"https://w3id.org/wallet/v1"},
		"id":       "urn:uuid:7d3bd5a0-5b0e-4c5e-9c1e-0e3f1c7a9b11",
		"type":     "ProfileMetadata",
		"data":     map[string]any{"profileName": "TEST-ONLY key: never trust it"},
	})
	profile := lcwProfile{
		Context: []string{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"},
		ID:      "http://example.gov/wallet/3732", Type: "UniversalWallet2020", Status: "UNLOCKED",
		Contents: contents,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]lcwProfile{profile}); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestLCWExportFixture keeps testdata/imports/lcw-wallet-backup.json what
// lcwExport makes (rewritten with -generate).
func TestLCWExportFixture(t *testing.T) {
	want := lcwExport(t)
	path := filepath.Join(importsDir, lcwBackup)
	if *generate {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what lcwExport makes; run go test -run TestLCWExportFixture -generate", path)
	}
	if !strings.Contains(string(got), "TEST-ONLY") {
		t.Error("the fixture does not say its key is TEST-ONLY")
	}
}
