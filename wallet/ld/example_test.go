package ld_test

import (
	"errors"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

func ExampleCanonicalize() {
	doc := map[string]any{
		"@context":          []any{"https://www.w3.org/ns/credentials/v2"},
		"type":              []any{"VerifiableCredential"},
		"issuer":            "https://issuer.example",
		"credentialSubject": map[string]any{"id": "did:example:learner"},
	}
	nq, err := ld.Canonicalize(doc)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(nq))

	// A term the contexts do not define would not be signed: refused.
	doc["nickname"] = "Ace"
	_, err = ld.Canonicalize(doc)
	var ue *ld.UndefinedTermError
	fmt.Println(errors.As(err, &ue), ue.Term)

	// Contexts are never fetched.
	doc["@context"] = []any{"https://example.com/context.json"}
	_, err = ld.Canonicalize(doc)
	fmt.Println(err)
	// Output:
	// _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
	// _:c14n0 <https://www.w3.org/2018/credentials#credentialSubject> <did:example:learner> .
	// _:c14n0 <https://www.w3.org/2018/credentials#issuer> <https://issuer.example> .
	// true nickname
	// context not available offline: https://example.com/context.json
}
