package samples_test

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"testing"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/samples"
)

const (
	ob2Context = "https://w3id.org/openbadges/v2"
	ob2KeyURL  = samples.Base + "ob2/key.json"
)

// ob2Issuer is the sample issuer's Open Badges 2.0 Profile, as it would
// be served at samples.OB2IssuerURL.
func ob2Issuer() map[string]any {
	return map[string]any{
		"@context":    ob2Context,
		"type":        "Issuer",
		"id":          samples.OB2IssuerURL,
		"name":        issuerName,
		"url":         samples.Base,
		"email":       "samples@example.org",
		"description": "The issuer of Learner Wallet's sample credentials. Its signing key is public, so anything it signs could have been made by anyone.",
		"publicKey":   ob2KeyURL,
	}
}

func ob2PublicKey(t *testing.T) map[string]any {
	der, err := x509.MarshalPKIXPublicKey(&ob2Key(t).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{
		"@context":     ob2Context,
		"type":         "CryptographicKey",
		"id":           ob2KeyURL,
		"owner":        samples.OB2IssuerURL,
		"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
	}
}

// badgeImage is a plain sample picture, so the badge needs nothing fetched
// to be shown.
const badgeImage = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="#e8eef7" stroke="#3b6bb3" stroke-width="6"/><text x="50" y="58" font-family="sans-serif" font-size="20" text-anchor="middle" fill="#3b6bb3">SAMPLE</text></svg>`

// ob2Signed is a signed Open Badges 2.0 assertion (a compact JWS, RS256):
// its BadgeClass embedded, its issuer and key linked, as a signed badge's
// are, and shipped in samples/fetched.
func ob2Signed(t *testing.T) string {
	assertion := map[string]any{
		"@context": ob2Context,
		"type":     "Assertion",
		"id":       uuid + "30",
		"recipient": map[string]any{
			"type": "email", "hashed": false, "identity": learnerEmail,
		},
		"badge": map[string]any{
			"type":        "BadgeClass",
			"id":          samples.Base + "ob2/badgeclass/open-badges-explorer.json",
			"name":        "Sample Badge: Open Badges 2.0 Explorer",
			"description": "Looked at an Open Badges 2.0 badge in a wallet." + notReal,
			"image":       "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(badgeImage)),
			"criteria":    map[string]any{"narrative": "None: this is a sample."},
			"issuer":      samples.OB2IssuerURL,
		},
		"issuedOn":     "2025-05-20T00:00:00Z",
		"verification": map[string]any{"type": "signed", "creator": ob2KeyURL},
	}
	payload, err := json.Marshal(assertion)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jws.Sign(payload, jws.WithKey(jwa.RS256, ob2Key(t)))
	if err != nil {
		t.Fatal(err)
	}
	return string(tok)
}
