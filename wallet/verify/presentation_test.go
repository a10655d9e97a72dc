package verify_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// cpClock is the fixed time presentations are made and checked at.
var cpClock = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func cpVerifier(now time.Time) *verify.Verifier {
	return &verify.Verifier{Now: func() time.Time { return now }}
}

func cpDecode(t testing.TB, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// issuer is a did:key issuer that signs OB 3.0 credentials, as a real one
// whose key is its identifier.
type issuer struct {
	did  string
	vm   string
	priv ed25519.PrivateKey
}

func newIssuer(t testing.TB) issuer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d := did.KeyDID(pub)
	return issuer{did: d, vm: d + "#" + strings.TrimPrefix(d, "did:key:"), priv: priv}
}

// issue signs (eddsa-rdfc-2022) the DCC Teamwork badge, named name and
// awarded to subject (an id, identifiers...), with changes applied.
func (is issuer) issue(t testing.TB, name string, subject map[string]any, changes ...func(map[string]any)) map[string]any {
	t.Helper()
	c := cpDecode(t, example(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json"))
	delete(c, "proof")
	c["issuer"] = map[string]any{"id": is.did, "type": []any{"Profile"}, "name": "Example Corp"}
	c["name"] = name
	cs := c["credentialSubject"].(map[string]any)
	delete(cs, "id")
	maps.Copy(cs, subject)
	for _, f := range changes {
		f(c)
	}
	signed, err := di.Sign(c, is.priv, map[string]any{"verificationMethod": is.vm, "created": "2024-01-01T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// issueJWT signs a VC-JWT (VCDM 2.0 payload) of the badge awarded to subject.
func (is issuer) issueJWT(t testing.TB, subject string) string {
	t.Helper()
	c := cpDecode(t, example(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json"))
	delete(c, "proof")
	c["issuer"] = map[string]any{"id": is.did, "type": []any{"Profile"}, "name": "Example Corp"}
	c["credentialSubject"].(map[string]any)["id"] = subject
	c["iss"], c["sub"] = is.did, subject
	b, _ := json.Marshal(c)
	h := jws.NewHeaders()
	_ = h.Set("kid", is.vm)
	_ = h.Set("typ", "vc+jwt")
	tok, err := jws.Sign(b, jws.WithKey(jwa.EdDSA, is.priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return string(tok)
}

// cpSignVP makes a VCDM 2.0 presentation of creds signed by k.
func cpSignVP(t testing.TB, k *holder.Key, opts holder.ProofOptions, creds ...any) []byte {
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

func cpHolder(t testing.TB) *holder.Key {
	t.Helper()
	k, err := holder.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// reasons lists the reasons of a report's checks with a status.
func reasons(r verify.Report, st check.Status) []check.Reason {
	var out []check.Reason
	for _, c := range r.Checks {
		if c.Status == st {
			out = append(out, c.Reason)
		}
	}
	return out
}

func hasReasonIn(r verify.Report, st check.Status, want check.Reason) bool {
	for _, got := range reasons(r, st) {
		if got == want {
			return true
		}
	}
	return false
}

func TestCheckPresentationDataIntegrity(t *testing.T) {
	ctx := context.Background()
	k := cpHolder(t)
	is := newIssuer(t)
	opts := holder.ProofOptions{Challenge: "c-123", Domain: "https://employer.example", Created: cpClock, Expires: cpClock.Add(time.Hour)}
	badge := is.issue(t, "Teamwork Badge", map[string]any{"id": k.DID()})
	course := is.issue(t, "Health Careers 1", map[string]any{"id": k.DID()})
	good := cpSignVP(t, k, opts, badge, course)
	want := verify.PresentationOptions{Challenge: "c-123", Domain: "https://employer.example"}

	r := cpVerifier(cpClock.Add(time.Minute)).Presentation(ctx, good, want)
	if r.Verdict != verify.Valid || len(r.Credentials) != 2 {
		logReport(t, r.Report)
		t.Fatalf("valid presentation: %s %+v", verify.PresentationHeadline(r), r.Credentials)
	}
	if r.Holder != k.DID() || r.Challenge != "c-123" || r.Domain != "https://employer.example" || !r.Expires.Equal(cpClock.Add(time.Hour)) {
		t.Errorf("report says holder %q challenge %q domain %q expires %v", r.Holder, r.Challenge, r.Domain, r.Expires)
	}
	if want := "Presented by " + k.DID() + ": 2 credentials, all valid."; verify.PresentationHeadline(r) != want {
		t.Errorf("headline %q, want %q", verify.PresentationHeadline(r), want)
	}
	if n := len(reasons(r.Report, check.Pass)); !hasReasonIn(r.Report, check.Pass, verify.HolderBound) || n < 5 {
		t.Errorf("passed: %v", reasons(r.Report, check.Pass))
	}

	// Nothing expected: valid, with the replay risk said.
	r = cpVerifier(cpClock).Presentation(ctx, good, verify.PresentationOptions{})
	if r.Verdict != verify.ValidWithNotes || !hasReasonIn(r.Report, check.Warn, verify.ChallengeUnasked) {
		t.Fatalf("without expectations: %s %v", verify.PresentationHeadline(r), reasons(r.Report, check.Warn))
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

	for name, tc := range map[string]struct {
		vp   []byte
		opts verify.PresentationOptions
		now  time.Time
		want check.Reason // among the failed checks of the presentation
	}{
		"tampered VP":     {bytes.Replace(good, []byte(`"c-123"`), []byte(`"c-124"`), 1), verify.PresentationOptions{}, cpClock, verify.SignatureMismatch},
		"wrong challenge": {good, verify.PresentationOptions{Challenge: "c-999", Domain: want.Domain}, cpClock, verify.ChallengeOther},
		"wrong domain":    {good, verify.PresentationOptions{Challenge: want.Challenge, Domain: "https://other.example"}, cpClock, verify.DomainOther},
		"expired proof":   {good, want, cpClock.Add(2 * time.Hour), verify.ValidityVPExpired},
		"made later":      {good, want, cpClock.Add(-time.Hour), verify.ValidityVPFuture},
		"other key":       {forgedBytes, want, cpClock, verify.SignatureKeyNotHolders},
		"holder swapped":  {swappedBytes, want, cpClock, verify.SignatureMismatch},
		"unsigned":        {cpUnsigned(t, good), want, cpClock, verify.SignatureHolderMissing},
		"not a VP":        {[]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}`), want, cpClock, verify.FormatNotPresentation},
		"not JSON":        {[]byte(`hello`), want, cpClock, verify.FormatUnreadable},
		"key twice":       {bytes.Replace(good, []byte(`"holder":`), []byte(`"holder":"did:example:x","holder":`), 1), want, cpClock, verify.FormatDuplicateKey},
	} {
		t.Run(name, func(t *testing.T) {
			r := cpVerifier(tc.now).Presentation(ctx, tc.vp, tc.opts)
			if r.Valid() || r.Verdict != verify.NotValid {
				t.Fatalf("%s: %s", r.Verdict, verify.PresentationHeadline(r))
			}
			if !hasReasonIn(r.Report, check.Fail, tc.want) {
				t.Errorf("failed checks %v do not include %s", reasons(r.Report, check.Fail), tc.want)
				logReport(t, r.Report)
			}
		})
	}

	t.Run("made within the clock skew", func(t *testing.T) {
		r := cpVerifier(cpClock.Add(-verify.Skew+time.Second)).Presentation(ctx, good, want)
		if r.Verdict != verify.Valid {
			t.Errorf("%s", verify.PresentationHeadline(r))
		}
	})

	t.Run("tampered credential", func(t *testing.T) {
		b := bytes.Replace(good, []byte(`"Teamwork Badge"`), []byte(`"Teamwork Badgf"`), 1)
		r := cpVerifier(cpClock).Presentation(ctx, b, want)
		if r.Valid() || !hasReasonIn(r.Report, check.Fail, verify.SignatureMismatch) {
			t.Fatalf("%s", verify.PresentationHeadline(r))
		}
	})

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
		if r := cpVerifier(cpClock).Presentation(ctx, b, verify.PresentationOptions{}); r.Valid() {
			t.Fatalf("valid: %s", verify.PresentationHeadline(r))
		}
	})

	t.Run("expired credential", func(t *testing.T) {
		old := is.issue(t, "Old badge", map[string]any{"id": k.DID()}, func(c map[string]any) { c["validUntil"] = "2020-01-01T00:00:00Z" })
		r := cpVerifier(cpClock).Presentation(ctx, cpSignVP(t, k, opts, badge, old), want)
		if r.Valid() || len(r.Credentials) != 2 || r.Own != verify.Valid {
			t.Fatalf("%s (own %s)", verify.PresentationHeadline(r), r.Own)
		}
		if h := verify.PresentationHeadline(r); !strings.Contains(h, "1 of 2 credentials are not valid") {
			t.Errorf("headline %q", h)
		}
		if got := outcome(r.Credentials[1]); got != expired {
			t.Errorf("the expired credential is %s", got)
		}
	})
}

// TestHolderBinding: a presented credential belongs to the presenter only
// when its subject is the presenter's DID; one issued to someone else's
// DID is not valid there, one without a DID is said to be unbound.
func TestHolderBinding(t *testing.T) {
	ctx := context.Background()
	k := cpHolder(t)
	is := newIssuer(t)
	opts := holder.ProofOptions{Challenge: "c", Domain: "d", Created: cpClock, Expires: cpClock.Add(time.Hour)}
	want := verify.PresentationOptions{Challenge: "c", Domain: "d"}
	email := map[string]any{"identifier": []any{map[string]any{
		"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "s4lt",
		"identityHash": "sha256$" + sha256Hex("ellis@example.edu"+"s4lt"),
	}}}
	victim := cpHolder(t)

	for name, tc := range map[string]struct {
		cred    map[string]any
		opts    verify.PresentationOptions
		verdict verify.Verdict
		reason  check.Reason
	}{
		"issued to the presenter":         {is.issue(t, "Mine", map[string]any{"id": k.DID()}), want, verify.Valid, verify.HolderBound},
		"issued to another DID":           {is.issue(t, "Someone else's", map[string]any{"id": victim.DID()}), want, verify.NotValid, verify.HolderOther},
		"issued to an e-mail address":     {is.issue(t, "Unbound", email), want, verify.ValidWithNotes, verify.HolderUnbound},
		"the e-mail address expected":     {is.issue(t, "Unbound", email), verify.PresentationOptions{Challenge: "c", Domain: "d", ExpectIdentity: "ellis@example.edu"}, verify.Valid, verify.HolderIdentityMatch},
		"another e-mail address expected": {is.issue(t, "Unbound", email), verify.PresentationOptions{Challenge: "c", Domain: "d", ExpectIdentity: "mallory@example.edu"}, verify.NotValid, verify.HolderIdentityMismatch},
		"no subject id, nothing expected": {is.issue(t, "Nobody's", nil), want, verify.ValidWithNotes, verify.HolderUnbound},
	} {
		t.Run(name, func(t *testing.T) {
			r := cpVerifier(cpClock).Presentation(ctx, cpSignVP(t, k, opts, tc.cred), tc.opts)
			if r.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s: %s", r.Verdict, tc.verdict, verify.PresentationHeadline(r))
				logReport(t, r.Report)
			}
			found := false
			for _, c := range r.Checks {
				if c.ID == check.Holder {
					found = found || c.Reason == tc.reason
					if c.Args.Name == "" {
						t.Errorf("the holder check does not name the credential: %+v", c)
					}
				}
			}
			if !found {
				t.Errorf("no holder check %s", tc.reason)
				logReport(t, r.Report)
			}
		})
	}

	t.Run("a DID the presenter rotated from", func(t *testing.T) {
		// The presentation carries a second proof, by the earlier key: the
		// presenter controls both DIDs.
		old := cpHolder(t)
		cred := is.issue(t, "Issued to my earlier key", map[string]any{"id": old.DID()})
		vp := map[string]any{
			"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
			"type":                 []any{"VerifiablePresentation"},
			"verifiableCredential": []any{cred},
		}
		signed, err := k.SignPresentation(vp, opts)
		if err != nil {
			t.Fatal(err)
		}
		both, err := old.AddProof(signed, opts)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(both)
		r := cpVerifier(cpClock).Presentation(ctx, b, want)
		if r.Verdict != verify.Valid || !hasReasonIn(r.Report, check.Pass, verify.HolderEarlierDID) {
			t.Errorf("%s", verify.PresentationHeadline(r))
			logReport(t, r.Report)
		}
		// Without the earlier key's proof, it is someone else's.
		r = cpVerifier(cpClock).Presentation(ctx, cpSignVP(t, k, opts, cred), want)
		if r.Verdict != verify.NotValid || !hasReasonIn(r.Report, check.Fail, verify.HolderOther) {
			t.Errorf("without the earlier proof: %s", verify.PresentationHeadline(r))
		}
	})
}

func cpUnsigned(t *testing.T, vp []byte) []byte {
	m := cpDecode(t, vp)
	delete(m, "proof")
	b, _ := json.Marshal(m)
	return b
}

// TestCheckPresentationVCDM11AndEnveloped checks a VCDM 1.1 presentation
// holding a VCDM 1.1 credential, and an enveloped VC-JWT in a 2.0 one.
func TestCheckPresentationVCDM11AndEnveloped(t *testing.T) {
	ctx := context.Background()
	k := cpHolder(t)
	is := newIssuer(t)
	opts := holder.ProofOptions{Challenge: "c", Created: cpClock}
	v1 := cpDecode(t, example(t, "ob3/dcc-verifier-core/v1/v1NoStatus.json"))
	delete(v1, "proof")
	v1["issuer"] = map[string]any{"id": is.did, "type": "Profile", "name": "Example Corp"}
	v1["credentialSubject"].(map[string]any)["id"] = k.DID()
	v1["@context"] = append(v1["@context"].([]any), "https://w3id.org/security/data-integrity/v2")
	signedV1, err := di.Sign(v1, is.priv, map[string]any{"verificationMethod": is.vm})
	if err != nil {
		t.Fatal(err)
	}
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": []any{signedV1},
	}
	signed, err := k.SignPresentation(vp, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(signed)
	r := cpVerifier(cpClock).Presentation(ctx, b, verify.PresentationOptions{Challenge: "c"})
	if !r.Valid() || len(r.Credentials) != 1 {
		t.Errorf("VCDM 1.1: %s", verify.PresentationHeadline(r))
		logReport(t, r.Report)
		for _, c := range r.Credentials {
			logReport(t, c)
		}
	}

	env := map[string]any{
		"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
		"id": "data:application/vc+jwt," + is.issueJWT(t, k.DID()),
	}
	r = cpVerifier(cpClock).Presentation(ctx, cpSignVP(t, k, opts, env), verify.PresentationOptions{Challenge: "c"})
	if !r.Valid() || len(r.Credentials) != 1 {
		t.Fatalf("enveloped VC-JWT: %s %+v", verify.PresentationHeadline(r), r.Credentials)
	}
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
	is := newIssuer(t)
	jwtCred := is.issueJWT(t, holderDID)
	claims := func() map[string]any {
		return map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2"},
			"type":     []any{"VerifiablePresentation"},
			"holder":   holderDID, "iss": holderDID, "aud": "https://employer.example", "nonce": "n-1",
			"iat": cpClock.Unix(), "nbf": cpClock.Unix(), "exp": cpClock.Add(time.Hour).Unix(),
			"verifiableCredential": []any{
				is.issue(t, "Teamwork", map[string]any{"id": holderDID}),
				map[string]any{"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
					"id": "data:application/vc+jwt," + jwtCred},
			},
		}
	}
	want := verify.PresentationOptions{Challenge: "n-1", Domain: "https://employer.example"}
	good := cpSignVPJWT(t, priv, jwa.EdDSA, kid, claims())
	r := cpVerifier(cpClock).Presentation(ctx, good, want)
	if r.Verdict != verify.Valid || len(r.Credentials) != 2 || r.Holder != holderDID || r.Challenge != "n-1" {
		logReport(t, r.Report)
		t.Fatalf("valid VP-JWT: %s", verify.PresentationHeadline(r))
	}

	// VCDM 1.1: the vp claim, credentials as JWT strings.
	v1 := map[string]any{"iss": holderDID, "nonce": "n-1", "aud": []any{"https://employer.example"}, "iat": cpClock.Unix(),
		"exp": cpClock.Add(time.Hour).Unix(), "vp": map[string]any{
			"@context": []any{"https://www.w3.org/2018/credentials/v1"}, "type": "VerifiablePresentation",
			"verifiableCredential": []any{jwtCred},
		}}
	r = cpVerifier(cpClock).Presentation(ctx, cpSignVPJWT(t, priv, jwa.EdDSA, kid, v1), want)
	if !r.Valid() || len(r.Credentials) != 1 {
		t.Fatalf("VCDM 1.1 VP-JWT: %s", verify.PresentationHeadline(r))
	}

	future := claims()
	future["iat"] = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	noneToken := func() []byte {
		parts := strings.Split(string(good), ".")
		return []byte(cpB64(`{"alg":"none","typ":"vp+jwt","kid":"`+kid+`"}`) + "." + parts[1] + ".")
	}()
	for name, tc := range map[string]struct {
		vp   []byte
		opts verify.PresentationOptions
		now  time.Time
		want check.Reason
	}{
		"wrong nonce":       {good, verify.PresentationOptions{Challenge: "n-2", Domain: want.Domain}, cpClock, verify.ChallengeOther},
		"wrong aud":         {good, verify.PresentationOptions{Challenge: "n-1", Domain: "https://other.example"}, cpClock, verify.DomainOther},
		"expired":           {good, want, cpClock.Add(2 * time.Hour), verify.ValidityVPExpired},
		"made later":        {good, want, cpClock.Add(-time.Hour), verify.ValidityVPFuture},
		"iat in 2099":       {cpSignVPJWT(t, priv, jwa.EdDSA, kid, future), want, cpClock, verify.ValidityVPFuture},
		"alg none":          {noneToken, want, cpClock, verify.SignatureJWTRefused},
		"another key":       {cpSignVPJWT(t, otherPriv, jwa.EdDSA, kid, claims()), want, cpClock, verify.SignatureMismatch},
		"kid not of issuer": {cpSignVPJWT(t, otherPriv, jwa.EdDSA, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", claims()), want, cpClock, verify.SignatureKeyNotHolders},
	} {
		t.Run(name, func(t *testing.T) {
			r := cpVerifier(tc.now).Presentation(ctx, tc.vp, tc.opts)
			if r.Valid() {
				t.Fatalf("valid: %s", verify.PresentationHeadline(r))
			}
			if !hasReasonIn(r.Report, check.Fail, tc.want) {
				t.Errorf("failed checks %v do not include %s", reasons(r.Report, check.Fail), tc.want)
			}
		})
	}
}

func cpB64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func ExampleVerifier_Presentation() {
	// A TEST-ONLY key: never sign anything real with a known seed.
	k, _ := holder.Parse(bytes.Repeat([]byte{7}, holder.SeedSize))
	vp, _ := k.SignPresentation(map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": []any{},
	}, holder.ProofOptions{Challenge: "c-1", Domain: "https://employer.example", Created: cpClock, Expires: cpClock.Add(time.Hour)})
	data, _ := json.Marshal(vp)

	v := &verify.Verifier{Now: func() time.Time { return cpClock.Add(time.Minute) }}
	r := v.Presentation(context.Background(), data, verify.PresentationOptions{Challenge: "c-1", Domain: "https://employer.example"})
	fmt.Println(string(r.Verdict), "-", verify.PresentationHeadline(r))
	r = v.Presentation(context.Background(), data, verify.PresentationOptions{Challenge: "c-2"})
	fmt.Println(string(r.Verdict), "-", verify.PresentationHeadline(r))
	// Output:
	// valid - Presented by did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z: no credentials; it only shows that the presenter controls this DID.
	// not-valid - Not valid: It was made for another challenge ("c-1", not "c-2"): it may be a replay.
}

// FuzzCheckPresentation checks that no input makes Presentation panic or
// call an invalid presentation valid.
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
		r := v.Presentation(context.Background(), data, verify.PresentationOptions{Challenge: "c-1"})
		if r.Valid() {
			for _, c := range r.Credentials {
				if !c.Valid() {
					t.Fatalf("valid with an invalid credential: %s", verify.PresentationHeadline(r))
				}
			}
		}
	})
}
