package credential

import (
	"strings"
	"time"
)

// Kind is the family a credential belongs to.
type Kind string

// The kinds of credential a wallet holds.
const (
	KindOB2 Kind = "ob2" // Open Badges 2.0 assertion
	KindOB3 Kind = "ob3" // Open Badges 3.0 credential (also an endorsement)
	KindCLR Kind = "clr" // Comprehensive Learner Record 2.0
)

// Label is the name of the kind shown to people.
func (k Kind) Label() string {
	switch k {
	case KindOB2:
		return "Open Badge 2.0"
	case KindOB3:
		return "Open Badge 3.0"
	case KindCLR:
		return "Learner Record (CLR)"
	}
	return string(k)
}

// Format is how the original bytes of a credential are packaged.
type Format string

// The packagings a credential arrives in.
const (
	FormatJSON Format = "json" // a JSON document with an embedded proof or none
	FormatJWT  Format = "jwt"  // a compact JWS (VC-JWT or signed OB 2.0 assertion)
	FormatPNG  Format = "png"  // a PNG badge image with the credential baked in
	FormatSVG  Format = "svg"  // an SVG badge image with the credential baked in
)

// Summary is the normalised view of a credential used for listing and
// display. It is derived from the original bytes and never replaces them.
type Summary struct {
	Type            string    `json:"type"`           // e.g. OpenBadgeCredential, ClrCredential, Assertion
	DataModel       string    `json:"dataModel"`      // "VCDM 2.0", "VCDM 1.1" or "OB 2.0"
	CredentialID    string    `json:"credentialId"`   // the credential's own id
	Name            string    `json:"name"`           // achievement (or record) name
	CredentialName  string    `json:"credentialName"` // the credential's name when it differs
	Description     string    `json:"description"`
	Criteria        string    `json:"criteria"`    // criteria narrative
	CriteriaURL     string    `json:"criteriaUrl"` // criteria page
	AchievementType string    `json:"achievementType"`
	IssuerID        string    `json:"issuerId"`
	IssuerName      string    `json:"issuerName"`
	IssuerURL       string    `json:"issuerUrl"`
	RecipientID     string    `json:"recipientId"`   // DID or other subject id
	RecipientName   string    `json:"recipientName"` // a name the issuer gave
	RecipientEmail  string    `json:"recipientEmail"`
	RecipientHashed string    `json:"recipientHashed"` // e.g. "email address (hashed)"
	Issued          time.Time `json:"issued"`
	Expires         time.Time `json:"expires"`
	ImageURL        string    `json:"imageUrl"` // remote image, not yet fetched
	Proofs          []string  `json:"proofs"`   // e.g. "eddsa-rdfc-2022", "VC-JWT (RS256)"
	Narrative       string    `json:"narrative"`
	Results         []string  `json:"results"` // "Final grade: A"
	Credits         string    `json:"credits"`
	// Achievements lists, for a CLR, the achievements it records.
	Achievements []string `json:"achievements"`
	// AchievementID is the achievement's own id, which a CLR's
	// associations name.
	AchievementID string `json:"achievementId,omitempty"`
	// Alignments are the skills and frameworks the achievement aligns to
	// (their names), Keywords the tags its issuer gave it.
	Alignments []string `json:"alignments,omitempty"`
	Keywords   []string `json:"keywords,omitempty"`
	// Term is when the achievement was earned, as the record says it
	// (a term or session name), or "" when it says not.
	Term string `json:"term,omitempty"`
	// Associations are, for a CLR, how its achievements relate (a program
	// and its courses).
	Associations []Association `json:"associations,omitempty"`
	// Evidence is what the issuer gives as evidence of the achievement.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Endorsers name who endorsed the credential, its achievement or its
	// issuer, as the endorsements embedded in it say (each endorsement is
	// a credential of its own, not verified here).
	Endorsers []string `json:"endorsers,omitempty"`
	// BadgeURL is, for an OB 2.0 assertion that names its badge by URL
	// rather than embedding it, that URL: the badge's name and issuer are
	// then known once verifying fetched it (WithBadgeClass).
	BadgeURL string `json:"badgeUrl,omitempty"`
}

// Evidence is one piece of evidence: a name, words about it and where it
// is (URL, https only, or "").
type Evidence struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Narrative   string `json:"narrative,omitempty"`
	URL         string `json:"url,omitempty"`
}

// Association is one relation a CLR states between two achievements,
// named by their ids: Type is isParentOf, isChildOf, precedes, isPartOf…
type Association struct {
	Type   string `json:"type"`
	Source string `json:"source"`
	Target string `json:"target"`
}

// SummaryVersion changes whenever summaries gain what older ones lack:
// a wallet summarizes its credentials again when it finds older ones.
const SummaryVersion = 4

// Title is the best short name for the item.
func (s Summary) Title() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.CredentialName != "":
		return s.CredentialName
	}
	return "Untitled credential"
}

// Issuer is the best short name for the issuer.
func (s Summary) Issuer() string {
	switch {
	case s.IssuerName != "":
		return s.IssuerName
	case s.IssuerID != "":
		return s.IssuerID
	}
	return "Unknown issuer"
}

// Field is one line of what a credential says, as both user interfaces show
// it. Date fields carry When, for each interface to format; a Text of
// several lines holds one value per line.
type Field struct {
	Label string
	Text  string
	When  time.Time
}

// Fields lists what the summary says, in the order to show it, leaving out
// what is empty.
func (s Summary) Fields() []Field {
	var out []Field
	add := func(label, text string) {
		if text = strings.TrimSpace(text); text != "" {
			out = append(out, Field{Label: label, Text: text})
		}
	}
	addTime := func(label string, t time.Time) {
		if !t.IsZero() {
			out = append(out, Field{Label: label, When: t})
		}
	}
	if s.CredentialName != s.Name {
		add("Credential", s.CredentialName)
	}
	add("Description", s.Description)
	add("Criteria", s.Criteria)
	add("Criteria page", s.CriteriaURL)
	add("Achievement type", s.AchievementType)
	add("Issuer", s.Issuer())
	if s.IssuerName != "" {
		add("Issuer id", s.IssuerID)
	}
	add("Issuer website", s.IssuerURL)
	var recipient []string
	for _, r := range []string{s.RecipientName, s.RecipientEmail, s.RecipientID, s.RecipientHashed} {
		if r != "" {
			recipient = append(recipient, r)
		}
	}
	add("Recipient", strings.Join(recipient, "\n"))
	addTime("Issued", s.Issued)
	addTime("Expires", s.Expires)
	add("Results", strings.Join(s.Results, "\n"))
	add("Credits", s.Credits)
	add("Term", s.Term)
	add("Skills and alignments", strings.Join(s.Alignments, "\n"))
	add("Keywords", strings.Join(s.Keywords, ", "))
	add("Narrative", s.Narrative)
	add("Credential id", s.CredentialID)
	add("Proof", strings.Join(s.Proofs, ", "))
	return out
}
