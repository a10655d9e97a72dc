package oid4vp

import (
	"slices"
	"strconv"
)

// Candidate is a credential of the learner's, as the query sees it.
type Candidate struct {
	ID     string
	Format string   // FormatLDP or FormatJWT
	Types  []string // its types, expanded to IRIs through its contexts
	// Doc is the credential's JSON (for a VC-JWT, the credential in it);
	// Token, for a VC-JWT, the JWT's whole payload.
	Doc   map[string]any
	Token map[string]any
}

// Query is one thing the request asks for: a DCQL credential query, or a
// Presentation Exchange input descriptor.
type Query struct {
	ID      string
	Name    string // what the verifier calls it, when it says
	Purpose string // why it asks, when it says
	// Format is the credential format it takes (FormatLDP or FormatJWT),
	// and so the presentation's.
	Format string
	// Multiple says more than one credential may answer it.
	Multiple bool
	// Required says the request cannot be answered without it.
	Required bool
}

// Queries lists what the request asks for, in its order.
func (r *Request) Queries() []Query {
	var out []Query
	if r.DCQL != nil {
		for _, c := range r.DCQL.Credentials {
			out = append(out, Query{ID: c.ID, Format: c.Format, Multiple: c.Multiple, Required: r.DCQL.required(c.ID)})
		}
		return out
	}
	d := r.Definition
	format := r.peFormat()
	for _, in := range d.InputDescriptors {
		out = append(out, Query{ID: in.ID, Name: in.Name, Purpose: in.Purpose, Format: format, Multiple: false, Required: d.required(in)})
	}
	return out
}

// Purpose is what the request as a whole says it is for, when it says.
func (r *Request) Purpose() string {
	if r.Definition != nil {
		if r.Definition.Purpose != "" {
			return r.Definition.Purpose
		}
		return r.Definition.Name
	}
	return ""
}

// required: no credential sets, or a required set with one option
// naming it.
func (q *DCQL) required(id string) bool {
	if len(q.Sets) == 0 {
		return true
	}
	for _, s := range q.Sets {
		if s.IsRequired() && len(s.Options) == 1 && slices.Contains(s.Options[0], id) {
			return true
		}
	}
	return false
}

func (d *PresentationDefinition) required(in InputDescriptor) bool {
	if len(d.SubmissionRequirements) == 0 {
		return true
	}
	for _, sr := range d.SubmissionRequirements {
		if sr.Rule == "all" && slices.Contains(in.Group, sr.From) {
			return true
		}
	}
	return false
}

// peFormat is the format a presentation_definition's one presentation
// takes: what it (or its first descriptor) names, else what the verifier
// takes, else ldp.
func (r *Request) peFormat() string {
	pick := func(formats map[string]bool) string {
		switch {
		case formats["ldp_vp"] || formats["ldp_vc"] || formats["ldp"]:
			return FormatLDP
		case formats["jwt_vp_json"] || formats["jwt_vp"] || formats["jwt_vc_json"] || formats["jwt_vc"]:
			return FormatJWT
		}
		return ""
	}
	keys := func(m map[string][]byte) map[string]bool {
		out := map[string]bool{}
		for k := range m {
			out[k] = true
		}
		return out
	}
	d := r.Definition
	for _, m := range []map[string][]byte{raw(d.Format), raw(d.InputDescriptors[0].Format), raw(r.Metadata.VPFormats), raw(r.Metadata.VPFormatsDraft)} {
		if f := pick(keys(m)); f != "" {
			return f
		}
	}
	return FormatLDP
}

func raw[T ~[]byte](m map[string]T) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Match finds, for each query, the candidates that answer it (their ids,
// in the candidates' order). A request that no choice of these can answer
// is NoMatch: it asks for more than the learner's credentials can give.
func (r *Request) Match(cands []Candidate) (map[string][]string, error) {
	out := map[string][]string{}
	for _, q := range r.Queries() {
		out[q.ID] = []string{}
	}
	for _, c := range cands {
		if r.DCQL != nil {
			for _, q := range r.DCQL.Credentials {
				if q.matches(c) {
					out[q.ID] = append(out[q.ID], c.ID)
				}
			}
			continue
		}
		if c.Format != r.peFormat() {
			continue
		}
		for _, in := range r.Definition.InputDescriptors {
			if in.matches(c) {
				out[in.ID] = append(out[in.ID], c.ID)
			}
		}
	}
	if err := r.answered(out, true); err != nil {
		return out, err
	}
	return out, nil
}

// CheckChoice checks the credentials the learner chose (ids per query)
// against what matched: each chosen one a candidate of its query, one per
// query unless it takes several, and the request answered.
func (r *Request) CheckChoice(matched, chosen map[string][]string) error {
	n := 0
	for _, ids := range chosen {
		n += len(ids)
	}
	if n == 0 {
		return &Error{Code: BadChoice, Detail: "nothing chosen"}
	}
	queries := map[string]Query{}
	for _, q := range r.Queries() {
		queries[q.ID] = q
	}
	for id, ids := range chosen {
		q, ok := queries[id]
		switch {
		case !ok:
			return &Error{Code: BadChoice, Detail: "no query " + id}
		case len(ids) > 1 && !q.Multiple:
			return &Error{Code: BadChoice, Detail: "query " + id + " takes one credential"}
		}
		for _, c := range ids {
			if !slices.Contains(matched[id], c) {
				return &Error{Code: BadChoice, Detail: c + " does not answer query " + id}
			}
		}
	}
	return r.answered(chosen, false)
}

// answered says whether the credentials per query answer the request:
// every credential set that is required (DCQL), every submission
// requirement (Presentation Exchange). match: the credentials are
// candidates, not choices (a pick's maximum does not apply).
func (r *Request) answered(per map[string][]string, match bool) error {
	has := func(id string) bool { return len(per[id]) > 0 }
	code := BadChoice
	if match {
		code = NoMatch
	}
	if q := r.DCQL; q != nil {
		if len(q.Sets) == 0 {
			for _, c := range q.Credentials {
				if !has(c.ID) {
					return &Error{Code: code, Detail: c.ID}
				}
			}
			return nil
		}
		for _, s := range q.Sets {
			if !s.IsRequired() {
				continue
			}
			ok := slices.ContainsFunc(s.Options, func(o []string) bool { return !slices.ContainsFunc(o, func(id string) bool { return !has(id) }) })
			if !ok {
				return &Error{Code: code, Detail: "a required credential set"}
			}
		}
		return nil
	}
	d := r.Definition
	if len(d.SubmissionRequirements) == 0 {
		for _, in := range d.InputDescriptors {
			if !has(in.ID) {
				return &Error{Code: code, Detail: in.ID}
			}
		}
		return nil
	}
	for _, sr := range d.SubmissionRequirements {
		var n, total int
		for _, in := range d.InputDescriptors {
			if slices.Contains(in.Group, sr.From) {
				total++
				if has(in.ID) {
					n++
				}
			}
		}
		detail := "submission requirement " + sr.From
		switch {
		case sr.Rule == "all" && n < total:
			return &Error{Code: code, Detail: detail}
		case sr.Rule == "pick" && sr.Count != nil && (n < *sr.Count || !match && n > *sr.Count):
			return &Error{Code: code, Detail: detail + ": pick " + strconv.Itoa(*sr.Count)}
		case sr.Rule == "pick" && sr.Min != nil && n < *sr.Min:
			return &Error{Code: code, Detail: detail + ": at least " + strconv.Itoa(*sr.Min)}
		case sr.Rule == "pick" && sr.Max != nil && !match && n > *sr.Max:
			return &Error{Code: code, Detail: detail + ": at most " + strconv.Itoa(*sr.Max)}
		}
	}
	return nil
}
