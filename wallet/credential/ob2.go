package credential

import (
	"net/url"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// fromOB2 recognises an Open Badges 2.0 assertion; other OB 2.0 objects
// (badge classes, issuer profiles, keys, revocation lists) are explained
// and refused, since they are not something awarded to the learner.
func fromOB2(m map[string]any) (*Parsed, error) {
	switch {
	case jsonv.HasType(m, "Assertion"):
	case jsonv.HasType(m, "BadgeClass"):
		return nil, reject("this is a badge definition (an Open Badges 2.0 BadgeClass), not a badge awarded to someone; import the badge assertion instead")
	case jsonv.HasType(m, "Issuer", "Profile"):
		return nil, reject("this is an issuer's profile, not a badge; import the badge assertion instead")
	case jsonv.HasType(m, "CryptographicKey"):
		return nil, reject("this is an issuer's public key, not a badge")
	case jsonv.HasType(m, "RevocationList"):
		return nil, reject("this is an issuer's revocation list, not a badge")
	case jsonv.HasType(m, "Endorsement"):
		return nil, reject("this is an endorsement of an issuer or badge, not a badge awarded to someone")
	default:
		t := strings.Join(jsonv.Types(m), ", ")
		if t == "" {
			return nil, reject("this Open Badges 2.0 document has no type; it is malformed")
		}
		return nil, reject("this Open Badges 2.0 document is of type %s, not a badge assertion", t)
	}
	if m["badge"] == nil {
		return nil, reject("this badge assertion names no badge; it is malformed")
	}
	if m["recipient"] == nil {
		return nil, reject("this badge assertion names no recipient; it is malformed")
	}
	s := Summary{Type: "Assertion", DataModel: "OB 2.0", CredentialID: jsonv.Text(m["id"])}
	badge := jsonv.Obj(m["badge"])
	if badge == nil {
		s.BadgeURL = jsonv.Text(m["badge"])
		s.Name = "Badge from " + hostOf(s.BadgeURL)
		s.Description = "The badge's description is published at " + s.BadgeURL + "; it is fetched when the badge is verified."
	} else {
		s.setBadgeClass(ReadBadgeClass(badge, nil))
	}
	if r := jsonv.Obj(m["recipient"]); r != nil {
		typ := jsonv.Text(r["type"])
		if r["hashed"] == true {
			s.RecipientHashed = IdentityLabel(typ) + " (hashed)"
		} else if typ == "email" {
			s.RecipientEmail = jsonv.Text(r["identity"])
		} else {
			s.RecipientID = jsonv.Text(r["identity"])
		}
	}
	s.Issued = jsonv.Time(m["issuedOn"])
	s.Expires = jsonv.Time(m["expires"])
	s.Narrative = jsonv.Text(m["narrative"])
	s.Evidence = evidence(m["evidence"])
	switch v := jsonv.Obj(m["verification"]); {
	case v == nil:
	case jsonv.HasType(v, "signed", "SignedBadge"):
		s.Proofs = append(s.Proofs, "signed (OB 2.0)")
	default:
		s.Proofs = append(s.Proofs, "hosted (OB 2.0)")
	}
	p := &Parsed{Kind: KindOB2, Summary: s}
	p.Image = inlineImage(&p.Summary, m["image"], badge["image"])
	return p, nil
}

func hostOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Host
	}
	return s
}

// BadgeClass is what an Open Badges 2.0 BadgeClass, and the issuer Profile
// it names, say about the badge.
type BadgeClass struct {
	ID, Name, Description string
	Criteria, CriteriaURL string
	Alignments, Keywords  []string
	IssuerID, IssuerName  string
	IssuerURL             string
}

// ReadBadgeClass reads a BadgeClass, and its issuer Profile when the class
// names it by URL and it was fetched (issuer may be nil).
func ReadBadgeClass(badge, issuer map[string]any) BadgeClass {
	b := BadgeClass{
		ID: jsonv.Text(badge["id"]), Name: jsonv.Text(badge["name"]), Description: jsonv.Text(badge["description"]),
		Alignments: alignments(badge["alignment"]), Keywords: texts(badge["tags"]),
	}
	switch c := badge["criteria"].(type) {
	case string:
		b.CriteriaURL = c
	case map[string]any:
		b.Criteria = jsonv.Text(c["narrative"])
		b.CriteriaURL = jsonv.Text(c["id"])
	}
	if embedded := jsonv.Obj(badge["issuer"]); embedded != nil {
		issuer = embedded
	} else {
		b.IssuerID = jsonv.Text(badge["issuer"])
	}
	if issuer != nil {
		if id := jsonv.Text(issuer["id"]); id != "" {
			b.IssuerID = id
		}
		b.IssuerName = jsonv.Text(issuer["name"])
		b.IssuerURL = jsonv.Text(issuer["url"])
	}
	return b
}

func (s *Summary) setBadgeClass(b BadgeClass) {
	s.Name, s.Description, s.AchievementID = b.Name, b.Description, b.ID
	s.Alignments, s.Keywords = b.Alignments, b.Keywords
	s.Criteria, s.CriteriaURL = b.Criteria, b.CriteriaURL
	s.IssuerID, s.IssuerName, s.IssuerURL = b.IssuerID, b.IssuerName, b.IssuerURL
}

// WithBadgeClass fills in, for an OB 2.0 assertion that names its badge
// only by URL (BadgeURL), what the BadgeClass published there says, as
// verifying it fetched it: the badge's name, description, criteria and
// issuer; for one whose badge names its issuer only by URL, the issuer's
// name and website. Other summaries are returned as they are.
func (s Summary) WithBadgeClass(b BadgeClass) Summary {
	switch {
	case s.BadgeURL != "" && b.Name != "":
		s.setBadgeClass(b)
	case s.IssuerName == "" && b.IssuerName != "" && s.IssuerID == b.IssuerID:
		s.IssuerName = b.IssuerName
		if s.IssuerURL == "" {
			s.IssuerURL = b.IssuerURL
		}
	}
	return s
}
