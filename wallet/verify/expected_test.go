package verify_test

import (
	"bufio"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// networkFixtures is what the web would answer, from testdata: the
// documents listed in testdata/network/urls.tsv, and the OB 2.0 validator's
// assets at https://example.org/<file> (and http://), as its tests serve them.
func networkFixtures(t testing.TB) *fetch.Map {
	t.Helper()
	m := &fetch.Map{Docs: map[string][]byte{}, At: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	f, err := os.Open("../../testdata/network/urls.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		url, file, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join("../../testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		m.Docs[url] = b
	}
	assets, err := os.ReadDir(filepath.Join(examples, "ob2/validator/assets"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range assets {
		b, err := os.ReadFile(filepath.Join(examples, "ob2/validator/assets", a.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m.Docs["https://example.org/"+a.Name()] = b
		m.Docs["http://example.org/"+a.Name()] = b
	}
	return m
}

// expected lists every row of every EXPECTED.tsv under testdata/examples
// that states a verdict, and what our verifier says. Where we disagree with
// the upstream expectation on purpose, why says so.
var expected = []struct {
	file, want, why string
}{
	// 1EdTech validator, OB 3.0
	{"ob3/validator/bit-string-list/credential-status-revoked-blank-nodes.json", revoked, ""},
	{"ob3/validator/bit-string-list/credential-status-revoked.json", revoked, ""},
	{"ob3/validator/complete.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL; its revocation list and some endorsement keys are on hosts that do not exist"},
	{"ob3/validator/complete_v1.json", invalid, "upstream gives no verdict; its type 1EdTechCredentialRefresh is defined by none of its contexts (extensions.json is missing), so safe mode refuses it: unsigned text"},
	{"ob3/validator/credential-status-revoked.json", revoked, ""},
	{"ob3/validator/endorsement-err-schema-status-refresh.json", invalid, ""},
	{"ob3/validator/endorsement-valid.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/sd/derivedcredential.json", unverifiable, "ecdsa-sd-2023 is not implemented yet: reported as an unsupported proof type, not as forged"},
	{"ob3/validator/simple-context-alias.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-context-version.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-did-key-method.json", unconfirmed, "signed by a did:key, issued by a urn:uuid that cannot say which keys are its own: nothing ties the key to the issuer"},
	{"ob3/validator/simple-did-web-method.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-eddsa-2022.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-err-context.json", invalid, ""},
	{"ob3/validator/simple-err-credential-subject-achievement-result-description-type.json", invalid, ""},
	{"ob3/validator/simple-err-credential-subject-identifier-type.json", invalid, ""},
	{"ob3/validator/simple-err-credential-subject-profile-type.json", invalid, ""},
	{"ob3/validator/simple-err-credential-subject-result-type.json", invalid, ""},
	{"ob3/validator/simple-err-credential-subject-type.json", invalid, ""},
	{"ob3/validator/simple-err-evidence-type.json", invalid, ""},
	{"ob3/validator/simple-err-expired.json", expired, ""},
	{"ob3/validator/simple-err-issued.json", invalid, ""},
	{"ob3/validator/simple-err-issuer-otheridentifier-type.json", invalid, ""},
	{"ob3/validator/simple-err-issuer-parentorg-type.json", invalid, ""},
	{"ob3/validator/simple-err-issuer-type.json", invalid, ""},
	{"ob3/validator/simple-err-issuer.json", invalid, ""},
	{"ob3/validator/simple-err-proof-method-no-scheme.json", invalid, ""},
	{"ob3/validator/simple-err-proof-method-unknown-did-method.json", unverifiable, "upstream: invalid; a key we cannot look up leaves the credential unverified, which is not valid either"},
	{"ob3/validator/simple-err-proof-method-unknown-scheme.json", unverifiable, "as above"},
	{"ob3/validator/simple-err-proof-method.json", invalid, ""},
	{"ob3/validator/simple-err-proof-value.json", invalid, ""},
	{"ob3/validator/simple-err-type.json", invalid, ""},
	{"ob3/validator/simple-json.png", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-json.svg", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-jwt.png", unconfirmed, "the key comes in the token's jwk header, and the issuer publishes no key set (/.well-known/jwks.json) that holds it"},
	{"ob3/validator/simple-jwt.svg", unconfirmed, "the key comes in the token's jwk header, and the issuer publishes no key set (/.well-known/jwks.json) that holds it"},
	{"ob3/validator/simple-jwt_v1.png", unconfirmed, "the key comes in the token's jwk header, and the issuer publishes no key set (/.well-known/jwks.json) that holds it"},
	{"ob3/validator/simple-jwt_v1.svg", unconfirmed, "the key comes in the token's jwk header, and the issuer publishes no key set (/.well-known/jwks.json) that holds it"},
	{"ob3/validator/simple-multiple-proofs.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple-noproof.json", invalid, ""},
	{"ob3/validator/simple.1ob", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/simple.jwt", unverifiable, ""},
	{"ob3/validator/simple_v1.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"ob3/validator/velocity.jwt", unverifiable, ""},

	// DCC verifier-core
	{"ob3/dcc-verifier-core/eddsa/v2/safeModeBreaker.json", invalid, ""},
	{"ob3/dcc-verifier-core/eddsa/v2/v2EddsaWithValidStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithBadStatusUrl.json", validNotes, ""},
	{"ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithValidStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v1/testVC.json", invalid, ""},
	{"ob3/dcc-verifier-core/v1/v1Expired.json", expired, ""},
	{"ob3/dcc-verifier-core/v1/v1ExpiredWithValidStatus.json", expired, ""},
	{"ob3/dcc-verifier-core/v1/v1NoStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v1/v1OBv3SpecExample.json", valid, ""},
	{"ob3/dcc-verifier-core/v1/v1Revoked.json", revoked, ""},
	{"ob3/dcc-verifier-core/v1/v1RevokedAndExpired.json", revoked, ""},
	{"ob3/dcc-verifier-core/v1/v1SimpleIssuerId.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v1/v1WithValidStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v2/didWeb/v2WithBadDidWeb.json", unverifiable, "upstream: invalid (did:web cannot be resolved); not valid either way"},
	{"ob3/dcc-verifier-core/v2/didWeb/v2didWebMultikeyWithValidStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v2/didWeb/v2didWebWithValidStatus.json", validNotes, ""},
	{"ob3/dcc-verifier-core/v2/v2Expired.json", expired, ""},
	{"ob3/dcc-verifier-core/v2/v2ExpiredWithValidStatus.json", expired, ""},
	{"ob3/dcc-verifier-core/v2/v2NoStatus.json", valid, ""},
	{"ob3/dcc-verifier-core/v2/v2OBv3SpecExample.json", valid, ""},
	{"ob3/dcc-verifier-core/v2/v2Revoked.json", revoked, ""},
	{"ob3/dcc-verifier-core/v2/v2RevokedAndExpired.json", revoked, ""},
	{"ob3/dcc-verifier-core/v2/v2SimpleIssuerId.json", valid, ""},
	{"ob3/dcc-verifier-core/v2/v2WithValidStatus.json", validNotes, ""},

	// 1EdTech validator, CLR 2.0
	{"clr2/validator/complex.json", unconfirmed, "signed by a did:key, issued by a urn:uuid that cannot say which keys are its own: nothing ties the key to the issuer"},
	{"clr2/validator/simple-noproof.json", invalid, ""},
	{"clr2/validator/simple.json", unconfirmed, "the key is written in the fragment of the issuer's own URL (the validator's shortcut, DIGEST \u00a76.3) and the issuer's site publishes no document listing it: anyone could mint such a key for any URL"},
	{"clr2/validator/simple.jwt", unconfirmed, "the key comes in the token's jwk header, and the issuer publishes no key set (/.well-known/jwks.json) that holds it"},
	{"clr2/validator/simple_old_safesigned.json", invalid, "its draft context was never published, so it cannot be processed; upstream skips it"},
	{"clr2/validator/simple_v1.json", unconfirmed, "its key is written in the fragment of its urn:uuid issuer, which cannot publish anything to confirm it"},

	// 1EdTech validator, OB 2.0. A hosted assertion is served at its own id
	// (hostedAtID), as upstream's tests do.
	{"ob2/validator/assertion-with-data-image.json", invalid, ""},
	{"ob2/validator/assertion-with-endorsements.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/assertion-with-extension-node-basic.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/assertion-with-extension-node-invalid.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/assertion-with-multiple-extensions.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/basic-assertion-expired-before-issued.json", expired, "upstream: invalid (expires before issued); also past, so expired here: not valid either way"},
	{"ob2/validator/basic-assertion-expired.json", expired, ""},
	{"ob2/validator/basic-assertion-in-future.json", invalid, ""},
	{"ob2/validator/basic-assertion-invalid-context.json", invalid, ""},
	{"ob2/validator/basic-assertion-invalid-type.json", invalid, ""},
	{"ob2/validator/basic-assertion-no-public-key.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json", invalid, ""},
	{"ob2/validator/basic-assertion-with-allowed-origins-invalid-starts-with.json", invalid, ""},
	{"ob2/validator/basic-assertion-with-allowed-origins-valid-multiple-starts-with.json", validNotes, ""},
	{"ob2/validator/basic-assertion-with-allowed-origins-valid-starts-with.json", validNotes, ""},
	{"ob2/validator/basic-assertion-with-allowed-origins.json", validNotes, ""},
	{"ob2/validator/basic-assertion-with-language.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/basic-assertion.json", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/simple-badge.png", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/simple-not-revoked.jwt", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/simple-revoked.jwt", revoked, ""},
	{"ob2/validator/simple.jwt", validNotes, "valid; the recipient is an e-mail address, which this test wallet does not know as the learner's"},
	{"ob2/validator/warning-issuer-non-http.json", unconfirmed, "upstream: a warning; the issuer profile has no web address, so nothing ties the hosted badge to the issuer"},
	{"ob2/validator/warning-with-redirection.json", validNotes, ""},
	// Upstream validates badge definitions and profiles too; the wallet
	// verifies what was awarded, and says these are not credentials.
	{"ob2/validator/badge-class-with-language.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/issuer-compact-iri-validation.json", invalid, "an issuer profile, not an awarded badge"},
	{"ob2/validator/assets/badge-with-data-image.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/assets/badgeclass-with-complex-image.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/assets/badgeclass1.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/rdf-validation/badge-class-invalid-issuer-type.json", invalid, ""},
	{"ob2/validator/rdf-validation/invalid-class.json", invalid, ""},
	{"ob2/validator/rdf-validation/invalid-empty-type.json", invalid, ""},
	{"ob2/validator/rdf-validation/invalid-one-invalid-class.json", invalid, ""},
	{"ob2/validator/rdf-validation/valid-alignment-object.json", invalid, "an alignment object, not an awarded badge"},
	{"ob2/validator/rdf-validation/valid-badge-class-empty-criteria-type.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/rdf-validation/valid-badge-class.json", invalid, "a BadgeClass, not an awarded badge"},
	{"ob2/validator/rdf-validation/valid-cool-class.json", invalid, "not an awarded badge"},
	{"ob2/validator/rdf-validation/valid-issuer-extension.json", invalid, "an issuer profile, not an awarded badge"},
}

// TestAgreesWithExpected runs the whole verifier, offline, over the corpus.
func TestAgreesWithExpected(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	fixtures := networkFixtures(t)
	for _, row := range expected {
		t.Run(row.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(examples, row.file))
			if err != nil {
				t.Fatal(err)
			}
			v := &verify.Verifier{Identities: learner, Fetcher: hostedAtID(fixtures, data), Now: func() time.Time { return now }}
			rep := v.Bytes(context.Background(), data)
			got := outcome(rep)
			if got != row.want {
				t.Errorf("got %s, want %s (%s)", got, row.want, row.why)
				logReport(t, rep)
			}
		})
	}
}

// hostedAtID adds, to a copy of m, an OB 2.0 assertion served at its own id.
func hostedAtID(m *fetch.Map, data []byte) *fetch.Map {
	out := &fetch.Map{Docs: maps.Clone(m.Docs), At: m.At}
	p, err := credential.Parse(data)
	if err != nil || p.Kind != credential.KindOB2 || p.Format == credential.FormatJWT {
		return out
	}
	if id := p.Summary.CredentialID; strings.HasPrefix(id, "http") {
		out.Docs[id] = p.Content
	}
	return out
}

// TestHostedBadgeClass: verifying an OB 2.0 assertion that names its badge
// by URL gives what the BadgeClass fetched from there says, which the
// wallet shows in place of "Badge from example.org"; offline, nothing.
func TestHostedBadgeClass(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(examples, "ob2/validator/assertion-with-extension-node-basic.json"))
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	v := &verify.Verifier{Fetcher: hostedAtID(networkFixtures(t), data), Now: now}
	rep := v.Bytes(context.Background(), data)
	b := rep.BadgeClass
	if b == nil || b.Name != "Awesome Robotics Badge" || b.IssuerName != "An Example Badge Issuer" || b.IssuerID != "https://example.org/organization.json" {
		t.Fatalf("BadgeClass = %+v", b)
	}
	p, err := credential.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Summary.WithBadgeClass(*b)
	if s.Name != "Awesome Robotics Badge" || s.Issuer() != "An Example Badge Issuer" || s.BadgeURL != "https://example.org/robotics-badge.json" {
		t.Errorf("summary with the badge class: %+v", s)
	}
	if rep := (&verify.Verifier{Now: now}).Bytes(context.Background(), data); rep.BadgeClass != nil {
		t.Errorf("offline, BadgeClass = %+v", rep.BadgeClass)
	}
}

// TestIssuerByURL: an OB 2.0 badge whose class names its issuer only by
// URL shows the issuer's name once verifying fetched the profile.
func TestIssuerByURL(t *testing.T) {
	data, err := os.ReadFile("../../assets/samples/ob2-signed.jws")
	if err != nil {
		t.Fatal(err)
	}
	p, err := credential.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Summary.IssuerName != "" {
		t.Skipf("the sample names its issuer: %q", p.Summary.IssuerName)
	}
	fetched, err := os.ReadDir("../../assets/samples/fetched")
	if err != nil || len(fetched) == 0 {
		t.Skip("no fetched documents with the samples")
	}
	rep := verifySample(t, p)
	if rep.BadgeClass == nil {
		t.Fatal("no badge class in the report")
	}
	s := p.Summary.WithBadgeClass(*rep.BadgeClass)
	if s.IssuerName == "" || s.Issuer() == p.Summary.IssuerID {
		t.Errorf("issuer still %q", s.Issuer())
	}
}

// verifySample verifies p with the documents the samples ship (fetched/).
func verifySample(t *testing.T, p *credential.Parsed) verify.Report {
	t.Helper()
	index, err := os.ReadFile("../../assets/samples/fetched/INDEX.tsv")
	if err != nil {
		t.Fatal(err)
	}
	m := &fetch.Map{Docs: map[string][]byte{}, At: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	for _, line := range strings.Split(string(index), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 || strings.HasPrefix(line, "#") {
			continue
		}
		b, err := os.ReadFile(filepath.Join("../../assets/samples/fetched", f[1]))
		if err != nil {
			t.Fatal(err)
		}
		m.Docs[f[0]] = b
	}
	v := &verify.Verifier{Fetcher: m, Now: func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }}
	return v.Parsed(context.Background(), p)
}
