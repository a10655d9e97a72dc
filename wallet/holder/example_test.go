package holder_test

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

func Example() {
	// TEST-ONLY KEY (the OB 3.0 implementation guide's): a real one comes
	// from holder.Generate and lives in the OS keyring.
	seed, _ := hex.DecodeString("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
	key, err := holder.Parse(seed)
	if err != nil {
		panic(err)
	}
	fmt.Println(key) // the DID, never the secret

	vp := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"type":     []any{"VerifiablePresentation"},
	}
	signed, err := key.SignPresentation(vp, holder.ProofOptions{
		Challenge: "n-0S6_WzA2Mj",
		Domain:    "https://employer.example",
		Created:   time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	proof := signed["proof"].(map[string]any)
	fmt.Println(signed["holder"] == key.DID(), proof["proofPurpose"], proof["cryptosuite"])

	// A credential is not signed with the learner's key.
	_, err = key.SignPresentation(map[string]any{"type": "VerifiableCredential"}, holder.ProofOptions{})
	fmt.Println(err)
	// Output:
	// did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi
	// true authentication eddsa-rdfc-2022
	// only a document typed VerifiablePresentation can be signed with the learner's key
}
