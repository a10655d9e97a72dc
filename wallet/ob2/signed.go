package ob2

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"
)

// rsaAlgs are the algorithms accepted for signed badges: Open Badges 2.0
// keys are RSA keys given as PEM.
var rsaAlgs = map[string]jwa.SignatureAlgorithm{
	"RS256": jwa.RS256, "RS384": jwa.RS384, "RS512": jwa.RS512,
	"PS256": jwa.PS256, "PS384": jwa.PS384, "PS512": jwa.PS512,
}

// signedAlg applies the header policy: the algorithm, or the status and
// sentence to refuse the badge with.
func signedAlg(h map[string]any) (jwa.SignatureAlgorithm, Status, string) {
	name := text(h["alg"])
	lower := strings.ToLower(name)
	switch {
	case lower == "none" || name == "":
		return "", Fail, "The badge is not signed at all (no signature algorithm), so anyone could have written it."
	case strings.HasPrefix(lower, "hs"):
		return "", Fail, fmt.Sprintf("The badge is sealed with a shared secret (%s), which cannot show that its issuer signed it.", name)
	}
	for _, k := range []string{"jku", "x5u", "crit", "b64"} {
		if _, ok := h[k]; ok {
			return "", Fail, fmt.Sprintf("The signed badge's header uses %q, which the wallet refuses: a badge's key comes from its issuer's profile.", k)
		}
	}
	alg, ok := rsaAlgs[name]
	if !ok {
		return "", Unknown, fmt.Sprintf("The badge is signed with the %q algorithm, which this wallet does not check for Open Badges 2.0 (it checks RSA signatures).", name)
	}
	return alg, Pass, ""
}

// signed verifies a signed assertion (compact JWS).
func (v *verifier) signed(compact string) {
	v.res.Type = "Assertion"
	parts := strings.Split(compact, ".")
	hb, err := b64url(parts[0])
	var hdr map[string]any
	if err == nil {
		hdr, err = jsonv.DecodeObject(hb)
	}
	if err != nil {
		v.add(CheckFormat, Fail, "The signed badge's header cannot be read.", err.Error())
		return
	}
	pb, err := b64url(parts[1])
	var doc map[string]any
	if err == nil {
		doc, err = jsonv.DecodeObject(pb)
	}
	if err != nil {
		v.add(CheckFormat, Fail, "The signed badge's content cannot be read: it is not a JSON assertion.", err.Error())
		return
	}
	v.res.Assertion = doc
	if !v.assertionFormat(doc) {
		return
	}
	if vt := verificationType(doc); vt != "signed" {
		v.add(CheckSignature, Fail, fmt.Sprintf("This badge is signed, but says it is verified another way (verification type %q); it is not a valid signed badge.", vt), "")
		return
	}
	alg, st, refusal := signedAlg(hdr)
	var iss *node
	if badge := v.badgeClass(doc["badge"]); badge != nil {
		v.sameIssuer(doc, badge)
		iss = v.issuer(badge.doc["issuer"])
	}
	switch {
	case refusal != "":
		v.add(CheckSignature, st, refusal, "alg "+text(hdr["alg"]))
	case iss == nil:
		v.add(CheckSignature, Unknown, "The issuer's profile could not be read, so the key that signed the badge could not be found.", "")
	default:
		v.checkSignature(compact, alg, doc, iss)
	}
	v.validity(doc)
	if iss != nil {
		v.revocationList(doc, iss)
	}
}

// profileKey is a key an issuer profile lists: a link, or embedded.
type profileKey struct {
	id  string
	emb map[string]any
}

func listedKeys(v any) []profileKey {
	var items []any
	if l, ok := v.([]any); ok {
		items = l
	} else if v != nil {
		items = []any{v}
	}
	var out []profileKey
	for _, it := range items {
		if id, emb := ref(it); id != "" || emb != nil {
			out = append(out, profileKey{id: id, emb: emb})
		}
	}
	return out
}

// checkSignature verifies the JWS with a key the issuer's profile lists,
// and the creator the assertion names when it names one.
func (v *verifier) checkSignature(compact string, alg jwa.SignatureAlgorithm, doc map[string]any, iss *node) {
	issuerID := iss.issuerID()
	keys := listedKeys(iss.doc["publicKey"])
	if len(keys) == 0 {
		v.add(CheckSignature, Unknown, "The signature could not be checked: the issuer's profile lists no keys.", issuerID)
		v.add(CheckIssuerKey, Fail, "The issuer's profile lists no public keys, so nothing shows the badge was signed by the issuer.", issuerID)
		return
	}
	if creator := text(verification(doc)["creator"]); creator != "" {
		var mine []profileKey
		for _, k := range keys {
			if k.id == creator {
				mine = append(mine, k)
			}
		}
		if len(mine) == 0 {
			v.add(CheckSignature, Unknown, "The signature was not checked: its key is not one of the issuer's.", creator)
			v.add(CheckIssuerKey, Fail, fmt.Sprintf("The badge was signed with the key %s, which the issuer's profile does not list.", creator), issuerID)
			return
		}
		keys = mine
	}
	var last *trouble
	tried := false
	for _, k := range keys {
		pub, t := v.keyOf(k, issuerID, iss.url)
		if t != nil {
			last = t
			continue
		}
		tried = true
		if _, err := jws.Verify([]byte(compact), jws.WithKey(alg, pub)); err == nil {
			v.add(CheckSignature, Pass, "The issuer's signature ("+alg.String()+") is genuine: the badge has not been changed since it was signed.", k.id)
			v.add(CheckIssuerKey, Pass, "The signing key is listed in the issuer's profile ("+issuerID+").", k.id)
			return
		}
	}
	if tried {
		v.add(CheckSignature, Fail, "The signature does not match the issuer's key: the badge was changed after it was signed, or it is forged.", "")
		return
	}
	if last.st == Fail && strings.HasPrefix(last.phrase, "belongs to") {
		v.add(CheckIssuerKey, Fail, "The signing key "+last.phrase+".", last.detail)
		v.add(CheckSignature, Unknown, "The signature was not checked: its key is not the issuer's.", "")
		return
	}
	v.add(CheckSignature, last.st, "The issuer's key "+last.phrase+"; the signature could not be checked.", last.detail)
}

// keyOf gets the RSA key of a CryptographicKey, checking its owner.
func (v *verifier) keyOf(k profileKey, issuerID, issuerURL string) (*rsa.PublicKey, *trouble) {
	doc := k.emb
	if doc == nil || text(doc["publicKeyPem"]) == "" {
		n, t := v.load(k.id)
		if t != nil {
			return nil, t
		}
		doc = n.doc
	}
	if owner := text(doc["owner"]); owner != "" && owner != issuerID && owner != issuerURL {
		return nil, &trouble{st: Fail, phrase: fmt.Sprintf("belongs to %s, not to the issuer %s", owner, issuerID), detail: k.id}
	}
	pub, err := parsePEM(text(doc["publicKeyPem"]))
	if err != nil {
		return nil, &trouble{st: Fail, phrase: "is not a usable RSA public key", detail: k.id + ": " + err.Error()}
	}
	return pub, nil
}

func parsePEM(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if block.Type == "RSA PUBLIC KEY" {
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	if block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("PEM block %q is not a public key", block.Type)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T, not an RSA key", k)
	}
	return pub, nil
}

// revocationList looks the assertion up in its issuer's revocation list.
// A list that cannot be read leaves revocation unknown, never revoked.
func (v *verifier) revocationList(doc map[string]any, iss *node) {
	addr, emb := ref(iss.doc["revocationList"])
	if addr == "" && emb == nil {
		v.add(CheckRevocation, Pass, "The issuer publishes no revocation list, so nothing says this badge was revoked.", "")
		return
	}
	list := emb
	if list == nil || list["revokedAssertions"] == nil {
		n, t := v.load(addr)
		if t != nil {
			v.add(CheckRevocation, Unknown, "The issuer's revocation list "+t.phrase+"; whether the badge was revoked is unknown.", t.detail)
			return
		}
		list = n.doc
	}
	if !hasType(list, "RevocationList") {
		v.add(CheckRevocation, Unknown, "The issuer's revocation list is not a RevocationList; whether the badge was revoked is unknown.", addr)
		return
	}
	id, uid := text(doc["id"]), text(doc["uid"])
	entries, _ := list["revokedAssertions"].([]any)
	for _, e := range entries {
		eid, m := ref(e)
		if m != nil && eid == "" {
			eid = text(m["uid"])
		}
		if eid == "" || (eid != id && eid != uid) {
			continue
		}
		msg := "The issuer has revoked this badge"
		if r := text(m["revocationReason"]); r != "" {
			msg += ": " + r
		}
		v.add(CheckRevocation, Fail, msg+".", addr)
		return
	}
	v.add(CheckRevocation, Pass, "The badge is not on the issuer's revocation list.", addr)
}
