package wallet_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// libraryOf makes n items as a wallet of that size lists them: names,
// issuers, descriptions, skills, a tag on one in ten.
func libraryOf(n int) []wallet.Item {
	items := make([]wallet.Item, n)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range items {
		items[i] = wallet.Item{
			ID: fmt.Sprintf("item%05d", i), Kind: credential.KindOB3,
			Summary: credential.Summary{
				Name:        fmt.Sprintf("Course %d: Data Analysis Methods", i),
				Description: "Applies statistical methods to real data sets; communicates findings to a general audience.",
				IssuerName:  fmt.Sprintf("College %d", i%50),
				Alignments:  []string{"Statistics (O*NET)", "Communication"},
				Issued:      start.Add(time.Duration(i) * time.Hour),
			},
		}
		if i%10 == 0 {
			items[i].Tags = []string{"Job hunt"}
		}
	}
	return items
}

// BenchmarkLibrarySearch is one keystroke in the library's search at
// 10,000 credentials, once the library is indexed (the first search folds
// every item's text; BenchmarkLibraryFirstSearch measures that).
func BenchmarkLibrarySearch(b *testing.B) {
	lib := wallet.NewLibrary(libraryOf(10000))
	now := time.Now()
	lib.Select(wallet.Query{Search: "x"}, now)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := []string{"d", "da", "dat", "data", "data an", "job"}[i%6]
		i++
		lib.Select(wallet.Query{Search: q}, now)
	}
}

// BenchmarkLibraryFirstSearch is the first search at 10,000 credentials:
// indexing, then choosing.
func BenchmarkLibraryFirstSearch(b *testing.B) {
	items := libraryOf(10000)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		wallet.NewLibrary(items).Select(wallet.Query{Search: "data"}, now)
	}
}
