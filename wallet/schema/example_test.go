package schema_test

import (
	"errors"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/schema"
)

func ExampleValidate() {
	doc := []byte(`{
		"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		"id": "urn:uuid:a63a60be-f4af-491e-87fc-2c8fd7c7ad2e",
		"type": ["VerifiableCredential", "OpenBadgeCredential"],
		"validFrom": "2024-05-01T00:00:00Z",
		"credentialSubject": {"type": ["AchievementSubject"], "achievement": {
			"id": "https://example.com/achievements/a", "type": ["Achievement"],
			"name": "A", "description": "An achievement.", "criteria": {"narrative": "Do it."}}}
	}`)
	err := schema.Validate(doc, schema.OBAchievementCredential)
	fmt.Println(err)

	err = schema.Validate(doc, "https://schemas.example/mine.json")
	fmt.Println(errors.Is(err, schema.ErrUnknownSchema))
	// Output:
	// the required property "issuer" is missing
	// true
}
