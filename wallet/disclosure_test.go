package wallet_test

import (
	"reflect"
	"strings"
	"testing"
)

func TestDisclosure(t *testing.T) {
	w, _, ex := ptWallet(t, "clr2/validator/complex.json", "ob3/validator/complete.json",
		"ob2/validator/basic-assertion.json", "ob3/validator/simple.jwt")
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{ex["clr2/validator/complex.json"][1].ID, []string{"Subject id: did:example:ebfeb1f712ebc6f1c276e12ec21"}},
		{ex["ob3/validator/complete.json"][0].ID, []string{
			"Subject id: did:example:ebfeb1f712ebc6f1c276e12ec21",
			"E-mail address: student@1edtech.edu",
			"E-mail address: somebody@gmail.com",
			"Result: Final Project Grade: A",
			"Result: Final Project Grade: urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a",
			"Result: Final Project Grade: Completed",
			"Credits earned: 42",
		}},
		{ex["ob2/validator/basic-assertion.json"][0].ID, []string{"Identifier: hashed e-mail address"}},
		{ex["ob3/validator/simple.jwt"][0].ID, []string{"Subject id: did:example:ebfeb1f712ebc6f1c276e12ec21"}},
	} {
		got, err := w.Disclosure([]string{tc.id})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[0].Personal(), tc.want) {
			t.Errorf("%s: got %q, want %q", got[0].Title, got[0].Personal(), tc.want)
		}
	}
}

// ptPersonal is an unsigned credential with every kind of personal data.
const ptPersonal = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "id": "urn:uuid:0b0e0d5e-0000-4000-8000-000000000001",
  "name": "Personal",
  "issuer": {"id": "https://issuer.example", "type": ["Profile"], "name": "Issuer"},
  "validFrom": "2026-01-01T00:00:00Z",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "identifier": [
      {"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "ellis@example.org"},
      {"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "identityHash": "sha256$abc", "salt": "x"},
      {"type": "IdentityObject", "identityType": "studentId", "hashed": false, "identityHash": "S-42"}
    ],
    "profile": {
      "type": ["Profile"], "id": "https://issuer.example/people/ellis", "name": "Ellis Monday",
      "dateOfBirth": "2001-02-03",
      "address": {"type": ["Address"], "streetAddress": "1 Main St", "addressLocality": "Springfield", "addressCountry": "US"}
    },
    "achievement": {"type": ["Achievement"], "id": "https://issuer.example/a/1", "name": "A", "criteria": {"narrative": "n"}}
  }
}`

func TestDisclosureEverything(t *testing.T) {
	w, _, _ := ptWallet(t)
	r := w.ImportBytes("personal.json", []byte(ptPersonal))
	if r.ID == "" {
		t.Fatalf("import: %+v", r)
	}
	got, err := w.Disclosure([]string{r.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"E-mail address: ellis@example.org",
		"Identifier: hashed e-mail address",
		"Student id: S-42",
		"Subject id: https://issuer.example/people/ellis",
		"Name: Ellis Monday",
		"Date of birth: 2001-02-03",
		"Address: 1 Main St, Springfield, US",
	}
	if !reflect.DeepEqual(got[0].Personal(), want) {
		t.Errorf("got %q\nwant %q", got[0].Personal(), want)
	}
	if s := got[0].String(); !strings.Contains(s, "A (issued by Issuer)\n  E-mail address: ellis@example.org\n") {
		t.Errorf("String() = %q", s)
	}
	if got[0].Issuer != "Issuer" || got[0].Title != "A" {
		t.Errorf("%+v", got[0])
	}
}
