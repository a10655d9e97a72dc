package wallet_test

import (
	"context"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// BenchmarkPresent measures the learner's errand: two courses out of the
// signed 20-course record and a badge, signed and then checked by the
// wallet's own verifier (Present always checks before it returns), and the
// employer's check of the result.
func BenchmarkPresent(b *testing.B) {
	w, _, ex := ptWallet(b, clr20, badgeJSON)
	record := ex[clr20]
	ids := []string{record[1].ID, record[2].ID, ex[badgeJSON][0].ID}
	ctx := context.Background()
	for _, format := range []string{wallet.PresentLDP, wallet.PresentJWT} {
		opts := ptOptions(format)
		b.Run("sign-"+format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.Present(ctx, ids, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		p, err := w.Present(ctx, ids, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("check-"+format, func(b *testing.B) {
			b.ReportAllocs()
			popts := verify.PresentationOptions{Challenge: opts.Challenge, Domain: opts.Domain}
			for b.Loop() {
				if rep := w.CheckPresentation(ctx, p.Bytes, popts); !rep.Valid() {
					b.Fatal(verify.PresentationHeadline(rep))
				}
			}
		})
		if format == wallet.PresentLDP {
			b.Run("qr-png", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := qr.PNG(p.Bytes, -4); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
