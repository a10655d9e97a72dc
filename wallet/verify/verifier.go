package verify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
	"github.com/learnerwallet/learnerwallet/wallet/schema"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

// Verifier checks credentials and presentations. The zero value checks
// offline with nothing cached: signatures whose keys travel with the
// credential, schemas, dates.
type Verifier struct {
	// Fetcher reaches did:web documents, controller documents, JWKS,
	// status lists and hosted badges; nil means offline.
	Fetcher fetch.Fetcher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Identities are the learner's own: DIDs, e-mail addresses, names.
	Identities Identities
	// PrivateNetwork says Fetcher may reach the learner's own computer and
	// local network (lw --allow-private-network); reports say so.
	PrivateNetwork bool
}

// Bounds on the work one verification does, whatever the credential asks.
const (
	// MaxFetches is how many distinct addresses one verification fetches.
	MaxFetches = 32
	// MaxEndorsements is how many endorsements of one credential are
	// verified; MaxEndorsementDepth bounds endorsements of endorsements.
	MaxEndorsements     = 16
	MaxEndorsementDepth = 2
	// MaxNested is how many credentials nested in a record are verified.
	MaxNested = 1000
)

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// session is one verification: its context, its clock and its bounded
// share of the network.
type session struct {
	v       *Verifier
	ctx     context.Context
	now     time.Time
	fetcher fetch.Fetcher
}

func (v *Verifier) session(ctx context.Context) *session {
	s := &session{v: v, ctx: ctx, now: v.now()}
	s.fetcher = &budget{inner: v.Fetcher, left: MaxFetches, seen: map[string]bool{}}
	if v.Fetcher == nil {
		s.fetcher = fetch.Nowhere{}
	}
	return s
}

// errBudget means a verification asked for more addresses than it may.
var errBudget = errors.New("this credential asks for more documents than one check fetches")

// budget is a Fetcher that fetches at most left distinct addresses.
type budget struct {
	inner fetch.Fetcher
	mu    sync.Mutex
	left  int
	seen  map[string]bool
}

func (b *budget) Get(ctx context.Context, url string, accept ...string) (*fetch.Response, error) {
	b.mu.Lock()
	if !b.seen[url] {
		if b.left == 0 {
			b.mu.Unlock()
			return nil, fmt.Errorf("%s: %w", url, errBudget)
		}
		b.left--
		b.seen[url] = true
	}
	b.mu.Unlock()
	return b.inner.Get(ctx, url, accept...)
}

// resolver resolves issuers' keys. A key written in the fragment of an
// https or urn: issuer's id is read, but bound only when the issuer's own
// document lists it.
func (s *session) resolver() *did.Resolver {
	return &did.Resolver{Fetcher: s.fetcher, FragmentKeys: true}
}

// holderResolver resolves holders' keys: DIDs only, never from a fragment.
func (s *session) holderResolver() *did.Resolver { return &did.Resolver{Fetcher: s.fetcher} }

// Bytes verifies a credential given as bytes, in any form credential.Parse
// reads.
func (v *Verifier) Bytes(ctx context.Context, data []byte) Report {
	p, err := credential.Parse(data)
	if err != nil {
		r := Report{CheckedAt: v.now().UTC(), PrivateNetwork: v.PrivateNetwork}
		r.formatError(err)
		r.Verdict = decide(r.Checks, true)
		return r
	}
	return v.Parsed(ctx, p)
}

// Parsed verifies a credential read by credential.Parse.
func (v *Verifier) Parsed(ctx context.Context, p *credential.Parsed) Report {
	return v.session(ctx).parsed(p, 0)
}

// formatError records why bytes are not a credential to check.
func (r *Report) formatError(err error) {
	var dup *jsonv.DuplicateKeyError
	var deep *jsonv.DepthError
	switch {
	case errors.As(err, &dup):
		r.add(check.Format, check.Fail, FormatDuplicateKey, check.Args{Value: dup.Key, Where: dup.Path}, err.Error())
	case errors.As(err, &deep):
		r.add(check.Format, check.Fail, FormatTooDeep, check.Args{}, err.Error())
	default:
		r.add(check.Format, check.Fail, FormatUnreadable, check.Args{}, err.Error())
	}
}

func (s *session) parsed(p *credential.Parsed, depth int) Report {
	r := Report{Name: p.Summary.Title(), CheckedAt: s.now.UTC(), PrivateNetwork: s.v.PrivateNetwork}
	if p.Kind == credential.KindOB2 {
		s.ob2(p, &r)
	} else {
		s.vc(p, &r, depth)
	}
	if len(p.Children) > 0 {
		s.nested(p.Children, &r, depth)
	}
	r.Verdict = decide(r.Checks, true)
	return r
}

// nested verifies each credential of a record on its own. One whose own
// proof fails makes the record not valid; one without a proof of its own,
// or not valid for another reason, is a note: the record vouches for it.
func (s *session) nested(children []*credential.Parsed, r *Report, depth int) {
	var failed, unproven, notValid []string
	for i, c := range children {
		if i == MaxNested {
			break
		}
		child := s.parsed(c, depth)
		r.Children = append(r.Children, child)
		r.asOf(child.AsOf)
		switch {
		case proofFailed(child):
			failed = append(failed, child.Name)
		case hasReason(child, SignatureMissing):
			unproven = append(unproven, child.Name)
		case !child.Valid():
			notValid = append(notValid, child.Name)
		}
	}
	n := len(r.Children)
	if len(failed) > 0 {
		r.add(check.Nested, check.Fail, NestedProofFailed, check.Args{N: len(failed), Of: n, Items: failed}, "")
	}
	if len(unproven) > 0 {
		r.add(check.Nested, check.Warn, NestedNoOwnProof, check.Args{N: len(unproven), Of: n, Items: unproven}, "")
	}
	if len(notValid) > 0 {
		r.add(check.Nested, check.Warn, NestedNotValid, check.Args{N: len(notValid), Of: n, Items: notValid}, "")
	}
	if len(failed)+len(unproven)+len(notValid) == 0 {
		r.add(check.Nested, check.Pass, NestedOK, check.Args{N: n}, "")
	}
}

// proofFailed reports whether a report's own proof does not hold.
func proofFailed(r Report) bool {
	return slices.ContainsFunc(r.Checks, func(c check.Check) bool {
		return c.ID == check.Signature && c.Status == check.Fail && c.Reason != SignatureMissing
	})
}

func hasReason(r Report, reason check.Reason) bool {
	return slices.ContainsFunc(r.Checks, func(c check.Check) bool { return c.Reason == reason })
}

func (s *session) ob2(p *credential.Parsed, r *Report) {
	content := p.Content
	res := ob2.Verify(s.ctx, content, ob2.Options{Fetcher: s.fetcher, Now: s.now})
	r.Checks = append(r.Checks, res.Checks...)
	r.asOf(res.AsOf)
	if res.Badge != nil && (p.Summary.BadgeURL != "" || p.Summary.IssuerName == "") {
		b := credential.ReadBadgeClass(res.Badge, res.Issuer)
		r.BadgeClass = &b
	}
	if rec := jsonv.Obj(p.Doc["recipient"]); rec != nil {
		s.ob2Recipient(rec, r)
	}
}

// ob2Recipient matches an OB 2.0 recipient (IdentityObject) with the
// learner's e-mail addresses or names.
func (s *session) ob2Recipient(rec map[string]any, r *Report) {
	typ := jsonv.Text(rec["type"])
	ids := s.v.Identities
	known := ids.Emails
	if typ != "email" {
		known = append(slices.Clone(ids.Names), ids.DIDs...)
	}
	for _, k := range known {
		if identityMatches(jsonv.Text(rec["identity"]), rec["hashed"] == true, jsonv.Text(rec["salt"]), k) {
			r.add(check.Recipient, check.Pass, RecipientYou, check.Args{Value: k}, typ)
			return
		}
	}
	s.recipientUnknown(r, typ)
}

func (s *session) recipientUnknown(r *Report, detail string) {
	if s.v.Identities.empty() {
		r.add(check.Recipient, check.Unknown, RecipientNoIdentities, check.Args{}, detail)
		return
	}
	r.add(check.Recipient, check.Unknown, RecipientNotYours, check.Args{}, detail)
}

func (s *session) vc(p *credential.Parsed, r *Report, depth int) {
	c := p.Cred
	var schemaChecks <-chan []check.Check
	if !c.VCDM1 {
		schemaChecks = s.startSchemas(c)
	}
	if p.JWT != nil {
		s.jwtProof(p, r)
	} else {
		s.diProofs(c, r)
	}
	s.format(p, r)
	if c.VCDM1 {
		if len(c.Schemas) > 0 {
			r.add(check.Schema, check.Unknown, SchemaVCDM1, check.Args{}, "VCDM 1.1")
		}
	} else {
		r.Checks = append(r.Checks, <-schemaChecks...)
	}
	s.dates(p, r)
	s.status(c, r)
	s.recipient(c, r)
	if depth < MaxEndorsementDepth {
		s.endorsements(c, r, depth)
	}
}

// format checks the credential's shape: contexts, types, a subject; and
// notes a VC-JWT layout that no specification defines.
func (s *session) format(p *credential.Parsed, r *Report) {
	c := p.Cred
	detail := strings.Join(c.Contexts, " ")
	var problems []string
	if first := jsonv.FirstContext(c.Doc); first != jsonv.ContextV2 && first != jsonv.ContextV1 {
		problems = append(problems, ProblemContext)
	}
	if !c.HasType("VerifiableCredential") {
		problems = append(problems, ProblemType)
	}
	if len(c.Subjects) == 0 {
		problems = append(problems, ProblemSubject)
	}
	if p.JWT != nil && !p.JWT.Layout.Standard() {
		r.add(check.Format, check.Warn, FormatJWTLayout, check.Args{Cause: string(p.JWT.Layout)}, detail)
	}
	cs := c.Subject()
	switch {
	case len(problems) > 0:
		r.add(check.Format, check.Fail, FormatMalformed, check.Args{Items: problems}, detail)
	case cs["id"] == nil && cs["identifier"] == nil && c.HasType("OpenBadgeCredential", "AchievementCredential", "ClrCredential"):
		// Required by Open Badges 3.0, but verifiers in use accept it.
		r.add(check.Format, check.Warn, FormatNoSubjectID, check.Args{}, detail)
	default:
		r.add(check.Format, check.Pass, FormatOK, check.Args{}, detail)
	}
}

// startSchemas runs the schema checks alongside the proof checks: they
// only read the credential, and the first one in a process compiles a
// schema, which takes longer than checking a signature (lw verify FILE
// pays both). The checks come, in their order, on the channel.
func (s *session) startSchemas(c *credential.Credential) <-chan []check.Check {
	out := make(chan []check.Check, 1)
	go func() {
		var sr Report
		s.schemas(c, &sr)
		out <- sr.Checks
	}()
	return out
}

func (s *session) schemas(c *credential.Credential, r *Report) {
	var urls []string
	for _, sc := range c.Schemas {
		if sm := jsonv.Obj(sc); sm != nil && jsonv.Text(sm["type"]) == "1EdTechJsonSchemaValidator2019" {
			urls = append(urls, jsonv.Text(sm["id"]))
		}
	}
	if len(urls) == 0 {
		// As the 1EdTech validator does: the schema of the credential's type.
		if u := schema.ForTypes(c.Types); u != "" {
			urls = append(urls, u)
		}
	}
	for _, url := range urls {
		err := schema.ValidateValue(c.Doc, url)
		switch {
		case err == nil:
			r.add(check.Schema, check.Pass, SchemaOK, check.Args{URL: url}, url)
		case errors.Is(err, schema.ErrUnknownSchema):
			r.add(check.Schema, check.Unknown, SchemaUnknown, check.Args{URL: url}, url)
		default:
			r.add(check.Schema, check.Fail, SchemaInvalid, check.Args{URL: url}, err.Error())
		}
	}
}

func (s *session) dates(p *credential.Parsed, r *Report) {
	c := p.Cred
	from, until := c.ValidFrom, c.ValidUntil
	if p.JWT != nil {
		// A VC-JWT may say its dates in its claims only.
		if t, ok, err := credential.NumericDate(p.JWT.Claims["nbf"]); from.IsZero() && ok && err == nil {
			from = t
		}
		if t, ok, err := credential.NumericDate(p.JWT.Claims["exp"]); until.IsZero() && ok && err == nil {
			until = t
		}
	}
	switch {
	case !from.IsZero() && s.now.Before(from):
		r.add(check.Validity, check.Fail, ValidityNotYet, check.Args{When: from}, from.Format(time.RFC3339))
	case !until.IsZero() && s.now.After(until):
		r.add(check.Validity, check.Fail, ValidityExpired, check.Args{When: until}, until.Format(time.RFC3339))
	case !until.IsZero():
		r.add(check.Validity, check.Pass, ValidityUntil, check.Args{When: until}, until.Format(time.RFC3339))
	default:
		r.add(check.Validity, check.Pass, ValidityForever, check.Args{}, "")
	}
}

func (s *session) status(c *credential.Credential, r *Report) {
	if len(c.Status) == 0 {
		r.add(check.Revocation, check.Pass, RevocationNone, check.Args{}, "")
		return
	}
	verifyList := func(ctx context.Context, list []byte) error { return s.listProof(list) }
	for _, res := range status.Check(s.ctx, c.Doc, status.Options{Fetcher: s.fetcher, VerifyList: verifyList, Now: s.now}) {
		if res.FromCache {
			r.asOf(res.AsOf)
		}
		detail := strings.TrimSpace(res.Type + " " + res.Purpose + " " + res.Detail)
		var caveats []string
		for _, cv := range res.Caveats {
			caveats = append(caveats, string(cv))
		}
		args := check.Args{Value: res.Purpose, Items: caveats, Who: res.Publisher}
		if res.FromCache {
			args.When = res.AsOf
		}
		switch res.State {
		case status.OK:
			st := check.Pass
			if len(caveats) > 0 {
				st = check.Warn
			}
			r.add(check.Revocation, st, RevocationStands, args, detail)
		case status.Revoked:
			args.Value = res.Reason
			r.add(check.Revocation, check.Fail, RevocationRevoked, args, detail)
		case status.Suspended:
			r.add(check.Revocation, check.Fail, RevocationSuspended, args, detail)
		case status.Unsupported:
			what := res.Type
			if res.Cause == status.CauseUnsupportedPurpose {
				what = res.Purpose
			}
			r.add(check.Revocation, check.Unknown, RevocationUnsupported, check.Args{Cause: string(res.Cause), Value: what}, detail)
		default:
			r.add(check.Revocation, check.Unknown, RevocationUnknown, check.Args{Cause: string(res.Cause), Value: res.Purpose, When: res.Until}, detail)
		}
	}
}

// recipient matches the subject against the learner's identities.
func (s *session) recipient(c *credential.Credential, r *Report) {
	cs := c.Subject()
	id := jsonv.Text(cs["id"])
	for _, d := range s.v.Identities.DIDs {
		if id != "" && id == d {
			r.add(check.Recipient, check.Pass, RecipientYou, check.Args{Value: d}, id)
			return
		}
	}
	for _, idv := range jsonv.List(cs["identifier"]) {
		io := jsonv.Obj(idv)
		if io == nil {
			continue
		}
		typ := jsonv.Text(io["identityType"])
		var known []string
		switch typ {
		case "emailAddress":
			known = s.v.Identities.Emails
		case "name":
			known = s.v.Identities.Names
		}
		for _, k := range known {
			if identityMatches(jsonv.Text(io["identityHash"]), io["hashed"] == true, jsonv.Text(io["salt"]), k) {
				r.add(check.Recipient, check.Pass, RecipientYou, check.Args{Value: k}, typ)
				return
			}
		}
	}
	s.recipientUnknown(r, id)
}

// endorsements verifies each endorsement on its own: a bad one is
// reported, it does not fail the credential.
func (s *session) endorsements(c *credential.Credential, r *Report, depth int) {
	var found []any
	collect := func(m map[string]any) {
		found = append(found, jsonv.List(m["endorsement"])...)
		found = append(found, jsonv.List(m["endorsementJwt"])...)
	}
	collect(c.Doc)
	collect(jsonv.Obj(c.Doc["issuer"]))
	if cs := c.Subject(); cs != nil {
		a := jsonv.Obj(cs["achievement"])
		collect(a)
		collect(jsonv.Obj(a["creator"]))
	}
	if len(found) == 0 {
		return
	}
	if len(found) > MaxEndorsements {
		found = found[:MaxEndorsements]
	}
	var bad []string
	for _, e := range found {
		var b []byte
		switch t := e.(type) {
		case string:
			b = []byte(t)
		case map[string]any:
			b = jsonv.Canonical(t)
		default:
			continue
		}
		p, err := credential.Parse(b)
		if err != nil {
			bad = append(bad, "?:"+string(FormatUnreadable))
			continue
		}
		if rep := s.parsed(p, depth+1); !rep.Valid() {
			bad = append(bad, p.Summary.Title()+":"+string(rep.Verdict))
		}
	}
	if len(bad) == 0 {
		r.add(check.Endorsements, check.Pass, EndorsementsOK, check.Args{N: len(found)}, "")
		return
	}
	r.add(check.Endorsements, check.Warn, EndorsementsSome, check.Args{N: len(bad), Of: len(found), Items: bad}, strings.Join(bad, "; "))
}
