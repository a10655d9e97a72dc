package verify_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

var generateAttacks = flag.Bool("generate", false, "rewrite the files of testdata/attacks made by TestAttackFiles")

// attacksDir holds the attack table and its files.
const attacksDir = "../../testdata/attacks"

// TEST-ONLY keys of the attack files, each from a seed anyone can compute
// from its name: never trust anything they sign.
type testKey struct {
	name string
	priv ed25519.PrivateKey
	did  string // did:key of the key
}

func newTestKey(name string) testKey {
	seed := sha256.Sum256([]byte("Learner Wallet TEST-ONLY key, never trust it: " + name))
	priv := ed25519.NewKeyFromSeed(seed[:])
	return testKey{name: name, priv: priv, did: did.KeyDID(priv.Public().(ed25519.PublicKey))}
}

// fragment is the multibase key as a DID URL fragment.
func (k testKey) fragment() string { return "#" + strings.TrimPrefix(k.did, "did:key:") }

func (k testKey) holder(t *testing.T) *holder.Key {
	t.Helper()
	h, err := holder.Parse(k.priv.Seed())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var (
	// university issues honestly, as its did:key.
	university = newTestKey("university")
	// attacker signs in other issuers' names.
	attacker = newTestKey("attacker")
	// victim is the learner credentials are stolen from; thief presents them.
	victim = newTestKey("victim")
	thief  = newTestKey("thief")
)

// attackSigned is when the attack files say they were signed.
var attackSigned = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

// badge is the Teamwork badge (VCDM 2.0), unsigned, issued by issuer to
// subject (an id, or identifiers) and named name.
func badge(t *testing.T, issuer any, name string, subject map[string]any) map[string]any {
	t.Helper()
	c := cpDecode(t, example(t, "ob3/dcc-verifier-core/v2/v2NoStatus.json"))
	delete(c, "proof")
	c["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	c["id"] = "urn:uuid:7d4e0f52-attack-0000-0000-" + strings.Repeat("0", 12-len(name)%12) + strings.Repeat("a", len(name)%12)
	c["issuer"] = issuer
	c["name"] = name
	cs := c["credentialSubject"].(map[string]any)
	cs["achievement"].(map[string]any)["name"] = name // what the wallet shows as its title
	delete(cs, "id")
	for k, v := range subject {
		cs[k] = v
	}
	return c
}

// swapNameDescription trades the values of name and description in every
// object of v (moving a value to the other key when only one is there).
func swapNameDescription(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			swapNameDescription(e)
		}
	case map[string]any:
		name, hasName := x["name"]
		desc, hasDesc := x["description"]
		delete(x, "name")
		delete(x, "description")
		if hasName {
			x["description"] = name
		}
		if hasDesc {
			x["name"] = desc
		}
		for k, e := range x {
			if k != "@context" {
				swapNameDescription(e)
			}
		}
	}
}

// byEmail names the subject by e-mail address, as most issuers do.
func byEmail(email string) map[string]any {
	return map[string]any{"identifier": []any{map[string]any{
		"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": email,
	}}}
}

func byDID(d string) map[string]any { return map[string]any{"id": d} }

func profile(id, name string) map[string]any {
	return map[string]any{"id": id, "type": []any{"Profile"}, "name": name}
}

// signDI signs doc for assertion (eddsa-rdfc-2022) with priv as vm.
func signDI(t *testing.T, doc map[string]any, priv ed25519.PrivateKey, vm string) map[string]any {
	t.Helper()
	signed, err := di.Sign(doc, priv, map[string]any{"verificationMethod": vm, "created": attackSigned.Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// signVP signs a VCDM 2.0 presentation of creds by k, made at created.
func signVP(t *testing.T, k testKey, created time.Time, creds ...any) map[string]any {
	t.Helper()
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"id":                   "urn:uuid:0b7a8f3e-attack-vp00-0000-000000000001",
		"holder":               k.did,
		"verifiableCredential": creds,
	}
	signed, err := k.holder(t).SignPresentation(vp, holder.ProofOptions{Created: created, Expires: created.AddDate(100, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// signJWT signs claims as a compact JWS with k's did:key as kid.
func signJWT(t *testing.T, k testKey, typ string, claims map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	h := jws.NewHeaders()
	_ = h.Set("typ", typ)
	_ = h.Set("kid", k.did+k.fragment())
	out, err := jws.Sign(b, jws.WithKey(jwa.EdDSA, k.priv, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func indentJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// withDuplicate writes doc with key written twice at the top: first as
// decoy, then as signed. Parsers that keep the first value see the decoy,
// those that keep the last see what was signed.
func withDuplicate(t *testing.T, doc map[string]any, key string, decoy any) []byte {
	t.Helper()
	b := indentJSON(t, doc)
	d, _ := json.Marshal(decoy)
	k, _ := json.Marshal(key)
	return append([]byte("{\n  "+string(k)+": "+string(d)+","), b[1:]...)
}

// attackFiles makes the files of testdata/attacks that are signed: the
// rest (share links, a server's answer) are written by hand.
func attackFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	put := func(name string, v any) {
		switch b := v.(type) {
		case []byte:
			files[name] = b
		default:
			files[name] = indentJSON(t, v)
		}
	}
	// The forger writes the real institution's name: only the key can tell.
	forgedIssuer := func(issuer, name, vm string) map[string]any {
		return signDI(t, badge(t, profile(issuer, name), "Teamwork", byDID(victim.did)), attacker.priv, vm)
	}

	// Issuer binding: a key in the fragment of the issuer's own URL or URN.
	mit := forgedIssuer("https://www.mit.edu/", "Massachusetts Institute of Technology", "https://www.mit.edu/"+attacker.fragment())
	put("mit-fragment-key.json", mit)
	put("urn-fragment-key.json", forgedIssuer("urn:uuid:1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "Example University", "urn:uuid:1f0e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"+attacker.fragment()))
	// did:web parsing: "%40" decoded after the host check would fetch spoof.example.
	put("did-web-at-spoof.json", forgedIssuer("did:web:www.harvard.edu%40spoof.example", "Harvard University", "did:web:www.harvard.edu%40spoof.example#key-1"))
	// did:web on hosts that resolve inside the learner's network.
	put("did-web-localhost.json", forgedIssuer("did:web:localhost", "Example University", "did:web:localhost#key-1"))
	put("did-web-internal.json", forgedIssuer("did:web:internal.example.com", "Example University", "did:web:internal.example.com#key-1"))
	put("did-web-ip-literal.json", forgedIssuer("did:web:169.254.169.254", "Example University", "did:web:169.254.169.254#key-1"))

	// A status list on the learner's network.
	honest := func(name string, subject map[string]any, changes ...func(map[string]any)) map[string]any {
		c := badge(t, profile(university.did, "Example University"), name, subject)
		for _, f := range changes {
			f(c)
		}
		return signDI(t, c, university.priv, university.did+university.fragment())
	}
	put("status-list-internal.json", honest("Teamwork", byEmail("ellis.monday@example.edu"), func(c map[string]any) {
		c["credentialStatus"] = map[string]any{
			"id": "https://localhost/status/1#5", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": "5", "statusListCredential": "https://localhost/status/1",
		}
	}))

	// Records: a nested course whose own proof fails; one without a proof.
	course := func(name string) map[string]any { return honest(name, byDID(victim.did)) }
	tampered := course("Human Anatomy")
	tampered["name"] = "Neurosurgery"
	tampered["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = "Neurosurgery"
	unsigned := badge(t, profile(university.did, "Example University"), "Study Skills", byDID(victim.did))
	record := func(name string, nested ...any) map[string]any {
		c := badge(t, profile(university.did, "Example University"), name, byDID(victim.did))
		c["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
			"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
		c["type"] = []any{"VerifiableCredential", "ClrCredential"}
		c["credentialSubject"] = map[string]any{"id": victim.did, "type": []any{"ClrSubject"}, "verifiableCredential": nested}
		return signDI(t, c, university.priv, university.did+university.fragment())
	}
	put("clr-nested-bad-proof.json", record("Transcript with a changed course", course("Academic Writing"), tampered))
	put("clr-nested-no-proof.json", record("Transcript with an unsigned course", course("Academic Writing"), unsigned))

	// Duplicate keys: a name other parsers would read.
	put("duplicate-keys.json", withDuplicate(t, honest("Teamwork", byEmail("ellis.monday@example.edu")), "name", "Doctor of Medicine"))

	// Names that drive terminals and reorder text.
	hostile := "Teamwork\x1b]0;pwned\x07\x1b[2J\x1b[31m \u202egpj.exe\u200b\u2066"
	put("hostile-name.json", honest(hostile, byEmail("ellis.monday@example.edu"),
		func(c map[string]any) {
			c["issuer"].(map[string]any)["name"] = "Example\u200b University\x1b[1A\r\u2028Issued by MIT"
			c["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["name"] = hostile
			c["description"] = "Line one\x1b[2K\rLine two\u202e\x9b31m"
		}))

	// Blank nodes that all point at each other (a clique): telling them
	// apart is exponential, and canonicalization runs before the signature
	// can be checked. Built after signing: it is refused before that matters.
	poison := honest("Teamwork", byEmail("ellis.monday@example.edu"))
	const cliqueSize = 10
	nodes := make([]any, cliqueSize)
	for i := range cliqueSize {
		var refs []any
		for j := range cliqueSize {
			if j != i {
				refs = append(refs, map[string]any{"id": fmt.Sprintf("_:n%d", j)})
			}
		}
		nodes[i] = map[string]any{"id": fmt.Sprintf("_:n%d", i), "type": []any{"Achievement"}, "related": refs}
	}
	poison["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["related"] = nodes
	put("poison-blank-nodes.json", poison)

	// Swapped terms: under contexts that protect no term (VCDM 1.1 and OB
	// 3.0.0), name and description trade values in every object after
	// signing, and a @context of the document's own trades their meanings
	// back, so the canonical form is the signed one. JSON-LD allows it.
	old := badge(t, profile(university.did, "Example University"), "Teamwork", byEmail("ellis.monday@example.edu"))
	old["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json", "https://w3id.org/security/data-integrity/v1"}
	old["issuanceDate"] = old["validFrom"]
	delete(old, "validFrom")
	old["description"] = "Doctor of Medicine students worked with in the 2025 capstone project"
	swapped := signDI(t, old, university.priv, university.did+university.fragment())
	proof := swapped["proof"]
	delete(swapped, "proof")
	swapNameDescription(swapped)
	swapped["proof"] = proof
	swapped["@context"] = append(swapped["@context"].([]any), map[string]any{
		"name":        map[string]any{"@id": "https://schema.org/description", "@type": "xsd:string"},
		"description": map[string]any{"@id": "https://schema.org/name", "@type": "xsd:string"},
	})
	put("inline-context-swap.json", swapped)

	// VC-JWT layouts real issuers produced: a 2.0 credential in "vc", and a
	// 1.1 credential as the payload itself.
	v2 := badge(t, profile(university.did, "Example University"), "Teamwork", byEmail("ellis.monday@example.edu"))
	validFrom := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).Unix() // the badge's
	put("jwt-vc-claim-v2.jwt", signJWT(t, university, "JWT", map[string]any{
		"iss": university.did, "jti": v2["id"], "nbf": validFrom, "vc": v2,
	}))
	v1 := badge(t, profile(university.did, "Example University"), "Teamwork", byEmail("ellis.monday@example.edu"))
	v1["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}
	v1["issuanceDate"] = v1["validFrom"]
	delete(v1, "validFrom")
	v1["iss"], v1["nbf"], v1["jti"] = university.did, validFrom, v1["id"]
	put("jwt-payload-v11.jwt", signJWT(t, university, "JWT", v1))

	// Presentations: someone else's credential, by DID and by e-mail.
	stolen := honest("Teamwork", byDID(victim.did))
	put("issued-to-other-did.json", stolen)
	put("vp-stolen-did.json", signVP(t, thief, attackSigned, stolen))
	byMail := honest("Teamwork", byEmail("ellis.monday@example.edu"))
	put("issued-to-email.json", byMail)
	put("vp-stolen-email.json", signVP(t, thief, attackSigned, byMail))
	// Made "in 2099": never expiring in practice.
	own := honest("Teamwork", byDID(thief.did))
	put("vp-created-2099.json", signVP(t, thief, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), own))
	future := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	vpJWT := func(iat, nbf int64) []byte {
		return signJWT(t, thief, "vp+jwt", map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2"}, "type": []any{"VerifiablePresentation"},
			"holder": thief.did, "iss": thief.did, "iat": iat, "nbf": nbf, "exp": future + 3600,
			"verifiableCredential": []any{own},
		})
	}
	put("vp-jwt-iat-2099.jwt", vpJWT(future, attackSigned.Unix()))
	put("vp-jwt-nbf-2099.jwt", vpJWT(attackSigned.Unix(), future))
	// A forged issuer inside an honest presentation.
	forged := forgedIssuer("https://www.mit.edu/", "Massachusetts Institute of Technology", "https://www.mit.edu/"+attacker.fragment())
	forged["credentialSubject"].(map[string]any)["id"] = thief.did
	delete(forged, "proof")
	forged = signDI(t, forged, attacker.priv, "https://www.mit.edu/"+attacker.fragment())
	put("vp-forged-issuer.json", signVP(t, thief, attackSigned, forged))
	// A record whose nested course was changed, presented by its holder.
	put("vp-nested-bad-proof.json", signVP(t, victim, attackSigned, record("Transcript with a changed course", course("Academic Writing"), tampered)))
	// Two holders: the first for parsers that keep the first key.
	put("vp-duplicate-holder.json", withDuplicate(t, signVP(t, thief, attackSigned, own), "holder", victim.did))
	return files
}

// TestAttackFiles: the signed files of testdata/attacks are what
// attackFiles makes (ed25519 signatures are deterministic); -generate
// rewrites them.
func TestAttackFiles(t *testing.T) {
	for name, b := range attackFiles(t) {
		p := filepath.Join(attacksDir, name)
		if *generateAttacks {
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s is not what attackFiles makes (%v): run go test ./wallet/verify -run TestAttackFiles -generate", name, err)
		}
	}
}
