package credential

import (
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Credential is what a verifiable credential says that verification reads,
// read once from its document.
type Credential struct {
	// Doc is the credential as a JSON document (numbers as json.Number):
	// as given, or, for a VC-JWT, the credential its payload carries.
	Doc map[string]any
	// Contexts are the @context entries that are strings; VCDM1 is true
	// when the first is the VC Data Model 1.1 context.
	Contexts []string
	VCDM1    bool
	Types    []string
	ID       string
	// IssuerID is the issuer's id (issuer, or issuer.id).
	IssuerID string
	// Subjects are the credentialSubject objects, in order.
	Subjects []map[string]any
	// SubjectIDs are their ids, where they have one.
	SubjectIDs []string
	// ValidFrom and ValidUntil are validFrom/validUntil, or for VCDM 1.1
	// issuanceDate/expirationDate; zero when absent or unreadable.
	ValidFrom, ValidUntil time.Time
	// Status holds the credentialStatus entries; Proofs the embedded
	// proofs; Schemas the credentialSchema entries.
	Status  []any
	Proofs  []any
	Schemas []any
}

// View reads a credential document. It never fails: what is missing is
// left empty, for the checks to report.
func View(doc map[string]any) *Credential {
	c := &Credential{
		Doc:      doc,
		Contexts: jsonv.Contexts(doc),
		VCDM1:    jsonv.IsVCDM1(doc),
		Types:    jsonv.Types(doc),
		ID:       jsonv.String(doc["id"]),
		IssuerID: jsonv.ID(doc["issuer"]),
		Status:   jsonv.List(doc["credentialStatus"]),
		Proofs:   jsonv.List(doc["proof"]),
		Schemas:  jsonv.List(doc["credentialSchema"]),
	}
	for _, s := range jsonv.List(doc["credentialSubject"]) {
		if m, ok := s.(map[string]any); ok {
			c.Subjects = append(c.Subjects, m)
			if id := jsonv.String(m["id"]); id != "" {
				c.SubjectIDs = append(c.SubjectIDs, id)
			}
		}
	}
	from, until := "validFrom", "validUntil"
	if c.VCDM1 {
		from, until = "issuanceDate", "expirationDate"
	}
	c.ValidFrom = jsonv.Time(doc[from])
	c.ValidUntil = jsonv.Time(doc[until])
	return c
}

// Subject is the first credentialSubject, or nil.
func (c *Credential) Subject() map[string]any {
	if len(c.Subjects) == 0 {
		return nil
	}
	return c.Subjects[0]
}

// HasType reports whether the credential has one of the types.
func (c *Credential) HasType(want ...string) bool { return jsonv.HasType(c.Doc, want...) }

// JWT is how a credential that came as a VC-JWT was secured.
type JWT struct {
	// Compact is the token as received.
	Compact string
	// Header and Claims are the token's protected header and payload,
	// not verified.
	Header, Claims map[string]any
	// Layout is how the payload carries the credential.
	Layout Layout
}
