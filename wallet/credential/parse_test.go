package credential

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// ob3Pretty is an OB 3.0 credential as an issuer might write it.
const ob3Pretty = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:0b8d6a52-9d4e-4a43-8f3e-3f1f7c1f0001",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork credential",
  "issuer": {
    "id": "https://example.edu/issuers/1",
    "type": ["Profile"],
    "name": "Example University",
    "url": "https://example.edu"
  },
  "validFrom": "2024-03-01T12:00:00Z",
  "validUntil": "2030-03-01T12:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "description": "Works well with others.",
      "criteria": {"narrative": "Led a team project.", "id": "https://example.edu/criteria/teamwork"},
      "achievementType": "Badge",
      "resultDescription": [{"id": "urn:rd:1", "type": ["ResultDescription"], "name": "Grade", "resultType": "LetterGrade"}]
    },
    "result": [{"type": ["Result"], "resultDescription": "urn:rd:1", "value": "A"}]
  },
  "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z3abc"}]
}
`

// ob3Compact is ob3Pretty with no insignificant whitespace and its keys in
// another order.
const ob3Compact = `{"proof":[{"proofValue":"z3abc","cryptosuite":"eddsa-rdfc-2022","type":"DataIntegrityProof"}],` +
	`"credentialSubject":{"result":[{"value":"A","resultDescription":"urn:rd:1","type":["Result"]}],` +
	`"achievement":{"resultDescription":[{"resultType":"LetterGrade","name":"Grade","type":["ResultDescription"],"id":"urn:rd:1"}],` +
	`"achievementType":"Badge","criteria":{"id":"https://example.edu/criteria/teamwork","narrative":"Led a team project."},` +
	`"description":"Works well with others.","name":"Teamwork","type":["Achievement"],"id":"https://example.edu/achievements/teamwork"},` +
	`"type":["AchievementSubject"],"id":"did:example:learner"},` +
	`"validUntil":"2030-03-01T12:00:00Z","validFrom":"2024-03-01T12:00:00Z",` +
	`"issuer":{"url":"https://example.edu","name":"Example University","type":["Profile"],"id":"https://example.edu/issuers/1"},` +
	`"name":"Teamwork credential","type":["VerifiableCredential","OpenBadgeCredential"],` +
	`"id":"urn:uuid:0b8d6a52-9d4e-4a43-8f3e-3f1f7c1f0001",` +
	`"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]}`

func b64(v any) string {
	var b []byte
	switch t := v.(type) {
	case string:
		b = []byte(t)
	case []byte:
		b = t
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			panic(err)
		}
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// jwt returns a compact JWS with the given header and payload (each a value
// to encode as JSON, or a string to take as is) and a dummy signature.
func jwt(header, payload any) string {
	return b64(header) + "." + b64(payload) + "." + b64("not a real signature")
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func mustParse(t *testing.T, data []byte) *Parsed {
	t.Helper()
	p, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseRejects(t *testing.T) {
	vp := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"verifiableCredential":[` + ob3Compact + `]}`
	badgeClass := `{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://example.org/badge","name":"Robotics",
		"issuer":"https://example.org/issuer","criteria":"https://example.org/criteria","image":"https://example.org/badge.png"}`
	statusList := `{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"https://example.org/status/1",
		"type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":"did:example:issuer","validFrom":"2024-01-01T00:00:00Z",
		"credentialSubject":{"id":"https://example.org/status/1#list","type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"uH4sIAAAAAAAAA"}}`
	statusList2021 := strings.Replace(statusList, "BitstringStatusListCredential", "StatusList2021Credential", 1)
	vcHeader := map[string]any{"alg": "RS256", "typ": "JWT"}

	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "the file is empty"},
		{"only whitespace", []byte(" \n\t "), "not a credential"},
		{"too large", append([]byte(ob3Compact), bytes.Repeat([]byte(" "), MaxInputSize)...), "the limit is 20 MB"},
		{"gzip bomb", baketest.GzipZeros(MaxInputSize + 1<<20), "expands to more than 20 MB"},
		{"damaged gzip", gz([]byte("<svg/>"))[:12], "compressed file is damaged"},
		{"gzip of JSON", gz([]byte(ob3Compact)), "does not hold an SVG badge image"},
		{"gzip of JSON mentioning svg", gz([]byte(strings.Replace(ob3Compact, "Teamwork credential", "<svg>", 1))), "SVG image is malformed"},
		{"JSON with trailing garbage", []byte(ob3Compact + "\n}garbage"), "unexpected data after the JSON value"},
		{"two JSON documents", []byte(ob3Compact + ob3Compact), "unexpected data after the JSON value"},
		{"JSON array", []byte("[" + ob3Compact + "]"), "JSON list, not a single credential"},
		{"JSON array after whitespace", []byte("\n  [1, 2]"), "JSON list"},
		{"JSON string", []byte(`"hello"`), "not a credential: expected JSON, a JWT"},
		{"cut-off JSON", []byte(ob3Compact[:100]), "ends too early"},
		{"JSON with comments", []byte("{ // comment\n}"), "the JSON is malformed"},
		{"binary", []byte{0xff, 0xfe, 0, 1, 2, 3}, "not a credential"},
		{"text", []byte("Dear learner, congratulations!"), "not a credential"},
		{"verifiable presentation", []byte(vp), "verifiable presentation"},
		{"OB 2.0 BadgeClass", []byte(badgeClass), "badge definition"},
		{"OB 2.0 issuer", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"https://example.org/i","name":"I"}`), "issuer's profile"},
		{"OB 2.0 key", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"CryptographicKey","id":"https://example.org/k"}`), "public key"},
		{"OB 2.0 revocation list", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"https://example.org/r"}`), "revocation list"},
		{"OB 2.0 endorsement", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Endorsement","id":"https://example.org/e"}`), "endorsement"},
		{"OB 2.0 without type", []byte(`{"@context":"https://w3id.org/openbadges/v2","id":"https://example.org/x"}`), "has no type"},
		{"OB 2.0 other type", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Image","id":"https://example.org/x"}`), "of type Image, not a badge assertion"},
		{"OB 2.0 assertion without badge", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","recipient":{"type":"email","identity":"a@b.c"}}`), "names no badge"},
		{"OB 2.0 assertion without recipient", []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","badge":"https://example.org/b"}`), "names no recipient"},
		{"bitstring status list", []byte(statusList), "status list"},
		{"status list 2021", []byte(statusList2021), "status list"},
		{"VC of another type", []byte(strings.Replace(ob3Compact, `"OpenBadgeCredential"`, `"UniversityDegreeCredential"`, 1)), "of type VerifiableCredential, UniversityDegreeCredential, which is neither"},
		{"VC without type", []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"issuer":"did:example:1","credentialSubject":{}}`), "has no type"},
		{"VC without issuer", []byte(strings.Replace(ob3Compact, `"issuer":`, `"publisher":`, 1)), "names no issuer"},
		{"VC without subject", []byte(strings.Replace(ob3Compact, `"credentialSubject":`, `"subject":`, 1)), "no credentialSubject"},
		{"JSON without context", []byte(`{"name":"Teamwork","description":"x"}`), "no @context or type"},
		{"OB API response", []byte(`{"status":{"statusCode":200},"credential":[` + ob3Compact + `]}`), "Open Badges API response"},
		{"OB API JWS response", []byte(`{"compactJwsStrings":["a.b.c"]}`), "Open Badges API response"},
		{"JWT payload not JSON", []byte(jwt(vcHeader, "this is not json")), "payload is not valid JSON"},
		{"JWT payload a JSON list", []byte(jwt(vcHeader, []int{1, 2})), "payload is not a JSON object"},
		{"JWT payload not base64url", []byte(b64(vcHeader) + ".a.b"), "payload is not valid base64url"},
		{"JWT header not JSON", []byte(b64("nope") + "." + b64(map[string]any{"vc": map[string]any{}}) + ".sig"), "header is not valid base64url JSON"},
		{"JWT header without alg", []byte(jwt(map[string]any{"typ": "JWT"}, map[string]any{"vc": map[string]any{}})), "names no algorithm"},
		{"JWT without a credential", []byte(jwt(vcHeader, map[string]any{"sub": "me", "iss": "you"})), "does not carry a credential"},
		{"JWT carrying a presentation", []byte(jwt(vcHeader, map[string]any{"vp": map[string]any{}, "@context": []string{"https://www.w3.org/ns/credentials/v2"}, "type": "VerifiablePresentation"})), "verifiable presentation"},
		{"PNG without badge", baketest.Plain(), "has no badge baked into it"},
		{"PNG with a hosted badge URL", baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(bake.KeywordOB2, "https://example.org/assertions/1"))),
			"only holds a link to a hosted badge (https://example.org/assertions/1)"},
		{"PNG with a URL in iTXt", baketest.BakePNG(bake.KeywordOB2, []byte("http://example.org/a")), "only holds a link"},
		{"PNG with legacy text that is no URL", baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(bake.KeywordOB2, "hello"))), "only holds a link"},
		{"PNG with other text", baketest.BakePNG(bake.KeywordOB3, []byte("hello")), "neither JSON nor a JWT"},
		{"PNG with a bad badge", baketest.BakePNG(bake.KeywordOB3, []byte(`{"name":"x"}`)), "no @context or type"},
		{"damaged PNG", baketest.PNG(baketest.Chunk("iTXt", baketest.ITXt(bake.KeywordOB3, []byte(ob3Compact), false)))[:80], "truncated"},
		{"PNG bomb", baketest.PNG(baketest.Chunk("iTXt", baketest.ITXtRaw(bake.KeywordOB3, baketest.ZlibZeros(MaxInputSize+1)))), "expands to more than 20 MB"},
		{"SVG without badge", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`), "this SVG image has no badge baked into it"},
		{"malformed SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>`), "SVG image is malformed"},
		{"SVG with wrong namespace", []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://example.org/x"><openbadges:credential verify="a.b.c"/></svg>`),
			"no badge baked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse accepted it as %s/%s %q", p.Kind, p.Format, p.Summary.Title())
			}
			var re *RejectError
			if !errors.As(err, &re) {
				t.Errorf("error %v (%T) is not a *RejectError", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseJSONSyntaxErrorLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line string
	}{
		{"first line", `{"a" 1}`, "(line 1)"},
		{"third line", "{\n  \"a\": 1,\n  \"b\" 2\n}", "(line 3)"},
		{"after a BOM and blank lines", "\xef\xbb\xbf\n\n{\n\"a\": tru\n}", "(line 4)"},
		{"pretty credential", strings.Replace(ob3Pretty, `"name": "Teamwork",`, `"name": "Teamwork"`, 1), "(line 24)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), "the JSON is malformed") || !strings.Contains(err.Error(), tt.line) {
				t.Fatalf("error = %v, want a malformed-JSON error at %s", err, tt.line)
			}
		})
	}
}

func TestParseOB3(t *testing.T) {
	p := mustParse(t, []byte(ob3Pretty))
	if p.Kind != KindOB3 || p.Format != FormatJSON || !bytes.Equal(p.Original, []byte(ob3Pretty)) {
		t.Fatalf("Parse = %s/%s, Original %d bytes", p.Kind, p.Format, len(p.Original))
	}
	if len(p.Children) != 0 || p.Image != nil {
		t.Errorf("children %d, image %d bytes; want none", len(p.Children), len(p.Image))
	}
	want := Summary{
		Type: "OpenBadgeCredential", DataModel: "VCDM 2.0", CredentialID: "urn:uuid:0b8d6a52-9d4e-4a43-8f3e-3f1f7c1f0001",
		Name: "Teamwork", CredentialName: "Teamwork credential", Description: "Works well with others.",
		Criteria: "Led a team project.", CriteriaURL: "https://example.edu/criteria/teamwork", AchievementType: "Badge",
		IssuerID: "https://example.edu/issuers/1", IssuerName: "Example University", IssuerURL: "https://example.edu",
		RecipientID: "did:example:learner",
		Issued:      date("2024-03-01T12:00:00Z"), Expires: date("2030-03-01T12:00:00Z"),
		Proofs: []string{"eddsa-rdfc-2022"}, Results: []string{"Grade: A"},
		AchievementID: "https://example.edu/achievements/teamwork",
	}
	checkSummary(t, p.Summary, want)
}

func checkSummary(t *testing.T, got, want Summary) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if !bytes.Equal(g, w) {
		t.Errorf("summary:\n%s\nwant:\n%s", g, w)
	}
}

func TestParseBOM(t *testing.T) {
	in := append([]byte("\xef\xbb\xbf"), ob3Pretty...)
	p := mustParse(t, in)
	if p.Kind != KindOB3 || !bytes.Equal(p.Original, in) {
		t.Fatalf("Parse = %s, Original %d bytes; want ob3 with the BOM kept (%d bytes)", p.Kind, len(p.Original), len(in))
	}
	if plain := mustParse(t, []byte(ob3Pretty)); p.Hash != plain.Hash {
		t.Errorf("a BOM changes the hash")
	}
}

// The same credential in every packaging is one credential.
func TestParseSameHash(t *testing.T) {
	ref := mustParse(t, []byte(ob3Pretty))
	tests := []struct {
		name   string
		in     []byte
		format Format
	}{
		{"compact with other key order", []byte(ob3Compact), FormatJSON},
		{"escaped differently", []byte(strings.Replace(ob3Compact, "Teamwork credential", `Teamwork\u0020credential`, 1)), FormatJSON},
		{"CRLF and tabs", []byte(strings.ReplaceAll(strings.ReplaceAll(ob3Pretty, "\n", "\r\n"), "  ", "\t")), FormatJSON},
		{"baked in PNG", baketest.BakePNG(bake.KeywordOB3, []byte(ob3Pretty)), FormatPNG},
		{"baked in PNG, compressed", baketest.PNG(baketest.Chunk("iTXt", baketest.ITXt(bake.KeywordOB3, []byte(ob3Compact), true))), FormatPNG},
		{"baked in PNG tEXt", baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(bake.KeywordOB3, ob3Compact))), FormatPNG},
		{"baked in SVG", baketest.BakeSVG(bake.NamespaceOB3, "credential", ob3Pretty, false), FormatSVG},
		{"baked in SVG attribute", baketest.BakeSVG(bake.NamespaceOB3, "credential", ob3Compact, true), FormatSVG},
		{"baked in SVGZ", gz(baketest.BakeSVG(bake.NamespaceOB3, "credential", ob3Compact, false)), FormatSVG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.in)
			if p.Kind != KindOB3 || p.Format != tt.format {
				t.Errorf("Parse = %s/%s, want ob3/%s", p.Kind, p.Format, tt.format)
			}
			if p.Hash != ref.Hash {
				t.Errorf("hash differs from the pretty JSON's")
			}
			if !bytes.Equal(p.Original, tt.in) {
				t.Errorf("Original is not the input")
			}
			if p.Summary.Title() != "Teamwork" {
				t.Errorf("title %q", p.Summary.Title())
			}
		})
	}
	t.Run("a changed credential differs", func(t *testing.T) {
		p := mustParse(t, []byte(strings.Replace(ob3Compact, `"value":"A"`, `"value":"B"`, 1)))
		if p.Hash == ref.Hash {
			t.Error("a different grade has the same hash")
		}
	})
}

func TestParseSVGZ(t *testing.T) {
	svg := baketest.BakeSVG(bake.NamespaceOB3, "credential", ob3Compact, false)
	in := gz(svg)
	p := mustParse(t, in)
	if p.Format != FormatSVG || !bytes.Equal(p.Original, in) || !bytes.Equal(p.Image, svg) {
		t.Errorf("Parse = %s, Original is input: %v, Image is the SVG: %v", p.Format, bytes.Equal(p.Original, in), bytes.Equal(p.Image, svg))
	}
}

func TestParseJWT(t *testing.T) {
	header := map[string]any{"alg": "ES256", "typ": "JWT", "kid": "did:example:issuer#key-1"}
	vc11 := map[string]any{
		"vc": map[string]any{
			"@context": []string{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
			"type":     []string{"VerifiableCredential", "OpenBadgeCredential"},
			"issuer":   map[string]any{"type": []string{"Profile"}, "name": "Example University"},
			"credentialSubject": map[string]any{
				"type":        []string{"AchievementSubject"},
				"achievement": map[string]any{"type": []string{"Achievement"}, "name": "Welding", "criteria": map[string]any{"narrative": "Welded."}},
			},
		},
		"iss": "did:example:issuer",
		"jti": "urn:uuid:jti-1",
		"sub": "did:example:learner",
		"nbf": 1262304000, // 2010-01-01
		"exp": 1893456000, // 2030-01-01
		"iat": 1262304000,
	}
	tok := jwt(header, vc11)

	t.Run("VCDM 1.1 vc claim", func(t *testing.T) {
		p := mustParse(t, []byte(tok))
		if p.Kind != KindOB3 || p.Format != FormatJWT || string(p.Content) != tok || string(p.Original) != tok {
			t.Fatalf("Parse = %s/%s", p.Kind, p.Format)
		}
		want := Summary{
			Type: "OpenBadgeCredential", DataModel: "VCDM 1.1", CredentialID: "urn:uuid:jti-1", Name: "Welding", Criteria: "Welded.",
			IssuerID: "did:example:issuer", IssuerName: "Example University", RecipientID: "did:example:learner",
			Issued: date("2010-01-01T00:00:00Z"), Expires: date("2030-01-01T00:00:00Z"), Proofs: []string{"JWT (ES256)"},
		}
		checkSummary(t, p.Summary, want)
	})
	t.Run("vc members win over claims", func(t *testing.T) {
		vc := vc11["vc"].(map[string]any)
		own := map[string]any{}
		for k, v := range vc {
			own[k] = v
		}
		own["id"] = "urn:uuid:own"
		own["issuer"] = "did:example:own-issuer"
		own["issuanceDate"] = "2011-02-03T04:05:06Z"
		own["expirationDate"] = "2031-02-03T04:05:06Z"
		payload := map[string]any{"vc": own, "iss": "did:example:issuer", "jti": "urn:uuid:jti-1", "nbf": 1262304000, "exp": 1893456000}
		p := mustParse(t, []byte(jwt(header, payload)))
		s := p.Summary
		if s.CredentialID != "urn:uuid:own" || s.IssuerID != "did:example:own-issuer" ||
			!s.Issued.Equal(date("2011-02-03T04:05:06Z")) || !s.Expires.Equal(date("2031-02-03T04:05:06Z")) {
			t.Errorf("summary: id %q issuer %q issued %v expires %v", s.CredentialID, s.IssuerID, s.Issued, s.Expires)
		}
	})
	t.Run("VCDM 2.0 payload", func(t *testing.T) {
		var doc map[string]any
		if err := json.Unmarshal([]byte(ob3Compact), &doc); err != nil {
			t.Fatal(err)
		}
		p := mustParse(t, []byte(jwt(map[string]any{"alg": "EdDSA"}, doc)))
		if p.Kind != KindOB3 || p.Format != FormatJWT || p.Summary.Title() != "Teamwork" || p.Summary.DataModel != "VCDM 2.0" {
			t.Errorf("Parse = %s/%s %q %s", p.Kind, p.Format, p.Summary.Title(), p.Summary.DataModel)
		}
		if got := p.Summary.Proofs; len(got) != 2 || got[1] != "JWT (EdDSA)" {
			t.Errorf("proofs %q", got)
		}
	})
	t.Run("padded, with surrounding whitespace", func(t *testing.T) {
		parts := strings.Split(tok, ".")
		padded := parts[0] + strings.Repeat("=", (4-len(parts[0])%4)%4) + "." + parts[1] + "." + parts[2]
		in := []byte("\n" + padded + "\n")
		p := mustParse(t, in)
		if p.Summary.Title() != "Welding" || !bytes.Equal(p.Original, in) {
			t.Errorf("title %q", p.Summary.Title())
		}
	})
	t.Run("same hash packaged", func(t *testing.T) {
		ref := mustParse(t, []byte(tok))
		for name, in := range map[string][]byte{
			"newline":  []byte(tok + "\n"),
			"PNG":      baketest.BakePNG(bake.KeywordOB3, []byte(tok)),
			"SVG":      baketest.BakeSVG(bake.NamespaceOB3, "credential", tok, true),
			"SVG body": baketest.BakeSVG(bake.NamespaceOB3, "credential", tok, false),
		} {
			if p := mustParse(t, in); p.Hash != ref.Hash || string(p.Content) != tok {
				t.Errorf("%s: hash or content differs", name)
			}
		}
	})
	t.Run("signed OB 2.0 assertion", func(t *testing.T) {
		a := map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:a1",
			"recipient": map[string]any{"type": "email", "hashed": false, "identity": "learner@example.org"},
			"badge":     "https://example.org/badges/robotics.json", "issuedOn": "2016-12-31T23:59:59Z",
			"verification": map[string]any{"type": "SignedBadge", "creator": "https://example.org/key1.json"},
		}
		p := mustParse(t, []byte(jwt(map[string]any{"alg": "RS256"}, a)))
		s := p.Summary
		if p.Kind != KindOB2 || p.Format != FormatJWT || s.RecipientEmail != "learner@example.org" || s.Name != "Badge from example.org" {
			t.Errorf("Parse = %s/%s, recipient %q, name %q", p.Kind, p.Format, s.RecipientEmail, s.Name)
		}
		if want := []string{"signed (OB 2.0)", "JWT (RS256)"}; strings.Join(s.Proofs, "|") != strings.Join(want, "|") {
			t.Errorf("proofs %q, want %q", s.Proofs, want)
		}
	})
}

func TestParseLanguageMaps(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"English first", `{"fr": "Travail d'équipe", "en": "Teamwork"}`, "Teamwork"},
		{"American English", `{"de": "Teamarbeit", "en-US": "Teamwork"}`, "Teamwork"},
		{"no English: first language by code", `{"fr": "Travail d'équipe", "de": "Teamarbeit"}`, "Teamarbeit"},
		{"JSON-LD value object", `{"@value": "Teamwork", "@language": "en"}`, "Teamwork"},
		{"list of value objects", `[{"@value": "Teamwork", "@language": "en"}, {"@value": "Teamarbeit", "@language": "de"}]`, "Teamwork"},
		{"padded", `"  Teamwork  "`, "Teamwork"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(ob3Pretty, `"name": "Teamwork",`, `"name": `+tt.value+`,`, 1)
			if p := mustParse(t, []byte(in)); p.Summary.Name != tt.want {
				t.Errorf("Name = %q, want %q", p.Summary.Name, tt.want)
			}
		})
	}
	t.Run("OB 2.0 badge", func(t *testing.T) {
		in := `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","recipient":{"type":"email","identity":"a@b.c"},
			"badge":{"type":"BadgeClass","name":{"es":"Robótica","en":"Robotics"},"description":{"es":"Construye robots"},
			"issuer":{"type":"Profile","id":"https://example.org/i","name":{"en-GB":"Example Organisation"}}}}`
		s := mustParse(t, []byte(in)).Summary
		if s.Name != "Robotics" || s.Description != "Construye robots" || s.IssuerName != "Example Organisation" {
			t.Errorf("name %q, description %q, issuer %q", s.Name, s.Description, s.IssuerName)
		}
	})
}

// A 1x1 PNG, as a data: URI.
const dataPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mOUMyqsBwACeQFChxlltgAAAABJRU5ErkJggg=="

func TestParseOB2Embedded(t *testing.T) {
	in := `{
  "@context": "https://w3id.org/openbadges/v2",
  "type": "Assertion",
  "id": "urn:uuid:2f1e",
  "recipient": {"type": "email", "hashed": true, "salt": "deadsea", "identity": "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"},
  "issuedOn": 1483228799,
  "expires": "2030-01-01",
  "narrative": "Built a robot.",
  "image": "data:image/png;base64,` + dataPNG + `",
  "badge": {
    "type": "BadgeClass",
    "id": "urn:uuid:badge",
    "name": "Awesome Robotics Badge",
    "description": "For doing awesome things with robots.",
    "criteria": {"narrative": "Build a robot."},
    "image": "https://example.org/robot.png",
    "issuer": {"type": "Profile", "id": "https://example.org/issuer", "name": "Example Organization", "url": "https://example.org"}
  },
  "verification": {"type": "hosted"}
}`
	p := mustParse(t, []byte(in))
	if p.Kind != KindOB2 || p.Format != FormatJSON {
		t.Fatalf("Parse = %s/%s", p.Kind, p.Format)
	}
	want, _ := base64.StdEncoding.DecodeString(dataPNG)
	if !bytes.Equal(p.Image, want) {
		t.Errorf("Image = %d bytes, want the %d bytes of the data: URI", len(p.Image), len(want))
	}
	checkSummary(t, p.Summary, Summary{
		Type: "Assertion", DataModel: "OB 2.0", CredentialID: "urn:uuid:2f1e",
		Name: "Awesome Robotics Badge", Description: "For doing awesome things with robots.", Criteria: "Build a robot.",
		IssuerID: "https://example.org/issuer", IssuerName: "Example Organization", IssuerURL: "https://example.org",
		RecipientHashed: "email address (hashed)", Issued: date("2016-12-31T23:59:59Z"), Expires: date("2030-01-01T00:00:00Z"),
		Proofs: []string{"hosted (OB 2.0)"}, Narrative: "Built a robot.", AchievementID: "urn:uuid:badge",
	})

	t.Run("image that is no picture", func(t *testing.T) {
		s := strings.Replace(in, "data:image/png;base64,", "data:text/html;base64,", 1)
		if p := mustParse(t, []byte(s)); p.Image != nil || p.Summary.ImageURL != "https://example.org/robot.png" {
			t.Errorf("image %d bytes, URL %q; want none and the badge's URL", len(p.Image), p.Summary.ImageURL)
		}
	})
	t.Run("image as an object", func(t *testing.T) {
		s := strings.Replace(in, `"image": "data:image/png;base64,`+dataPNG+`"`, `"image": {"id": "data:image/png;base64,`+dataPNG+`", "caption": "robot"}`, 1)
		if p := mustParse(t, []byte(s)); !bytes.Equal(p.Image, want) {
			t.Errorf("image %d bytes", len(p.Image))
		}
	})
}

func TestParseBakedImage(t *testing.T) {
	t.Run("PNG", func(t *testing.T) {
		in := baketest.BakePNG(bake.KeywordOB3, []byte(ob3Compact))
		p := mustParse(t, in)
		if p.Format != FormatPNG || !bytes.Equal(p.Image, in) || !bytes.Equal(p.Original, in) {
			t.Errorf("Parse = %s; image and original must be the PNG", p.Format)
		}
		if !bytes.Equal(bytes.TrimSpace(p.Content), []byte(ob3Compact)) && !json.Valid(p.Content) {
			t.Errorf("Content is not the baked credential: %.60q", p.Content)
		}
	})
	t.Run("legacy tEXt holding the assertion itself", func(t *testing.T) {
		a := `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","recipient":{"type":"email","identity":"a@b.c"},"badge":"https://example.org/b.json"}`
		p := mustParse(t, baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(bake.KeywordOB2, a))))
		if p.Kind != KindOB2 || p.Format != FormatPNG {
			t.Errorf("Parse = %s/%s", p.Kind, p.Format)
		}
	})
	t.Run("CLR in SVG", func(t *testing.T) {
		p := mustParse(t, baketest.BakeSVG(bake.NamespaceCLR, "credential", clrJSON, false))
		if p.Kind != KindCLR || p.Format != FormatSVG || len(p.Children) != 2 {
			t.Errorf("Parse = %s/%s with %d children", p.Kind, p.Format, len(p.Children))
		}
	})
}

// clrJSON is a CLR nesting one credential as JSON and one as a JWT.
var clrJSON = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"],
  "id": "urn:uuid:clr-1",
  "type": ["VerifiableCredential", "ClrCredential"],
  "name": "Transcript",
  "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-06-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "type": ["ClrSubject"],
    "verifiableCredential": [
      ` + ob3Pretty + `,
      "` + jwt(map[string]any{"alg": "RS256"}, json.RawMessage(ob3Compact)) + `"
    ]
  }
}`

func TestParseCLR(t *testing.T) {
	p := mustParse(t, []byte(clrJSON))
	if p.Kind != KindCLR || len(p.Children) != 2 {
		t.Fatalf("Parse = %s with %d children", p.Kind, len(p.Children))
	}
	if got := p.Summary.Achievements; len(got) != 1 || got[0] != "Teamwork" {
		t.Errorf("achievements %q", got)
	}
	a, b := p.Children[0], p.Children[1]
	if a.Format != FormatJSON || !bytes.Equal(a.Original, []byte(strings.TrimSpace(ob3Pretty))) {
		t.Errorf("child 1: %s, Original %.40q", a.Format, a.Original)
	}
	if b.Format != FormatJWT || !bytes.Contains([]byte(clrJSON), b.Original) {
		t.Errorf("child 2: %s, Original %.40q", b.Format, b.Original)
	}
	for i, c := range p.Children {
		if c.Kind != KindOB3 || c.Summary.Title() != "Teamwork" {
			t.Errorf("child %d: %s %q", i+1, c.Kind, c.Summary.Title())
		}
	}
	// Nested items are not deduplicated against one another, but their hash
	// still identifies their content.
	if a.Hash != mustParse(t, []byte(ob3Compact)).Hash {
		t.Errorf("child 1's hash differs from the same credential's on its own")
	}

	t.Run("single nested credential", func(t *testing.T) {
		in := strings.Replace(clrJSON, "[\n      "+ob3Pretty+",", "", 1)
		in = strings.Replace(in, `"
    ]`, `"`, 1)
		p := mustParse(t, []byte(in))
		if len(p.Children) != 1 || p.Children[0].Format != FormatJWT {
			t.Fatalf("%d children", len(p.Children))
		}
	})
	t.Run("no nested credentials", func(t *testing.T) {
		in := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","ClrCredential"],"issuer":"did:example:i",
			"credentialSubject":{"type":["ClrSubject"],"achievement":[{"name":"Algebra"},{"name":"Geometry"}]}}`
		p := mustParse(t, []byte(in))
		if len(p.Children) != 0 || strings.Join(p.Summary.Achievements, ",") != "Algebra,Geometry" {
			t.Errorf("%d children, achievements %q", len(p.Children), p.Summary.Achievements)
		}
	})
	for _, tt := range []struct{ name, nested, want string }{
		{"nested number", `[42]`, "nested credential 1 of this record is malformed"},
		{"nested plain string", `["hello"]`, "it is a string, not a credential"},
		{"nested bad JWT", `["` + b64("x") + `.` + b64("y") + `.z"]`, "nested credential 1"},
		{"nested list in list", `[[1]]`, "nested credential 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","ClrCredential"],"issuer":"did:example:i",
				"credentialSubject":{"verifiableCredential":` + tt.nested + `}}`
			_, err := Parse([]byte(in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseEndorsement(t *testing.T) {
	in := `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		"type":["VerifiableCredential","EndorsementCredential"],"name":"SDE endorsement","issuer":{"id":"https://example.gov","name":"State"},
		"validFrom":"2024-01-01T00:00:00Z","credentialSubject":{"id":"https://example.edu/issuers/1","type":["EndorsementSubject"],"endorsementComment":"Good school."}}`
	p := mustParse(t, []byte(in))
	if p.Kind != KindOB3 || p.Summary.Name != "SDE endorsement" || p.Summary.Description != "Good school." {
		t.Errorf("Parse = %s %q %q", p.Kind, p.Summary.Name, p.Summary.Description)
	}
}

// A timestamp beyond year 9999 cannot be stored, so it is not read.
func TestParseFarFuture(t *testing.T) {
	payload := map[string]any{
		"vc":  json.RawMessage(strings.Replace(ob3Compact, `"validFrom":"2024-03-01T12:00:00Z",`, "", 1)),
		"nbf": 99999999999999,
	}
	p := mustParse(t, []byte(jwt(map[string]any{"alg": "RS256"}, payload)))
	if !p.Summary.Issued.IsZero() {
		t.Errorf("Issued = %v, want none", p.Summary.Issued)
	}
	if _, err := json.Marshal(p.Summary); err != nil {
		t.Errorf("summary cannot be encoded: %v", err)
	}
}

// A key given twice is a signature-confusion trick: refused, by type.
func TestParseDuplicateKeys(t *testing.T) {
	for name, in := range map[string]string{
		"top":     strings.Replace(ob3Compact, `"name":"Teamwork credential"`, `"name":"Teamwork credential","name":"Other"`, 1),
		"escaped": strings.Replace(ob3Compact, `"name":"Teamwork credential"`, `"name":"Teamwork credential","n\u0061me":"Other"`, 1),
		"nested":  strings.Replace(ob3Compact, `"name":"Teamwork",`, `"name":"Teamwork","name":"Other",`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(in))
			var dup *jsonv.DuplicateKeyError
			if !errors.As(err, &dup) || dup.Key != "name" {
				t.Fatalf("err = %v, want a duplicate key name", err)
			}
		})
	}
}

// What the library searches and the transcript is built from: alignments,
// keywords, the term and a record's associations.
func TestSummaryForLibrary(t *testing.T) {
	full := mustParse(t, readCorpus(t, "ob3/spec/fullOpenBadge.json")).Summary
	if full.Term != "Fall" || len(full.Alignments) == 0 || !strings.Contains(full.Alignments[0], "1EdTech University Degree") ||
		len(full.Keywords) == 0 || full.AchievementID == "" {
		t.Errorf("term %q, alignments %q, keywords %q, achievement id %q", full.Term, full.Alignments, full.Keywords, full.AchievementID)
	}
	clr := mustParse(t, readCorpus(t, "clr2/validator/simple.json")).Summary
	want := []Association{{Type: "isParentOf", Source: "urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002", Target: "urn:uuid:dd887f0a-56cb-11ec-bf63-0242ac130002"}}
	if !reflect.DeepEqual(clr.Associations, want) {
		t.Errorf("associations %+v, want %+v", clr.Associations, want)
	}
}

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
