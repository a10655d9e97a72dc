package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// PresentationOptions are what the one who receives a presentation asked
// for. Empty values are not checked; what the presentation says is shown.
type PresentationOptions struct {
	// Challenge is the nonce the recipient gave the holder.
	Challenge string
	// Domain is who the presentation must be meant for.
	Domain string
	// ExpectIdentity is an e-mail address or a name the recipient expects
	// the presented credentials to be issued to: each credential's Open
	// Badges identifiers (hashed or not) must name it.
	ExpectIdentity string
}

// Skew is how far in the future a presentation may say it was made: the
// holder's clock may be ahead of the verifier's.
const Skew = 5 * time.Minute

// PresentationReport is the outcome of checking a presentation: its own
// checks (the holder's proof, challenge, domain, dates, and whether each
// credential is bound to the holder) in Report, and a full report for every
// credential in it. Its Verdict is the worst of its own and theirs: valid
// only when the presentation and every credential in it are.
type PresentationReport struct {
	Report
	// Own is the verdict of the presentation's own checks alone.
	Own Verdict `json:"own"`
	// Holder is the DID that presents (and signed).
	Holder string `json:"holder"`
	// Challenge and Domain are what the presentation says it was made for.
	Challenge string `json:"challenge"`
	Domain    string `json:"domain"`
	// Expires is when the presentation stops being valid; zero if never.
	Expires time.Time `json:"expires,omitzero"`
	// Credentials has one report per credential presented, in order.
	Credentials []Report `json:"credentials"`
}

// presented is what the presentation's proof says, for the checks that
// follow it.
type presented struct {
	holder string
	// also are other DIDs the presenter proved control of in the same
	// presentation (a proof set, made by keys the holder rotated from).
	also  []string
	creds []any
}

// Presentation verifies a presentation received as Data Integrity JSON
// (VCDM 2.0 or 1.1) or as a VP-JWT, and every credential in it.
func (v *Verifier) Presentation(ctx context.Context, data []byte, opts PresentationOptions) PresentationReport {
	s := v.session(ctx)
	pr := PresentationReport{Report: Report{CheckedAt: s.now.UTC(), PrivateNetwork: v.PrivateNetwork}}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var p presented
	switch {
	case len(text) > credential.MaxInputSize:
		pr.add(check.Format, check.Fail, FormatTooLarge, check.Args{N: credential.MaxInputSize >> 20}, "")
	case jsonv.LooksLikeJWS(text):
		p = s.vpJWT(string(text), opts, &pr)
	default:
		doc, err := jsonv.DecodeObject(text)
		if err != nil {
			pr.formatError(err)
			break
		}
		p = s.vpDataIntegrity(doc, opts, &pr)
	}
	for _, c := range p.creds {
		rep, cred := s.presentedCredential(c)
		pr.Credentials = append(pr.Credentials, rep)
		pr.asOf(rep.AsOf)
		pr.holderBinding(rep.Name, cred, p, opts.ExpectIdentity)
	}
	pr.Own = decide(pr.Checks, false)
	pr.Verdict = pr.Own
	for _, c := range pr.Credentials {
		pr.Verdict = Worse(pr.Verdict, c.Verdict)
	}
	return pr
}

// vpDataIntegrity checks a presentation with an embedded proof.
func (s *session) vpDataIntegrity(doc map[string]any, opts PresentationOptions, pr *PresentationReport) presented {
	if !pr.format(doc) {
		return presented{}
	}
	pr.Holder = jsonv.ID(doc["holder"])
	p := presented{holder: pr.Holder, creds: jsonv.List(doc["verifiableCredential"])}
	proofs := jsonv.List(doc["proof"])
	if len(proofs) == 0 {
		pr.add(check.Signature, check.Fail, SignatureHolderMissing, check.Args{}, "no proof")
		return p
	}
	// Expiry is judged below, against the verifier's clock, as a check of
	// its own: the proof is verified as at its own expiry.
	at := s.now
	for _, pf := range proofs {
		if e := jsonv.Time(jsonv.Obj(pf)["expires"]); !e.IsZero() {
			at = e
		}
	}
	results := di.Verify(s.ctx, doc, di.Options{Resolver: s.holderResolver(), Purpose: "authentication", Controller: pr.Holder, Now: at})
	var valid map[string]any
	for i, res := range results {
		switch {
		case res.Outcome == di.Valid && valid == nil:
			valid = jsonv.Obj(proofs[i])
		case res.Outcome == di.Invalid && res.Method != nil && res.Method.Bound && res.Method.Has("authentication") &&
			strings.HasPrefix(res.Method.Controller, "did:") && res.Method.Controller != pr.Holder &&
			isKeyOwner(res.Err):
			// A proof that holds, made for authentication with the same
			// challenge and domain by another DID: the presenter controls
			// that DID too (a key they rotated from).
			p.also = append(p.also, res.Method.Controller)
		}
	}
	detail := proofDetail(results)
	if valid == nil {
		p.also = nil
		pr.add(failedProof(results, pr.Holder, true))
		return p
	}
	pr.add(check.Signature, check.Pass, SignatureHolderValid, check.Args{Who: pr.Holder, Suite: suiteOf(valid)}, detail)
	pr.Challenge = jsonv.Text(valid["challenge"])
	var domains []string
	for _, d := range jsonv.List(valid["domain"]) {
		if t := jsonv.Text(d); t != "" {
			domains = append(domains, t)
		}
	}
	pr.Domain = strings.Join(domains, " ")
	pr.checkChallenge(opts.Challenge)
	pr.checkDomain(opts.Domain, domains)
	pr.Expires = jsonv.Time(valid["expires"])
	pr.dates(jsonv.Time(valid["created"]), time.Time{}, pr.Expires, s.now)
	return p
}

// isKeyOwner reports a proof that holds, by a key that is not the holder's:
// di reports ErrKeyOwner only once the signature has verified.
func isKeyOwner(err error) bool { return errors.Is(err, di.ErrKeyOwner) }

// suiteOf names a proof's suite.
func suiteOf(proof map[string]any) string {
	if cs := jsonv.Text(proof["cryptosuite"]); cs != "" {
		return cs
	}
	return jsonv.Text(proof["type"])
}

// vpJWT checks a VP-JWT.
func (s *session) vpJWT(compact string, opts PresentationOptions, pr *PresentationReport) presented {
	res, err := jose.VerifyPresentation(s.ctx, compact, jose.Options{Keys: s.holderResolver(), Fetcher: s.fetcher, Now: s.now})
	if err != nil {
		pr.add(jwtFailure(err, "", true))
		return presented{}
	}
	pr.Holder = res.Holder
	if !pr.format(res.Presentation) {
		return presented{}
	}
	pr.add(check.Signature, check.Pass, SignatureHolderValid, check.Args{Who: res.Holder, Suite: "VP-JWT " + res.Alg}, "kid "+res.Kid)
	pr.Challenge = res.Nonce
	pr.Domain = strings.Join(res.Audience, " ")
	pr.checkChallenge(opts.Challenge)
	pr.checkDomain(opts.Domain, res.Audience)
	pr.Expires = res.Expires
	made := res.IssuedAt
	if made.IsZero() {
		made = res.NotBefore
	}
	pr.dates(made, res.NotBefore, res.Expires, s.now)
	return presented{holder: res.Holder, creds: jsonv.List(res.Presentation["verifiableCredential"])}
}

// format checks the presentation's shape.
func (pr *PresentationReport) format(doc map[string]any) bool {
	ctxs := jsonv.Contexts(doc)
	var problems []string
	if first := jsonv.FirstContext(doc); first != jsonv.ContextV2 && first != jsonv.ContextV1 {
		problems = append(problems, ProblemContext)
	}
	if !jsonv.HasType(doc, "VerifiablePresentation") {
		problems = append(problems, ProblemType)
	}
	if len(problems) > 0 {
		pr.add(check.Format, check.Fail, FormatNotPresentation, check.Args{Items: problems}, strings.Join(ctxs, " "))
		return false
	}
	pr.add(check.Format, check.Pass, FormatPresentationOK, check.Args{}, strings.Join(ctxs, " "))
	return true
}

func (pr *PresentationReport) checkChallenge(want string) {
	got := pr.Challenge
	switch {
	case want != "" && got == want:
		pr.add(check.Challenge, check.Pass, ChallengeOK, check.Args{Value: got}, got)
	case want != "" && got == "":
		pr.add(check.Challenge, check.Fail, ChallengeMissing, check.Args{Want: want}, "")
	case want != "":
		pr.add(check.Challenge, check.Fail, ChallengeOther, check.Args{Value: got, Want: want}, got)
	case got != "":
		pr.add(check.Challenge, check.Warn, ChallengeUnasked, check.Args{Value: got}, got)
	default:
		pr.add(check.Challenge, check.Warn, ChallengeNone, check.Args{}, "")
	}
}

func (pr *PresentationReport) checkDomain(want string, got []string) {
	switch {
	case want != "" && slices.Contains(got, want):
		pr.add(check.Domain, check.Pass, DomainOK, check.Args{Want: want}, pr.Domain)
	case want != "" && len(got) == 0:
		pr.add(check.Domain, check.Fail, DomainMissing, check.Args{Want: want}, "")
	case want != "":
		pr.add(check.Domain, check.Fail, DomainOther, check.Args{Value: pr.Domain, Want: want}, pr.Domain)
	case len(got) > 0:
		pr.add(check.Domain, check.Pass, DomainStated, check.Args{Value: pr.Domain}, pr.Domain)
	}
}

// dates judges when the presentation says it was made (created, iat), may
// first be used (nbf) and expires.
func (pr *PresentationReport) dates(made, from, until, now time.Time) {
	switch {
	case !made.IsZero() && made.After(now.Add(Skew)):
		pr.add(check.Validity, check.Fail, ValidityVPFuture, check.Args{When: made}, made.Format(time.RFC3339))
	case !from.IsZero() && from.After(now.Add(Skew)):
		pr.add(check.Validity, check.Fail, ValidityVPNotYet, check.Args{When: from}, from.Format(time.RFC3339))
	case !until.IsZero() && now.After(until):
		pr.add(check.Validity, check.Fail, ValidityVPExpired, check.Args{When: until}, until.Format(time.RFC3339))
	case !until.IsZero():
		pr.add(check.Validity, check.Pass, ValidityVPUntil, check.Args{When: until}, until.Format(time.RFC3339))
	default:
		pr.add(check.Validity, check.Warn, ValidityVPForever, check.Args{}, "")
	}
}

// presentedCredential verifies one credential of a presentation on its own
// and returns its report and what it says, nil when it cannot be read.
func (s *session) presentedCredential(c any) (Report, *credential.Credential) {
	bad := func(reason check.Reason, args check.Args, detail string) (Report, *credential.Credential) {
		r := Report{CheckedAt: s.now.UTC(), PrivateNetwork: s.v.PrivateNetwork}
		r.add(check.Format, check.Fail, reason, args, detail)
		r.Verdict = decide(r.Checks, true)
		return r, nil
	}
	var b []byte
	switch t := c.(type) {
	case string:
		b = []byte(strings.TrimSpace(t))
	case map[string]any:
		b = jsonv.Canonical(t)
		if jsonv.HasType(t, "EnvelopedVerifiableCredential") {
			data, mediaType, ok := jsonv.DataURI(jsonv.IDOf(t))
			if !ok || !strings.Contains(mediaType, "jwt") {
				return bad(FormatBadEnvelope, check.Args{Value: credential.Shorten(jsonv.IDOf(t), 80)}, "")
			}
			b = bytes.TrimSpace(data)
		}
	}
	if len(b) == 0 {
		return bad(FormatNotCredentialVal, check.Args{}, fmt.Sprintf("%T", c))
	}
	p, err := credential.Parse(b)
	if err != nil {
		r := Report{CheckedAt: s.now.UTC(), PrivateNetwork: s.v.PrivateNetwork}
		r.formatError(err)
		r.Verdict = decide(r.Checks, true)
		return r, nil
	}
	rep := s.parsed(p, 0)
	// Whom a presented credential was issued to is the holder binding's
	// question; "add your e-mail address" would be advice for the wrong one.
	rep.Checks = slices.DeleteFunc(rep.Checks, func(c check.Check) bool { return c.ID == check.Recipient })
	rep.Verdict = decide(rep.Checks, true)
	return rep, p.Cred
}

// holderBinding says whether a credential belongs to the one presenting
// it: its subject is the holder's DID (or another DID the holder proved in
// the same presentation). A credential issued to another DID is not valid
// here; one whose subject has no DID is not bound to anyone, unless the
// recipient asked for an identity and its identifiers name it.
func (pr *PresentationReport) holderBinding(name string, c *credential.Credential, p presented, expect string) {
	if c == nil {
		return
	}
	var dids []string
	for _, id := range c.SubjectIDs {
		if strings.HasPrefix(id, "did:") {
			dids = append(dids, id)
		}
	}
	args := check.Args{Name: name}
	switch {
	case p.holder != "" && slices.Contains(dids, p.holder):
		args.Who = p.holder
		pr.add(check.Holder, check.Pass, HolderBound, args, p.holder)
		return
	case p.holder != "" && slices.ContainsFunc(dids, func(d string) bool { return slices.Contains(p.also, d) }):
		i := slices.IndexFunc(dids, func(d string) bool { return slices.Contains(p.also, d) })
		args.Who = dids[i]
		pr.add(check.Holder, check.Pass, HolderEarlierDID, args, dids[i])
		return
	case len(dids) > 0:
		args.Who, args.Want = dids[0], p.holder
		pr.add(check.Holder, check.Fail, HolderOther, args, dids[0])
		return
	}
	if expect != "" {
		if matchesIdentifier(c, expect) {
			args.Value = expect
			pr.add(check.Holder, check.Pass, HolderIdentityMatch, args, "")
			return
		}
		args.Value = expect
		pr.add(check.Holder, check.Fail, HolderIdentityMismatch, args, "")
		return
	}
	if p.holder == "" {
		pr.add(check.Holder, check.Warn, HolderNoHolder, args, "")
		return
	}
	pr.add(check.Holder, check.Warn, HolderUnbound, args, strings.Join(c.SubjectIDs, " "))
}

// matchesIdentifier reports whether one of the subject's identifiers (an
// e-mail address or a name, hashed or not) is want.
func matchesIdentifier(c *credential.Credential, want string) bool {
	for _, s := range c.Subjects {
		for _, idv := range jsonv.List(s["identifier"]) {
			io := jsonv.Obj(idv)
			if io == nil {
				continue
			}
			if identityMatches(jsonv.Text(io["identityHash"]), io["hashed"] == true, jsonv.Text(io["salt"]), want) {
				return true
			}
		}
	}
	return false
}
