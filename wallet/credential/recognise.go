package credential

import (
	"crypto/sha256"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// fromDocument classifies a decoded JSON document and summarises it. claims
// are the JWT claims when the document came in a JWT.
func fromDocument(m map[string]any, claims map[string]any) (*Parsed, error) {
	p, err := recognise(m, claims)
	if err != nil {
		return nil, err
	}
	p.Doc = m
	if p.Kind != KindOB2 {
		p.Cred = View(m)
	}
	return p, nil
}

// recognise says what kind of document m is, and summarises it.
func recognise(m map[string]any, claims map[string]any) (*Parsed, error) {
	ctx := strings.Join(jsonv.Contexts(m), " ")
	isVC := strings.Contains(ctx, "www.w3.org/2018/credentials") || strings.Contains(ctx, "www.w3.org/ns/credentials") ||
		jsonv.HasType(m, "VerifiableCredential")
	isOB2 := strings.Contains(ctx, "w3id.org/openbadges") || strings.Contains(ctx, "openbadgespec.org") ||
		jsonv.HasType(m, "Assertion", "BadgeClass", "Issuer", "CryptographicKey", "RevocationList")
	switch {
	case jsonv.HasType(m, "VerifiablePresentation"):
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
	case jsonv.HasType(m, "ClrCredential"):
		kind = KindCLR
	case jsonv.HasType(m, "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"):
		kind = KindOB3
	case jsonv.HasType(m, "BitstringStatusListCredential", "StatusList2021Credential"):
		return nil, reject("this is a status list an issuer publishes to revoke credentials, not a credential awarded to someone")
	default:
		t := strings.Join(jsonv.Types(m), ", ")
		if t == "" {
			return nil, reject("this verifiable credential has no type; it is malformed")
		}
		return nil, reject("this is a verifiable credential of type %s, which is neither an Open Badge nor a Comprehensive Learner Record", t)
	}
	if jsonv.IDOf(m["issuer"]) == "" {
		return nil, reject("this credential names no issuer; it is malformed and cannot be kept")
	}
	if jsonv.Obj(m["credentialSubject"]) == nil {
		return nil, reject("this credential has no credentialSubject (whom and what it is about); it is malformed")
	}
	p := &Parsed{Kind: kind, Summary: summarizeVC(m, kind)}
	p.Image = inlineImage(&p.Summary, m["image"], jsonv.Obj(m["credentialSubject"])["image"], achievementOf(m)["image"])
	if claims != nil {
		if p.Summary.CredentialID == "" {
			p.Summary.CredentialID = jsonv.Text(claims["jti"])
		}
		if p.Summary.Issued.IsZero() {
			p.Summary.Issued = jsonv.Time(claims["nbf"])
		}
		if p.Summary.Expires.IsZero() {
			p.Summary.Expires = jsonv.Time(claims["exp"])
		}
	}
	return p, nil
}

func achievementOf(m map[string]any) map[string]any {
	if a := jsonv.Obj(jsonv.Obj(m["credentialSubject"])["achievement"]); a != nil {
		return a
	}
	return map[string]any{}
}

func summarizeVC(m map[string]any, kind Kind) Summary {
	s := Summary{
		Type:         mainType(m),
		CredentialID: jsonv.Text(m["id"]),
		DataModel:    "VCDM 2.0",
	}
	if jsonv.IsVCDM1(m) {
		s.DataModel = "VCDM 1.1"
	}
	issuer := jsonv.Obj(m["issuer"])
	s.IssuerID = jsonv.IDOf(m["issuer"])
	if issuer != nil {
		s.IssuerName = jsonv.Text(issuer["name"])
		s.IssuerURL = jsonv.Text(issuer["url"])
	}
	s.Issued = jsonv.Time(m["awardedDate"])
	if s.Issued.IsZero() {
		s.Issued = jsonv.Time(m["validFrom"])
	}
	if s.Issued.IsZero() {
		s.Issued = jsonv.Time(m["issuanceDate"])
	}
	s.Expires = jsonv.Time(m["validUntil"])
	if s.Expires.IsZero() {
		s.Expires = jsonv.Time(m["expirationDate"])
	}
	for _, p := range jsonv.List(m["proof"]) {
		pm := jsonv.Obj(p)
		if pm == nil {
			continue
		}
		if cs := jsonv.Text(pm["cryptosuite"]); cs != "" {
			s.Proofs = append(s.Proofs, cs)
		} else if t := jsonv.Text(pm["type"]); t != "" {
			s.Proofs = append(s.Proofs, t)
		}
	}
	subject := jsonv.Obj(m["credentialSubject"])
	s.RecipientID = jsonv.Text(subject["id"])
	s.RecipientName = jsonv.Text(subject["name"])
	for _, idv := range jsonv.List(subject["identifier"]) {
		io := jsonv.Obj(idv)
		if io == nil {
			continue
		}
		typ := jsonv.Text(io["identityType"])
		hashed := io["hashed"] == true
		value := jsonv.Text(io["identityHash"])
		switch {
		case hashed:
			if s.RecipientHashed == "" {
				s.RecipientHashed = IdentityLabel(typ) + " (hashed)"
			}
		case typ == "emailAddress":
			s.RecipientEmail = value
		case typ == "name":
			s.RecipientName = value
		case s.RecipientID == "":
			s.RecipientID = value
		}
	}
	s.Narrative = jsonv.Text(subject["narrative"])
	s.Credits = jsonv.Text(subject["creditsEarned"])
	s.Term = jsonv.Text(subject["term"])
	s.Evidence = evidence(m["evidence"])
	s.Endorsers = endorsers(m["endorsement"], achievementOf(m)["endorsement"], jsonv.Obj(m["issuer"])["endorsement"])
	credName := jsonv.Text(m["name"])
	switch kind {
	case KindCLR:
		s.Name = credName
		s.Description = jsonv.Text(m["description"])
		for _, vc := range jsonv.List(subject["verifiableCredential"]) {
			if a := achievementOf(jsonv.Obj(vc)); jsonv.Text(a["name"]) != "" {
				s.Achievements = append(s.Achievements, jsonv.Text(a["name"]))
			}
		}
		if len(s.Achievements) == 0 {
			for _, a := range jsonv.List(subject["achievement"]) {
				if n := jsonv.Text(jsonv.Obj(a)["name"]); n != "" {
					s.Achievements = append(s.Achievements, n)
				}
			}
		}
		for _, av := range jsonv.List(subject["association"]) {
			a := jsonv.Obj(av)
			if a == nil {
				continue
			}
			as := Association{Type: jsonv.Text(a["associationType"]), Source: jsonv.Text(a["sourceId"]), Target: jsonv.Text(a["targetId"])}
			if as.Type != "" && as.Source != "" && as.Target != "" && len(s.Associations) < maxAssociations {
				s.Associations = append(s.Associations, as)
			}
		}
	default:
		a := achievementOf(m)
		s.Name = jsonv.Text(a["name"])
		if s.Name == "" {
			s.Name = credName
		} else if credName != s.Name {
			s.CredentialName = credName
		}
		s.Description = jsonv.Text(a["description"])
		if s.Description == "" {
			s.Description = jsonv.Text(m["description"])
		}
		s.AchievementType = jsonv.Text(a["achievementType"])
		s.AchievementID = jsonv.Text(a["id"])
		s.Alignments = alignments(a["alignment"])
		s.Keywords = texts(a["tag"])
		if c := jsonv.Obj(a["criteria"]); c != nil {
			s.Criteria = jsonv.Text(c["narrative"])
			s.CriteriaURL = jsonv.Text(c["id"])
		}
		if s.Credits == "" {
			s.Credits = jsonv.Text(a["creditsAvailable"])
		}
		s.Results = results(subject, a)
		if jsonv.HasType(m, "EndorsementCredential") {
			s.Name = credName
			s.Description = jsonv.Text(subject["endorsementComment"])
			if s.Description == "" {
				s.Description = jsonv.Text(m["description"])
			}
		}
	}
	return s
}

func mainType(m map[string]any) string {
	for _, t := range jsonv.Types(m) {
		if t != "VerifiableCredential" {
			return t
		}
	}
	return "VerifiableCredential"
}

func IdentityLabel(t string) string {
	switch t {
	case "emailAddress", "email":
		return "email address"
	case "":
		return "identifier"
	}
	return t
}

// results renders the subject's results, labelled by the achievement's result descriptions.
// maxListed bounds the evidence and endorsers kept from one credential.
const maxListed = 100

// evidence lists a credential's evidence (OB 3.0 Evidence, OB 2.0
// Evidence objects or URLs). A URL is kept only when it is https.
func evidence(v any) []Evidence {
	var out []Evidence
	for _, ev := range jsonv.List(v) {
		var e Evidence
		if m := jsonv.Obj(ev); m != nil {
			e = Evidence{Name: jsonv.Text(m["name"]), Description: jsonv.Text(m["description"]), Narrative: jsonv.Text(m["narrative"]), URL: jsonv.Text(m["id"])}
		} else {
			e.URL = jsonv.Text(ev)
		}
		if !strings.HasPrefix(e.URL, "https://") {
			e.URL = ""
		}
		if e != (Evidence{}) && len(out) < maxListed {
			out = append(out, e)
		}
	}
	return out
}

// endorsers names who endorsed, from embedded EndorsementCredentials:
// each one's issuer name (or id).
func endorsers(lists ...any) []string {
	var out []string
	for _, l := range lists {
		for _, ev := range jsonv.List(l) {
			e := jsonv.Obj(ev)
			if e == nil {
				continue
			}
			name := jsonv.Text(jsonv.Obj(e["issuer"])["name"])
			if name == "" {
				name = jsonv.IDOf(e["issuer"])
			}
			if name != "" && !slices.Contains(out, name) && len(out) < maxListed {
				out = append(out, name)
			}
		}
	}
	return out
}

// maxAssociations bounds the associations kept from one record.
const maxAssociations = 10000

// alignments names what an achievement (OB 3.0) or badge (OB 2.0) aligns
// to: each alignment's target name, with its framework when it has one.
func alignments(v any) []string {
	var out []string
	for _, av := range jsonv.List(v) {
		a := jsonv.Obj(av)
		if a == nil {
			continue
		}
		name := jsonv.Text(a["targetName"])
		if fw := jsonv.Text(a["targetFramework"]); fw != "" && name != "" {
			name += " (" + fw + ")"
		}
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// texts are the strings of a value that is a string or a list of them.
func texts(v any) []string {
	var out []string
	for _, t := range jsonv.List(v) {
		if s := jsonv.Text(t); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func results(subject, achievement map[string]any) []string {
	labels := map[string]string{}
	for _, rd := range jsonv.List(achievement["resultDescription"]) {
		if r := jsonv.Obj(rd); r != nil {
			labels[jsonv.Text(r["id"])] = jsonv.Text(r["name"])
		}
	}
	var out []string
	for _, rv := range jsonv.List(subject["result"]) {
		r := jsonv.Obj(rv)
		if r == nil {
			continue
		}
		label := labels[jsonv.Text(r["resultDescription"])]
		if label == "" {
			label = "Result"
		}
		value := jsonv.Text(r["value"])
		if value == "" {
			value = jsonv.Text(r["achievedLevel"])
		}
		if st := jsonv.Text(r["status"]); st != "" {
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
		ref := jsonv.IDOf(c)
		if ref == "" {
			continue
		}
		if b, mediaType, ok := jsonv.DataURI(ref); ok {
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
	p := &Parsed{Kind: KindOB3, Format: FormatJSON, Original: append([]byte(nil), raw...), Doc: m, Cred: View(m)}
	if c, err := fromVC(m, nil); err == nil {
		p.Summary, p.Image = c.Summary, c.Image
	} else {
		p.Summary = summarizeVC(m, KindOB3)
	}
	p.Content = jsonv.Canonical(m)
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
