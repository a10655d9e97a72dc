// Package check holds what a verification is made of, as codes to store:
// what was checked (ID), how it came out (Status) and why (Reason, with the
// Args the words need). Package verify decides verdicts from them and turns
// them into words; nothing decides by the words.
package check

import "time"

// Status is the outcome of one check.
type Status string

// The outcomes of a check. Unknown means it could not be decided (offline,
// unsupported); it never counts against a credential the way Fail does.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Warn    Status = "warn"
	Unknown Status = "unknown"
)

// ID names what a check is about.
type ID string

// The checks. A credential's report holds some of these; a presentation's
// own report others.
const (
	Format       ID = "format"       // the document's shape
	Signature    ID = "signature"    // the issuer's (or holder's) proof
	IssuerKey    ID = "issuer-key"   // the signing key is tied to the issuer
	Schema       ID = "schema"       // the published JSON schema
	Validity     ID = "validity"     // in date
	Revocation   ID = "revocation"   // not revoked or suspended
	Recipient    ID = "recipient"    // issued to the learner
	Endorsements ID = "endorsements" // endorsements, each on its own
	Nested       ID = "nested"       // a record's credentials, each on its own

	Hosting     ID = "hosting"     // OB 2.0: a hosted badge is on its issuer's site
	BadgeClass  ID = "badge-class" // OB 2.0: the badge's description
	IssuerCheck ID = "issuer"      // OB 2.0: the issuer's profile
	Challenge   ID = "challenge"   // a presentation answers the challenge asked for
	Domain      ID = "domain"      // a presentation was made for this recipient
	Holder      ID = "holder"      // a presented credential belongs to the presenter
	Network     ID = "network"     // how the network was reached (private addresses allowed)
)

// Reason is why a check came out as it did: a stable code, stored with the
// report. The packages that check define their reasons.
type Reason string

// Args are the particulars a reason's words need: names, addresses, dates,
// counts. They come from credentials and the network, so whoever shows them
// sanitizes them.
type Args struct {
	Suite string    `json:"suite,omitempty"` // a proof suite or JWT algorithm
	Key   string    `json:"key,omitempty"`   // a verification method or key id
	Who   string    `json:"who,omitempty"`   // an issuer, controller, holder or publisher
	URL   string    `json:"url,omitempty"`   // a web address
	When  time.Time `json:"when,omitzero"`   // a date
	Other time.Time `json:"other,omitzero"`  // a second date
	N     int       `json:"n,omitempty"`     // a count, or an HTTP status code
	Of    int       `json:"of,omitempty"`    // the whole N is part of
	Name  string    `json:"name,omitempty"`  // a credential's name
	Value string    `json:"value,omitempty"` // a value found: a challenge, a domain, an identity, a JSON key
	Want  string    `json:"want,omitempty"`  // the value asked for
	Where string    `json:"where,omitempty"` // where in a document: a JSON path
	Cause string    `json:"cause,omitempty"` // a finer reason: why a document could not be had, a layout
	Items []string  `json:"items,omitempty"` // several values: problems, differing fields, origins
}

// Check is one step of a verification.
type Check struct {
	ID     ID     `json:"id"`
	Status Status `json:"status"`
	Reason Reason `json:"reason"`
	Args   Args   `json:"args,omitzero"`
	// Detail is technical: ids, addresses, library errors. It is shown as
	// it is, for diagnosis; nothing decides by it.
	Detail string `json:"detail,omitempty"`
}
