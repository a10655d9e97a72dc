package wallet_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

var update = flag.Bool("update", false, "rewrite the golden presentations in testdata/presentations")

// ptSeedHex is a TEST-ONLY KEY: the published Ed25519 key of the OB 3.0
// implementation guide's examples. Everyone has it; it must never sign
// anything real. It makes the golden presentations reproducible (Ed25519
// signatures are deterministic).
const ptSeedHex = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"

const ptWalletID = "present-test"

var ptClock = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// ptWallet is a wallet with the test-only key and the given examples
// imported; it returns the wallet and the ids of the imported items and
// their nested ones, in the order Items lists them.
func ptWallet(t testing.TB, files ...string) (*wallet.Wallet, *holder.Key, map[string][]wallet.Item) {
	t.Helper()
	seed, _ := hex.DecodeString(ptSeedHex)
	key, err := holder.Parse(seed)
	if err != nil {
		t.Fatal(err)
	}
	secrets := wallettest.NewSecrets()
	if err := secrets.Set(wallet.HolderKeyAccount(ptWalletID), seed); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return ptClock }
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(secrets, ptWalletID), wallet.WithClock(clock))
	byExample := map[string][]wallet.Item{}
	for _, ex := range files {
		b, err := os.ReadFile(filepath.Join(examples, ex))
		if err != nil {
			t.Fatal(err)
		}
		r := w.ImportBytes(filepath.Base(ex), b)
		if r.ID == "" {
			t.Fatalf("import %s: %+v", ex, r)
		}
		it, err := w.Item(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		items := []wallet.Item{it}
		for _, c := range it.Children {
			ci, err := w.Item(c)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, ci)
		}
		byExample[ex] = items
	}
	return w, key, byExample
}

// The generated fixtures (testdata/generated), signed by a did:key
// university and awarded to a learner known by her e-mail address: valid,
// and not bound to the learner's key, so presenting them needs AllowUnbound.
const (
	clrV1        = "../generated/" + signedCLRv1File
	clr20        = "../generated/" + signedCLR20File
	badgeJSON    = "../generated/" + signedBadgeFile
	badgeJWTFile = "../generated/" + signedBadgeJWT
)

func ptOptions(format string) wallet.PresentOptions {
	return wallet.PresentOptions{
		Format: format, Challenge: "test-challenge-1234", Domain: "https://verifier.example",
		Now: func() time.Time { return ptClock }, ID: "urn:uuid:00000000-0000-4000-8000-000000000001",
		AllowUnbound: true,
	}
}

func ptGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "presentations", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestPresentGolden -update to make it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test -update", name)
	}
}

func ptDecode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func ptVerifyVP(t *testing.T, vp map[string]any, key *holder.Key, opts wallet.PresentOptions) {
	t.Helper()
	res := di.Verify(context.Background(), vp, di.Options{
		Purpose: "authentication", Controller: key.DID(), Challenge: opts.Challenge, Domain: opts.Domain, Now: ptClock,
	})
	if len(res) != 1 || res[0].Outcome != di.Valid {
		t.Fatalf("the presentation does not verify: %+v", res)
	}
}

func TestPresentGolden(t *testing.T) {
	w, key, ex := ptWallet(t, clrV1, badgeJSON, badgeJWTFile)
	ctx := context.Background()
	clr := ex[clrV1]
	for _, tc := range []struct {
		golden string
		ids    []string
		opts   wallet.PresentOptions
	}{
		{"two-courses.json", []string{clr[1].ID, clr[2].ID}, ptOptions("ldp")},
		{"ob3-and-jwt.json", []string{ex[badgeJSON][0].ID, ex[badgeJWTFile][0].ID}, ptOptions("ldp")},
		{"ob3-and-jwt.jwt", []string{ex[badgeJSON][0].ID, ex[badgeJWTFile][0].ID}, ptOptions("jwt")},
		{"curated.json", []string{clr[1].ID, clr[2].ID}, func() wallet.PresentOptions { o := ptOptions("ldp"); o.CuratedCLR = true; return o }()},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			p, err := w.Present(ctx, tc.ids, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.HolderDID != key.DID() || p.Challenge != tc.opts.Challenge || !p.Expires.Equal(ptClock.Add(time.Hour)) {
				t.Errorf("presentation = %+v", p)
			}
			if want := "." + tc.opts.Format; tc.opts.Format == "ldp" && p.FileExt != ".json" || tc.opts.Format == "jwt" && p.FileExt != want {
				t.Errorf("FileExt = %q", p.FileExt)
			}
			ptGolden(t, tc.golden, p.Bytes)
		})
	}
}

func TestPresentNestedCourses(t *testing.T) {
	w, key, ex := ptWallet(t, clrV1)
	clr := ex[clrV1]
	opts := ptOptions("ldp")
	p, err := w.Present(context.Background(), []string{clr[1].ID, clr[2].ID[:6]}, opts)
	if err != nil {
		t.Fatal(err)
	}
	vp := ptDecode(t, p.Bytes)
	ptVerifyVP(t, vp, key, opts)
	if ctx := vp["@context"].([]any); ctx[0] != "https://www.w3.org/2018/credentials/v1" {
		t.Errorf("@context = %v, want a VCDM 1.1 presentation", ctx)
	}
	got := vp["verifiableCredential"].([]any)
	if len(got) != 2 {
		t.Fatalf("%d credentials", len(got))
	}
	for i, it := range clr[1:3] {
		orig, err := w.Original(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := ptDecode(t, orig); !reflect.DeepEqual(got[i], want) {
			t.Errorf("credential %d is not the nested original", i)
		}
		// Each proof holds exactly as well as in the credential as issued
		// (the example's keys are not its issuer's: a signature that
		// verifies, from a key the issuer does not list).
		before := di.Verify(context.Background(), ptDecode(t, orig), di.Options{Now: ptClock})
		after := di.Verify(context.Background(), got[i].(map[string]any), di.Options{Now: ptClock})
		if len(before) != 1 || len(after) != 1 || before[0].Outcome != after[0].Outcome || errors.Is(after[0].Err, di.ErrSignature) {
			t.Errorf("credential %d: proof %+v, as issued %+v", i, after, before)
		}
	}
	// Tampering with a course breaks the presentation's proof.
	got[0].(map[string]any)["name"] = "Something else"
	res := di.Verify(context.Background(), vp, di.Options{Purpose: "authentication", Challenge: opts.Challenge, Now: ptClock})
	if len(res) != 1 || res[0].Outcome == di.Valid {
		t.Error("a tampered presentation verifies")
	}
}

func TestPresentCuratedCLR(t *testing.T) {
	w, key, ex := ptWallet(t, clrV1)
	clr := ex[clrV1]
	opts := ptOptions("ldp")
	opts.CuratedCLR = true
	p, err := w.Present(context.Background(), []string{clr[1].ID, clr[2].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	vp := ptDecode(t, p.Bytes)
	ptVerifyVP(t, vp, key, opts)
	vcs := vp["verifiableCredential"].([]any)
	if len(vcs) != 1 {
		t.Fatalf("%d credentials, want the one curated record", len(vcs))
	}
	curated := vcs[0].(map[string]any)
	res := di.Verify(context.Background(), curated, di.Options{Now: ptClock})
	if len(res) != 1 || res[0].Outcome != di.Valid {
		t.Fatalf("the curated record does not verify: %+v", res)
	}
	if curated["name"] != "Ellis Monday (selection)" {
		t.Errorf("name = %v", curated["name"])
	}
	if iss := curated["issuer"].(map[string]any)["id"]; iss != key.DID() {
		t.Errorf("issuer = %v", iss)
	}
	cs := curated["credentialSubject"].(map[string]any)
	nested := cs["verifiableCredential"].([]any)
	ach := map[string]bool{}
	for i, it := range clr[1:3] {
		orig, _ := w.Original(it.ID)
		if !reflect.DeepEqual(nested[i], ptDecode(t, orig)) {
			t.Errorf("nested credential %d changed", i)
		}
		ach[nested[i].(map[string]any)["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["id"].(string)] = true
	}
	assocs, _ := cs["association"].([]any)
	if len(assocs) != 1 {
		t.Errorf("%d associations, want the one between the two courses: %v", len(assocs), assocs)
	}
	for _, a := range assocs {
		m := a.(map[string]any)
		if !ach[m["sourceId"].(string)] || !ach[m["targetId"].(string)] {
			t.Errorf("association %v has an end not chosen", m)
		}
	}
	if cs["id"] != "urn:uuid:360a0e1e-c3f4-4fc4-9975-379889927d54" {
		t.Errorf("subject id = %v, want the original record's", cs["id"])
	}

	// Without nested credentials there is nothing to curate.
	if _, err := w.Present(context.Background(), []string{clr[0].ID}, opts); err == nil {
		t.Error("curated a whole record")
	}
}

func TestPresentJWT(t *testing.T) {
	w, key, ex := ptWallet(t, badgeJSON, badgeJWTFile)
	opts := ptOptions("jwt")
	p, err := w.Present(context.Background(), []string{ex[badgeJSON][0].ID, ex[badgeJWTFile][0].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p.FileExt != ".jwt" || strings.Count(string(p.Bytes), ".") != 2 {
		t.Fatalf("not a compact JWT: %s", p.Bytes)
	}
	tok, err := jwt.Parse(p.Bytes, jwt.WithKey(jwa.EdDSA, key.Public()), jwt.WithClock(jwt.ClockFunc(func() time.Time { return ptClock })),
		jwt.WithAudience(opts.Domain), jwt.WithClaimValue("nonce", opts.Challenge))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Issuer() != key.DID() || tok.JwtID() != opts.ID || !tok.Expiration().Equal(ptClock.Add(time.Hour)) {
		t.Errorf("claims: iss %s jti %s exp %s", tok.Issuer(), tok.JwtID(), tok.Expiration())
	}
	// VCDM 2.0: the payload is the presentation (VC-JOSE-COSE).
	if _, ok := tok.Get("vp"); ok {
		t.Error("a VCDM 2.0 presentation in a vp claim")
	}
	if h, _ := tok.Get("holder"); h != key.DID() {
		t.Errorf("holder = %v", h)
	}
	vcv, _ := tok.Get("verifiableCredential")
	vcs := vcv.([]any)
	jwtBytes, _ := w.Original(ex[badgeJWTFile][0].ID)
	env := vcs[1].(map[string]any)
	if env["type"] != "EnvelopedVerifiableCredential" || env["id"] != "data:application/vc+jwt,"+strings.TrimSpace(string(jwtBytes)) {
		t.Errorf("JWT credential carried as %v", env)
	}
	if _, err := jwt.Parse(p.Bytes, jwt.WithKey(jwa.EdDSA, key.Public()),
		jwt.WithClock(jwt.ClockFunc(func() time.Time { return ptClock.Add(2 * time.Hour) }))); err == nil {
		t.Error("an expired presentation-JWT verifies")
	}
}

func TestPresentJWTv1(t *testing.T) {
	w, key, ex := ptWallet(t, clrV1)
	clr := ex[clrV1]
	opts := ptOptions("jwt")
	p, err := w.Present(context.Background(), []string{clr[1].ID, clr[2].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Parse(p.Bytes, jwt.WithKey(jwa.EdDSA, key.Public()), jwt.WithClock(jwt.ClockFunc(func() time.Time { return ptClock })))
	if err != nil {
		t.Fatal(err)
	}
	// VCDM 1.1: the presentation is the vp claim.
	vpv, ok := tok.Get("vp")
	if !ok {
		t.Fatal("no vp claim")
	}
	vp := vpv.(map[string]any)
	if ctx := vp["@context"].([]any); ctx[0] != "https://www.w3.org/2018/credentials/v1" {
		t.Errorf("@context = %v", ctx)
	}
	vcs := vp["verifiableCredential"].([]any)
	for i, it := range clr[1:3] {
		orig, _ := w.Original(it.ID)
		if !reflect.DeepEqual(vcs[i], ptDecode(t, orig)) {
			t.Errorf("credential %d changed", i)
		}
	}
}

func TestPresentRefuses(t *testing.T) {
	w, _, ex := ptWallet(t, clrV1, badgeJSON, badgeJWTFile)
	clr := ex[clrV1]
	simple := ex[badgeJSON][0].ID
	jwtID := ex[badgeJWTFile][0].ID
	ctx := context.Background()
	if _, err := w.Present(ctx, []string{clr[1].ID, simple}, ptOptions("ldp")); !errors.Is(err, wallet.ErrMixedVersions) {
		t.Errorf("mixed VCDM 1.1 and 2.0: %v", err)
	}
	if _, err := w.Present(ctx, []string{clr[1].ID, jwtID}, ptOptions("ldp")); err == nil {
		t.Error("a JWT credential went into a VCDM 1.1 presentation")
	}
	if _, err := w.Present(ctx, []string{simple}, ptOptions("xml")); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := w.Present(ctx, nil, ptOptions("ldp")); err == nil {
		t.Error("empty presentation made")
	}
	if _, err := w.Present(ctx, []string{"zzzzzzzz"}, ptOptions("ldp")); !errors.Is(err, wallet.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestPresentRandomChallenge(t *testing.T) {
	w, _, ex := ptWallet(t, badgeJSON)
	opts := ptOptions("ldp")
	opts.Challenge, opts.ID = "", ""
	a, err := w.Present(context.Background(), []string{ex[badgeJSON][0].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.Present(context.Background(), []string{ex[badgeJSON][0].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Challenge == "" || a.Challenge == b.Challenge {
		t.Errorf("challenges %q and %q", a.Challenge, b.Challenge)
	}
}

func TestPresentCuratedCLRv2(t *testing.T) {
	w, key, ex := ptWallet(t, clr20)
	clr := ex[clr20]
	opts := ptOptions("ldp")
	opts.CuratedCLR = true
	p, err := w.Present(context.Background(), []string{clr[1].ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	vp := ptDecode(t, p.Bytes)
	ptVerifyVP(t, vp, key, opts)
	curated := vp["verifiableCredential"].([]any)[0].(map[string]any)
	if ctx := curated["@context"].([]any); ctx[0] != "https://www.w3.org/ns/credentials/v2" || curated["validFrom"] != "2026-05-01T12:00:00Z" {
		t.Errorf("@context %v, validFrom %v", ctx, curated["validFrom"])
	}
	res := di.Verify(context.Background(), curated, di.Options{Now: ptClock})
	if len(res) != 1 || res[0].Outcome != di.Valid {
		t.Fatalf("the curated record does not verify: %+v", res)
	}
	// The record's only association is between achievements not chosen.
	if a, ok := curated["credentialSubject"].(map[string]any)["association"]; ok {
		t.Errorf("associations kept: %v", a)
	}
}

func TestPresentBakedAndRefused(t *testing.T) {
	w, key, ex := ptWallet(t, "ob2/validator/basic-assertion.json")
	ctx := context.Background()
	badge, err := os.ReadFile(filepath.Join(examples, badgeJSON))
	if err != nil {
		t.Fatal(err)
	}
	r := w.ImportBytes("badge.png", baketest.BakePNG("openbadgecredential", badge))
	png, err := w.Item(r.ID)
	if err != nil {
		t.Fatalf("import the baked badge: %+v", r)
	}
	opts := ptOptions("ldp")
	p, err := w.Present(ctx, []string{png.ID}, opts)
	if err != nil {
		t.Fatal(err)
	}
	vp := ptDecode(t, p.Bytes)
	ptVerifyVP(t, vp, key, opts)
	orig, _ := w.Original(png.ID)
	parsed, err := credential.Parse(orig)
	if err != nil {
		t.Fatal(err)
	}
	if got := vp["verifiableCredential"].([]any)[0]; !reflect.DeepEqual(got, ptDecode(t, parsed.Content)) {
		t.Error("the baked credential did not go in as baked")
	}

	_, err = w.Present(ctx, []string{ex["ob2/validator/basic-assertion.json"][0].ID}, opts)
	if err == nil || !strings.Contains(err.Error(), "Open Badges 2.0") {
		t.Errorf("an OB 2.0 assertion: %v", err)
	}

	// A nested credential without a proof of its own is only vouched for
	// by its record.
	b, err := os.ReadFile(filepath.Join(examples, clrV1))
	if err != nil {
		t.Fatal(err)
	}
	var clr map[string]any
	if err := json.Unmarshal(b, &clr); err != nil {
		t.Fatal(err)
	}
	delete(clr, "proof")
	delete(clr["credentialSubject"].(map[string]any)["verifiableCredential"].([]any)[0].(map[string]any), "proof")
	b, _ = json.Marshal(clr)
	r = w.ImportBytes("unsigned.json", b)
	rec, err := w.Item(r.ID)
	if err != nil {
		t.Fatalf("import: %+v: %v", r, err)
	}
	_, err = w.Present(ctx, []string{rec.Children[0]}, opts)
	if err == nil || !strings.Contains(err.Error(), "present the record") {
		t.Errorf("an unsigned nested credential: %v", err)
	}
}

// issueTo signs the generated Teamwork badge again, awarded to subject id
// (a DID), by the TEST-ONLY university key.
func issueTo(t *testing.T, subject string) []byte {
	t.Helper()
	is := newTestIssuer()
	badge := signedBadge(t, is)
	delete(badge, "proof")
	cs := badge["credentialSubject"].(map[string]any)
	delete(cs, "identifier")
	cs["id"] = subject
	badge["id"] = "urn:uuid:5b1c2a4e-20c0-4f6b-9c1e-" + fmt.Sprintf("%012x", len(subject))
	return wallettest.Indented(t, is.sign(t, badge))
}

// TestPresentOnlyWhatIsTheLearners: the wallet signs only valid credentials,
// issued to the learner's DID, or (when the learner confirms) to no DID.
func TestPresentOnlyWhatIsTheLearners(t *testing.T) {
	ctx := context.Background()
	w, key, ex := ptWallet(t, badgeJSON, "ob3/validator/simple.json", "ob3/dcc-verifier-core/v2/v2Expired.json")
	opts := ptOptions("ldp")
	opts.AllowUnbound = false

	mine := w.ImportBytes("mine.json", issueTo(t, key.DID()))
	p, err := w.Present(ctx, []string{mine.ID}, opts)
	if err != nil {
		t.Fatalf("a credential issued to the learner's DID: %v", err)
	}
	rep := w.CheckPresentation(ctx, p.Bytes, verify.PresentationOptions{Challenge: opts.Challenge, Domain: opts.Domain})
	if rep.Verdict != verify.Valid {
		t.Errorf("its presentation: %s", verify.PresentationHeadline(rep))
	}

	// Issued to an e-mail address: only with AllowUnbound.
	unbound := ex[badgeJSON][0].ID
	var ue *wallet.UnboundError
	if _, err := w.Present(ctx, []string{mine.ID, unbound}, opts); !errors.As(err, &ue) || len(ue.Items) != 1 || ue.Items[0].ID != unbound {
		t.Errorf("unbound without consent: %v", err)
	}
	opts.AllowUnbound = true
	if p, err = w.Present(ctx, []string{mine.ID, unbound}, opts); err != nil {
		t.Fatalf("unbound with consent: %v", err)
	}
	rep = w.CheckPresentation(ctx, p.Bytes, verify.PresentationOptions{Challenge: opts.Challenge, Domain: opts.Domain})
	if rep.Verdict != verify.ValidWithNotes {
		t.Errorf("its presentation: %s", verify.PresentationHeadline(rep))
	}

	// Not valid (an issuer that is not confirmed, an expired badge), or
	// someone else's: never.
	stranger := w.ImportBytes("stranger.json", issueTo(t, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"))
	for name, tc := range map[string]struct {
		id      string
		verdict verify.Verdict
		other   string
	}{
		"issuer not confirmed": {ex["ob3/validator/simple.json"][0].ID, verify.IssuerNotConfirmed, ""},
		"expired":              {ex["ob3/dcc-verifier-core/v2/v2Expired.json"][0].ID, verify.NotValid, ""},
		"someone else's DID":   {stranger.ID, verify.ValidWithNotes, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := w.Present(ctx, []string{tc.id}, opts)
			var np *wallet.NotPresentableError
			if !errors.As(err, &np) || np.Verdict != tc.verdict || np.OtherDID != tc.other {
				t.Errorf("err = %v", err)
			}
			got, err := w.Presentability(ctx, []string{tc.id, mine.ID, unbound})
			if err != nil || len(got) != 3 || !errors.As(got[0].Problem, &np) || got[1].Problem != nil || !got[1].Bound ||
				got[2].Problem != nil || got[2].Bound {
				t.Errorf("Presentability = %+v, %v", got, err)
			}
		})
	}
}

// TestPresentIssuedToEarlierDID: after the learner rotates their key, a
// credential issued to the old DID still goes in a presentation, with a
// proof of the old key added, and the recipient finds it bound. A key the
// keyring lost cannot prove anything: the wallet says so and signs nothing.
func TestPresentIssuedToEarlierDID(t *testing.T) {
	ctx := context.Background()
	seed, _ := hex.DecodeString(ptSeedHex)
	old, err := holder.Parse(seed)
	if err != nil {
		t.Fatal(err)
	}
	secrets := wallettest.NewSecrets()
	if err := secrets.Set(wallet.HolderKeyAccount(ptWalletID), seed); err != nil {
		t.Fatal(err)
	}
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(secrets, ptWalletID), wallet.WithClock(func() time.Time { return ptClock }))
	mine := w.ImportBytes("mine.json", issueTo(t, old.DID()))
	if mine.ID == "" {
		t.Fatalf("import: %+v", mine)
	}
	current, err := w.RotateHolderKey()
	if err != nil {
		t.Fatal(err)
	}
	opts := ptOptions("ldp")
	opts.AllowUnbound = false
	p, err := w.Present(ctx, []string{mine.ID}, opts)
	if err != nil {
		t.Fatalf("a credential issued to the learner's earlier DID: %v", err)
	}
	if p.HolderDID != current.DID() {
		t.Errorf("signed by %s, want the current key %s", p.HolderDID, current.DID())
	}
	if proofs := jsonv.List(ptDecode(t, p.Bytes)["proof"]); len(proofs) != 2 {
		t.Errorf("%d proofs, want the current key's and the earlier key's", len(proofs))
	}
	rep := w.CheckPresentation(ctx, p.Bytes, verify.PresentationOptions{Challenge: opts.Challenge, Domain: opts.Domain})
	if rep.Verdict != verify.Valid {
		t.Errorf("its presentation: %s", verify.PresentationHeadline(rep))
	}
	var earlier bool
	for _, c := range rep.Checks {
		earlier = earlier || c.Reason == verify.HolderEarlierDID
	}
	if !earlier {
		t.Errorf("the recipient was not told of the earlier DID: %+v", rep.Checks)
	}

	// A JWT carries one signature: said plainly, nothing signed.
	if _, err := w.Present(ctx, []string{mine.ID}, ptOptions("jwt")); err == nil || !strings.Contains(err.Error(), "JSON format") {
		t.Errorf("JWT for an earlier DID: %v", err)
	}

	// The earlier key lost from the keyring.
	if err := secrets.Delete(wallet.EarlierHolderKeyAccount(ptWalletID, old.DID())); err != nil {
		t.Fatal(err)
	}
	var np *wallet.NotPresentableError
	if _, err := w.Present(ctx, []string{mine.ID}, opts); !errors.As(err, &np) || np.LostDID != old.DID() {
		t.Errorf("with the earlier key lost: %v", err)
	}
}
