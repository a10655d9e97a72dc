package ob2_test

import (
	"context"
	"fmt"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
)

func ExampleVerify() {
	assertion := []byte(`{
	  "@context": "https://w3id.org/openbadges/v2",
	  "type": "Assertion",
	  "id": "https://college.example/badges/1",
	  "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
	  "badge": "https://college.example/class.json",
	  "issuedOn": "2020-01-01T00:00:00Z",
	  "verification": {"type": "hosted"}
	}`)
	web := &fetch.Map{Docs: map[string][]byte{
		"https://college.example/badges/1": assertion,
		"https://college.example/class.json": []byte(`{"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
		  "id": "https://college.example/class.json", "name": "Welding", "description": "Safe welding.",
		  "criteria": {"narrative": "Weld."}, "issuer": "https://college.example/issuer.json"}`),
		"https://college.example/issuer.json": []byte(`{"@context": "https://w3id.org/openbadges/v2", "type": "Issuer",
		  "id": "https://college.example/issuer.json", "name": "Example College",
		  "url": "https://college.example", "email": "registrar@college.example"}`),
	}}
	res := ob2.Verify(context.Background(), assertion, ob2.Options{Fetcher: web, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	for _, c := range res.Checks {
		fmt.Printf("%s: %s (%s)\n", c.ID, c.Status, c.Reason)
	}
	fmt.Println(res.Verdict())
	// Output:
	// format: pass (ob2.well-formed)
	// signature: pass (ob2.hosted-matches)
	// badge-class: pass (ob2.class-found)
	// issuer: pass (ob2.profile-found)
	// hosting: pass (ob2.hosting-allowed)
	// validity: pass (ob2.in-date)
	// revocation: pass (ob2.not-marked-revoked)
	// valid
}
