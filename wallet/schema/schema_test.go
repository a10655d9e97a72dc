package schema_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/schema"
)

var examples = filepath.Join("..", "..", "testdata", "examples")

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// declared returns the credentialSchema URLs of a credential.
func declared(t testing.TB, doc []byte) []string {
	t.Helper()
	var m struct {
		CredentialSchema []struct{ ID, Type string } `json:"credentialSchema"`
	}
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range m.CredentialSchema {
		if s.Type == "1EdTechJsonSchemaValidator2019" {
			out = append(out, s.ID)
		}
	}
	return out
}

func TestBundledSchemasCompile(t *testing.T) {
	urls := schema.URLs()
	if len(urls) < 20 {
		t.Fatalf("only %d schema URLs: %v", len(urls), urls)
	}
	for _, u := range urls {
		err := schema.Validate([]byte(`{}`), u)
		var se *schema.Error
		if err != nil && !errors.As(err, &se) {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestKnown(t *testing.T) {
	for u, want := range map[string]bool{
		schema.OBAchievementCredential: true,
		schema.OBEndorsementCredential: true,
		schema.CLRCredential:           true,
		"https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json":      true,
		"https://purl.imsglobal.org/spec/clr/v2p0/schema/json-ld/clr_v2p0_clrcredential_schema.json":            true,
		"https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json":                       true,
		"https://openbadgespec.org/extensions/accessibilityExtension/schema_achievement_credential_obv3p0.json": true,
		"https://www.w3.org/2022/credentials/v2/verifiable-credential-schema.json":                              true,
		"https://purl.imsglobal.org/spec/ob/v3p0/schema/achievementcredential.json":                             false,
		"https://accrediter.edu/schema/endorsementcredential.json":                                              false,
		"http://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json":          false,
		"": false,
	} {
		if got := schema.Known(u); got != want {
			t.Errorf("Known(%q) = %v, want %v", u, got, want)
		}
		if !want {
			if err := schema.Validate(read(t, "ob3/validator/simple.json"), u); !errors.Is(err, schema.ErrUnknownSchema) {
				t.Errorf("Validate against %q = %v, want ErrUnknownSchema", u, err)
			}
		}
	}
}

// TestValidatorFixtures validates the 1EdTech validator's OB 3.0 inputs
// against the schema the validator applies to them.
func TestValidatorFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		want string // "" for valid, else the first violation
	}{
		{"simple.json", ""},
		{"complete.json", ""},
		{"simple-context-alias.json", ""},
		{"simple-err-issuer.json", `the required property "issuer" is missing`},
		{"simple-err-issuer-type.json", `/issuer/type: must include "Profile"`},
		{"simple-err-issuer-parentorg-type.json", `/issuer/parentOrg/type: must include "Profile"`},
		{"simple-err-issuer-otheridentifier-type.json", `/issuer/otherIdentifier/1/type: is "InvalidIdentifierEntry", but must be "IdentifierEntry"`},
		{"simple-err-credential-subject-type.json", `/credentialSubject/type: must include "AchievementSubject"`},
		{"simple-err-credential-subject-identifier-type.json", `/credentialSubject/identifier/0/type: is "InvalidIdentityObject", but must be "IdentityObject"`},
		{"simple-err-credential-subject-result-type.json", `/credentialSubject/result/1/type: must include "Result"`},
		{"simple-err-type.json", `/credentialSubject: the required property "achievement" is missing`},
		// These break no schema rule: the validator's failure is elsewhere
		// (a type that the schema leaves open, checked by JSON-LD or by
		// the validator's own probes).
		{"simple-err-credential-subject-profile-type.json", ""},
		{"simple-err-credential-subject-achievement-result-description-type.json", ""},
		{"simple-err-evidence-type.json", ""},
		// VCDM 1.1: the OB 3.0 schema wants the VCDM 2.0 context and validFrom.
		{"simple_v1.json", `the required property "validFrom" is missing`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			err := schema.Validate(read(t, "ob3/validator/"+tc.file), schema.OBAchievementCredential)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var se *schema.Error
			if !errors.As(err, &se) {
				t.Fatalf("want *schema.Error, got %v", err)
			}
			if got := se.Violations[0].String(); got != tc.want {
				t.Errorf("first violation %q, want %q (all: %v)", got, tc.want, err)
			}
			if se.SchemaURL != schema.OBAchievementCredential || se.Total < len(se.Violations) {
				t.Errorf("%+v", se)
			}
		})
	}
}

func TestVCDM11FailsTheOB3Schema(t *testing.T) {
	err := schema.Validate(read(t, "ob3/validator/simple_v1.json"), schema.OBAchievementCredential)
	want := `the required property "validFrom" is missing; /@context/0: is "https://www.w3.org/2018/credentials/v1", but must be "https://www.w3.org/ns/credentials/v2"`
	if err == nil || err.Error() != want {
		t.Errorf("VCDM 1.1 credential: %v\nwant %s", err, want)
	}
}

func TestDeclaredSchemas(t *testing.T) {
	for _, file := range []string{
		"clr2/validator/simple.json",
		"ob3/validator/complete.json",
		"ob3/validator/endorsement-valid.json",
		"ob3/spec/fullOpenBadge.json",
	} {
		doc := read(t, file)
		urls := declared(t, doc)
		if len(urls) == 0 {
			t.Errorf("%s declares no schema", file)
		}
		for _, u := range urls {
			err := schema.Validate(doc, u)
			switch {
			case errors.Is(err, schema.ErrUnknownSchema):
				t.Logf("%s: %s is not bundled", file, u)
			case err != nil:
				t.Errorf("%s against %s: %v", file, u, err)
			}
		}
	}
}

func TestJSONLDVariantURL(t *testing.T) {
	const jsonld = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json"
	if err := schema.Validate(read(t, "ob3/validator/simple.json"), jsonld); err != nil {
		t.Error(err)
	}
	if err := schema.Validate(read(t, "ob3/validator/simple-err-issuer.json"), jsonld); err == nil {
		t.Error("the json-ld variant accepts a credential without issuer")
	}
}

func TestDatesMustBeDateTimes(t *testing.T) {
	doc := read(t, "ob3/validator/simple.json")
	var m map[string]any
	json.Unmarshal(doc, &m)
	for date, ok := range map[string]bool{
		"2010-01-01T00:00:00Z":      true,
		"2010-01-01T00:00:00+02:00": true,
		"2010-01-01T00:00:00":       false,
		"2010-01-01":                false,
		"next Tuesday":              false,
	} {
		m["validFrom"] = date
		b, _ := json.Marshal(m)
		err := schema.Validate(b, schema.OBAchievementCredential)
		if (err == nil) != ok {
			t.Errorf("validFrom %q: %v", date, err)
		}
		if err != nil && !strings.Contains(err.Error(), "/validFrom: ") {
			t.Errorf("validFrom %q: %v", date, err)
		}
	}
}

func TestManyViolationsAreCounted(t *testing.T) {
	err := schema.Validate([]byte(`{"credentialSubject": {}, "proof": 7, "validUntil": "soon", "validFrom": 3, "name": 4, "description": []}`), schema.OBAchievementCredential)
	var se *schema.Error
	if !errors.As(err, &se) {
		t.Fatalf("%v", err)
	}
	if len(se.Violations) != 5 || se.Total <= 5 {
		t.Errorf("%d violations listed of %d", len(se.Violations), se.Total)
	}
	if !strings.HasSuffix(err.Error(), "more") {
		t.Errorf("error does not say how many more: %s", err)
	}
}

func TestNotJSON(t *testing.T) {
	err := schema.Validate([]byte("eyJhbGciOi.x.y"), schema.OBAchievementCredential)
	var se *schema.Error
	if err == nil || errors.As(err, &se) || errors.Is(err, schema.ErrUnknownSchema) {
		t.Errorf("Validate(not JSON) = %v", err)
	}
}

func TestForTypes(t *testing.T) {
	for _, tc := range []struct {
		types []string
		want  string
	}{
		{[]string{"VerifiableCredential", "OpenBadgeCredential"}, schema.OBAchievementCredential},
		{[]string{"VerifiableCredential", "AchievementCredential"}, schema.OBAchievementCredential},
		{[]string{"VerifiableCredential", "EndorsementCredential"}, schema.OBEndorsementCredential},
		{[]string{"VerifiableCredential", "ClrCredential"}, schema.CLRCredential},
		{[]string{"VerifiableCredential"}, ""},
	} {
		if got := schema.ForTypes(tc.types); got != tc.want {
			t.Errorf("ForTypes(%v) = %q, want %q", tc.types, got, tc.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	doc := read(t, "clr2/validator/simple.json")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := schema.Validate(doc, schema.CLRCredential); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkValidate(b *testing.B) {
	doc := read(b, "ob3/validator/simple.json")
	if err := schema.Validate(doc, schema.OBAchievementCredential); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		schema.Validate(doc, schema.OBAchievementCredential)
	}
}
