package wallet

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// RespondTimeout bounds answering a verifier: reading its request,
// checking the credentials that match, signing and sending.
const RespondTimeout = 2 * time.Minute

// ReadRequest reads a verifier's OpenID4VP authorization request (a link,
// or the text of its QR code), fetching a request object by reference over
// n, and checks it against its client_id. opts.Roots are the certificates
// x509_san_dns verifiers must chain to (nil: the system's).
func ReadRequest(ctx context.Context, n oid4vp.Network, text string, opts oid4vp.Options) (*oid4vp.Request, error) {
	return oid4vp.Read(ctx, n, text, opts)
}

// Matches are the learner's credentials that answer a request, per thing
// it asks for.
type Matches struct {
	Queries []QueryMatch
	ids     map[string][]string
}

// QueryMatch is one thing a request asks for and the credentials that
// answer it: valid, and issued to one of the learner's DIDs.
type QueryMatch struct {
	oid4vp.Query
	Candidates []Candidate
}

// Candidate is a credential that answers a query, and what presenting it
// would disclose.
type Candidate struct {
	Item      Item
	Disclosed Disclosed
}

// Match finds, for each thing the request asks for, the credentials in the
// wallet that answer it: valid ones issued to the learner's DID (whole, or
// nested in a record), each with what it would disclose. When no choice of
// them answers the request, the matches found come with an
// *oid4vp.Error of Code NoMatch: the request asks for more than the
// learner's credentials can give.
func (w *Wallet) Match(ctx context.Context, req *oid4vp.Request) (Matches, error) {
	cands, items, err := w.candidates(req)
	if err != nil {
		return Matches{}, err
	}
	first, _ := req.Match(cands)
	var union []string
	for _, ids := range first {
		for _, id := range ids {
			if !slices.Contains(union, id) {
				union = append(union, id)
			}
		}
	}
	ok := map[string]bool{}
	if len(union) > 0 {
		checked, err := w.Presentability(ctx, union)
		if err != nil {
			return Matches{}, err
		}
		for _, p := range checked {
			ok[p.Item.ID] = p.Bound && p.Problem == nil
		}
	}
	cands = slices.DeleteFunc(cands, func(c oid4vp.Candidate) bool { return !ok[c.ID] })
	ids, matchErr := req.Match(cands)
	m := Matches{ids: ids}
	for _, q := range req.Queries() {
		qm := QueryMatch{Query: q}
		for _, id := range ids[q.ID] {
			d, err := w.Disclosure([]string{id})
			if err != nil {
				return Matches{}, err
			}
			qm.Candidates = append(qm.Candidates, Candidate{Item: items[id], Disclosed: d[0]})
		}
		m.Queries = append(m.Queries, qm)
	}
	return m, matchErr
}

// candidates are the wallet's credentials as a query sees them: valid,
// in a format a presentation can carry, with their types expanded.
func (w *Wallet) candidates(req *oid4vp.Request) ([]oid4vp.Candidate, map[string]Item, error) {
	all, err := w.BriefItems()
	if err != nil {
		return nil, nil, err
	}
	proc, err := ld.Default()
	if err != nil {
		return nil, nil, err
	}
	var out []oid4vp.Candidate
	items := map[string]Item{}
	// Credentials of a kind share their contexts and types: each pair is
	// expanded once.
	expanded := map[string][]string{}
	for _, it := range all {
		if !it.Verification.OK() {
			continue
		}
		p, err := w.presentable(it)
		if err != nil {
			continue // an OB 2.0 badge, a nested credential without a proof
		}
		c := oid4vp.Candidate{ID: it.ID, Format: oid4vp.FormatLDP, Doc: p.doc}
		if p.jwt != "" {
			c.Format = oid4vp.FormatJWT
			if c.Token, c.Doc = jwtCredential(p.jwt); c.Doc == nil {
				continue
			}
		}
		key := string(jsonv.Canonical([]any{c.Doc["@context"], c.Doc["type"]}))
		types, ok := expanded[key]
		if !ok {
			types = expandedTypes(proc, c.Doc)
			expanded[key] = types
		}
		c.Types = types
		out = append(out, c)
		items[it.ID] = it
	}
	return out, items, nil
}

// jwtCredential reads a VC-JWT's payload (its signature was checked when
// it was verified) and the credential in it: the vc claim (VCDM 1.1) or
// the payload itself (VCDM 2.0).
func jwtCredential(s string) (payload, cred map[string]any) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, nil
	}
	payload, err = jsonv.DecodeObject(b)
	if err != nil {
		return nil, nil
	}
	if vc, ok := payload["vc"].(map[string]any); ok {
		return payload, vc
	}
	return payload, payload
}

// expandedTypes are a credential's types expanded to IRIs through its
// own contexts (OB 3.0's AchievementCredential and OpenBadgeCredential
// expand alike); none when they do not expand.
func expandedTypes(proc *ld.Processor, doc map[string]any) []string {
	exp, err := proc.Expand(map[string]any{"@context": doc["@context"], "type": doc["type"]})
	if err != nil || len(exp) != 1 {
		return nil
	}
	node, _ := exp[0].(map[string]any)
	return jsonv.Strings(node["@type"])
}

// SentError means the verifier took the answer, but it could not be
// written in the sharing log.
type SentError struct{ Err error }

func (e *SentError) Error() string {
	return "sent, but not written in the sharing log: " + e.Err.Error()
}

func (e *SentError) Unwrap() error { return e.Err }

// Respond presents the credentials the learner chose (item ids per query
// id, from Match) to the verifier: each signed with the learner's key for
// this request (challenge or nonce its nonce, domain or aud its whole
// client_id), sent to its response_uri, and logged in the sharing log as
// sent to the verifier. Nothing is sent unless the choice answers the
// request. Once the verifier took it, the only error is a *SentError. An
// answer the verifier refused, or did not acknowledge, may have reached it:
// it is logged too, saying so.
func (w *Wallet) Respond(ctx context.Context, n oid4vp.Network, req *oid4vp.Request, chosen map[string][]string) (oid4vp.Answer, error) {
	m, err := w.Match(ctx, req)
	if err != nil && !oid4vp.HasCode(err, oid4vp.NoMatch) {
		return oid4vp.Answer{}, err
	}
	if err := req.CheckChoice(m.ids, chosen); err != nil {
		return oid4vp.Answer{}, err
	}
	var resp oid4vp.Response
	var made []*Presentation
	present := func(ids []string, format string) (oid4vp.VP, error) {
		opts := PresentOptions{Format: PresentLDP, Domain: req.ClientID, Challenge: req.Nonce}
		if format == oid4vp.FormatJWT {
			opts.Format = PresentJWT
		}
		p, err := w.Present(ctx, ids, opts)
		if err != nil {
			return oid4vp.VP{}, err
		}
		made = append(made, p)
		if p.Format == PresentJWT {
			return oid4vp.VP{JWT: string(p.Bytes)}, nil
		}
		return oid4vp.VP{JSON: json.RawMessage(p.Bytes)}, nil
	}
	queries := req.Queries()
	if req.DCQL != nil {
		resp.ByQuery = map[string][]oid4vp.VP{}
		for _, q := range queries {
			for _, id := range chosen[q.ID] {
				vp, err := present([]string{id}, q.Format)
				if err != nil {
					return oid4vp.Answer{}, err
				}
				resp.ByQuery[q.ID] = append(resp.ByQuery[q.ID], vp)
			}
		}
	} else {
		var ids, descriptors []string
		for _, q := range queries {
			for _, id := range chosen[q.ID] {
				ids, descriptors = append(ids, id), append(descriptors, q.ID)
			}
		}
		format := queries[0].Format
		vp, err := present(ids, format)
		if err != nil {
			return oid4vp.Answer{}, err
		}
		list := "$.verifiableCredential"
		if vp.JWT != "" {
			if payload, _ := jwtCredential(vp.JWT); payload != nil && payload["vp"] != nil {
				list = "$.vp.verifiableCredential"
			}
		}
		// Present keeps each item once: a credential answering two
		// descriptors is at its first place.
		var order []string
		var answered []oid4vp.Answered
		for i, id := range ids {
			if !slices.Contains(order, id) {
				order = append(order, id)
			}
			answered = append(answered, oid4vp.Answered{Descriptor: descriptors[i], Index: slices.Index(order, id)})
		}
		resp.Single = &vp
		resp.Submission = req.NewSubmission(randomUUID(), format, list, answered)
	}
	answer, err := oid4vp.Submit(ctx, n, req, resp)
	how := "sent to " + req.Verifier()
	if name := safetext.Clip(safetext.Line(req.Metadata.ClientName), 80); name != "" {
		// The name is the verifier's own word; what checked it follows.
		how = "sent to " + name + " (" + req.Verifier() + ")"
	}
	switch {
	case oid4vp.HasCode(err, oid4vp.Refused):
		// It reached the verifier all the same: the log says so.
		how += ", which refused it"
	case oid4vp.HasCode(err, oid4vp.NoAnswer):
		how += ", which did not answer"
	case err != nil:
		return oid4vp.Answer{}, err // nothing left the wallet
	}
	for _, p := range made {
		if _, logErr := w.RecordShare(p, how); logErr != nil && err == nil {
			return answer, &SentError{Err: logErr}
		}
	}
	return answer, err
}
