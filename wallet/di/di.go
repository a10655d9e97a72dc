// Package di verifies and creates Data Integrity proofs embedded in
// credentials and presentations: DataIntegrityProof with the eddsa-rdfc-2022
// (and its deprecated name eddsa-2022) and ecdsa-rdfc-2019 cryptosuites,
// and the legacy Ed25519Signature2020.
//
// For each proof, the document without its proofs and the proof's options
// are canonicalized (RDFC-1.0, safe mode, bundled contexts only; see package
// ld), hashed, and the signature is checked with the key its
// verificationMethod resolves to (package did). The key must be listed by
// its controller for the proof's purpose, and the controller must be the
// credential's issuer (or the presentation's holder).
package di

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// Outcome is what checking one proof came to.
type Outcome int

// Outcomes. The zero value is Invalid, so a Result nobody filled in never
// reads as valid.
const (
	Invalid      Outcome = iota // the proof does not hold: wrong signature, wrong key, broken document
	Valid                       // the signature verifies with a key of the expected controller
	Unsupported                 // a proof type or cryptosuite this wallet does not check
	Unresolvable                // the key could not be obtained (offline, unknown DID method, 404, ...)
)

func (o Outcome) String() string {
	switch o {
	case Valid:
		return "valid"
	case Invalid:
		return "invalid"
	case Unsupported:
		return "unsupported"
	case Unresolvable:
		return "unresolvable"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Options says what a proof must satisfy.
type Options struct {
	// Resolver resolves verification methods; nil resolves only did:key
	// and did:jwk.
	Resolver *did.Resolver
	// Purpose is the proofPurpose required: "assertionMethod" (the
	// default) for credentials, "authentication" for presentations.
	Purpose string
	// Controller is who the key must belong to. Empty: the issuer (issuer
	// or issuer.id) for assertionMethod, the holder (holder or holder.id)
	// for any other purpose.
	Controller string
	// Challenge and Domain, when set, must be the proof's challenge and
	// one of its domains.
	Challenge, Domain string
	// Now is the time proof expiry is judged at; zero means time.Now().
	Now time.Time
	// Processor canonicalizes; nil uses ld.Default() (bundled contexts).
	Processor *ld.Processor
}

// Result is the outcome for one proof.
type Result struct {
	Type               string // proof type, e.g. DataIntegrityProof
	Cryptosuite        string // e.g. eddsa-rdfc-2022; empty for Ed25519Signature2020
	VerificationMethod string
	Outcome            Outcome
	Err                error       // why it is not Valid, in plain words; nil when Valid
	Method             *did.Method // the resolved key, when it was resolved
	Note               string      // a remark on a valid proof: a deprecated cryptosuite
	// Bound is true for a valid proof whose key is tied to the expected
	// controller by that controller (see did.Method.Bound). A valid proof
	// with Bound false is genuine, but nothing shows the key is the
	// issuer's: Unbound says why (it wraps did.ErrNotListed,
	// did.ErrNoDocument, ErrOtherController or a fetch error).
	Bound   bool
	Unbound error
}

// Errors that Result.Err wraps, for callers that sort results.
var (
	ErrSignature = errors.New("the signature does not match the document")
	ErrPurpose   = errors.New("the proof was not made for this purpose")
	// ErrKeyOwner is reported only for a signature that verified: the key
	// is not listed for the proof's purpose, or its controller is not the
	// issuer (holder). Anyone can sign anything with a key of their own.
	ErrKeyOwner  = errors.New("the signing key does not belong to the expected controller")
	ErrMalformed = errors.New("the proof is malformed")
	// ErrExpired: the proof's own expires has passed.
	ErrExpired = errors.New("the proof has expired")
	// ErrCanonical: the document or the proof options cannot be
	// canonicalized (in safe mode: a term no context defines, which the
	// signature would not cover).
	ErrCanonical = errors.New("the document cannot be canonicalized")
	// ErrOtherController is a reason a valid proof is not Bound: the key is
	// controlled by someone other than the issuer, whose id (a URL, a urn:)
	// is not a DID that could say otherwise.
	ErrOtherController = errors.New("the signing key is controlled by someone other than the issuer")
)

// Verify checks every proof of doc (a JSON object as decoded by
// encoding/json) and returns one Result per proof, in document order. A
// document without a proof has no results.
func Verify(ctx context.Context, doc map[string]any, opts Options) []Result {
	proofs := jsonv.List(doc["proof"])
	if len(proofs) == 0 {
		return nil
	}
	v := verifier{doc: doc, proofs: proofs, opts: opts, canonDocs: map[string][]byte{}}
	if v.opts.Purpose == "" {
		v.opts.Purpose = "assertionMethod"
	}
	if v.opts.Now.IsZero() {
		v.opts.Now = time.Now()
	}
	if v.opts.Resolver == nil {
		v.opts.Resolver = &did.Resolver{}
	}
	if v.opts.Processor == nil {
		p, err := ld.Default()
		if err != nil {
			return failAll(proofs, fmt.Errorf("the bundled JSON-LD contexts are unusable: %w", err))
		}
		v.opts.Processor = p
	}
	results := make([]Result, len(proofs))
	for i, p := range proofs {
		results[i] = v.proof(ctx, p)
	}
	return results
}

func failAll(proofs []any, err error) []Result {
	out := make([]Result, len(proofs))
	for i := range out {
		out[i] = Result{Outcome: Invalid, Err: err}
	}
	return out
}

type verifier struct {
	doc       map[string]any
	proofs    []any
	opts      Options
	canonDocs map[string][]byte // previousProof ids → canonical unsecured document
}

func (v *verifier) proof(ctx context.Context, p any) Result {
	proof, ok := p.(map[string]any)
	if !ok {
		return Result{Outcome: Invalid, Err: fmt.Errorf("%w: a proof is not a JSON object", ErrMalformed)}
	}
	r := Result{}
	r.Type, _ = proof["type"].(string)
	r.Cryptosuite, _ = proof["cryptosuite"].(string)
	r.VerificationMethod = jsonv.ID(proof["verificationMethod"])

	s, note, err := suiteOf(r.Type, r.Cryptosuite)
	if err != nil {
		r.Outcome, r.Err = Unsupported, err
		return r
	}
	if err := v.checkOptions(proof); err != nil {
		r.Outcome, r.Err = Invalid, err
		return r
	}
	sig, err := proofValue(proof)
	if err != nil {
		r.Outcome, r.Err = Invalid, err
		return r
	}
	c, err := v.canonical(proof)
	if err != nil {
		r.Outcome, r.Err = Invalid, err
		return r
	}

	if r.VerificationMethod == "" {
		r.Outcome, r.Err = Invalid, fmt.Errorf("%w: it names no verificationMethod", ErrMalformed)
		return r
	}
	m, err := v.opts.Resolver.Method(ctx, r.VerificationMethod)
	if err != nil {
		if errors.Is(err, did.ErrBadKey) {
			r.Outcome, r.Err = Invalid, fmt.Errorf("the signing key %s is unusable: %w", r.VerificationMethod, err)
			return r
		}
		r.Outcome, r.Err = Unresolvable, fmt.Errorf("the signing key %s could not be obtained: %w", r.VerificationMethod, err)
		return r
	}
	r.Method = m
	// The signature first: an ErrKeyOwner then always means a correct
	// signature by a key that is not the issuer's (or holder's).
	if err := s.verify(m.PublicKey, c, sig); err != nil {
		r.Outcome, r.Err = Invalid, err
		return r
	}
	unbound, err := v.checkKey(m)
	if err != nil {
		r.Outcome, r.Err = Invalid, err
		return r
	}
	r.Outcome, r.Note, r.Bound, r.Unbound = Valid, note, unbound == nil, unbound
	return r
}

// checkOptions checks purpose, challenge, domain, created and expires.
func (v *verifier) checkOptions(proof map[string]any) error {
	if purpose, _ := proof["proofPurpose"].(string); purpose != v.opts.Purpose {
		if purpose == "" {
			return fmt.Errorf("%w: it names no proofPurpose (expected %s)", ErrPurpose, v.opts.Purpose)
		}
		return fmt.Errorf("%w: it is for %s, but %s is required", ErrPurpose, purpose, v.opts.Purpose)
	}
	if v.opts.Challenge != "" {
		if c, _ := proof["challenge"].(string); c != v.opts.Challenge {
			return fmt.Errorf("%w: its challenge %q is not the one asked for", ErrPurpose, c)
		}
	}
	if v.opts.Domain != "" && !contains(jsonv.List(proof["domain"]), v.opts.Domain) {
		return fmt.Errorf("%w: it was not made for the domain %q", ErrPurpose, v.opts.Domain)
	}
	if c, has := proof["created"]; has {
		if _, err := dateTime(c); err != nil {
			return fmt.Errorf("%w: created: %v", ErrMalformed, err)
		}
	}
	if e, has := proof["expires"]; has {
		t, err := dateTime(e)
		if err != nil {
			return fmt.Errorf("%w: expires: %v", ErrMalformed, err)
		}
		if v.opts.Now.After(t) {
			return fmt.Errorf("%w on %s", ErrExpired, t.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// checkKey checks that the key belongs to the expected controller. An
// error means the proof does not hold: the key is another DID's, or its
// controller does not list it for the purpose. unbound, for a proof that
// holds, says why the key is not tied to the controller (nil when it is).
func (v *verifier) checkKey(m *did.Method) (unbound, err error) {
	want := v.opts.Controller
	role := "the expected controller"
	if want == "" {
		role = "the issuer"
		want = jsonv.ID(v.doc["issuer"])
		if v.opts.Purpose != "assertionMethod" {
			role = "the holder"
			want = jsonv.ID(v.doc["holder"])
		}
		if want == "" {
			return nil, fmt.Errorf("%w: the document names no %s to check the key against", ErrKeyOwner, strings.TrimPrefix(role, "the "))
		}
	}
	if m.Controller != want {
		if strings.HasPrefix(want, "did:") || v.opts.Purpose != "assertionMethod" {
			// A DID says which keys are its own: this one is not.
			return nil, fmt.Errorf("%w: the key is controlled by %s, not by %s %s", ErrKeyOwner, m.Controller, role, want)
		}
		return fmt.Errorf("%w: %s controls the key, and %s cannot say which keys are its own", ErrOtherController, m.Controller, want), nil
	}
	if !m.Bound {
		return m.Unbound, nil
	}
	if !m.Has(v.opts.Purpose) {
		return nil, fmt.Errorf("%w: %s is not listed by its controller for %s", ErrKeyOwner, m.ID, v.opts.Purpose)
	}
	return nil, nil
}

// canonical returns the canonical proof options and the canonical
// unsecured document. Proofs of a set share the document's.
func (v *verifier) canonical(proof map[string]any) (canon, error) {
	config := make(map[string]any, len(proof))
	for k, val := range proof {
		if k != "proofValue" {
			config[k] = val
		}
	}
	config["@context"] = v.doc["@context"]
	canonConfig, err := v.opts.Processor.Canonicalize(config)
	if err != nil {
		return canon{}, fmt.Errorf("%w: the proof options: %w", ErrCanonical, err)
	}
	unsecured, key, err := v.unsecured(proof)
	if err != nil {
		return canon{}, err
	}
	canonDoc, ok := v.canonDocs[key]
	if !ok {
		if canonDoc, err = v.opts.Processor.Canonicalize(unsecured); err != nil {
			return canon{}, fmt.Errorf("%w: %w", ErrCanonical, err)
		}
		v.canonDocs[key] = canonDoc
	}
	return canon{config: canonConfig, doc: canonDoc}, nil
}

// unsecured returns the document without its proofs, plus the proofs this
// one chains to (previousProof), and a key naming that choice.
func (v *verifier) unsecured(proof map[string]any) (map[string]any, string, error) {
	out := make(map[string]any, len(v.doc))
	for k, val := range v.doc {
		if k != "proof" {
			out[k] = val
		}
	}
	prev := jsonv.List(proof["previousProof"])
	if len(prev) == 0 {
		return out, "", nil
	}
	var chained []any
	var ids []string
	for _, p := range prev {
		id, _ := p.(string)
		found := false
		for _, other := range v.proofs {
			if om, ok := other.(map[string]any); ok && id != "" && om["id"] == id {
				chained, found = append(chained, om), true
				break
			}
		}
		if !found {
			return nil, "", fmt.Errorf("%w: the previous proof %q it builds on is not in the document", ErrMalformed, id)
		}
		ids = append(ids, id)
	}
	out["proof"] = chained
	return out, strings.Join(ids, " "), nil
}

func proofValue(proof map[string]any) ([]byte, error) {
	pv, ok := proof["proofValue"].(string)
	if !ok || pv == "" {
		return nil, fmt.Errorf("%w: it has no proofValue", ErrMalformed)
	}
	sig, err := did.DecodeBase58btc(pv)
	if err != nil {
		return nil, fmt.Errorf("%w: proofValue: %v", ErrMalformed, err)
	}
	return sig, nil
}

func dateTime(v any) (time.Time, error) {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date-time with a time zone", s)
	}
	return t, nil
}

func contains(values []any, s string) bool {
	for _, v := range values {
		if v == s {
			return true
		}
	}
	return false
}
