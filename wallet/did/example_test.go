package did_test

import (
	"context"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/did"
)

func ExampleResolver_Method() {
	// did:key and did:jwk carry their key: no Fetcher needed.
	r := &did.Resolver{}
	m, err := r.Method(context.Background(), "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %T %v\n", m.Type, m.PublicKey, m.Has("assertionMethod"))

	// did:web needs one.
	_, err = r.Method(context.Background(), "did:web:example.com#key-1")
	fmt.Println(err)
	// Output:
	// Multikey ed25519.PublicKey true
	// resolving https://example.com/.well-known/did.json needs the network: offline, and no copy of it is cached
}
