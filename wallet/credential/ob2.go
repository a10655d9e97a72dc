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
		badgeURL := jsonv.Text(m["badge"])
		s.Name = "Badge from " + hostOf(badgeURL)
		s.Description = "The badge's description is published at " + badgeURL + "; it is fetched when the badge is verified."
	} else {
		s.Name = jsonv.Text(badge["name"])
		s.Description = jsonv.Text(badge["description"])
		s.AchievementID = jsonv.Text(badge["id"])
		s.Alignments = alignments(badge["alignment"])
		s.Keywords = texts(badge["tags"])
		switch c := badge["criteria"].(type) {
		case string:
			s.CriteriaURL = c
		case map[string]any:
			s.Criteria = jsonv.Text(c["narrative"])
			s.CriteriaURL = jsonv.Text(c["id"])
		}
		if issuer := jsonv.Obj(badge["issuer"]); issuer != nil {
			s.IssuerID = jsonv.Text(issuer["id"])
			s.IssuerName = jsonv.Text(issuer["name"])
			s.IssuerURL = jsonv.Text(issuer["url"])
		} else {
			s.IssuerID = jsonv.Text(badge["issuer"])
		}
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
