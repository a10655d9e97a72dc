package status_test

import (
	"context"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

func ExampleCheck() {
	credential := map[string]any{
		"id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
		"credentialStatus": map[string]any{
			"type": "1EdTechRevocationList",
			"id":   "https://issuer.example/revocations",
		},
	}
	lists := &fetch.Map{Docs: map[string][]byte{
		"https://issuer.example/revocations": []byte(`{"revokedCredential": [
			{"id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002", "revocationReason": "Issued in error."}
		]}`),
	}}
	for _, r := range status.Check(context.Background(), credential, status.Options{Fetcher: lists}) {
		fmt.Println(r.State, "-", r.Reason)
	}
	// Output:
	// revoked - Issued in error.
}
