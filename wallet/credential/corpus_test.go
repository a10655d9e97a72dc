package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// corpusDir holds real credentials: 1EdTech validator tests, DCC verifier
// fixtures and specification examples. Each folder's EXPECTED.tsv says what
// its files are.
const corpusDir = "../../testdata/examples"

// corpusCase is what Parse makes of one corpus file.
type corpusCase struct {
	file     string // relative to corpusDir
	kind     Kind   // "" when the file is rejected
	format   Format
	title    string
	children int    // for a CLR, how many credentials it nests
	reject   string // for a rejected file, part of the reason
}

func ok(file string, kind Kind, format Format, title string) corpusCase {
	return corpusCase{file: file, kind: kind, format: format, title: title}
}

func clr(file string, format Format, title string, children int) corpusCase {
	return corpusCase{file: file, kind: KindCLR, format: format, title: title, children: children}
}

func no(file, reason string) corpusCase { return corpusCase{file: file, reject: reason} }

// corpus classifies every file of corpusDir (apart from EXPECTED.tsv). A file
// added there must be added here too.
var corpus = []corpusCase{
	// clr2/validator
	clr("clr2/validator/complex.json", FormatJSON, "Ellis Monday", 6),
	clr("clr2/validator/simple-noproof.json", FormatJSON, "Sample Transcript", 1),
	clr("clr2/validator/simple.json", FormatJSON, "Sample Transcript", 1),
	clr("clr2/validator/simple.jwt", FormatJWT, "Sample Transcript", 1),
	clr("clr2/validator/simple_old_safesigned.json", FormatJSON, "Sample Transcript", 1),
	clr("clr2/validator/simple_v1.json", FormatJSON, "Ellis Monday", 6),

	// ob2/validator
	ok("ob2/validator/assertion-with-data-image.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/assertion-with-endorsements.json", KindOB2, FormatJSON, "Awesome Robotics Badge"),
	ok("ob2/validator/assertion-with-extension-node-basic.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/assertion-with-extension-node-invalid.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/assertion-with-multiple-extensions.json", KindOB2, FormatJSON, "Badge from example.org"),
	no("ob2/validator/assets/altbadgeurl.json", "badge definition"),
	no("ob2/validator/assets/bad-issuer.json", "issuer's profile"),
	no("ob2/validator/assets/badge-from-organization-with-empty-revocation-list.json", "badge definition"),
	no("ob2/validator/assets/badge-from-organization-with-revocation-list.json", "badge definition"),
	no("ob2/validator/assets/badge-with-bad-issuer.json", "badge definition"),
	no("ob2/validator/assets/badge-with-data-image.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-complex-image.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-endorsements.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-language.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-verification-invalid-multiple-starts-with.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-verification-invalid-starts-with.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-verification-valid-multiple-starts-with.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-verification-valid-starts-with.json", "badge definition"),
	no("ob2/validator/assets/badgeclass-with-verification.json", "badge definition"),
	no("ob2/validator/assets/badgeclass1.json", "badge definition"),
	no("ob2/validator/assets/badgecriteria.json", "has no @context or type"),
	no("ob2/validator/assets/basic-badge-no-public-key.json", "badge definition"),
	no("ob2/validator/assets/beths-robot-badge.png", "no badge baked"),
	no("ob2/validator/assets/criteria-no-type.json", "has no @context or type"),
	no("ob2/validator/assets/empty-revocation-list.json", "revocation list"),
	no("ob2/validator/assets/endorsement-1.json", "endorsement of an issuer"),
	no("ob2/validator/assets/endorsement-2.json", "endorsement of an issuer"),
	no("ob2/validator/assets/endorsement-3.json", "endorsement of an issuer"),
	no("ob2/validator/assets/endorsement-4.json", "endorsement of an issuer"),
	no("ob2/validator/assets/issuer-invalid-type.json", "has no @context or type"),
	no("ob2/validator/assets/issuer-with-allowed-origins-invalid-multiple-starts-with.json", "issuer's profile"),
	no("ob2/validator/assets/issuer-with-allowed-origins-invalid-starts-with.json", "issuer's profile"),
	no("ob2/validator/assets/issuer-with-allowed-origins-valid-multiple-starts-with.json", "issuer's profile"),
	no("ob2/validator/assets/issuer-with-allowed-origins-valid-starts-with.json", "issuer's profile"),
	no("ob2/validator/assets/issuer-with-allowed-origins.json", "issuer's profile"),
	no("ob2/validator/assets/issuer1.json", "issuer's profile"),
	no("ob2/validator/assets/key1.json", "public key"),
	no("ob2/validator/assets/key2.json", "public key"),
	no("ob2/validator/assets/key3.json", "public key"),
	no("ob2/validator/assets/openbadges_context.json", "expected JSON, a JWT"),
	no("ob2/validator/assets/organization-no-public-key.json", "issuer's profile"),
	no("ob2/validator/assets/organization-with-empty-revocation-list.json", "issuer's profile"),
	no("ob2/validator/assets/organization-with-revocation-list.json", "issuer's profile"),
	no("ob2/validator/assets/organization.json", "issuer's profile"),
	no("ob2/validator/assets/revocation-list.json", "revocation list"),
	no("ob2/validator/assets/robotics-badge.json", "badge definition"),
	no("ob2/validator/assets/robotics-badge.png", "no badge baked"),
	no("ob2/validator/badge-class-with-language.json", "badge definition"),
	ok("ob2/validator/basic-assertion-expired-before-issued.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-expired.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-in-future.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-invalid-context.json", KindOB2, FormatJSON, "Badge from example.org"),
	no("ob2/validator/basic-assertion-invalid-type.json", "of type OtherAssertion"),
	ok("ob2/validator/basic-assertion-no-public-key.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-allowed-origins-invalid-starts-with.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-allowed-origins-valid-multiple-starts-with.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-allowed-origins-valid-starts-with.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-allowed-origins.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion-with-language.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/basic-assertion.json", KindOB2, FormatJSON, "Badge from example.org"),
	no("ob2/validator/issuer-compact-iri-validation.json", "issuer's profile"),
	no("ob2/validator/rdf-validation/badge-class-invalid-issuer-type.json", "badge definition"),
	no("ob2/validator/rdf-validation/invalid-class.json", "has no @context or type"),
	no("ob2/validator/rdf-validation/invalid-empty-type.json", "has no @context or type"),
	no("ob2/validator/rdf-validation/invalid-one-invalid-class.json", "issuer's profile"),
	no("ob2/validator/rdf-validation/valid-alignment-object.json", "has no @context or type"),
	no("ob2/validator/rdf-validation/valid-badge-class-empty-criteria-type.json", "badge definition"),
	no("ob2/validator/rdf-validation/valid-badge-class.json", "badge definition"),
	no("ob2/validator/rdf-validation/valid-cool-class.json", "has no @context or type"),
	no("ob2/validator/rdf-validation/valid-issuer-extension.json", "issuer's profile"),
	no("ob2/validator/redirected-validation-subject.json", "the JSON is malformed"),
	ok("ob2/validator/simple-badge.png", KindOB2, FormatPNG, "Badge from example.org"),
	ok("ob2/validator/simple-not-revoked.jwt", KindOB2, FormatJWT, "Badge from example.org"),
	ok("ob2/validator/simple-revoked.jwt", KindOB2, FormatJWT, "Badge from example.org"),
	ok("ob2/validator/simple.jwt", KindOB2, FormatJWT, "Badge from example.org"),
	ok("ob2/validator/warning-issuer-non-http.json", KindOB2, FormatJSON, "Badge from example.org"),
	ok("ob2/validator/warning-with-redirection.json", KindOB2, FormatJSON, "Badge from example.org"),

	// ob3/dcc-verifier-core
	ok("ob3/dcc-verifier-core/eddsa/v2/safeModeBreaker.json", KindOB3, FormatJSON, "PBS Media Literacy Educator Certification by KQED"),
	ok("ob3/dcc-verifier-core/eddsa/v2/v2EddsaWithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithBadStatusUrl.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	no("ob3/dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json", "status list"),
	ok("ob3/dcc-verifier-core/v1/testVC.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v1/v1Expired.json", KindOB3, FormatJSON, "Badge"),
	ok("ob3/dcc-verifier-core/v1/v1ExpiredWithValidStatus.json", KindOB3, FormatJSON, "Mock Bachelor of Science in Biology"),
	ok("ob3/dcc-verifier-core/v1/v1NoStatus.json", KindOB3, FormatJSON, "Badge"),
	ok("ob3/dcc-verifier-core/v1/v1OBv3SpecExample.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v1/v1Revoked.json", KindOB3, FormatJSON, "Mock Bachelor of Science in Computer Science"),
	ok("ob3/dcc-verifier-core/v1/v1RevokedAndExpired.json", KindOB3, FormatJSON, "Mock Bachelor of Science in Computer Science"),
	ok("ob3/dcc-verifier-core/v1/v1SimpleIssuerId.json", KindOB3, FormatJSON, "Badge"),
	ok("ob3/dcc-verifier-core/v1/v1WithValidStatus.json", KindOB3, FormatJSON, "Mock Bachelor of Science in Biology"),
	ok("ob3/dcc-verifier-core/v2/didWeb/v2WithBadDidWeb.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/v2/didWeb/v2didWebMultikeyWithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/v2/didWeb/v2didWebWithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/v2/v2Expired.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v2/v2ExpiredWithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),
	ok("ob3/dcc-verifier-core/v2/v2NoStatus.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v2/v2OBv3SpecExample.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v2/v2Revoked.json", KindOB3, FormatJSON, "Bachelors - v2 - revoked"),
	ok("ob3/dcc-verifier-core/v2/v2RevokedAndExpired.json", KindOB3, FormatJSON, "Bachelors - v2 - revoked"),
	ok("ob3/dcc-verifier-core/v2/v2SimpleIssuerId.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/dcc-verifier-core/v2/v2WithValidStatus.json", KindOB3, FormatJSON, "Masters - v2 - unrevoked"),

	// ob3/spec
	ok("ob3/spec/achievementAlignmentCase.json", KindOB3, FormatJSON, "Text analysis"),
	ok("ob3/spec/achievementAlignmentCe.json", KindOB3, FormatJSON, "Text analysis"),
	ok("ob3/spec/basicOpenBadgeCredential.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/spec/complete-openbadgecredential-full_ex.json", KindOB3, FormatJSON, "1EdTech University Degree"),
	ok("ob3/spec/docformat-sample-0.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/spec/endorsement.json", KindOB3, FormatJSON, "SDE endorsement"),
	ok("ob3/spec/fullOpenBadge.json", KindOB3, FormatJSON, "1EdTech University Degree"),
	no("ob3/spec/migration-1-openbadges-2-0-with-related-openbadges-3-0.json", "badge definition"),
	no("ob3/spec/migration-2-issuer-profile-relation-between-open-badges-2-0-and-open-bad.json", "issuer's profile"),
	ok("ob3/spec/migration-3-upgraded-ob-2-0-assertion-included-within-clr-2-0.json", KindOB3, FormatJSON, "Example Competency Badge Issued under OB 2.0"),
	ok("ob3/spec/minimal_valid_obv3.json", KindOB3, FormatJSON, "Lorem ipsum"),
	ok("ob3/spec/skillAssertionCase.json", KindOB3, FormatJSON, "Robot Programming"),
	ok("ob3/spec/skillAssertionCtdl.json", KindOB3, FormatJSON, "Linear equations and inequalities"),

	// ob3/validator
	ok("ob3/validator/bit-string-list/credential-status-revoked-blank-nodes.json", KindOB3, FormatJSON, "Achievement 1"),
	ok("ob3/validator/bit-string-list/credential-status-revoked.json", KindOB3, FormatJSON, "Achievement 1"),
	no("ob3/validator/bit-string-list/testlist", "status list"),
	ok("ob3/validator/complete.json", KindOB3, FormatJSON, "1EdTech University Degree"),
	ok("ob3/validator/complete_v1.json", KindOB3, FormatJSON, "1EdTech University Degree"),
	ok("ob3/validator/credential-status-revoked.json", KindOB3, FormatJSON, "Achievement 1"),
	ok("ob3/validator/endorsement-err-schema-status-refresh.json", KindOB3, FormatJSON, "Example endorsement"),
	ok("ob3/validator/endorsement-valid.json", KindOB3, FormatJSON, "Example endorsement"),
	ok("ob3/validator/sd/derivedcredential.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-context-alias.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-context-version.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-did-key-method.json", KindOB3, FormatJSON, "test 1"),
	ok("ob3/validator/simple-did-web-method.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-eddsa-2022.json", KindOB3, FormatJSON, "some name"),
	ok("ob3/validator/simple-err-context.json", KindOB3, FormatJSON, "Example University Degree"),
	ok("ob3/validator/simple-err-credential-subject-achievement-result-description-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-credential-subject-identifier-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-credential-subject-profile-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-credential-subject-result-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-credential-subject-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-evidence-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-expired.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-issued.json", KindOB3, FormatJSON, "Example University Degree"),
	ok("ob3/validator/simple-err-issuer-otheridentifier-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-issuer-parentorg-type.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-issuer-type.json", KindOB3, FormatJSON, "Teamwork"),
	no("ob3/validator/simple-err-issuer.json", "names no issuer"),
	ok("ob3/validator/simple-err-proof-method-no-scheme.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-proof-method-unknown-did-method.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-proof-method-unknown-scheme.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-proof-method.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-err-proof-value.json", KindOB3, FormatJSON, "Teamwork"),
	no("ob3/validator/simple-err-type.json", "neither an Open Badge nor"),
	ok("ob3/validator/simple-json.png", KindOB3, FormatPNG, "Teamwork"),
	ok("ob3/validator/simple-json.svg", KindOB3, FormatSVG, "Teamwork"),
	ok("ob3/validator/simple-jwt.png", KindOB3, FormatPNG, "Teamwork"),
	ok("ob3/validator/simple-jwt.svg", KindOB3, FormatSVG, "Teamwork"),
	ok("ob3/validator/simple-jwt_v1.png", KindOB3, FormatPNG, "Teamwork"),
	ok("ob3/validator/simple-jwt_v1.svg", KindOB3, FormatSVG, "Teamwork"),
	ok("ob3/validator/simple-multiple-proofs.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple-noproof.json", KindOB3, FormatJSON, "Example University Degree"),
	ok("ob3/validator/simple.1ob", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/simple.jwt", KindOB3, FormatJWT, "Example University Degree"),
	ok("ob3/validator/simple_v1.json", KindOB3, FormatJSON, "Teamwork"),
	ok("ob3/validator/velocity.jwt", KindOB3, FormatJWT, "Velocity Network Board Member 2022"),
}

func TestCorpus(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range corpus {
		if listed[c.file] {
			t.Errorf("%s is listed twice", c.file)
		}
		listed[c.file] = true
	}
	onDisk := map[string]bool{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "EXPECTED.tsv" {
			return err
		}
		rel, err := filepath.Rel(corpusDir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		onDisk[rel] = true
		if !listed[rel] {
			t.Errorf("%s is not classified: add it to the corpus table", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range corpus {
		if !onDisk[c.file] {
			t.Errorf("%s is in the corpus table but not in %s", c.file, corpusDir)
		}
	}

	for _, c := range corpus {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(data)
			if c.reject != "" {
				if err == nil {
					t.Fatalf("Parse accepted it as %s/%s %q; want it rejected (%s)", p.Kind, p.Format, p.Summary.Title(), c.reject)
				}
				var re *RejectError
				if !errors.As(err, &re) {
					t.Errorf("error %v (%T) is not a *RejectError", err, err)
				}
				if !strings.Contains(err.Error(), c.reject) {
					t.Errorf("error = %q, want one containing %q", err, c.reject)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Kind != c.kind || p.Format != c.format || p.Summary.Title() != c.title {
				t.Errorf("Parse = %s/%s %q, want %s/%s %q", p.Kind, p.Format, p.Summary.Title(), c.kind, c.format, c.title)
			}
			checkParsed(t, data, p)
			if len(p.Children) != c.children {
				t.Fatalf("%d nested credentials, want %d", len(p.Children), c.children)
			}
			for i, child := range p.Children {
				if child.Kind == "" || child.Format == "" || child.Hash == ([32]byte{}) || len(child.Content) == 0 {
					t.Errorf("child %d is incomplete: kind %q format %q hash %x, %d bytes of content", i, child.Kind, child.Format, child.Hash, len(child.Content))
				}
				if child.Format == FormatJSON && !json.Valid(child.Original) {
					t.Errorf("child %d: Original is not a JSON document: %.60q", i, child.Original)
				}
				// A nested credential's Original is its JSON exactly as the
				// record holds it.
				if c.format == FormatJSON && !bytes.Contains(data, child.Original) {
					t.Errorf("child %d: Original is not a part of the record: %.60q", i, child.Original)
				}
			}
		})
	}
}

// checkParsed checks what holds for every accepted input.
func checkParsed(t *testing.T, input []byte, p *Parsed) {
	t.Helper()
	if !bytes.Equal(p.Original, input) {
		t.Errorf("Original (%d bytes) is not the input (%d bytes)", len(p.Original), len(input))
	}
	if len(p.Content) == 0 || p.Hash == ([32]byte{}) {
		t.Errorf("Content has %d bytes, Hash %x", len(p.Content), p.Hash)
	}
	if p.Summary.DataModel == "" || p.Summary.Type == "" {
		t.Errorf("Summary has no data model (%q) or type (%q)", p.Summary.DataModel, p.Summary.Type)
	}
	switch p.Format {
	case FormatPNG, FormatSVG:
		if !bytes.Equal(p.Image, input) {
			t.Errorf("a badge image's Image is not the image")
		}
	case FormatJWT:
		if !jsonv.LooksLikeJWS(p.Content) {
			t.Errorf("Content of a JWT is not a compact JWS: %.60q", p.Content)
		}
	case FormatJSON:
		if !json.Valid(p.Content) {
			t.Errorf("Content is not JSON: %.60q", p.Content)
		}
	}
	if _, err := json.Marshal(p.Summary); err != nil {
		t.Errorf("the summary cannot be stored: %v", err)
	}
}

// The CLR as a JWT nests its credential as a JWT too: a string in the
// verifiableCredential list.
func TestCorpusCLRJWT(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "clr2/validator/simple.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Summary.Proofs; len(got) == 0 || got[len(got)-1] != "JWT (RS256)" {
		t.Errorf("proofs of the record: %q", got)
	}
	if p.Summary.DataModel != "VCDM 1.1" || p.Summary.CredentialID == "" || p.Summary.Issued.IsZero() {
		t.Errorf("record summary: model %q, id %q, issued %v", p.Summary.DataModel, p.Summary.CredentialID, p.Summary.Issued)
	}
	if len(p.Children) != 1 {
		t.Fatalf("%d children, want 1", len(p.Children))
	}
	c := p.Children[0]
	if c.Kind != KindOB3 || c.Format != FormatJWT || c.Summary.Title() != "Achievement 1" || c.Summary.Issuer() != "Example University" {
		t.Errorf("child: %s/%s %q by %q", c.Kind, c.Format, c.Summary.Title(), c.Summary.Issuer())
	}
	if !bytes.Equal(c.Original, c.Content) || !jsonv.LooksLikeJWS(c.Original) {
		t.Errorf("child Original is not its compact JWS: %.60q", c.Original)
	}
	// The child JWT is a string in the record's payload.
	_, _, payload, err := decodeJWS(p.Content)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(payload, c.Original) {
		t.Errorf("child Original is not in the record's payload")
	}
}

// Every file an EXPECTED.tsv describes is in the corpus.
func TestCorpusExpectedFiles(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range corpus {
		listed[c.file] = true
	}
	tsvs, err := filepath.Glob(filepath.Join(corpusDir, "*", "*", "EXPECTED.tsv"))
	if err != nil || len(tsvs) == 0 {
		t.Fatalf("no EXPECTED.tsv found: %v", err)
	}
	for _, tsv := range tsvs {
		b, err := os.ReadFile(tsv)
		if err != nil {
			t.Fatal(err)
		}
		dir, _ := filepath.Rel(corpusDir, filepath.Dir(tsv))
		for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			name, _, _ := strings.Cut(line, "\t")
			if i == 0 || name == "" {
				continue
			}
			if f := filepath.ToSlash(filepath.Join(dir, name)); !listed[f] {
				t.Errorf("%s lists %s, which is not in the corpus", tsv, f)
			}
		}
	}
}
