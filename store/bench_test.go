package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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

// importFolder imports dir into w and fails unless all n credentials were
// imported.
func importFolder(b *testing.B, w *wallet.Wallet, dir string, n int) {
	b.Helper()
	rs := w.ImportPaths([]string{dir}, wallet.ImportOptions{})
	if len(rs) != n {
		b.Fatalf("%d results for %d credentials", len(rs), n)
	}
	for _, r := range rs {
		if r.Status != wallet.Imported {
			b.Fatalf("%+v", r)
		}
	}
}

// BenchmarkList10000 measures listing a wallet of 10,000 credentials, in a
// real encrypted wallet file: Items (each item with its report, as the
// window shows them) and BriefItems (without reports, as lw list does).
// The wallet is made once, by importing a folder.
func BenchmarkList10000(b *testing.B) {
	const n = 10000
	dir := storetest.WriteCredentials(b, n)
	db, _ := storetest.Open(b, storetest.Secrets(b))
	w := wallet.New(db)
	importFolder(b, w, dir, n)
	for _, bc := range []struct {
		name string
		list func() ([]wallet.Item, error)
	}{{"Items", w.Items}, {"BriefItems", w.BriefItems}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				items, err := bc.list()
				if err != nil || len(items) != n {
					b.Fatal(len(items), err)
				}
			}
		})
	}
}

// BenchmarkImportFolder measures importing a folder of credentials into a
// new encrypted wallet file with ImportPaths: read, parse, verify, seal,
// write, fsync. It imports 1,000 credentials (a few seconds, so that
// make test's single run stays short); LW_BENCH_IMPORT=10000 sets another
// number. ms/credential is the cost of one.
func BenchmarkImportFolder(b *testing.B) {
	n := 1000
	if v := os.Getenv("LW_BENCH_IMPORT"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("LW_BENCH_IMPORT=%q is not a number of credentials", v)
		}
	}
	dir := storetest.WriteCredentials(b, n)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		db, _ := storetest.Open(b, storetest.Secrets(b))
		w := wallet.New(db)
		b.StartTimer()
		importFolder(b, w, dir, n)
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*n), "ms/credential")
}
