package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// BenchmarkImport measures importing one credential into a real, encrypted
// wallet file: parse, seal, write, fsync.
func BenchmarkImport(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "ob3/validator/simple.json"))
	if err != nil {
		b.Fatal(err)
	}
	db, _ := storetest.Open(b, storetest.Secrets(b))
	w := wallet.New(db)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// A different id each time, so nothing is a duplicate.
		doc := []byte(fmt.Sprintf(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"id":"urn:uuid:%d","issuer":"did:example:1","credentialSubject":{"achievement":{"name":"x"}},"x":%s}`, i, data))
		i++
		if r := w.ImportBytes("bench.json", doc); r.Status != wallet.Imported {
			b.Fatalf("%+v", r)
		}
	}
}

// BenchmarkList measures listing a wallet of 1,000 credentials, each decrypted.
func BenchmarkList(b *testing.B) {
	db, _ := storetest.Open(b, storetest.Secrets(b))
	w := wallet.New(db)
	for i := range 1000 {
		doc := fmt.Sprintf(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"id":"urn:uuid:%d","issuer":{"id":"did:example:1","name":"Example College"},"validFrom":"2024-01-01T00:00:00Z","credentialSubject":{"achievement":{"name":"Course %d","description":"A course."}}}`, i, i)
		if r := w.ImportBytes("c.json", []byte(doc)); r.Status != wallet.Imported {
			b.Fatalf("%+v", r)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		items, err := w.Items()
		if err != nil || len(items) != 1000 {
			b.Fatal(len(items), err)
		}
	}
}
