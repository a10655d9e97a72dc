package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

var generate = flag.Bool("generate", false, "rewrite the signed files in testdata/generated")

// testIssuerKey is a TEST-ONLY KEY, derived from a public string: anyone can
// make it, so it must never sign anything real.
func testIssuerKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("Learner Wallet TEST-ONLY issuer key: never trust it"))
	return ed25519.NewKeyFromSeed(seed[:])
}

// The generated, signed fixtures: credentials of a university whose key is
// its did:key (so they verify offline, their issuer confirmed), awarded to
// a learner known by her e-mail address (so, like most credentials people
// get as files, they are not bound to any key of hers).
const (
	signedCLR20File = "clr-20-courses-signed.json"
	signedBadgeFile = "badge-teamwork-signed.json"
	signedBadgeJWT  = "badge-teamwork-signed.jwt"
	signedCLRv1File = "clr-vcdm11-signed.json"
	signedBadgeV1   = "badge-vcdm11-signed.json"
	// LearnerEmail is whom the generated credentials name.
	learnerEmail = "ellis.monday@example.edu"
)

// learnerIdentifier is the OB 3.0 identifier of the learner.
func learnerIdentifier() []any {
	return []any{map[string]any{
		"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": learnerEmail,
	}}
}

type testIssuer struct{ wallettest.KeyIssuer }

func newTestIssuer() testIssuer { return testIssuer{wallettest.NewKeyIssuer(testIssuerKey())} }

func (is testIssuer) sign(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	return is.Sign(t, doc, "2026-01-15T00:00:00Z")
}

// toLearner makes a subject name the learner by her e-mail address.
func toLearner(subject map[string]any) {
	delete(subject, "id")
	subject["identifier"] = learnerIdentifier()
}

func decodeNumbers(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGenerated keeps the signed files of testdata/generated: Ed25519 is
// deterministic, so the generator always makes the same bytes. Run with
// -generate to rewrite them; without, the files must match.
func TestGenerated(t *testing.T) {
	dir := filepath.Join("..", "testdata", "generated")
	is := newTestIssuer()
	files := map[string][]byte{
		signedCLR20File: signedCLR20(t, is, dir),
		signedBadgeFile: wallettest.Indented(t, signedBadge(t, is)),
		signedBadgeJWT:  []byte(badgeJWT(t, is) + "\n"),
		signedCLRv1File: signedCLRv1(t, is),
		signedBadgeV1:   signedBadgeVCDM11(t, is),
	}
	for name, want := range files {
		path := filepath.Join(dir, name)
		if *generate {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator makes (%v); run go test ./wallet -run TestGenerated -generate", path, err)
		}
	}
}

// signedCLR20 is the synthetic 20-course record with every course, and the
// record, signed eddsa-rdfc-2022, so that courses can be presented out of
// it and verified offline.
func signedCLR20(t *testing.T, is testIssuer, dir string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, "clr-20-courses-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Every issuer in the record is the one university, a did:key.
	b = bytes.ReplaceAll(b, []byte(`"https://example.com/issuers/876543"`), []byte(`"`+is.DID+`"`))
	b = bytes.ReplaceAll(b, []byte(`"https://example.edu/issuers/565049"`), []byte(`"`+is.DID+`"`))
	b = bytes.ReplaceAll(b, []byte(`"Example Corp"`), []byte(`"Example University"`))
	clr := decodeNumbers(t, b)
	subject := clr["credentialSubject"].(map[string]any)
	toLearner(subject)
	courses := subject["verifiableCredential"].([]any)
	for i, c := range courses {
		course := c.(map[string]any)
		toLearner(course["credentialSubject"].(map[string]any))
		courses[i] = is.sign(t, course)
	}
	return wallettest.Indented(t, is.sign(t, clr))
}

// signedBadge is the DCC Teamwork badge, issued by the university.
func signedBadge(t *testing.T, is testIssuer) map[string]any {
	b, err := os.ReadFile(filepath.Join(examples, "ob3/dcc-verifier-core/v2/v2NoStatus.json"))
	if err != nil {
		t.Fatal(err)
	}
	badge := decodeNumbers(t, b)
	delete(badge, "proof")
	badge["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	badge["id"] = "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-0000000000b1"
	badge["issuer"] = map[string]any{"id": is.DID, "type": []any{"Profile"}, "name": "Example University"}
	badge["validFrom"] = "2025-06-01T00:00:00Z"
	toLearner(badge["credentialSubject"].(map[string]any))
	return is.sign(t, badge)
}

// badgeJWT is the same badge as a VC-JWT: the VCDM 2.0 credential as the
// payload, EdDSA, kid the issuer's did:key.
func badgeJWT(t *testing.T, is testIssuer) string {
	badge := signedBadge(t, is)
	delete(badge, "proof")
	badge["id"] = "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-0000000000b2"
	badge["iss"] = is.DID
	badge["jti"] = badge["id"]
	badge["nbf"] = 1748736000 // 2025-06-01
	return wallettest.SignVCJWT(t, is.Key, is.VM, badge)
}

// signedBadgeVCDM11 is DCC's VCDM 1.1 badge, issued by the university and
// re-signed eddsa-rdfc-2022.
func signedBadgeVCDM11(t *testing.T, is testIssuer) []byte {
	b, err := os.ReadFile(filepath.Join(examples, "ob3/dcc-verifier-core/v1/v1NoStatus.json"))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(`"https://w3id.org/security/suites/ed25519-2020/v1"`), []byte(`"https://w3id.org/security/data-integrity/v2"`))
	badge := decodeNumbers(t, b)
	delete(badge, "proof")
	badge["id"] = "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-0000000000b3"
	badge["issuer"] = map[string]any{"id": is.DID, "type": "Profile", "name": "Example University"}
	toLearner(badge["credentialSubject"].(map[string]any))
	return wallettest.Indented(t, is.sign(t, badge))
}

// signedCLRv1 is the 1EdTech validator's VCDM 1.1 record (complex.json),
// issued by the university: its urn:uuid issuer replaced by the did:key,
// re-signed eddsa-rdfc-2022 (so with the Data Integrity context).
func signedCLRv1(t *testing.T, is testIssuer) []byte {
	b, err := os.ReadFile(filepath.Join(examples, "clr2/validator/complex.json"))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(`"urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795"`), []byte(`"`+is.DID+`"`))
	b = bytes.ReplaceAll(b, []byte(`"https://w3id.org/security/suites/ed25519-2020/v1"`), []byte(`"https://w3id.org/security/data-integrity/v2"`))
	clr := decodeNumbers(t, b)
	delete(clr, "proof")
	// Its endorsements were signed by others, with the 2020 suite's
	// context: they go.
	dropEndorsements(clr)
	// The record's subject keeps its id: that context defines no
	// identifier for a ClrSubject.
	subject := clr["credentialSubject"].(map[string]any)
	courses := subject["verifiableCredential"].([]any)
	for i, c := range courses {
		course := c.(map[string]any)
		delete(course, "proof")
		toLearner(course["credentialSubject"].(map[string]any))
		courses[i] = is.sign(t, course)
	}
	return wallettest.Indented(t, is.sign(t, clr))
}

// dropEndorsements removes every endorsement anywhere in v.
func dropEndorsements(v any) {
	switch t := v.(type) {
	case map[string]any:
		delete(t, "endorsement")
		for _, e := range t {
			dropEndorsements(e)
		}
	case []any:
		for _, e := range t {
			dropEndorsements(e)
		}
	}
}
