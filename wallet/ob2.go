package wallet

import (
	"net/url"
	"strings"
)

// fromOB2 recognises an Open Badges 2.0 assertion; other OB 2.0 objects
// (badge classes, issuer profiles, keys, revocation lists) are explained
// and refused, since they are not something awarded to the learner.
func fromOB2(m map[string]any) (*Parsed, error) {
	switch {
	case hasType(m, "Assertion"):
	case hasType(m, "BadgeClass"):
		return nil, reject("this is a badge definition (an Open Badges 2.0 BadgeClass), not a badge awarded to someone; import the badge assertion instead")
	case hasType(m, "Issuer", "Profile"):
		return nil, reject("this is an issuer's profile, not a badge; import the badge assertion instead")
	case hasType(m, "CryptographicKey"):
		return nil, reject("this is an issuer's public key, not a badge")
	case hasType(m, "RevocationList"):
		return nil, reject("this is an issuer's revocation list, not a badge")
	case hasType(m, "Endorsement"):
		return nil, reject("this is an endorsement of an issuer or badge, not a badge awarded to someone")
	default:
		t := strings.Join(types(m), ", ")
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
	s := Summary{Type: "Assertion", DataModel: "OB 2.0", CredentialID: text(m["id"])}
	badge := obj(m["badge"])
	if badge == nil {
		badgeURL := text(m["badge"])
		s.Name = "Badge from " + hostOf(badgeURL)
		s.Description = "The badge's description is published at " + badgeURL + "; it is fetched when the badge is verified."
	} else {
		s.Name = text(badge["name"])
		s.Description = text(badge["description"])
		switch c := badge["criteria"].(type) {
		case string:
			s.CriteriaURL = c
		case map[string]any:
			s.Criteria = text(c["narrative"])
			s.CriteriaURL = text(c["id"])
		}
		if issuer := obj(badge["issuer"]); issuer != nil {
			s.IssuerID = text(issuer["id"])
			s.IssuerName = text(issuer["name"])
			s.IssuerURL = text(issuer["url"])
		} else {
			s.IssuerID = text(badge["issuer"])
		}
	}
	if r := obj(m["recipient"]); r != nil {
		typ := text(r["type"])
		if r["hashed"] == true {
			s.RecipientHashed = identityLabel(typ) + " (hashed)"
		} else if typ == "email" {
			s.RecipientEmail = text(r["identity"])
		} else {
			s.RecipientID = text(r["identity"])
		}
	}
	s.Issued = parseTime(m["issuedOn"])
	s.Expires = parseTime(m["expires"])
	s.Narrative = text(m["narrative"])
	switch v := obj(m["verification"]); {
	case v == nil:
	case hasType(v, "signed", "SignedBadge"):
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
