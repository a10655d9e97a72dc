package wallet

import (
	"crypto/sha256"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// fromDocument classifies a decoded JSON document and summarises it. claims
// are the JWT claims when the document came in a JWT.
func fromDocument(m map[string]any, claims map[string]any) (*Parsed, error) {
	ctx := strings.Join(contexts(m), " ")
	isVC := strings.Contains(ctx, "www.w3.org/2018/credentials") || strings.Contains(ctx, "www.w3.org/ns/credentials") ||
		hasType(m, "VerifiableCredential")
	isOB2 := strings.Contains(ctx, "w3id.org/openbadges") || strings.Contains(ctx, "openbadgespec.org") ||
		hasType(m, "Assertion", "BadgeClass", "Issuer", "CryptographicKey", "RevocationList")
	switch {
	case hasType(m, "VerifiablePresentation"):
		return nil, reject("this is a verifiable presentation (credentials someone is showing), not a credential to keep; import the credentials themselves")
	case isVC:
		return fromVC(m, claims)
	case isOB2:
		return fromOB2(m)
	case m["credential"] != nil || m["compactJwsString"] != nil || m["compactJwsStrings"] != nil:
		return nil, reject("this is an Open Badges API response holding several credentials; importing those is not supported yet")
	}
	return nil, reject("this JSON is not a credential: it has no @context or type used by Open Badges, CLR or Verifiable Credentials")
}

func fromVC(m map[string]any, claims map[string]any) (*Parsed, error) {
	var kind Kind
	switch {
	case hasType(m, "ClrCredential"):
		kind = KindCLR
	case hasType(m, "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"):
		kind = KindOB3
	case hasType(m, "BitstringStatusListCredential", "StatusList2021Credential"):
		return nil, reject("this is a status list an issuer publishes to revoke credentials, not a credential awarded to someone")
	default:
		t := strings.Join(types(m), ", ")
		if t == "" {
			return nil, reject("this verifiable credential has no type; it is malformed")
		}
		return nil, reject("this is a verifiable credential of type %s, which is neither an Open Badge nor a Comprehensive Learner Record", t)
	}
	if idOf(m["issuer"]) == "" {
		return nil, reject("this credential names no issuer; it is malformed and cannot be kept")
	}
	if obj(m["credentialSubject"]) == nil {
		return nil, reject("this credential has no credentialSubject (whom and what it is about); it is malformed")
	}
	p := &Parsed{Kind: kind, Summary: summarizeVC(m, kind)}
	p.Image = inlineImage(&p.Summary, m["image"], obj(m["credentialSubject"])["image"], achievementOf(m)["image"])
	if claims != nil {
		if p.Summary.CredentialID == "" {
			p.Summary.CredentialID = text(claims["jti"])
		}
		if p.Summary.Issued.IsZero() {
			p.Summary.Issued = parseTime(claims["nbf"])
		}
		if p.Summary.Expires.IsZero() {
			p.Summary.Expires = parseTime(claims["exp"])
		}
	}
	return p, nil
}

func achievementOf(m map[string]any) map[string]any {
	if a := obj(obj(m["credentialSubject"])["achievement"]); a != nil {
		return a
	}
	return map[string]any{}
}

func summarizeVC(m map[string]any, kind Kind) Summary {
	s := Summary{
		Type:         mainType(m),
		CredentialID: text(m["id"]),
		DataModel:    "VCDM 2.0",
	}
	if ctx := contexts(m); len(ctx) > 0 && strings.Contains(ctx[0], "2018/credentials") {
		s.DataModel = "VCDM 1.1"
	}
	issuer := obj(m["issuer"])
	s.IssuerID = idOf(m["issuer"])
	if issuer != nil {
		s.IssuerName = text(issuer["name"])
		s.IssuerURL = text(issuer["url"])
	}
	s.Issued = parseTime(m["awardedDate"])
	if s.Issued.IsZero() {
		s.Issued = parseTime(m["validFrom"])
	}
	if s.Issued.IsZero() {
		s.Issued = parseTime(m["issuanceDate"])
	}
	s.Expires = parseTime(m["validUntil"])
	if s.Expires.IsZero() {
		s.Expires = parseTime(m["expirationDate"])
	}
	for _, p := range list(m["proof"]) {
		pm := obj(p)
		if pm == nil {
			continue
		}
		if cs := text(pm["cryptosuite"]); cs != "" {
			s.Proofs = append(s.Proofs, cs)
		} else if t := text(pm["type"]); t != "" {
			s.Proofs = append(s.Proofs, t)
		}
	}
	subject := obj(m["credentialSubject"])
	s.RecipientID = text(subject["id"])
	s.RecipientName = text(subject["name"])
	for _, idv := range list(subject["identifier"]) {
		io := obj(idv)
		if io == nil {
			continue
		}
		typ := text(io["identityType"])
		hashed := io["hashed"] == true
		value := text(io["identityHash"])
		switch {
		case hashed:
			if s.RecipientHashed == "" {
				s.RecipientHashed = identityLabel(typ) + " (hashed)"
			}
		case typ == "emailAddress":
			s.RecipientEmail = value
		case typ == "name":
			s.RecipientName = value
		case s.RecipientID == "":
			s.RecipientID = value
		}
	}
	s.Narrative = text(subject["narrative"])
	s.Credits = text(subject["creditsEarned"])
	credName := text(m["name"])
	switch kind {
	case KindCLR:
		s.Name = credName
		s.Description = text(m["description"])
		for _, vc := range list(subject["verifiableCredential"]) {
			if a := achievementOf(obj(vc)); text(a["name"]) != "" {
				s.Achievements = append(s.Achievements, text(a["name"]))
			}
		}
		if len(s.Achievements) == 0 {
			for _, a := range list(subject["achievement"]) {
				if n := text(obj(a)["name"]); n != "" {
					s.Achievements = append(s.Achievements, n)
				}
			}
		}
	default:
		a := achievementOf(m)
		s.Name = text(a["name"])
		if s.Name == "" {
			s.Name = credName
		} else if credName != s.Name {
			s.CredentialName = credName
		}
		s.Description = text(a["description"])
		if s.Description == "" {
			s.Description = text(m["description"])
		}
		s.AchievementType = text(a["achievementType"])
		if c := obj(a["criteria"]); c != nil {
			s.Criteria = text(c["narrative"])
			s.CriteriaURL = text(c["id"])
		}
		if s.Credits == "" {
			s.Credits = text(a["creditsAvailable"])
		}
		s.Results = results(subject, a)
		if hasType(m, "EndorsementCredential") {
			s.Name = credName
			s.Description = text(subject["endorsementComment"])
			if s.Description == "" {
				s.Description = text(m["description"])
			}
		}
	}
	return s
}

func mainType(m map[string]any) string {
	for _, t := range types(m) {
		if t != "VerifiableCredential" {
			return t
		}
	}
	return "VerifiableCredential"
}

func identityLabel(t string) string {
	switch t {
	case "emailAddress", "email":
		return "email address"
	case "":
		return "identifier"
	}
	return t
}

// results renders the subject's results, labelled by the achievement's result descriptions.
func results(subject, achievement map[string]any) []string {
	labels := map[string]string{}
	for _, rd := range list(achievement["resultDescription"]) {
		if r := obj(rd); r != nil {
			labels[text(r["id"])] = text(r["name"])
		}
	}
	var out []string
	for _, rv := range list(subject["result"]) {
		r := obj(rv)
		if r == nil {
			continue
		}
		label := labels[text(r["resultDescription"])]
		if label == "" {
			label = "Result"
		}
		value := text(r["value"])
		if value == "" {
			value = text(r["achievedLevel"])
		}
		if st := text(r["status"]); st != "" {
			if value == "" {
				value = st
			} else {
				value += " (" + st + ")"
			}
		}
		if value != "" {
			out = append(out, label+": "+value)
		}
	}
	return out
}

// inlineImage records the first usable image among candidates: a data: URI
// is decoded and returned, a remote URL is noted in the summary.
func inlineImage(s *Summary, candidates ...any) []byte {
	for _, c := range candidates {
		ref := idOf(c)
		if ref == "" {
			continue
		}
		if b, mediaType, ok := decodeDataURI(ref); ok {
			if isImageType(mediaType) && len(b) > 0 {
				return b
			}
			continue
		}
		if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && s.ImageURL == "" {
			s.ImageURL = ref
		}
	}
	return nil
}

func isImageType(t string) bool {
	switch strings.ToLower(t) {
	case "image/png", "image/svg+xml", "image/jpeg", "image/jpg", "image/gif", "image/webp":
		return true
	}
	return false
}

// parseChildren indexes each credential nested in a CLR, keeping its JSON
// exactly as it appears in the CLR.
func (p *Parsed) parseChildren(doc []byte) error {
	if p.Kind != KindCLR {
		return nil
	}
	// Decode level by level: credentialSubject (or vc.credentialSubject)
	// may be an array, whose first object is the subject.
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(doc, &outer); err != nil {
		return reject("the record is malformed: %v", err)
	}
	subject := firstObject(outer["credentialSubject"])
	if subject == nil {
		var vc map[string]json.RawMessage
		if json.Unmarshal(outer["vc"], &vc) == nil {
			subject = firstObject(vc["credentialSubject"])
		}
	}
	raw := subject["verifiableCredential"]
	var items []json.RawMessage
	if len(raw) > 0 && raw[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return reject("the record's nested credentials are malformed: %v", err)
		}
	} else if len(raw) > 0 && string(raw) != "null" {
		items = []json.RawMessage{raw}
	}
	for i, it := range items {
		child, err := parseChild(it)
		if err != nil {
			return reject("nested credential %d of this record is malformed: %v", i+1, err)
		}
		p.Children = append(p.Children, child)
	}
	return nil
}

func parseChild(raw json.RawMessage) (*Parsed, error) {
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if jsonv.LooksLikeJWS([]byte(s)) {
			return parseJWSInput([]byte(s), FormatJWT, []byte(s))
		}
		return nil, reject("it is a string, not a credential")
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, reject("it is not a JSON object")
	}
	p := &Parsed{Kind: KindOB3, Format: FormatJSON, Original: append([]byte(nil), raw...)}
	if c, err := fromVC(m, nil); err == nil {
		p.Summary, p.Image = c.Summary, c.Image
	} else {
		p.Summary = summarizeVC(m, KindOB3)
	}
	p.Content = canonicalJSON(m)
	p.Hash = sha256.Sum256(p.Content)
	return p, nil
}

// firstObject decodes raw as an object, or as the first object of an array.
func firstObject(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		return m
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		for _, e := range list {
			if json.Unmarshal(e, &m) == nil {
				return m
			}
		}
	}
	return nil
}
