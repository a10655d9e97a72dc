package oid4vp

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jws"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// RequestObjectType is the typ of a signed request object (RFC 9101).
const RequestObjectType = "oauth-authz-req+jwt"

// maxChain is how many certificates an x5c chain may hold.
const maxChain = 8

// verifyObject checks a signed request object against the client_id it
// came under (the link's), and returns its claims.
func verifyObject(ctx context.Context, n Network, object, clientID string, opts Options) (map[string]json.RawMessage, error) {
	if len(object) > maxRequestObject {
		return nil, &Error{Code: TooLarge}
	}
	msg, err := jws.Parse([]byte(object))
	if err != nil || len(msg.Signatures()) != 1 {
		return nil, &Error{Code: BadSignature, Detail: "not a signed request object"}
	}
	h := msg.Signatures()[0].ProtectedHeaders()
	if h.Type() != RequestObjectType {
		return nil, &Error{Code: BadSignature, Detail: "typ " + h.Type() + ", not " + RequestObjectType}
	}
	alg := h.Algorithm()
	prefix, id, _ := strings.Cut(clientID, ":")
	var key crypto.PublicKey
	switch prefix {
	case PrefixDID:
		key, err = didKey(ctx, n, h.KeyID(), id)
	case PrefixX509DNS:
		key, err = x509Key(h, id, opts)
	case PrefixRedirectURI:
		return nil, &Error{Code: WrongClient, Detail: "a signed request under redirect_uri"}
	default:
		return nil, &Error{Code: UnknownClient, Detail: clientID}
	}
	if err != nil {
		return nil, err
	}
	if !algFits(alg, key) {
		return nil, &Error{Code: BadSignature, Detail: "alg " + alg.String() + " does not fit the key"}
	}
	payload, err := jws.Verify([]byte(object), jws.WithKey(alg, key))
	if err != nil {
		return nil, &Error{Code: BadSignature, Detail: err.Error()}
	}
	if _, err := jsonv.DecodeObject(payload); err != nil {
		return nil, &Error{Code: Malformed, Detail: err.Error()}
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, &Error{Code: Malformed, Detail: err.Error()}
	}
	if err := checkTimes(claims, opts.now()); err != nil {
		return nil, err
	}
	return claims, nil
}

// checkTimes refuses a request object that has expired, or is not yet
// valid.
func checkTimes(claims map[string]json.RawMessage, now time.Time) error {
	const skew = 5 * time.Minute
	read := func(name string) (time.Time, bool) {
		var v float64
		if raw, ok := claims[name]; ok && json.Unmarshal(raw, &v) == nil {
			return time.Unix(int64(v), 0), true
		}
		return time.Time{}, false
	}
	if exp, ok := read("exp"); ok && now.After(exp.Add(skew)) {
		return &Error{Code: BadSignature, Detail: "the request object expired at " + exp.UTC().Format(time.RFC3339)}
	}
	if nbf, ok := read("nbf"); ok && now.Add(skew).Before(nbf) {
		return &Error{Code: BadSignature, Detail: "the request object is not valid before " + nbf.UTC().Format(time.RFC3339)}
	}
	return nil
}

// didKey is the key a request object under decentralized_identifier:DID
// is signed with: the kid, a verification method of that DID.
func didKey(ctx context.Context, n Network, kid, clientDID string) (crypto.PublicKey, error) {
	base, _, _ := strings.Cut(kid, "#")
	if kid == "" || base != clientDID {
		return nil, &Error{Code: WrongClient, Detail: "kid " + kid + " is not a key of " + clientDID}
	}
	m, err := (&did.Resolver{Fetcher: n}).Method(ctx, kid)
	if err != nil {
		return nil, &Error{Code: WrongClient, Detail: "kid " + kid, Err: err}
	}
	if m.Controller != clientDID || !m.Bound {
		return nil, &Error{Code: WrongClient, Detail: "kid " + kid + " is not bound to " + clientDID}
	}
	return m.PublicKey, nil
}

// x509Key is the key a request object under x509_san_dns:NAME is signed
// with: its x5c chain's first certificate, which must lead to a trusted
// root and name NAME among its DNS names.
func x509Key(h jws.Headers, name string, opts Options) (crypto.PublicKey, error) {
	chain := h.X509CertChain()
	if chain == nil || chain.Len() == 0 {
		return nil, &Error{Code: WrongClient, Detail: "no x5c certificate chain"}
	}
	if chain.Len() > maxChain {
		return nil, &Error{Code: TooLarge, Detail: "x5c"}
	}
	var certs []*x509.Certificate
	for i := range chain.Len() {
		b, _ := chain.Get(i)
		der, err := base64.StdEncoding.DecodeString(string(b))
		if err != nil {
			der = b // already decoded
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, &Error{Code: WrongClient, Detail: "x5c: " + err.Error()}
		}
		certs = append(certs, c)
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	leaf := certs[0]
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: opts.Roots, Intermediates: inter, CurrentTime: opts.now(),
		// A verifier's certificate signs requests; it need not serve TLS.
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		return nil, &Error{Code: WrongClient, Detail: "the certificate is not trusted", Err: err}
	}
	if !slices.ContainsFunc(leaf.DNSNames, func(s string) bool { return strings.EqualFold(s, name) }) {
		return nil, &Error{Code: WrongClient, Detail: "the certificate is not for " + name}
	}
	return leaf.PublicKey, nil
}

// algFits reports whether a signature algorithm fits a key (and is one
// the wallet takes: never none, nor HMAC).
func algFits(alg jwa.SignatureAlgorithm, key crypto.PublicKey) bool {
	switch k := key.(type) {
	case ed25519.PublicKey:
		return alg == jwa.EdDSA
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return alg == jwa.ES256
		case elliptic.P384():
			return alg == jwa.ES384
		case elliptic.P521():
			return alg == jwa.ES512
		}
	case *rsa.PublicKey:
		return slices.Contains([]jwa.SignatureAlgorithm{jwa.RS256, jwa.RS384, jwa.RS512, jwa.PS256, jwa.PS384, jwa.PS512}, alg) && k.N.BitLen() >= 2048
	}
	return false
}
