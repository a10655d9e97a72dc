package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// diProofs checks a credential's embedded proofs and whether the key that
// made the one that holds is its issuer's.
func (s *session) diProofs(c *credential.Credential, r *Report) {
	if len(c.Proofs) == 0 {
		r.add(check.Signature, check.Fail, SignatureMissing, check.Args{}, "no proof")
		return
	}
	results := di.Verify(s.ctx, c.Doc, di.Options{Resolver: s.resolver(), Purpose: "assertionMethod", Now: s.now})
	detail := proofDetail(results)
	if valid := bestValid(results); valid != nil {
		suite := valid.Cryptosuite
		if suite == "" {
			suite = valid.Type
		}
		r.add(check.Signature, check.Pass, SignatureValid, check.Args{Suite: suite, N: countValid(results), Of: len(results)}, detail)
		if valid.Cryptosuite == "eddsa-2022" {
			r.add(check.Signature, check.Warn, SignatureDeprecated, check.Args{Suite: valid.Cryptosuite}, valid.Note)
		}
		s.issuerKey(valid, c.IssuerID, r)
		return
	}
	r.add(failedProof(results, c.IssuerID, false))
}

// bestValid is the valid proof whose key is bound, else the first valid one.
func bestValid(results []di.Result) *di.Result {
	var first *di.Result
	for i := range results {
		if results[i].Outcome != di.Valid {
			continue
		}
		if results[i].Bound {
			return &results[i]
		}
		if first == nil {
			first = &results[i]
		}
	}
	return first
}

// issuerKey says how the key of a valid proof is tied to the issuer.
func (s *session) issuerKey(valid *di.Result, issuer string, r *Report) {
	m := valid.Method
	if !valid.Bound || m == nil {
		args := trouble(valid.Unbound)
		args.Key, args.Who = valid.VerificationMethod, issuer
		detail := valid.VerificationMethod
		if valid.Unbound != nil {
			detail += ": " + valid.Unbound.Error()
		}
		r.add(check.IssuerKey, check.Unknown, IssuerKeyUnbound, args, detail)
		return
	}
	r.asOf(m.AsOf)
	if strings.HasPrefix(m.Controller, "did:key:") || strings.HasPrefix(m.Controller, "did:jwk:") {
		r.add(check.IssuerKey, check.Pass, IssuerKeySelf, check.Args{Who: m.Controller}, m.ID)
		return
	}
	r.add(check.IssuerKey, check.Pass, IssuerKeyListed, check.Args{Who: m.Controller, Key: m.ID, When: m.AsOf}, m.ID)
}

// failedProof says why none of a document's proofs holds: the first that
// is invalid, else the first whose key could not be had, else an
// unsupported suite. holder says the proofs are a presentation's.
func failedProof(results []di.Result, controller string, holder bool) (check.ID, check.Status, check.Reason, check.Args, string) {
	detail := proofDetail(results)
	for _, res := range results {
		if res.Outcome != di.Invalid {
			continue
		}
		args := check.Args{Key: res.VerificationMethod}
		var reason check.Reason
		switch {
		case errors.Is(res.Err, di.ErrSignature):
			reason = SignatureMismatch
		case errors.Is(res.Err, di.ErrKeyOwner):
			reason, args.Want = SignatureKeyNotIssuers, controller
			if holder {
				reason = SignatureKeyNotHolders
			}
			if res.Method != nil {
				args.Who = res.Method.Controller
			}
		case errors.Is(res.Err, di.ErrPurpose):
			reason = SignatureWrongPurpose
		case errors.Is(res.Err, di.ErrExpired):
			reason = SignatureExpired
		case errors.Is(res.Err, di.ErrCanonical):
			reason = SignatureUndefinedTerms
			var term *ld.UndefinedTermError
			var rel *ld.RelativeIRIError
			var costly *ld.TooCostlyError
			var feature *ld.UnsupportedFeatureError
			var override *ld.OverrideError
			var malformed *ld.InvalidValueError
			switch {
			case errors.As(res.Err, &malformed):
				reason, args.Value, args.Cause = SignatureMalformedValue, malformed.Value, malformed.Kind
			case errors.As(res.Err, &override):
				reason, args.Value = SignatureContextOverride, override.Term
			case errors.As(res.Err, &feature):
				// Not forged, as far as anyone can tell: not checkable here.
				return check.Signature, check.Unknown, SignatureUnsupportedJSONLD, check.Args{Value: feature.Feature}, detail
			case errors.As(res.Err, &costly):
				reason = SignatureTooCostly
			case errors.As(res.Err, &term):
				args.Value = term.Term
			case errors.As(res.Err, &rel):
				reason, args.Value = SignatureRelativeIRI, rel.IRI
			}
		case errors.Is(res.Err, di.ErrKeyType):
			reason = SignatureWrongKeyType
		case errors.Is(res.Err, did.ErrBadKey):
			reason = SignatureKeyUnusable
		default:
			reason = SignatureMalformed
		}
		return check.Signature, check.Fail, reason, args, detail
	}
	for _, res := range results {
		if res.Outcome != di.Unresolvable {
			continue
		}
		if errors.Is(res.Err, did.ErrUnsupportedMethod) {
			return check.Signature, check.Unknown, SignatureUnsupportedDID, check.Args{Key: res.VerificationMethod}, detail
		}
		if errors.Is(res.Err, did.ErrBadDID) {
			// Never looked up, and never will be: not a lack of network.
			return check.Signature, check.Fail, SignatureBadDID, check.Args{Key: res.VerificationMethod}, detail
		}
		args := trouble(res.Err)
		args.Key = res.VerificationMethod
		return check.Signature, check.Unknown, SignatureKeyUnavailable, args, detail
	}
	suite := ""
	if len(results) > 0 {
		suite = results[0].Cryptosuite
		if suite == "" {
			suite = results[0].Type
		}
	}
	return check.Signature, check.Unknown, SignatureUnsupported, check.Args{Suite: suite}, detail
}

// trouble classifies why a document or key could not be had, by type:
// Cause, and for some causes N (an HTTP status), URL, Value (a refused
// address) and Want (the kind of that address).
func trouble(err error) check.Args {
	var se *fetch.StatusError
	var ae *fetch.AddressError
	switch {
	case err == nil:
		return check.Args{}
	case errors.As(err, &se):
		if se.Code == 404 || se.Code == 410 {
			return check.Args{Cause: CauseGone, N: se.Code, URL: se.URL}
		}
		return check.Args{Cause: CauseHTTP, N: se.Code, URL: se.URL}
	case errors.As(err, &ae):
		return check.Args{Cause: CauseRefused, URL: ae.Host, Value: ae.Addr.String(), Want: ae.Kind.Code()}
	}
	for _, c := range []struct {
		err   error
		cause string
	}{
		{errBudget, CauseBudget}, {fetch.ErrOffline, CauseOffline}, {fetch.ErrForbiddenAddress, CauseRefused},
		{fetch.ErrNotHTTPS, CauseNotHTTPS}, {fetch.ErrTooLarge, CauseTooLarge}, {fetch.ErrTimeout, CauseTimeout},
		{context.DeadlineExceeded, CauseTimeout}, {did.ErrNotListed, CauseNotListed}, {did.ErrNoDocument, CauseNoDocument},
		{di.ErrOtherController, CauseOther}, {jose.ErrNoKeySet, CauseNoKeySet}, {jose.ErrNotIssuersKey, CauseNotInKeySet},
		{did.ErrNotFound, CauseNotFound}, {fetch.ErrTooManyRedirects, CauseRefused}, {fetch.ErrUnreachable, CauseUnreachable},
	} {
		if errors.Is(err, c.err) {
			return check.Args{Cause: c.cause}
		}
	}
	return check.Args{Cause: CauseUnknown}
}

// proofDetail is the technical line of a signature check: each proof's
// suite and outcome, with the reason when there is one.
func proofDetail(results []di.Result) string {
	details := make([]string, 0, len(results))
	for _, res := range results {
		name := res.Type
		if res.Cryptosuite != "" {
			name += "/" + res.Cryptosuite
		}
		why := res.Outcome.String()
		if res.Err != nil {
			why += ": " + res.Err.Error()
		}
		details = append(details, name+" "+why)
	}
	return strings.Join(details, "; ")
}

func countValid(rs []di.Result) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == di.Valid {
			n++
		}
	}
	return n
}

// jwtProof checks a VC-JWT's signature and whether its key is the issuer's.
func (s *session) jwtProof(p *credential.Parsed, r *Report) {
	res, err := jose.VerifyCredential(s.ctx, p.JWT.Compact, jose.Options{Keys: s.resolver(), Fetcher: s.fetcher, Now: s.now})
	if err != nil {
		r.add(jwtFailure(err, p.Cred.IssuerID, false))
		if res == nil {
			return
		}
		// The claims contradict the credential (a Format failure): the
		// signature and its key held all the same, and the report says so.
	}
	r.add(check.Signature, check.Pass, SignatureValid, check.Args{Suite: "VC-JWT " + res.Alg, N: 1, Of: 1}, "kid "+res.Kid)
	switch res.KeyBinding {
	case jose.BoundSelf:
		r.add(check.IssuerKey, check.Pass, IssuerKeySelf, check.Args{Who: p.Cred.IssuerID}, res.KeyNote)
	case jose.BoundDocument:
		r.add(check.IssuerKey, check.Pass, IssuerKeyListed, check.Args{Who: p.Cred.IssuerID, Key: res.Kid}, res.KeyNote)
	case jose.BoundJWKS:
		r.add(check.IssuerKey, check.Pass, IssuerKeyJWKS, check.Args{Who: p.Cred.IssuerID, Key: res.Kid}, res.KeyNote)
	default:
		args := trouble(res.KeyUnbound)
		args.Key, args.Who = res.Kid, p.Cred.IssuerID
		r.add(check.IssuerKey, check.Unknown, IssuerKeyUnbound, args, res.KeyNote)
	}
}

// jwtFailure says why a VC-JWT or VP-JWT was not accepted. holder says it
// is a presentation, whose key must be the holder's.
func jwtFailure(err error, who string, holder bool) (check.ID, check.Status, check.Reason, check.Args, string) {
	var je *jose.Error
	if !errors.As(err, &je) {
		return check.Signature, check.Fail, SignatureJWTMalformed, check.Args{}, err.Error()
	}
	detail := je.Error()
	switch je.Kind {
	case jose.Refused:
		return check.Signature, check.Fail, SignatureJWTRefused, check.Args{}, detail
	case jose.Forged:
		return check.Signature, check.Fail, SignatureMismatch, check.Args{}, detail
	case jose.NotOwner:
		if holder {
			return check.Signature, check.Fail, SignatureKeyNotHolders, check.Args{Want: who}, detail
		}
		return check.Signature, check.Fail, SignatureKeyNotIssuers, check.Args{Want: who}, detail
	case jose.Mismatch:
		// The signature holds; the token's claims contradict what it
		// carries. A matter of form, not of the signature.
		return check.Format, check.Fail, FormatJWTClaims, check.Args{}, detail
	case jose.Unsupported:
		if errors.Is(err, did.ErrUnsupportedMethod) {
			return check.Signature, check.Unknown, SignatureUnsupportedDID, check.Args{}, detail
		}
		return check.Signature, check.Unknown, SignatureUnsupported, check.Args{}, detail
	case jose.Unresolvable:
		if errors.Is(err, did.ErrBadDID) {
			return check.Signature, check.Fail, SignatureBadDID, check.Args{}, detail
		}
		return check.Signature, check.Unknown, SignatureKeyUnavailable, trouble(je.Err), detail
	}
	return check.Signature, check.Fail, SignatureJWTMalformed, check.Args{}, detail
}

// listProof checks the signature of a status list credential, and nothing
// else about it (its own status would be a loop).
func (s *session) listProof(b []byte) error {
	b = bytes.TrimSpace(b)
	if jsonv.LooksLikeJWS(b) {
		_, err := jose.VerifyCredential(s.ctx, string(b), jose.Options{Keys: s.resolver(), Fetcher: s.fetcher, Now: s.now})
		return err
	}
	doc, err := jsonv.DecodeObject(b)
	if err != nil {
		return fmt.Errorf("the status list is not JSON: %w", err)
	}
	if doc["proof"] == nil {
		return errors.New("the status list is not signed")
	}
	var reasons []string
	for _, res := range di.Verify(s.ctx, doc, di.Options{Resolver: s.resolver(), Purpose: "assertionMethod", Now: s.now}) {
		if res.Outcome == di.Valid {
			return nil
		}
		if res.Err != nil {
			reasons = append(reasons, res.Err.Error())
		}
	}
	return fmt.Errorf("the status list's signature does not verify: %s", strings.Join(reasons, "; "))
}
