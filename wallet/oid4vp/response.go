package oid4vp

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwe"
	"github.com/lestrrat-go/jwx/v2/jwk"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// VP is one signed presentation: a VP-JWT, or a Data Integrity
// presentation's JSON.
type VP struct {
	JWT  string
	JSON json.RawMessage
}

func (v VP) value() any {
	if v.JWT != "" {
		return v.JWT
	}
	return v.JSON
}

// Response is what the wallet sends: for a DCQL query, the presentations
// per query id (ByQuery); for a presentation_definition, one presentation
// (Single) and which descriptor each credential in it answers
// (Submission).
type Response struct {
	ByQuery    map[string][]VP
	Single     *VP
	Submission *Submission
}

// Submission is a Presentation Exchange presentation_submission.
type Submission struct {
	ID            string       `json:"id"`
	DefinitionID  string       `json:"definition_id"`
	DescriptorMap []Descriptor `json:"descriptor_map"`
}

// Descriptor says where, in the presentation, the credential answering an
// input descriptor is.
type Descriptor struct {
	ID         string      `json:"id"`
	Format     string      `json:"format"`
	Path       string      `json:"path"`
	PathNested *Descriptor `json:"path_nested,omitempty"`
}

// Answered says which input descriptor the credential at Index of a
// presentation's list answers.
type Answered struct {
	Descriptor string
	Index      int
}

// NewSubmission describes one presentation in format (FormatLDP or
// FormatJWT) whose credentials, in the list at the JSONPath list (such as
// "$.verifiableCredential"), answer input descriptors.
func (r *Request) NewSubmission(id, format, list string, answered []Answered) *Submission {
	vp, vc := "ldp_vp", "ldp_vc"
	if format == FormatJWT {
		vp, vc = "jwt_vp_json", "jwt_vc_json"
	}
	s := &Submission{ID: id, DefinitionID: r.Definition.ID}
	for _, a := range answered {
		s.DescriptorMap = append(s.DescriptorMap, Descriptor{ID: a.Descriptor, Format: vp, Path: "$",
			PathNested: &Descriptor{ID: a.Descriptor, Format: vc, Path: list + "[" + strconv.Itoa(a.Index) + "]"}})
	}
	return s
}

// Answer is what the verifier answered a response that it took.
type Answer struct {
	// RedirectURI is where the verifier asks the learner's browser to
	// go next (an https address), "" when it asks for nothing.
	RedirectURI string
}

// Submit sends a response to the verifier's response_uri: form-encoded
// (direct_post), or encrypted to the verifier's key (direct_post.jwt), with
// the request's state. A verifier that refuses is Refused, with what it
// said.
func Submit(ctx context.Context, n Network, r *Request, resp Response) (Answer, error) {
	params := map[string]any{}
	switch {
	case r.DCQL != nil && resp.ByQuery != nil:
		token := map[string][]any{}
		for id, vps := range resp.ByQuery {
			for _, v := range vps {
				token[id] = append(token[id], v.value())
			}
		}
		params["vp_token"] = token
	case r.Definition != nil && resp.Single != nil && resp.Submission != nil:
		params["vp_token"] = resp.Single.value()
		params["presentation_submission"] = resp.Submission
	default:
		return Answer{}, &Error{Code: BadChoice, Detail: "a response that does not fit the query"}
	}
	if r.State != "" {
		params["state"] = r.State
	}
	form := url.Values{}
	if r.ResponseMode == DirectPostJWT {
		jwt, err := encrypt(r, params)
		if err != nil {
			return Answer{}, err
		}
		form.Set("response", jwt)
	} else {
		for k, v := range params {
			if s, ok := v.(string); ok {
				form.Set(k, s)
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				return Answer{}, err
			}
			form.Set(k, string(b))
		}
	}
	res, err := n.Post(ctx, r.ResponseURI, "application/x-www-form-urlencoded", []byte(form.Encode()), nil, "application/json")
	var st *fetch.StatusError
	if errors.As(err, &st) {
		e := &Error{Code: Refused, Detail: r.ResponseURI + " answered HTTP " + strconv.Itoa(st.Code), Err: err}
		var ve VerifierError
		if json.Unmarshal(st.Body, &ve) == nil && ve.Code != "" {
			e.Verifier = &ve
		}
		return Answer{}, e
	}
	if err != nil {
		return Answer{}, &Error{Code: NoAnswer, Detail: r.ResponseURI, Err: err}
	}
	// The verifier took the answer: what it says next is only shown, and
	// an address that is not https is not.
	var a struct {
		RedirectURI string `json:"redirect_uri"`
	}
	if len(res.Body) > 0 && res.ContentType == "application/json" && decodeStrict(res.Body, &a) == nil && checkHTTPS(a.RedirectURI) == nil {
		return Answer{RedirectURI: a.RedirectURI}, nil
	}
	return Answer{}, nil
}

// encrypt makes the JWE of a direct_post.jwt response: ECDH-ES to a key
// of the verifier's, A128GCM or A256GCM.
func encrypt(r *Request, params map[string]any) (string, error) {
	key, err := encryptionKey(r.Metadata)
	if err != nil {
		return "", err
	}
	enc, err := contentEncryption(r.Metadata)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(params)
	if err != nil {
		return "", err
	}
	h := jwe.NewHeaders()
	if kid := key.KeyID(); kid != "" {
		_ = h.Set(jwk.KeyIDKey, kid)
	}
	b, err := jwe.Encrypt(payload, jwe.WithKey(jwa.ECDH_ES, key), jwe.WithContentEncryption(enc), jwe.WithProtectedHeaders(h), jwe.WithCompact())
	if err != nil {
		return "", &Error{Code: NoEncryption, Err: err}
	}
	return string(b), nil
}

// encryptionKey is the first key of the verifier's that ECDH-ES
// encrypts to: an EC P-256 or an X25519 public key, for encryption.
func encryptionKey(m ClientMetadata) (jwk.Key, error) {
	if m.JWKS == nil {
		return nil, &Error{Code: NoEncryption, Detail: "no jwks in client_metadata"}
	}
	if len(m.JWKS.Keys) > maxOptions {
		return nil, &Error{Code: TooLarge, Detail: "jwks"}
	}
	for _, raw := range m.JWKS.Keys {
		k, err := jwk.ParseKey(raw)
		if err != nil {
			continue
		}
		if isPrivate(k) {
			continue // a private key handed out is no key to trust
		}
		if u := k.KeyUsage(); u != "" && u != "enc" {
			continue
		}
		if a := k.Algorithm().String(); a != "" && a != jwa.ECDH_ES.String() {
			continue
		}
		switch k := k.(type) {
		case jwk.ECDSAPublicKey:
			if k.Crv() == jwa.P256 {
				return k, nil
			}
		case jwk.OKPPublicKey:
			if k.Crv() == jwa.X25519 {
				return k, nil
			}
		}
	}
	return nil, &Error{Code: NoEncryption, Detail: "no EC P-256 or X25519 key for ECDH-ES in jwks"}
}

func isPrivate(k jwk.Key) bool {
	switch k.(type) {
	case jwk.ECDSAPrivateKey, jwk.OKPPrivateKey, jwk.RSAPrivateKey, jwk.SymmetricKey:
		return true
	}
	return false
}

// contentEncryption is A128GCM (1.0's default) unless the verifier names
// only A256GCM.
func contentEncryption(m ClientMetadata) (jwa.ContentEncryptionAlgorithm, error) {
	values := m.EncValues
	if len(values) == 0 && m.EncDraft != "" {
		values = []string{m.EncDraft}
	}
	switch {
	case len(values) == 0 || slices.Contains(values, "A128GCM"):
		return jwa.A128GCM, nil
	case slices.Contains(values, "A256GCM"):
		return jwa.A256GCM, nil
	}
	return "", &Error{Code: NoEncryption, Detail: "no content encryption the wallet makes (A128GCM, A256GCM)"}
}
