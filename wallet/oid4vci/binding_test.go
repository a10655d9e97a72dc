package oid4vci

import (
	"encoding/json"
	"os"
	"testing"
)

// TestBoundBySubjectID: a credential is issued to the key that proved
// possession only when its subject's id is that key's DID; an identifier
// naming the DID (a plaintext identityHash) does not bind it.
func TestBoundBySubjectID(t *testing.T) {
	const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	b, err := os.ReadFile("../../testdata/generated/badge-teamwork-signed.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	subject := doc["credentialSubject"].(map[string]any)
	delete(subject, "id")
	subject["identifier"] = []any{map[string]any{"type": "IdentityObject", "identityHash": did, "identityType": "identifier", "hashed": false}}
	named, _ := json.Marshal(doc)
	if err := checkIssued(named, FormatLDP, did); !hasCode(err, NotBound) {
		t.Errorf("a subject naming the DID only in an identifier: %v", err)
	}
	subject["id"] = did
	bound, _ := json.Marshal(doc)
	if err := checkIssued(bound, FormatLDP, did); err != nil {
		t.Errorf("a subject whose id is the DID: %v", err)
	}
}
