package jose

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/lestrrat-go/jwx/v2/jwa"
)

// token is a compact JWS split and decoded, not yet verified.
type token struct {
	compact string
	header  map[string]any
	payload map[string]any
}

// split decodes a compact JWS without verifying it.
func split(compact string) (*token, error) {
	compact = strings.TrimSpace(compact)
	parts := strings.Split(compact, ".")
	if len(parts) != 3 {
		return nil, fail(Malformed, nil, "this is not a JWT: it should have three parts separated by dots, it has %d", len(parts))
	}
	hb, err := b64url(parts[0])
	if err != nil {
		return nil, fail(Malformed, err, "the JWT's header is not valid base64url")
	}
	h, err := jsonv.DecodeObject(hb)
	if err != nil {
		return nil, fail(Malformed, err, "the JWT's header is not a JSON object")
	}
	pb, err := b64url(parts[1])
	if err != nil {
		return nil, fail(Malformed, err, "the JWT's payload is not valid base64url")
	}
	p, err := jsonv.DecodeObject(pb)
	if err != nil {
		return nil, fail(Malformed, err, "the JWT's payload is not a JSON object")
	}
	return &token{compact: compact, header: h, payload: p}, nil
}

func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// allowed maps the accepted "alg" values to jwx's algorithms.
var allowed = map[string]jwa.SignatureAlgorithm{
	"RS256": jwa.RS256,
	"PS256": jwa.PS256,
	"ES256": jwa.ES256,
	"ES384": jwa.ES384,
	"EdDSA": jwa.EdDSA,
}

// privateMembers are JWK members that only private or symmetric keys have.
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// checkHeader applies the header policy and returns the algorithm.
func checkHeader(h map[string]any) (jwa.SignatureAlgorithm, error) {
	name, _ := h["alg"].(string)
	lower := strings.ToLower(name)
	switch {
	case name == "":
		return "", fail(Malformed, nil, "the JWT's header names no signature algorithm")
	case lower == "none":
		return "", fail(Refused, nil, "the token is not signed at all (alg \"none\"): anyone could have written it")
	case strings.HasPrefix(lower, "hs"):
		return "", fail(Refused, nil, "the token is sealed with a shared secret (%s), which cannot show who issued it", name)
	}
	alg, ok := allowed[name]
	if !ok {
		return "", fail(Unsupported, nil, "the token is signed with the %q algorithm, which this wallet does not check (it checks RS256, PS256, ES256, ES384 and EdDSA)", name)
	}
	for _, k := range []string{"jku", "x5u"} {
		if _, ok := h[k]; ok {
			return "", fail(Refused, nil, "the token tells the wallet to fetch its key from an address of its own choosing (%q header); that would let anyone supply the key, so it was refused", k)
		}
	}
	if _, ok := h["crit"]; ok {
		return "", fail(Refused, nil, "the token requires extensions (\"crit\" header) that this wallet does not understand")
	}
	if _, ok := h["b64"]; ok {
		return "", fail(Refused, nil, "the token uses an unencoded payload (\"b64\" header), which credentials do not use")
	}
	if typ, _ := h["typ"].(string); strings.Contains(strings.ToLower(typ), "vp") {
		return "", fail(Malformed, nil, "this token is a presentation (typ %q), not a credential", typ)
	}
	if v, ok := h["jwk"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return "", fail(Malformed, nil, "the token's \"jwk\" header is not a key")
		}
		if kty, _ := m["kty"].(string); kty == "oct" {
			return "", fail(Refused, nil, "the token's \"jwk\" header holds a secret (symmetric) key; it was refused")
		}
		for _, p := range privateMembers {
			if _, ok := m[p]; ok {
				return "", fail(Refused, nil, "the token's \"jwk\" header holds a private key (member %q); whoever made it exposed the secret signing key, so it was refused", p)
			}
		}
	}
	return alg, nil
}

// fitsAlg checks that pub is the kind of key alg is defined for, so that
// the header cannot choose how a key is used.
func fitsAlg(alg jwa.SignatureAlgorithm, pub any) error {
	ok := false
	switch alg {
	case jwa.RS256, jwa.PS256:
		_, ok = pub.(*rsa.PublicKey)
	case jwa.ES256, jwa.ES384:
		want := elliptic.P256()
		if alg == jwa.ES384 {
			want = elliptic.P384()
		}
		k, isEC := pub.(*ecdsa.PublicKey)
		ok = isEC && k.Curve == want
	case jwa.EdDSA:
		_, ok = pub.(ed25519.PublicKey)
	}
	if !ok {
		return fail(Forged, nil, "the token says it was signed with %s, but the key is %s", alg, keyKind(pub))
	}
	return nil
}

// keyKind names a public key's type in words.
func keyKind(pub any) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("an RSA key (%d bits)", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "an elliptic-curve key on " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "an Ed25519 key"
	}
	return fmt.Sprintf("of an unsupported type (%T)", pub)
}
