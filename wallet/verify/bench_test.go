package verify_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// BenchmarkVerify measures the whole verification of a credential, offline:
// parse, format, signature, key, schema, dates, status, recipient.
func BenchmarkVerify(b *testing.B) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	v := &verify.Verifier{Now: func() time.Time { return now }}
	read := func(f string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", f))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"ob3-eddsa-rdfc-2022", read("generated/badge-teamwork-signed.json")},
		{"ob3-Ed25519Signature2020", read("examples/ob3/dcc-verifier-core/v2/v2NoStatus.json")},
		{"ob3-vc-jwt-EdDSA", read("generated/badge-teamwork-signed.jwt")},
		{"clr-20-nested", signedCLR20(b)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if r := v.Bytes(context.Background(), bc.data); !r.Valid() {
				b.Fatalf("not valid: %s", r.Verdict)
			}
			b.ReportAllocs()
			for b.Loop() {
				v.Bytes(context.Background(), bc.data)
			}
		})
	}
}

// signedCLR20 signs the synthetic twenty-course CLR and each course in it
// with a throw-away did:key.
func signedCLR20(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "generated", "clr-20-courses-unsigned.json"))
	if err != nil {
		b.Fatal(err)
	}
	var clr map[string]any
	if err := json.Unmarshal(data, &clr); err != nil {
		b.Fatal(err)
	}
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	issuer := did.KeyDID(pub)
	vm := issuer + "#" + strings.TrimPrefix(issuer, "did:key:")
	sign := func(doc map[string]any) map[string]any {
		doc["issuer"] = map[string]any{"id": issuer, "type": []any{"Profile"}, "name": "Example College"}
		signed, err := di.Sign(doc, key, map[string]any{"verificationMethod": vm, "created": "2026-01-01T00:00:00Z"})
		if err != nil {
			b.Fatal(err)
		}
		return signed
	}
	subject := clr["credentialSubject"].(map[string]any)
	for i, vc := range subject["verifiableCredential"].([]any) {
		subject["verifiableCredential"].([]any)[i] = sign(vc.(map[string]any))
	}
	out, err := json.Marshal(sign(clr))
	if err != nil {
		b.Fatal(err)
	}
	return out
}
