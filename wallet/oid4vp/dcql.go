package oid4vp

import (
	"encoding/json"
	"regexp"
	"slices"
)

// Limits on a query: far above any real one.
const (
	maxQueries = 64 // credential queries, input descriptors
	maxClaims  = 64 // claims of one query, fields of one descriptor
	maxPath    = 32 // elements of one claims path
	maxOptions = 64 // options of a credential set, values of a claim
)

// DCQL is a Digital Credentials Query Language query (OpenID4VP 1.0
// section 6).
type DCQL struct {
	Credentials []CredentialQuery `json:"credentials"`
	Sets        []CredentialSet   `json:"credential_sets,omitempty"`
}

// CredentialQuery asks for one kind of credential.
type CredentialQuery struct {
	ID       string `json:"id"`
	Format   string `json:"format"`
	Multiple bool   `json:"multiple,omitempty"`
	Meta     struct {
		// TypeValues: the credential's types, expanded to IRIs, must
		// hold every IRI of one of these lists.
		TypeValues [][]string `json:"type_values"`
	} `json:"meta"`
	Claims    []ClaimQuery `json:"claims,omitempty"`
	ClaimSets [][]string   `json:"claim_sets,omitempty"`
	// RequireCryptographicHolderBinding defaults to true; the wallet
	// binds every presentation anyway.
	RequireCryptographicHolderBinding *bool           `json:"require_cryptographic_holder_binding,omitempty"`
	TrustedAuthorities                json.RawMessage `json:"trusted_authorities,omitempty"`
}

// ClaimQuery asks for a claim: a path into the credential, and values one
// of which it must have, when given.
type ClaimQuery struct {
	ID     string `json:"id,omitempty"`
	Path   []any  `json:"path"`
	Values []any  `json:"values,omitempty"`
}

// CredentialSet says which combinations of credential queries answer the
// request: one of Options, each a list of query ids.
type CredentialSet struct {
	Options  [][]string `json:"options"`
	Required *bool      `json:"required,omitempty"`
}

// IsRequired reports whether the set must be answered (the default).
func (s CredentialSet) IsRequired() bool { return s.Required == nil || *s.Required }

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// ParseDCQL reads and checks a DCQL query.
func ParseDCQL(b []byte) (*DCQL, error) {
	var q DCQL
	if err := decodeStrict(b, &q); err != nil {
		return nil, err
	}
	if len(q.Credentials) == 0 {
		return nil, &Error{Code: Malformed, Detail: "a dcql_query without credentials"}
	}
	if len(q.Credentials) > maxQueries || len(q.Sets) > maxQueries {
		return nil, &Error{Code: TooLarge, Detail: "dcql_query"}
	}
	ids := map[string]bool{}
	for _, c := range q.Credentials {
		if !idPattern.MatchString(c.ID) || ids[c.ID] {
			return nil, &Error{Code: Malformed, Detail: "credential query id " + c.ID}
		}
		ids[c.ID] = true
		if c.Format != FormatLDP && c.Format != FormatJWT {
			return nil, &Error{Code: Unsupported, Detail: "credential format " + c.Format}
		}
		if len(c.Meta.TypeValues) == 0 || len(c.Meta.TypeValues) > maxOptions {
			return nil, &Error{Code: Malformed, Detail: "credential query " + c.ID + ": meta.type_values"}
		}
		if c.TrustedAuthorities != nil {
			return nil, &Error{Code: Unsupported, Detail: "trusted_authorities"}
		}
		if len(c.Claims) > maxClaims || len(c.ClaimSets) > maxOptions {
			return nil, &Error{Code: TooLarge, Detail: "credential query " + c.ID}
		}
		claimIDs := map[string]bool{}
		for _, cl := range c.Claims {
			if err := checkPath(cl.Path); err != nil {
				return nil, err
			}
			if len(cl.Values) > maxOptions {
				return nil, &Error{Code: TooLarge, Detail: "claim values"}
			}
			if cl.ID != "" {
				claimIDs[cl.ID] = true
			} else if len(c.ClaimSets) > 0 {
				return nil, &Error{Code: Malformed, Detail: "a claim without id in a query with claim_sets"}
			}
		}
		for _, set := range c.ClaimSets {
			for _, id := range set {
				if !claimIDs[id] {
					return nil, &Error{Code: Malformed, Detail: "claim_sets names an unknown claim " + id}
				}
			}
		}
	}
	for _, s := range q.Sets {
		if len(s.Options) == 0 || len(s.Options) > maxOptions {
			return nil, &Error{Code: Malformed, Detail: "a credential set's options"}
		}
		for _, o := range s.Options {
			if len(o) == 0 || slices.ContainsFunc(o, func(id string) bool { return !ids[id] }) {
				return nil, &Error{Code: Malformed, Detail: "a credential set names an unknown credential query"}
			}
		}
	}
	return &q, nil
}

// checkPath checks a claims path pointer: strings, non-negative integers
// and nulls.
func checkPath(p []any) error {
	if len(p) == 0 || len(p) > maxPath {
		return &Error{Code: Malformed, Detail: "a claims path"}
	}
	for _, e := range p {
		switch v := e.(type) {
		case string, nil:
		case float64:
			if v < 0 || v != float64(int(v)) {
				return &Error{Code: Malformed, Detail: "a claims path index"}
			}
		default:
			return &Error{Code: Malformed, Detail: "a claims path element"}
		}
	}
	return nil
}

// selectPath returns the values a claims path pointer selects in doc.
func selectPath(doc any, path []any) []any {
	cur := []any{doc}
	for _, e := range path {
		var next []any
		for _, v := range cur {
			switch k := e.(type) {
			case string:
				if m, ok := v.(map[string]any); ok {
					if x, ok := m[k]; ok {
						next = append(next, x)
					}
				}
			case float64:
				if l, ok := v.([]any); ok && int(k) < len(l) {
					next = append(next, l[int(k)])
				}
			case nil:
				if l, ok := v.([]any); ok {
					next = append(next, l...)
				}
			}
		}
		cur = next
		if len(cur) == 0 || len(cur) > 10000 {
			return nil
		}
	}
	return cur
}

// claimHolds reports whether the credential has the claim (with one of
// its values, when it names some).
func claimHolds(doc any, c ClaimQuery) bool {
	got := selectPath(doc, c.Path)
	if len(c.Values) == 0 {
		return len(got) > 0
	}
	for _, g := range got {
		for _, want := range c.Values {
			if sameScalar(g, want) {
				return true
			}
		}
	}
	return false
}

func sameScalar(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		f, err := x.Float64()
		y, ok := b.(float64)
		return err == nil && ok && f == y
	case string, bool, float64:
		return a == b
	}
	return false
}

// matchesDCQL reports whether a candidate answers a credential query.
func (q CredentialQuery) matches(c Candidate) bool {
	if c.Format != q.Format {
		return false
	}
	typeOK := slices.ContainsFunc(q.Meta.TypeValues, func(want []string) bool {
		return len(want) > 0 && !slices.ContainsFunc(want, func(t string) bool { return !slices.Contains(c.Types, t) })
	})
	if !typeOK {
		return false
	}
	holds := map[string]bool{}
	for _, cl := range q.Claims {
		ok := claimHolds(c.Doc, cl)
		if cl.ID != "" {
			holds[cl.ID] = ok
		}
		if !ok && len(q.ClaimSets) == 0 {
			return false
		}
	}
	if len(q.ClaimSets) == 0 {
		return true
	}
	return slices.ContainsFunc(q.ClaimSets, func(set []string) bool {
		return !slices.ContainsFunc(set, func(id string) bool { return !holds[id] })
	})
}
