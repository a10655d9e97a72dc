package wallet_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// cpExamples holds the example credentials.
const cpExamples = "../testdata/examples"

// cpClock is the fixed time presentations are made and checked at.
var cpClock = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func cpVerifier(now time.Time) *wallet.Verifier {
	return &wallet.Verifier{Now: func() time.Time { return now }}
}

// cpExample reads an example credential as a JSON object.
func cpExample(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cpExamples, path))
	if err != nil {
		t.Fatal(err)
	}
	return cpDecode(t, b)
}

func cpDecode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// cpNestedCourse is the second credential nested in the complex CLR.
func cpNestedCourse(t *testing.T) map[string]any {
	t.Helper()
	clr := cpExample(t, "clr2/validator/complex.json")
	return clr["credentialSubject"].(map[string]any)["verifiableCredential"].([]any)[1].(map[string]any)
}

// cpSignVP makes a VCDM 2.0 presentation of creds signed by k.
func cpSignVP(t *testing.T, k *holder.Key, opts holder.ProofOptions, creds ...any) []byte {
	t.Helper()
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": creds,
	}
	signed, err := k.SignPresentation(vp, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(signed)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cpHolder(t *testing.T) *holder.Key {
	t.Helper()
	k, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func cpChecks(r wallet.Report, st wallet.CheckStatus) []string {
	var out []string
	for _, c := range r.Checks {
		if c.Status == st {
			out = append(out, c.Name+": "+c.Message)
		}
	}
	return out
}

func TestCheckPresentationDataIntegrity(t *testing.T) {
	ctx := context.Background()
	k := cpHolder(t)
	opts := holder.ProofOptions{Challenge: "c-123", Domain: "https://employer.example", Created: cpClock, Expires: cpClock.Add(time.Hour)}
	badge := cpExample(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json")
	course := cpNestedCourse(t)
	good := cpSignVP(t, k, opts, badge, course)
	want := wallet.PresentationOptions{Challenge: "c-123", Domain: "https://employer.example"}

	r := cpVerifier(cpClock.Add(time.Minute)).CheckPresentation(ctx, good, want)
	if !r.Valid || len(r.Credentials) != 2 {
		t.Fatalf("valid presentation: %s\nfailed: %v\ncredentials: %+v", r.Verdict, cpChecks(r.Report, wallet.Fail), r.Credentials)
	}
	if r.Holder != k.DID() || r.Challenge != "c-123" || r.Domain != "https://employer.example" || !r.Expires.Equal(cpClock.Add(time.Hour)) {
		t.Errorf("report says holder %q challenge %q domain %q expires %v", r.Holder, r.Challenge, r.Domain, r.Expires)
	}
	if want := "Presented by " + k.DID() + ": 2 credentials, all valid. Notes on holder binding."; r.Verdict != want {
		t.Errorf("verdict %q, want %q", r.Verdict, want)
	}
	for i, c := range r.Credentials {
		if !c.Valid {
			t.Errorf("credential %d: %s", i, c.Verdict)
		}
	}
	// The badge was issued to did:example:…, not to this holder.
	if warns := cpChecks(r.Report, wallet.Warn); len(warns) != 1 || !strings.Contains(warns[0], "issued to someone else") {
		t.Errorf("warnings: %v", warns)
	}

	// Nothing expected: valid, with the replay risk said.
	r = cpVerifier(cpClock).CheckPresentation(ctx, good, wallet.PresentationOptions{})
	if !r.Valid {
		t.Fatalf("without expectations: %s", r.Verdict)
	}
	if w := strings.Join(cpChecks(r.Report, wallet.Warn), "\n"); !strings.Contains(w, "no challenge was expected, so this could be a replay") {
		t.Errorf("no replay warning in %s", w)
	}

	// Signed by another key than the holder's: a correct signature, by a
	// key that is not k's, of a presentation naming k as its holder.
	otherPub, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	otherDID := did.KeyDID(otherPub)
	forged, err := di.Sign(map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"holder":               k.DID(),
		"verifiableCredential": []any{badge},
	}, otherPriv, map[string]any{
		"proofPurpose": "authentication", "challenge": "c-123", "domain": "https://employer.example",
		"verificationMethod": otherDID + "#" + strings.TrimPrefix(otherDID, "did:key:"), "created": cpClock.Format(time.RFC3339),
	})
	if err != nil {
		t.Fatal(err)
	}
	forgedBytes, _ := json.Marshal(forged)
	// And a proof of the other key whose holder was swapped afterwards.
	var swapped map[string]any
	_ = json.Unmarshal(cpSignVP(t, cpHolder(t), opts, badge), &swapped)
	swapped["holder"] = k.DID()
	swappedBytes, _ := json.Marshal(swapped)

	expiredCred := cpSignVP(t, k, opts, badge, cpExample(t, "ob3/dcc-verifier-core/v2/v2Expired.json"))

	for name, tc := range map[string]struct {
		vp   []byte
		opts wallet.PresentationOptions
		now  time.Time
		want string // in a failed check of the presentation
	}{
		"tampered credential": {bytes.Replace(good, []byte(`"Teamwork Badge"`), []byte(`"Teamwork Badgf"`), 1), want, cpClock, "Signature"},
		"tampered VP":         {bytes.Replace(good, []byte(`"c-123"`), []byte(`"c-124"`), 1), wallet.PresentationOptions{}, cpClock, "Signature"},
		"wrong challenge":     {good, wallet.PresentationOptions{Challenge: "c-999", Domain: want.Domain}, cpClock, "Challenge"},
		"wrong domain":        {good, wallet.PresentationOptions{Challenge: want.Challenge, Domain: "https://other.example"}, cpClock, "Domain"},
		"expired proof":       {good, want, cpClock.Add(2 * time.Hour), "expired"},
		"other key":           {forgedBytes, want, cpClock, "not the holder's"},
		"holder swapped":      {swappedBytes, want, cpClock, "Signature"},
		"unsigned":            {cpUnsigned(t, good), want, cpClock, "unsigned: anyone could have assembled it"},
		"not a VP":            {[]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}`), want, cpClock, "Format"},
		"not JSON":            {[]byte(`hello`), want, cpClock, "Format"},
	} {
		t.Run(name, func(t *testing.T) {
			r := cpVerifier(tc.now).CheckPresentation(ctx, tc.vp, tc.opts)
			if r.Valid {
				t.Fatalf("valid: %s", r.Verdict)
			}
			if f := strings.Join(cpChecks(r.Report, wallet.Fail), "\n"); !strings.Contains(f, tc.want) {
				t.Errorf("failed checks %q do not mention %q (verdict %s)", f, tc.want, r.Verdict)
			}
		})
	}

	t.Run("fragment key", func(t *testing.T) {
		// The validator's shortcut (a key in a URL's fragment) proves
		// nothing about who holds a web address.
		mb := strings.TrimPrefix(otherDID, "did:key:")
		vp, err := di.Sign(map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2"},
			"type":     []any{"VerifiablePresentation"},
			"holder":   "https://holder.example",
		}, otherPriv, map[string]any{"proofPurpose": "authentication", "verificationMethod": "https://holder.example#" + mb})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(vp)
		if r := cpVerifier(cpClock).CheckPresentation(ctx, b, wallet.PresentationOptions{}); r.Valid {
			t.Fatalf("valid: %s", r.Verdict)
		}
	})

	t.Run("expired credential", func(t *testing.T) {
		r := cpVerifier(cpClock).CheckPresentation(ctx, expiredCred, want)
		if r.Valid || len(r.Credentials) != 2 {
			t.Fatalf("valid: %s", r.Verdict)
		}
		if !strings.Contains(r.Verdict, "1 of 2 credentials are not valid") {
			t.Errorf("verdict %q", r.Verdict)
		}
		if st := r.Credentials[1].State(); st != wallet.Expired {
			t.Errorf("expired credential's state %v: %s", st, r.Credentials[1].Verdict)
		}
		if len(cpChecks(r.Report, wallet.Fail)) != 0 {
			t.Errorf("the presentation itself failed: %v", cpChecks(r.Report, wallet.Fail))
		}
	})
}

func cpUnsigned(t *testing.T, vp []byte) []byte {
	m := cpDecode(t, vp)
	delete(m, "proof")
	b, _ := json.Marshal(m)
	return b
}

// TestCheckPresentationVCDM11 checks a VCDM 1.1 presentation holding a
// VCDM 1.1 credential, and an enveloped VC-JWT in a 2.0 one.
func TestCheckPresentationVCDM11AndEnveloped(t *testing.T) {
	ctx := context.Background()
	k := cpHolder(t)
	opts := holder.ProofOptions{Challenge: "c", Created: cpClock}
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": []any{cpExample(t, "ob3/dcc-verifier-core/v1/v1NoStatus.json")},
	}
	signed, err := k.SignPresentation(vp, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(signed)
	r := cpVerifier(cpClock).CheckPresentation(ctx, b, wallet.PresentationOptions{Challenge: "c"})
	if !r.Valid || len(r.Credentials) != 1 {
		t.Errorf("VCDM 1.1: %s %v", r.Verdict, cpChecks(r.Report, wallet.Fail))
	}

	p, err := credential.Parse(cpRead(t, "ob3/validator/simple-jwt.svg"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]any{
		"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
		"id": "data:application/vc+jwt," + string(p.Content),
	}
	r = cpVerifier(cpClock).CheckPresentation(ctx, cpSignVP(t, k, opts, env), wallet.PresentationOptions{Challenge: "c"})
	if !r.Valid || len(r.Credentials) != 1 {
		t.Fatalf("enveloped VC-JWT: %s %+v", r.Verdict, r.Credentials)
	}
}

func cpRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cpExamples, path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cpSignVPJWT signs claims as a VP-JWT with priv, named by kid.
func cpSignVPJWT(t *testing.T, priv ed25519.PrivateKey, alg jwa.SignatureAlgorithm, kid string, claims map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	h := jws.NewHeaders()
	_ = h.Set("typ", "vp+jwt")
	_ = h.Set("kid", kid)
	out, err := jws.Sign(b, jws.WithKey(alg, priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCheckPresentationJWT(t *testing.T) {
	ctx := context.Background()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	holderDID := did.KeyDID(pub)
	kid := holderDID + "#" + strings.TrimPrefix(holderDID, "did:key:")
	jwtCred, err := credential.Parse(cpRead(t, "ob3/validator/simple-jwt.svg"))
	if err != nil {
		t.Fatal(err)
	}
	claims := func() map[string]any {
		return map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2"},
			"type":     []any{"VerifiablePresentation"},
			"holder":   holderDID, "iss": holderDID, "aud": "https://employer.example", "nonce": "n-1",
			"iat": cpClock.Unix(), "nbf": cpClock.Unix(), "exp": cpClock.Add(time.Hour).Unix(),
			"verifiableCredential": []any{
				cpExample(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json"),
				map[string]any{"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
					"id": "data:application/vc+jwt," + string(jwtCred.Content)},
			},
		}
	}
	want := wallet.PresentationOptions{Challenge: "n-1", Domain: "https://employer.example"}
	good := cpSignVPJWT(t, priv, jwa.EdDSA, kid, claims())
	r := cpVerifier(cpClock).CheckPresentation(ctx, good, want)
	if !r.Valid || len(r.Credentials) != 2 || r.Holder != holderDID || r.Challenge != "n-1" {
		t.Fatalf("valid VP-JWT: %s %v", r.Verdict, cpChecks(r.Report, wallet.Fail))
	}

	// VCDM 1.1: the vp claim, credentials as JWT strings.
	v1 := map[string]any{"iss": holderDID, "nonce": "n-1", "aud": []any{"https://employer.example"}, "vp": map[string]any{
		"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": "VerifiablePresentation",
		"verifiableCredential": []any{string(jwtCred.Content)},
	}}
	r = cpVerifier(cpClock).CheckPresentation(ctx, cpSignVPJWT(t, priv, jwa.EdDSA, kid, v1), want)
	if !r.Valid || len(r.Credentials) != 1 {
		t.Fatalf("VCDM 1.1 VP-JWT: %s %v", r.Verdict, r.Credentials)
	}

	noneToken := func() []byte {
		parts := strings.Split(string(good), ".")
		return []byte(cpB64(`{"alg":"none","typ":"vp+jwt","kid":"`+kid+`"}`) + "." + parts[1] + ".")
	}()
	for name, tc := range map[string]struct {
		vp   []byte
		opts wallet.PresentationOptions
		now  time.Time
		want string
	}{
		"wrong nonce":       {good, wallet.PresentationOptions{Challenge: "n-2", Domain: want.Domain}, cpClock, "Challenge"},
		"wrong aud":         {good, wallet.PresentationOptions{Challenge: "n-1", Domain: "https://other.example"}, cpClock, "Domain"},
		"expired":           {good, want, cpClock.Add(2 * time.Hour), "expired"},
		"not yet valid":     {good, want, cpClock.Add(-time.Hour), "Not valid yet"},
		"alg none":          {noneToken, want, cpClock, "not signed at all"},
		"another key":       {cpSignVPJWT(t, otherPriv, jwa.EdDSA, kid, claims()), want, cpClock, "Signature"},
		"kid not of issuer": {cpSignVPJWT(t, otherPriv, jwa.EdDSA, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", claims()), want, cpClock, "Signature"},
	} {
		t.Run(name, func(t *testing.T) {
			r := cpVerifier(tc.now).CheckPresentation(ctx, tc.vp, tc.opts)
			if r.Valid {
				t.Fatalf("valid: %s", r.Verdict)
			}
			if f := strings.Join(cpChecks(r.Report, wallet.Fail), "\n"); !strings.Contains(f, tc.want) {
				t.Errorf("failed checks %q do not mention %q", f, tc.want)
			}
		})
	}
}

func cpB64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func ExampleVerifier_CheckPresentation() {
	// A TEST-ONLY key: never sign anything real with a known seed.
	k, _ := holder.Parse(bytes.Repeat([]byte{7}, holder.SeedSize))
	vp, _ := k.SignPresentation(map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": []any{},
	}, holder.ProofOptions{Challenge: "c-1", Domain: "https://employer.example", Created: cpClock, Expires: cpClock.Add(time.Hour)})
	data, _ := json.Marshal(vp)

	v := &wallet.Verifier{Now: func() time.Time { return cpClock.Add(time.Minute) }}
	r := v.CheckPresentation(context.Background(), data, wallet.PresentationOptions{Challenge: "c-1", Domain: "https://employer.example"})
	fmt.Println(r.Valid, r.Verdict)
	r = v.CheckPresentation(context.Background(), data, wallet.PresentationOptions{Challenge: "c-2"})
	fmt.Println(r.Valid, r.Verdict)
	// Output:
	// true Presented by did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z: no credentials; it only shows that the presenter controls this DID.
	// false Not valid: It was made for another challenge ("c-1", not "c-2"): it may be a replay.
}

// FuzzCheckPresentation checks that no input makes CheckPresentation panic
// or call an invalid presentation valid.
func FuzzCheckPresentation(f *testing.F) {
	k, _ := holder.Parse(bytes.Repeat([]byte{7}, holder.SeedSize))
	vp, _ := k.SignPresentation(map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": []any{"eyJhbGciOiJub25lIn0.e30.", map[string]any{"type": "EnvelopedVerifiableCredential", "id": "data:,x"}},
	}, holder.ProofOptions{Challenge: "c-1", Created: cpClock})
	good, _ := json.Marshal(vp)
	f.Add(good)
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","proof":[]}`))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","proof":[1,{}],"verifiableCredential":[null,1,"x"]}`))
	f.Add([]byte(`eyJhbGciOiJFZERTQSJ9.eyJ2cCI6e319.AAAA`))
	v := cpVerifier(cpClock)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := v.CheckPresentation(context.Background(), data, wallet.PresentationOptions{Challenge: "c-1"})
		if r.Valid && !bytes.Equal(data, good) {
			for _, c := range r.Credentials {
				if !c.Valid {
					t.Fatalf("valid with an invalid credential: %s", r.Verdict)
				}
			}
		}
	})
}
