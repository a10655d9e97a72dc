package samples_test

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/samples"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

var generate = flag.Bool("generate", false, "rewrite assets/samples")

// out is where the samples go.
var out = filepath.Join("..", "..", "assets", "samples")

// sampleKey is a TEST-ONLY KEY, derived from a public string: anyone can
// make it, so it must never sign anything real.
func sampleKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("Learner Wallet SAMPLE issuer key: TEST-ONLY, public, never trust it"))
	return ed25519.NewKeyFromSeed(seed[:])
}

// ob2Key is the TEST-ONLY RSA key of the Open Badges 2.0 sample (RSA keys
// cannot be derived from a seed reproducibly, so it is kept in testdata).
func ob2Key(t *testing.T) *rsa.PrivateKey {
	b, err := os.ReadFile(filepath.Join("testdata", "TEST-ONLY-sample-ob2-issuer-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PrivateKey)
}

const (
	learnerName  = "Sam Ple"
	learnerEmail = "sam.ple@example.org"
	issuerName   = "Sample University (not a real issuer)"
	// notReal ends every description.
	notReal = " This is a sample credential shipped with Learner Wallet to try the app with: not a real achievement, issued by no real institution."
	created = "2025-12-20T00:00:00Z"
	uuid    = "urn:uuid:5a3f1e00-5a3f-4e00-8000-0000000000"
)

var (
	v2Contexts  = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	clrContexts = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"}
	v1Contexts  = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://w3id.org/security/data-integrity/v2"}
)

type issuer struct{ wallettest.KeyIssuer }

func newIssuer() issuer { return issuer{wallettest.NewKeyIssuer(sampleKey())} }

func (is issuer) profile() map[string]any {
	return map[string]any{
		"id": is.DID, "type": []any{"Profile"}, "name": issuerName,
		"description": "The issuer of Learner Wallet's sample credentials. Its signing key is public, so anything it signs could have been made by anyone.",
	}
}

func (is issuer) sign(t *testing.T, doc map[string]any) map[string]any {
	t.Helper()
	return is.Sign(t, doc, created)
}

// learner names the sample learner by e-mail address and name.
func learner() []any {
	return []any{
		map[string]any{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": learnerEmail},
		map[string]any{"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": learnerName},
	}
}

// badge is an OB 3.0 OpenBadgeCredential (VCDM 2.0) of the sample issuer.
func (is issuer) badge(n int, name, achievementType, description, validFrom string) map[string]any {
	return map[string]any{
		"@context":  v2Contexts,
		"id":        fmt.Sprintf("%s%02d", uuid, n),
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":      name,
		"issuer":    is.profile(),
		"validFrom": validFrom,
		"credentialSubject": map[string]any{
			"type":       []any{"AchievementSubject"},
			"identifier": learner(),
			"achievement": map[string]any{
				"id":              fmt.Sprintf("%sachievements/%02d", samples.Base, n),
				"type":            []any{"Achievement"},
				"achievementType": achievementType,
				"name":            name,
				"description":     description + notReal,
				"criteria":        map[string]any{"narrative": "None: this is a sample. Real badges say here what their earner did."},
			},
		},
	}
}

// TestSamples keeps assets/samples: Ed25519 and RSA PKCS #1 v1.5 are
// deterministic, so the generator always makes the same bytes. Run with
// -generate to rewrite them; without, the files must match.
func TestSamples(t *testing.T) {
	is := newIssuer()
	if is.DID != samples.IssuerDID {
		t.Fatalf("the sample issuer is %s; set samples.IssuerDID to it", is.DID)
	}
	files := map[string][]byte{
		"ob3-vcdm2-data-integrity.json":  wallettest.Indented(t, is.sign(t, is.badge(1, "Sample Badge: Data Visualization Basics", "Badge", "Made charts that tell the truth about the data.", "2025-09-15T00:00:00Z"))),
		"ob3-vcdm2-vc-jwt.jwt":           []byte(is.jwt(t) + "\n"),
		"ob3-vcdm11-data-integrity.json": wallettest.Indented(t, is.vcdm11(t)),
		"ob3-expired.json":               wallettest.Indented(t, is.expired(t)),
		"ob3-revoked.json":               wallettest.Indented(t, is.revoked(t)),
		"clr-transcript.json":            wallettest.Indented(t, is.transcript(t)),
		"ob2-signed.jws":                 []byte(ob2Signed(t) + "\n"),
		"fetched/status-list-1.json":     wallettest.Indented(t, is.statusList(t)),
		"fetched/ob2-issuer.json":        wallettest.Indented(t, ob2Issuer()),
		"fetched/ob2-key.json":           wallettest.Indented(t, ob2PublicKey(t)),
		"fetched/INDEX.tsv": []byte("# URL\tfile\tmedia type: the documents the samples' verification fetches\n" +
			samples.StatusListURL + "\tstatus-list-1.json\tapplication/vc+ld+json\n" +
			samples.OB2IssuerURL + "\tob2-issuer.json\tapplication/ld+json\n" +
			ob2KeyURL + "\tob2-key.json\tapplication/ld+json\n"),
	}
	for name, want := range files {
		path := filepath.Join(out, filepath.FromSlash(name))
		if *generate {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator makes (%v); run go test ./wallet/samples -run TestSamples -generate", path, err)
		}
	}
}

// jwt is an OB 3.0 VCDM 2.0 badge as a VC-JWT: the credential as the
// payload, EdDSA, kid the issuer's did:key.
func (is issuer) jwt(t *testing.T) string {
	badge := is.badge(2, "Sample Badge: Peer Mentor", "Badge", "Helped newer learners find their way around the course.", "2025-10-01T00:00:00Z")
	badge["iss"] = is.DID
	badge["jti"] = badge["id"]
	badge["nbf"] = 1759276800 // 2025-10-01
	return wallettest.SignVCJWT(t, is.Key, is.VM, badge)
}

// vcdm11 is an OB 3.0 badge in the VC Data Model 1.1, signed
// eddsa-rdfc-2022 (the Data Integrity context added).
func (is issuer) vcdm11(t *testing.T) map[string]any {
	badge := is.badge(3, "Sample Badge: Spreadsheet Skills", "Competency", "Built a budget spreadsheet with formulas and checks.", "")
	delete(badge, "validFrom")
	badge["@context"] = v1Contexts
	badge["issuanceDate"] = "2025-06-20T00:00:00Z"
	return is.sign(t, badge)
}

// expired ended before anyone could try the samples.
func (is issuer) expired(t *testing.T) map[string]any {
	badge := is.badge(4, "Sample Badge: First Aid Refresher (expired)", "Certificate", "Completed a first aid refresher, valid for one year; that year is over.", "2025-01-10T00:00:00Z")
	badge["validUntil"] = "2026-01-10T00:00:00Z"
	return is.sign(t, badge)
}

// revokedIndex is the revoked sample's bit in the status list.
const revokedIndex = 7

// revoked is revoked in the sample issuer's status list.
func (is issuer) revoked(t *testing.T) map[string]any {
	badge := is.badge(5, "Sample Badge: Lab Safety (revoked)", "Badge", "Passed the lab safety quiz; the issuer has since revoked this badge.", "2025-03-01T00:00:00Z")
	badge["credentialStatus"] = map[string]any{
		"id":                   fmt.Sprintf("%s#%d", samples.StatusListURL, revokedIndex),
		"type":                 "BitstringStatusListEntry",
		"statusPurpose":        "revocation",
		"statusListIndex":      fmt.Sprint(revokedIndex),
		"statusListCredential": samples.StatusListURL,
	}
	return is.sign(t, badge)
}

// statusList is the sample issuer's revocation list: 16 KB (the smallest
// list the specification allows), with only revokedIndex set.
func (is issuer) statusList(t *testing.T) map[string]any {
	bits := make([]byte, 16*1024)
	bits[revokedIndex/8] |= 0x80 >> (revokedIndex % 8) // index 0 is the first byte's high bit
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if _, err := zw.Write(bits); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	list := map[string]any{
		"@context":    []any{"https://www.w3.org/ns/credentials/v2"},
		"id":          samples.StatusListURL,
		"type":        []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":      is.DID,
		"name":        "Sample University's revocation list (sample)",
		"description": "The revocation list of Learner Wallet's sample issuer. It is shipped with the samples, never fetched.",
		"validFrom":   "2025-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id":            samples.StatusListURL + "#list",
			"type":          "BitstringStatusList",
			"statusPurpose": "revocation",
			"encodedList":   "u" + base64.RawURLEncoding.EncodeToString(z.Bytes()),
		},
	}
	return is.sign(t, list)
}
