package wallet_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp/oid4vptest"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// obType is OpenBadgeCredential (and AchievementCredential) expanded.
const obType = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"

// respondFixture is a wallet holding, issued to the learner's DID, the
// teamwork badge (as JSON and as a VC-JWT) and a record of three courses.
type respondFixture struct {
	w                    *wallet.Wallet
	badge, badgeJWT, clr string
	unbound              string
	courses              []string
}

func newRespondFixture(t *testing.T) respondFixture {
	t.Helper()
	w := wallet.New(wallettest.NewStore(), wallet.WithSecrets(wallettest.NewSecrets(), "respond-test"))
	key, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "generated", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	issue := oid4vcitest.IssuedTo(t, read("badge-teamwork-signed.json"))
	add := func(name string, b []byte) string {
		r := w.ImportBytes(name, b)
		if r.ID == "" || !r.Verification.OK() {
			t.Fatalf("%s: %+v", name, r)
		}
		return r.ID
	}
	f := respondFixture{w: w}
	f.badge = add("badge.json", issue(key.DID(), oid4vcitest.LDPConfig))
	f.badgeJWT = add("badge.jwt", issue(key.DID(), oid4vcitest.JWTConfig))
	f.clr = add("clr.json", oid4vptest.IssueCLR(t, read("clr-20-courses-signed.json"), key.DID(), 3))
	it, err := w.Item(f.clr)
	if err != nil || len(it.Children) != 3 {
		t.Fatalf("the record: %v, %d nested", err, len(it.Children))
	}
	f.courses = it.Children
	// Valid, but issued to an e-mail address, not the learner's DID: never
	// offered.
	f.unbound = add("unbound.json", read("badge-teamwork-signed.json"))
	return f
}

const dcqlBadgeAndCourses = `{"credentials":[
 {"id":"badge","format":"ldp_vc","meta":{"type_values":[["` + obType + `"]]},
  "claims":[{"path":["credentialSubject","achievement","name"],"values":["Teamwork"]}]},
 {"id":"courses","format":"ldp_vc","multiple":true,"meta":{"type_values":[["` + obType + `"]]},
  "claims":[{"path":["credentialSubject","achievement","achievementType"],"values":["Course"]}]}]}`

const dcqlJWT = `{"credentials":[{"id":"badge","format":"jwt_vc_json","meta":{"type_values":[["` + obType + `"]]}}]}`

const peBadgeAndCourse = `{"id":"pd-1","purpose":"To check your teamwork and a course","format":{"ldp_vp":{"proof_type":["DataIntegrityProof"]}},
 "submission_requirements":[{"rule":"all","from":"A"},{"rule":"pick","count":1,"from":"B"}],
 "input_descriptors":[
  {"id":"teamwork","group":["A"],"constraints":{"fields":[
    {"path":["$.type"],"filter":{"type":"array","contains":{"const":"OpenBadgeCredential"}}},
    {"path":["$.credentialSubject.achievement.name"],"filter":{"type":"string","pattern":"^Team"}}]}},
  {"id":"course","group":["B"],"constraints":{"fields":[
    {"path":["$.credentialSubject.achievement.achievementType"],"filter":{"const":"Course"}}]}}]}`

const peJWT = `{"id":"pd-2","format":{"jwt_vp_json":{"alg":["EdDSA"]}},"input_descriptors":[
  {"id":"badge","constraints":{"fields":[{"path":["$.vc.type","$.type"],"filter":{"type":"array","contains":{"const":"OpenBadgeCredential"}}}]}}]}`

// TestRespond: a badge and two courses out of a record, presented
// holder-bound to a loopback verifier that verifies them, in every way a
// request can come and an answer go; each logged as sent to the verifier.
func TestRespond(t *testing.T) {
	f := newRespondFixture(t)
	v := oid4vptest.Start(t)
	n := fetch.NewClient(v.Options())
	ctx := context.Background()
	opts := oid4vp.Options{Roots: v.Roots}
	cases := []struct {
		name   string
		spec   oid4vptest.Spec
		chosen map[string][]string
		want   map[string]int
	}{
		{"dcql, did client, by value", oid4vptest.Spec{Client: oid4vptest.DID, DCQL: dcqlBadgeAndCourses},
			map[string][]string{"badge": {f.badge}, "courses": f.courses[:2]}, map[string]int{"badge": 1, "courses": 2}},
		{"dcql, did client, by reference, encrypted", oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, Encrypted: true, DCQL: dcqlBadgeAndCourses},
			map[string][]string{"badge": {f.badge}, "courses": {f.courses[2]}}, map[string]int{"badge": 1, "courses": 1}},
		{"dcql jwt, x509 client, by reference with post, encrypted", oid4vptest.Spec{Client: oid4vptest.X509, ByReference: true, Post: true, Encrypted: true, DCQL: dcqlJWT},
			map[string][]string{"badge": {f.badgeJWT}}, map[string]int{"badge": 1}},
		{"presentation definition, redirect_uri client", oid4vptest.Spec{Client: oid4vptest.Redirect, Definition: peBadgeAndCourse},
			map[string][]string{"teamwork": {f.badge}, "course": {f.courses[1]}}, map[string]int{"teamwork": 1, "course": 1}},
		{"presentation definition jwt, x509 client", oid4vptest.Spec{Client: oid4vptest.X509, Definition: peJWT},
			map[string][]string{"badge": {f.badgeJWT}}, map[string]int{"badge": 1}},
	}
	sent := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := wallet.ReadRequest(ctx, n, v.Request(t, c.spec), opts)
			if err != nil {
				t.Fatal(err)
			}
			m, err := f.w.Match(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range m.Queries {
				if len(q.Candidates) == 0 {
					t.Errorf("nothing matches %s", q.ID)
				}
				for _, cand := range q.Candidates {
					if cand.Item.ID == f.clr || cand.Item.ID == f.unbound {
						t.Errorf("%s matches %s", cand.Item.Summary.Title(), q.ID)
					}
				}
			}
			answer, err := f.w.Respond(ctx, n, req, c.chosen)
			if err != nil {
				t.Fatalf("%v (verifier: %+v)", err, v.Last())
			}
			sent++
			got := v.Last()
			if !got.Accepted || !strings.HasPrefix(answer.RedirectURI, v.Base+"/done/") {
				t.Fatalf("%+v, %+v", got, answer)
			}
			for id, n := range c.want {
				if got.Credentials[id] != n {
					t.Errorf("%s: %d credentials, want %d", id, got.Credentials[id], n)
				}
			}
		})
	}
	shares, err := f.w.Shares()
	if err != nil || len(shares) < sent {
		t.Fatalf("%d shares logged for %d responses: %v", len(shares), sent, err)
	}
	if s := shares[0]; s.How != "sent to Loopback Employer ("+v.DID+")" || s.Domain != "decentralized_identifier:"+v.DID {
		t.Errorf("logged as %q for %q", s.How, s.Domain)
	}
}

// TestRespondRefused: a verifier that checks against another nonce or
// audience refuses, and the wallet says it was refused; a choice that does
// not answer the request sends nothing.
func TestRespondRefused(t *testing.T) {
	f := newRespondFixture(t)
	v := oid4vptest.Start(t)
	n := fetch.NewClient(v.Options())
	ctx := context.Background()
	chosen := map[string][]string{"badge": {f.badge}, "courses": {f.courses[0]}}
	for _, spec := range []oid4vptest.Spec{
		{Client: oid4vptest.DID, DCQL: dcqlBadgeAndCourses, ExpectNonce: "another-nonce"},
		{Client: oid4vptest.DID, DCQL: dcqlBadgeAndCourses, ExpectAudience: "decentralized_identifier:did:key:z6MkOther"},
		{Client: oid4vptest.Redirect, DCQL: dcqlBadgeAndCourses, ExpectAudience: "https://example.com"},
	} {
		req, err := wallet.ReadRequest(ctx, n, v.Request(t, spec), oid4vp.Options{Roots: v.Roots})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.w.Respond(ctx, n, req, chosen)
		if !oid4vp.HasCode(err, oid4vp.Refused) || v.Last().Accepted {
			t.Errorf("expecting nonce %q, audience %q: %v", spec.ExpectNonce, spec.ExpectAudience, err)
		}
	}
	if shares, _ := f.w.Shares(); len(shares) != 6 || !strings.HasSuffix(shares[0].How, ", which refused it") {
		t.Errorf("refused answers logged as %d shares, %+v", len(shares), shares)
	}
	before := v.Count()
	req, err := wallet.ReadRequest(ctx, n, v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, DCQL: dcqlBadgeAndCourses}), oid4vp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string][]string{
		{"badge": {f.badge}}, // courses missing
		{"badge": {f.badge, f.badge}, "courses": {f.courses[0]}}, // one badge asked
		{"badge": {f.courses[0]}, "courses": {f.courses[1]}},     // a course is no teamwork badge
		{"badge": {f.badge}, "courses": {f.clr}},                 // the record is no course
	} {
		if _, err := f.w.Respond(ctx, n, req, bad); !oid4vp.HasCode(err, oid4vp.BadChoice) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	// An encrypted answer asked for, without a key to encrypt to.
	noKey := oid4vptest.Spec{Client: oid4vptest.DID, DCQL: dcqlBadgeAndCourses, Encrypted: true, Claims: func(p map[string]any) {
		delete(p["client_metadata"].(map[string]any), "jwks")
	}}
	req, err = wallet.ReadRequest(ctx, n, v.Request(t, noKey), oid4vp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.Respond(ctx, n, req, chosen); !oid4vp.HasCode(err, oid4vp.NoEncryption) {
		t.Errorf("no key to encrypt to: %v", err)
	}
	// A request for what the learner does not have.
	diploma := `{"credentials":[{"id":"d","format":"ldp_vc","meta":{"type_values":[["https://example.com/Diploma"]]}}]}`
	req, err = wallet.ReadRequest(ctx, n, v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, DCQL: diploma}), oid4vp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.Match(ctx, req); !oid4vp.HasCode(err, oid4vp.NoMatch) {
		t.Errorf("a diploma: %v", err)
	}
	if _, err := f.w.Respond(ctx, n, req, map[string][]string{"d": {f.badge}}); err == nil {
		t.Error("a badge sent for a diploma")
	}
	if v.Count() != before {
		t.Errorf("%d responses sent that should not have been", v.Count()-before)
	}
}
