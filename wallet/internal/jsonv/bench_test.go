package jsonv

import (
	"os"
	"path/filepath"
	"testing"
)

// benchCredential is a real signed Open Badges credential, as verification
// reads it.
func benchCredential(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "generated", "badge-teamwork-signed.json"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkDecode compares Decode with the encoding/json tokens it was
// built on before (the oracle of the tests), on one credential.
func BenchmarkDecode(b *testing.B) {
	data := benchCredential(b)
	for _, bc := range []struct {
		name   string
		decode func([]byte) (any, error)
	}{
		{"scan", Decode},
		{"tokens", func(b []byte) (any, error) { return decodeOracle(b, true) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckKeys is BenchmarkDecode for CheckKeys.
func BenchmarkCheckKeys(b *testing.B) {
	data := benchCredential(b)
	for _, bc := range []struct {
		name  string
		check func([]byte) error
	}{
		{"scan", CheckKeys},
		{"tokens", func(b []byte) error { _, err := decodeOracle(b, false); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.check(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCanonical compares Canonical with json.Encoder, which it
// replaced (the oracle of the tests), on one credential.
func BenchmarkCanonical(b *testing.B) {
	v, err := Decode(benchCredential(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name   string
		encode func(any) []byte
	}{
		{"encoder", Canonical},
		{"json.Encoder", canonicalOracle},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.encode(v)
			}
		})
	}
}
