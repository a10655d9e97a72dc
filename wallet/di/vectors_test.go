package di

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// The vectors under testdata/vectors are copies of
// ../shared/standards/vectors (OB 3.0 implementation guide, W3C
// vc-di-eddsa and vc-di-ecdsa).
const vectors = "testdata/vectors"

func readJSON(t testing.TB, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

func readText(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func without(m map[string]any, keys ...string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// checkCanon canonicalizes doc and proof config and compares them with the
// vector's N-Quads and hashes (those given).
func checkCanon(t *testing.T, unsigned, config map[string]any, docNQ, proofNQ, docHash, proofHash string) {
	t.Helper()
	gotDoc, err := ld.Canonicalize(unsigned)
	if err != nil {
		t.Fatalf("document: %v", err)
	}
	gotProof, err := ld.Canonicalize(config)
	if err != nil {
		t.Fatalf("proof options: %v", err)
	}
	if docNQ != "" && string(gotDoc) != docNQ {
		t.Errorf("document N-Quads differ:\n got %s\nwant %s", gotDoc, docNQ)
	}
	if proofNQ != "" && string(gotProof) != proofNQ {
		t.Errorf("proof N-Quads differ:\n got %s\nwant %s", gotProof, proofNQ)
	}
	if h := sha256Hex(gotDoc); docHash != "" && h != strings.TrimSpace(docHash) {
		t.Errorf("document hash %s, want %s", h, docHash)
	}
	if h := sha256Hex(gotProof); proofHash != "" && h != strings.TrimSpace(proofHash) {
		t.Errorf("proof hash %s, want %s", h, proofHash)
	}
}

func wantValid(t *testing.T, results []Result, n int) {
	t.Helper()
	if len(results) != n {
		t.Fatalf("%d results, want %d", len(results), n)
	}
	for i, r := range results {
		if r.Outcome != Valid {
			t.Errorf("proof %d (%s %s): %v: %v", i, r.Type, r.Cryptosuite, r.Outcome, r.Err)
		}
	}
}

func TestOB3ImplementationGuideVectors(t *testing.T) {
	for _, name := range []string{"openbadgecredential-eddsa-rdfc-2022", "clrcredential-eddsa-rdfc-2022"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(vectors, "ob3-impl-guide", name)
			exp := readJSON(t, filepath.Join(dir, "expected.json"))
			unsigned := readJSON(t, filepath.Join(dir, "unsigned.json"))
			config := readJSON(t, filepath.Join(dir, "proof-config.json"))
			checkCanon(t, unsigned, config,
				readText(t, filepath.Join(dir, "document-canon.nq")), readText(t, filepath.Join(dir, "proof-canon.nq")),
				exp["documentHashHex"].(string), exp["proofHashHex"].(string))

			signed := readJSON(t, filepath.Join(dir, "signed.json"))
			results := Verify(context.Background(), signed, Options{Resolver: &did.Resolver{FragmentKeys: true}})
			wantValid(t, results, 1)
			if m := results[0].Method; m == nil || results[0].Bound || m.Bound || m.Controller != exp["controller"] {
				t.Errorf("method %+v", m)
			}

			// Signing the unsigned credential with the guide's key gives
			// the guide's proofValue (Ed25519 is deterministic).
			seedPub, _ := hex.DecodeString(exp["privateKeyHex_ed25519_seed_plus_public"].(string))
			out, err := Sign(unsigned, ed25519.PrivateKey(seedPub), without(config, "@context"))
			if err != nil {
				t.Fatal(err)
			}
			if pv := out["proof"].(map[string]any)["proofValue"]; pv != exp["proofValue"] {
				t.Errorf("Sign gave %v, want %v", pv, exp["proofValue"])
			}
		})
	}
}

// w3cKey decodes a W3C test private key: multibase of 0x80 0x26 ‖ seed.
func w3cKey(t *testing.T, mb string) ed25519.PrivateKey {
	t.Helper()
	b, err := did.DecodeBase58btc(mb)
	if err != nil || len(b) != 34 || b[0] != 0x80 || b[1] != 0x26 {
		t.Fatalf("secret key %s: %v", mb, err)
	}
	return ed25519.NewKeyFromSeed(b[2:])
}

func TestW3CEdDSAVectors(t *testing.T) {
	base := filepath.Join(vectors, "w3c-vc-di-eddsa")
	unsigned := without(readJSON(t, filepath.Join(base, "eddsa-rdfc-2022", "signedDataInt.json")), "proof")
	keyPair := readJSON(t, filepath.Join(base, "keyPair.json"))
	controller := "did:key:" + keyPair["publicKeyMultibase"].(string)
	for _, c := range []struct{ dir, suffix, signed, config string }{
		{"eddsa-rdfc-2022", "DataInt", "signedDataInt.json", "proofConfigDataInt.json"},
		{"Ed25519Signature2020", "EdSig", "signedEdSig.json", "proofConfigEdSig.json"},
	} {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join(base, c.dir)
			signed := readJSON(t, filepath.Join(dir, c.signed))
			config := readJSON(t, filepath.Join(dir, c.config))
			txt := func(n string) string { return readText(t, filepath.Join(dir, n+c.suffix+".txt")) }
			checkCanon(t, without(signed, "proof"), config, txt("canonDoc"), txt("proofCanon"), txt("docHash"), txt("proofHash"))
			// The issuer of the W3C vectors is not the key's controller, so
			// the controller is named.
			wantValid(t, Verify(context.Background(), signed, Options{Controller: controller}), 1)
			// The issuer is a URL that cannot say the key is its own: the
			// signature holds, but nothing ties it to the issuer.
			if got := Verify(context.Background(), signed, Options{}); got[0].Outcome != Valid || got[0].Bound || !errors.Is(got[0].Unbound, ErrOtherController) {
				t.Errorf("a key of someone other than the issuer: %v %v bound %v (%v)", got[0].Outcome, got[0].Err, got[0].Bound, got[0].Unbound)
			}
			if c.dir == "eddsa-rdfc-2022" {
				out, err := Sign(unsigned, w3cKey(t, keyPair["privateKeyMultibase"].(string)), without(config, "@context"))
				if err != nil {
					t.Fatal(err)
				}
				if pv := out["proof"].(map[string]any)["proofValue"]; pv != strings.TrimSpace(txt("sigBTC58")) {
					t.Errorf("Sign gave %v, want %s", pv, txt("sigBTC58"))
				}
			}
		})
	}

	// The employment vector needs a context we do not bundle: a clear
	// error, no fetch.
	employ := readJSON(t, filepath.Join(base, "eddsa-rdfc-2022", "employ", "signedDataInt.json"))
	r := Verify(context.Background(), employ, Options{Controller: controller})
	var ce *ld.ContextError
	if len(r) != 1 || r[0].Outcome != Invalid || !errors.As(r[0].Err, &ce) || ce.URL != "https://w3id.org/citizenship/v4rc1" {
		t.Errorf("employ: %+v", r)
	}
}

func TestW3CProofSetsAndChains(t *testing.T) {
	dir := filepath.Join(vectors, "w3c-vc-di-eddsa", "proof-set-chain")
	for _, name := range []string{"signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"} {
		t.Run(name, func(t *testing.T) {
			doc := readJSON(t, filepath.Join(dir, name))
			proofs := jsonv.List(doc["proof"])
			// Every proof here is by a different did:key: check each
			// against its own controller.
			for i, p := range proofs {
				vm := p.(map[string]any)["verificationMethod"].(string)
				ctrl, _, _ := strings.Cut(vm, "#")
				r := Verify(context.Background(), doc, Options{Controller: ctrl})
				if len(r) != len(proofs) || r[i].Outcome != Valid {
					t.Errorf("proof %d: %v: %v", i, r[i].Outcome, r[i].Err)
				}
			}
		})
	}
	// A chained proof whose previous proof is missing is not valid.
	doc := readJSON(t, filepath.Join(dir, "signedProofChain2.json"))
	proofs := jsonv.List(doc["proof"])
	broken := without(doc)
	broken["proof"] = []any{proofs[0], proofs[1], proofs[3]}
	r := Verify(context.Background(), broken, Options{Controller: "did:key:z6Mkm1S51iPHJvDEkJ9MRtxJmT8Pqo6wHipAFwBAjN83vntT"})
	if r[2].Outcome != Invalid || !errors.Is(r[2].Err, ErrMalformed) {
		t.Errorf("chain with a missing link: %v %v", r[2].Outcome, r[2].Err)
	}
}

func TestW3CECDSAVector(t *testing.T) {
	dir := filepath.Join(vectors, "w3c-vc-di-ecdsa", "ecdsa-rdfc-2019-p256")
	signed := readJSON(t, filepath.Join(dir, "signedECDSAP256.json"))
	txt := func(n string) string { return readText(t, filepath.Join(dir, n+"ECDSAP256.txt")) }
	checkCanon(t, without(signed, "proof"), readJSON(t, filepath.Join(dir, "proofConfigECDSAP256.json")),
		txt("canonDoc"), txt("proofCanon"), txt("docHash"), txt("proofHash"))
	const controller = "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
	r := Verify(context.Background(), signed, Options{Controller: controller})
	wantValid(t, r, 1)

	// The same proof with the value of another signature fails.
	tampered := without(signed)
	p := without(signed["proof"].(map[string]any))
	p["proofValue"] = strings.Replace(p["proofValue"].(string), "zaHX", "zaHY", 1)
	tampered["proof"] = p
	if r := Verify(context.Background(), tampered, Options{Controller: controller}); r[0].Outcome != Invalid {
		t.Errorf("tampered ECDSA signature: %v", r[0].Outcome)
	}
}
