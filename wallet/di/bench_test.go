package di

// Measured on the 2-core dev machine (Go 1.26, shared, so ±10%), make
// bench, after wallet/ld became our own JSON-LD engine (issue 9); before it
// in brackets:
//
//	OB3-eddsa-rdfc-2022       ~0.085 ms/op  24 kB   175 allocs  (0.60 ms, 285 kB, 1622)
//	OB3-Ed25519Signature2020  ~0.085 ms/op  23 kB   171 allocs  (0.60 ms, 282 kB, 1579)
//	CLR-vector                ~0.16 ms/op   63 kB   445 allocs  (2.3 ms, 1.1 MB, 5627)
//	CLR-20-nested             ~3.1 ms/op    0.99 MB 6446 allocs (34 ms, 14.5 MB, 81589)
//
// Where the time goes now (go test -cpuprofile, OB3-eddsa-rdfc-2022): about
// 60% Ed25519 itself; the rest canonicalizing the document (~22 µs) and the
// proof options (~11 µs), each a third expansion, a third the conversion to
// RDF and a third RDFC-1.0 with its N-Quads.
//
// Before, 70% was canonicalization and most of that json-gold's expansion:
// every node with a type made it re-read the type's scoped @context from
// its JSON form and copy the ~300-term active context on entering and
// leaving it. wallet/ld compiles each list of bundled contexts once and
// remembers the contexts made from it, so entering a scoped context is a
// lookup. A proof set canonicalizes the document once for all its proofs.

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

func benchVerify(b *testing.B, doc map[string]any, opts Options) {
	b.Helper()
	if r := Verify(context.Background(), doc, opts); len(r) == 0 || r[0].Outcome != Valid {
		b.Fatalf("not valid: %+v", r)
	}
	b.ReportAllocs()
	for b.Loop() {
		Verify(context.Background(), doc, opts)
	}
}

func BenchmarkVerify(b *testing.B) {
	ex := func(f string) map[string]any { return loadExample(b, filepath.Join(testdata, "examples", f)) }
	b.Run("OB3-eddsa-rdfc-2022", func(b *testing.B) {
		benchVerify(b, ex("ob3/validator/simple.json"), Options{Resolver: fragmentKeys})
	})
	b.Run("OB3-Ed25519Signature2020", func(b *testing.B) {
		benchVerify(b, ex("ob3/dcc-verifier-core/v2/v2NoStatus.json"), Options{})
	})
	b.Run("CLR-vector", func(b *testing.B) {
		benchVerify(b, readJSON(b, filepath.Join(vectors, "ob3-impl-guide", "clrcredential-eddsa-rdfc-2022", "signed.json")),
			Options{Resolver: fragmentKeys})
	})
	b.Run("CLR-20-nested", func(b *testing.B) {
		clr, nested := signedCLR20(b)
		opts := Options{Resolver: fragmentKeys}
		b.ReportAllocs()
		for b.Loop() {
			if r := Verify(context.Background(), clr, opts); r[0].Outcome != Valid {
				b.Fatal(r[0].Err)
			}
			for _, vc := range nested {
				if r := Verify(context.Background(), vc, opts); r[0].Outcome != Valid {
					b.Fatal(r[0].Err)
				}
			}
		}
	})
}

// signedCLR20 signs testdata/generated/clr-20-courses-unsigned.json, each
// nested credential and then the CLR, with the OB implementation guide's
// test key.
func signedCLR20(b *testing.B) (map[string]any, []map[string]any) {
	b.Helper()
	if _, err := os.Stat(filepath.Join(testdata, "generated", "clr-20-courses-unsigned.json")); err != nil {
		b.Skip(err)
	}
	clr := readJSON(b, filepath.Join(testdata, "generated", "clr-20-courses-unsigned.json"))
	exp := readJSON(b, filepath.Join(vectors, "ob3-impl-guide", "clrcredential-eddsa-rdfc-2022", "expected.json"))
	raw, _ := hex.DecodeString(exp["privateKeyHex_ed25519_seed_plus_public"].(string))
	key := ed25519.PrivateKey(raw)
	// Under the validator shortcut the key goes in the fragment of the issuer's id.
	proof := func(doc map[string]any) map[string]any {
		vm := jsonv.ID(doc["issuer"]) + "#" + exp["publicKeyMultibase"].(string)
		return map[string]any{"verificationMethod": vm, "created": "2024-01-01T00:00:00Z"}
	}

	subject := clr["credentialSubject"].(map[string]any)
	var nested []map[string]any
	for i, vc := range subject["verifiableCredential"].([]any) {
		signed, err := Sign(vc.(map[string]any), key, proof(vc.(map[string]any)))
		if err != nil {
			b.Fatalf("nested %d: %v", i, err)
		}
		subject["verifiableCredential"].([]any)[i] = signed
		nested = append(nested, signed)
	}
	signed, err := Sign(clr, key, proof(clr))
	if err != nil {
		b.Fatal(err)
	}
	return signed, nested
}
