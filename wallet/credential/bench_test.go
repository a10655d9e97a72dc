package credential_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// BenchmarkParse measures recognising and summarising a credential from its
// bytes, per packaging.
func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"ob3-json", "ob3/validator/simple.json"},
		{"ob3-jwt", "ob3/validator/simple.jwt"},
		{"ob3-baked-png", "ob3/validator/simple-json.png"},
		{"ob3-baked-svg", "ob3/validator/simple-jwt.svg"},
		{"ob2-json", "ob2/validator/assertion-with-endorsements.json"},
		{"clr-6-nested", "examples/clr2/validator/complex.json"},
		{"clr-20-nested", "generated/clr-20-courses-unsigned.json"},
	} {
		if !strings.Contains(bc.file, "/") || !strings.HasPrefix(bc.file, "generated/") && !strings.HasPrefix(bc.file, "examples/") {
			bc.file = "examples/" + bc.file
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", bc.file))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := credential.Parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
