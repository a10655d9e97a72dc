package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// TestRecipients: checking again only whom a credential was issued to,
// once the learner's identities change, gives the report a whole new
// verification would give — for badges, a record and each of its courses,
// and an OB 2.0 assertion — without fetching anything.
func TestRecipients(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }
	ids := verify.Identities{Emails: []string{"ellis.monday@example.edu", "nobody@example.org"}, Names: []string{"Ellis Monday"}}
	for _, file := range []string{
		"../../testdata/generated/badge-teamwork-signed.json",
		"../../testdata/generated/badge-teamwork-signed.jwt",
		"../../testdata/generated/badge-vcdm11-signed.json",
		"../../testdata/generated/clr-20-courses-signed.json",
		filepath.Join(examples, "ob2/validator/assertion-with-extension-node-basic.json"),
	} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := credential.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			net := hostedAtID(networkFixtures(t), data)
			before := (&verify.Verifier{Fetcher: net, Now: now}).Parsed(context.Background(), p)
			want := (&verify.Verifier{Fetcher: net, Now: now, Identities: ids}).Parsed(context.Background(), p)
			got := (&verify.Verifier{Now: now, Identities: ids}).Recipients(p, before)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rechecked:\n%+v\nwant\n%+v", got, want)
			}
			if !hasReason(got, verify.RecipientYou) || hasReason(before, verify.RecipientYou) {
				t.Errorf("the learner's identities were not recognised: before %s, after %s", before.Verdict, got.Verdict)
			}
			if back := (&verify.Verifier{Now: now}).Recipients(p, got); !reflect.DeepEqual(back, before) {
				t.Errorf("identities removed again:\n%+v\nwant\n%+v", back, before)
			}
		})
	}
}

func hasReason(r verify.Report, reason check.Reason) bool {
	for _, c := range r.Checks {
		if c.Reason == reason {
			return true
		}
	}
	return false
}
