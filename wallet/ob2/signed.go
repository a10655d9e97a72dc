package ob2

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/check"
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

// refusal is why a signed badge's header is refused, or "" when it is not.
type refusal struct {
	st     check.Status
	reason check.Reason
	args   check.Args
}

// signedAlg applies the header policy: the algorithm, or why the badge is
// refused.
func signedAlg(h map[string]any) (jwa.SignatureAlgorithm, *refusal) {
	name := jsonv.String(h["alg"])
	lower := strings.ToLower(name)
	switch {
	case lower == "none" || name == "":
		return "", &refusal{check.Fail, ReasonAlgNone, check.Args{}}
	case strings.HasPrefix(lower, "hs"):
		return "", &refusal{check.Fail, ReasonAlgHMAC, check.Args{Suite: name}}
	}
	for _, k := range []string{"jku", "x5u", "crit", "b64"} {
		if _, ok := h[k]; ok {
			return "", &refusal{check.Fail, ReasonHeaderRefused, check.Args{Value: k}}
		}
	}
	alg, ok := rsaAlgs[name]
	if !ok {
		return "", &refusal{check.Unknown, ReasonAlgUnsupported, check.Args{Suite: name}}
	}
	return alg, nil
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
		v.add(check.Format, check.Fail, ReasonHeaderUnreadable, check.Args{}, err.Error())
		return
	}
	pb, err := b64url(parts[1])
	var doc map[string]any
	if err == nil {
		doc, err = jsonv.DecodeObject(pb)
	}
	if err != nil {
		v.add(check.Format, check.Fail, ReasonPayloadUnreadable, check.Args{}, err.Error())
		return
	}
	v.res.Assertion = doc
	if !v.assertionFormat(doc) {
		return
	}
	if vt := verificationType(doc); vt != "signed" {
		v.add(check.Signature, check.Fail, ReasonSignedWrongType, check.Args{Value: vt}, "")
		return
	}
	alg, refused := signedAlg(hdr)
	var iss *node
	if badge := v.badgeClass(doc["badge"]); badge != nil {
		v.res.Badge = badge.doc
		v.sameIssuer(doc, badge)
		iss = v.issuer(badge.doc["issuer"])
		if iss != nil {
			v.res.Issuer = iss.doc
		}
	}
	switch {
	case refused != nil:
		v.add(check.Signature, refused.st, refused.reason, refused.args, "alg "+jsonv.String(hdr["alg"]))
	case iss == nil:
		v.add(check.Signature, check.Unknown, ReasonNoProfile, check.Args{}, "")
	default:
		v.checkSignature(compact, alg, doc, iss)
	}
	v.validity(doc)
	if iss != nil {
		v.revocationList(doc, iss)
	}
}

// Causes of a key that cannot be used, besides those of a document.
const (
	causeKeyOwner = "key-owner" // the key's owner (value) is not the issuer
	causeBadKey   = "bad-key"   // not a usable RSA public key
)

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
		v.add(check.Signature, check.Unknown, ReasonNoKeys, check.Args{Who: issuerID}, issuerID)
		v.add(check.IssuerKey, check.Fail, ReasonProfileNoKeys, check.Args{Who: issuerID}, issuerID)
		return
	}
	if creator := jsonv.String(verification(doc)["creator"]); creator != "" {
		var mine []profileKey
		for _, k := range keys {
			if k.id == creator {
				mine = append(mine, k)
			}
		}
		if len(mine) == 0 {
			v.add(check.Signature, check.Unknown, ReasonKeyNotIssuers, check.Args{Key: creator}, creator)
			v.add(check.IssuerKey, check.Fail, ReasonCreatorUnlisted, check.Args{Key: creator, Who: issuerID}, issuerID)
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
			v.add(check.Signature, check.Pass, ReasonSigned, check.Args{Suite: alg.String(), Key: k.id}, k.id)
			v.add(check.IssuerKey, check.Pass, ReasonKeyListed, check.Args{Who: issuerID, Key: k.id}, k.id)
			return
		}
	}
	if tried {
		v.add(check.Signature, check.Fail, ReasonSignatureInvalid, check.Args{}, "")
		return
	}
	switch last.cause {
	case causeKeyOwner:
		v.add(check.IssuerKey, check.Fail, ReasonKeyOwner, check.Args{Who: last.value, Want: issuerID, Key: last.url}, last.detail)
		v.add(check.Signature, check.Unknown, ReasonKeyNotIssuers, check.Args{Key: last.url}, "")
	case causeBadKey:
		v.add(check.IssuerKey, check.Fail, ReasonKeyUnusable, check.Args{Key: last.url}, last.detail)
		v.add(check.Signature, check.Unknown, ReasonKeyNotIssuers, check.Args{Key: last.url}, "")
	default:
		v.add(check.Signature, last.st, ReasonKeyUnfetched, last.args(), last.detail)
	}
}

// keyOf gets the RSA key of a CryptographicKey, checking its owner.
func (v *verifier) keyOf(k profileKey, issuerID, issuerURL string) (*rsa.PublicKey, *trouble) {
	doc := k.emb
	if doc == nil || jsonv.String(doc["publicKeyPem"]) == "" {
		n, t := v.load(k.id)
		if t != nil {
			return nil, t
		}
		doc = n.doc
	}
	if owner := jsonv.String(doc["owner"]); owner != "" && owner != issuerID && owner != issuerURL {
		return nil, &trouble{st: check.Fail, cause: causeKeyOwner, value: owner, url: k.id, detail: k.id}
	}
	pub, err := parsePEM(jsonv.String(doc["publicKeyPem"]))
	if err != nil {
		return nil, &trouble{st: check.Fail, cause: causeBadKey, url: k.id, detail: k.id + ": " + err.Error()}
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
		v.add(check.Revocation, check.Pass, ReasonNoRevocationList, check.Args{}, "")
		return
	}
	list := emb
	if list == nil || list["revokedAssertions"] == nil {
		n, t := v.load(addr)
		if t != nil {
			v.add(check.Revocation, check.Unknown, ReasonRevocationListUnread, t.args(), t.detail)
			return
		}
		list = n.doc
	}
	if !hasType(list, "RevocationList") {
		v.add(check.Revocation, check.Unknown, ReasonRevocationListNotAList, check.Args{URL: addr}, addr)
		return
	}
	id, uid := jsonv.String(doc["id"]), jsonv.String(doc["uid"])
	entries, _ := list["revokedAssertions"].([]any)
	for _, e := range entries {
		eid, m := ref(e)
		if m != nil && eid == "" {
			eid = jsonv.String(m["uid"])
		}
		if eid == "" || (eid != id && eid != uid) {
			continue
		}
		v.add(check.Revocation, check.Fail, ReasonRevoked, check.Args{Value: jsonv.String(m["revocationReason"]), URL: addr}, addr)
		return
	}
	v.add(check.Revocation, check.Pass, ReasonNotOnRevocationList, check.Args{URL: addr}, addr)
}
