package obapi_test

import (
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/obapi"
)

// A page of getCredentials: JSON credentials and VC-JWTs, each handed
// back as its own bytes for the wallet's import to verify.
func ExampleParsePage() {
	page := `{"credential": [{"id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"]}],
	          "compactJwsString": ["eyJhbGciOiJFZERTQSJ9.e30.c2ln"]}`
	creds, err := obapi.ParsePage([]byte(page))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range creds {
		fmt.Printf("%.20s\n", c)
	}
	// Output:
	// {"id": "urn:uuid:1",
	// eyJhbGciOiJFZERTQSJ9
}
