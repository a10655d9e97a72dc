package oid4vp

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PresentationDefinition is a DIF Presentation Exchange 2.0 query.
type PresentationDefinition struct {
	ID                     string                     `json:"id"`
	Name                   string                     `json:"name,omitempty"`
	Purpose                string                     `json:"purpose,omitempty"`
	Format                 map[string]json.RawMessage `json:"format,omitempty"`
	InputDescriptors       []InputDescriptor          `json:"input_descriptors"`
	SubmissionRequirements []SubmissionRequirement    `json:"submission_requirements,omitempty"`
}

// InputDescriptor asks for one credential.
type InputDescriptor struct {
	ID          string                     `json:"id"`
	Name        string                     `json:"name,omitempty"`
	Purpose     string                     `json:"purpose,omitempty"`
	Group       []string                   `json:"group,omitempty"`
	Format      map[string]json.RawMessage `json:"format,omitempty"`
	Constraints struct {
		LimitDisclosure string  `json:"limit_disclosure,omitempty"`
		Fields          []Field `json:"fields,omitempty"`
	} `json:"constraints"`
}

// Field is a constraint: one of Path's JSONPaths must select a value the
// Filter (a JSON Schema) accepts.
type Field struct {
	ID       string          `json:"id,omitempty"`
	Path     []string        `json:"path"`
	Filter   json.RawMessage `json:"filter,omitempty"`
	Optional bool            `json:"optional,omitempty"`
	Name     string          `json:"name,omitempty"`
	Purpose  string          `json:"purpose,omitempty"`

	paths  [][]any
	filter *filter
}

// SubmissionRequirement says how many of a group's descriptors answer
// the request (the basic rules: all, pick).
type SubmissionRequirement struct {
	Name       string          `json:"name,omitempty"`
	Rule       string          `json:"rule"`
	Count      *int            `json:"count,omitempty"`
	Min        *int            `json:"min,omitempty"`
	Max        *int            `json:"max,omitempty"`
	From       string          `json:"from,omitempty"`
	FromNested json.RawMessage `json:"from_nested,omitempty"`
}

// ParseDefinition reads and checks a presentation definition.
func ParseDefinition(b []byte) (*PresentationDefinition, error) {
	var d PresentationDefinition
	if err := decodeStrict(b, &d); err != nil {
		return nil, err
	}
	if d.ID == "" || len(d.InputDescriptors) == 0 {
		return nil, &Error{Code: Malformed, Detail: "a presentation_definition without id or input_descriptors"}
	}
	if len(d.InputDescriptors) > maxQueries || len(d.SubmissionRequirements) > maxQueries {
		return nil, &Error{Code: TooLarge, Detail: "presentation_definition"}
	}
	ids := map[string]bool{}
	groups := map[string]bool{}
	for i := range d.InputDescriptors {
		in := &d.InputDescriptors[i]
		if in.ID == "" || ids[in.ID] {
			return nil, &Error{Code: Malformed, Detail: "input descriptor id " + in.ID}
		}
		ids[in.ID] = true
		for _, g := range in.Group {
			groups[g] = true
		}
		if in.Constraints.LimitDisclosure == "required" {
			return nil, &Error{Code: Unsupported, Detail: "limit_disclosure required: the wallet presents credentials whole"}
		}
		if len(in.Constraints.Fields) > maxClaims {
			return nil, &Error{Code: TooLarge, Detail: "input descriptor " + in.ID}
		}
		for j := range in.Constraints.Fields {
			f := &in.Constraints.Fields[j]
			if len(f.Path) == 0 || len(f.Path) > maxOptions {
				return nil, &Error{Code: Malformed, Detail: "a field without path"}
			}
			for _, p := range f.Path {
				parsed, err := parseJSONPath(p)
				if err != nil {
					return nil, err
				}
				f.paths = append(f.paths, parsed)
			}
			if len(f.Filter) > 0 {
				var raw map[string]any
				if err := decodeStrict(f.Filter, &raw); err != nil {
					return nil, err
				}
				flt, err := parseFilter(raw, 0)
				if err != nil {
					return nil, err
				}
				f.filter = flt
			}
		}
	}
	for _, sr := range d.SubmissionRequirements {
		switch {
		case sr.FromNested != nil:
			return nil, &Error{Code: Unsupported, Detail: "nested submission_requirements"}
		case sr.Rule != "all" && sr.Rule != "pick":
			return nil, &Error{Code: Malformed, Detail: "submission requirement rule " + sr.Rule}
		case !groups[sr.From]:
			return nil, &Error{Code: Malformed, Detail: "submission requirement from an unknown group " + sr.From}
		}
	}
	return &d, nil
}

// parseJSONPath reads the JSONPath a field names, in the subset real
// definitions use: $, .name, ['name'], [n], [*].
func parseJSONPath(p string) ([]any, error) {
	bad := &Error{Code: Unsupported, Detail: "JSONPath " + p}
	if !strings.HasPrefix(p, "$") || len(p) > 512 {
		return nil, bad
	}
	var out []any
	s := p[1:]
	for s != "" {
		switch {
		case strings.HasPrefix(s, ".*"):
			out, s = append(out, nil), s[2:]
		case s[0] == '.':
			end := strings.IndexAny(s[1:], ".[")
			if end < 0 {
				end = len(s) - 1
			}
			name := s[1 : 1+end]
			if name == "" {
				return nil, bad
			}
			out, s = append(out, name), s[1+end:]
		case strings.HasPrefix(s, "[*]"):
			out, s = append(out, nil), s[3:]
		case strings.HasPrefix(s, "['") || strings.HasPrefix(s, `["`):
			q := s[1]
			end := strings.IndexByte(s[2:], q)
			if end < 0 || !strings.HasPrefix(s[2+end+1:], "]") {
				return nil, bad
			}
			out, s = append(out, s[2:2+end]), s[2+end+2:]
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			n, err := strconv.Atoi(s[1:max(end, 1)])
			if end < 0 || err != nil || n < 0 {
				return nil, bad
			}
			out, s = append(out, float64(n)), s[end+1:]
		default:
			return nil, bad
		}
		if len(out) > maxPath {
			return nil, bad
		}
	}
	return out, nil
}

// filter is the subset of JSON Schema filters use.
type filter struct {
	typ                  string
	constant             any
	hasConst             bool
	enum                 []any
	pattern              *regexp.Regexp
	contains             *filter
	minLength, maxLength int
}

func parseFilter(m map[string]any, depth int) (*filter, error) {
	if depth > 4 {
		return nil, &Error{Code: Unsupported, Detail: "a filter nested too deep"}
	}
	f := &filter{maxLength: -1}
	for k, v := range m {
		switch k {
		case "$schema", "format", "title", "description":
		case "type":
			f.typ, _ = v.(string)
		case "const":
			f.constant, f.hasConst = v, true
		case "enum":
			l, ok := v.([]any)
			if !ok || len(l) > maxOptions {
				return nil, &Error{Code: Malformed, Detail: "filter enum"}
			}
			f.enum = l
		case "pattern":
			s, _ := v.(string)
			re, err := regexp.Compile(s)
			if err != nil || len(s) > 512 {
				return nil, &Error{Code: Malformed, Detail: "filter pattern"}
			}
			f.pattern = re
		case "contains":
			sub, ok := v.(map[string]any)
			if !ok {
				return nil, &Error{Code: Malformed, Detail: "filter contains"}
			}
			c, err := parseFilter(sub, depth+1)
			if err != nil {
				return nil, err
			}
			f.contains = c
		case "minLength", "maxLength":
			n, ok := v.(float64)
			if !ok || n < 0 {
				return nil, &Error{Code: Malformed, Detail: "filter " + k}
			}
			if k == "minLength" {
				f.minLength = int(n)
			} else {
				f.maxLength = int(n)
			}
		default:
			return nil, &Error{Code: Unsupported, Detail: "filter keyword " + k}
		}
	}
	return f, nil
}

func (f *filter) accepts(v any) bool {
	switch f.typ {
	case "":
	case "string":
		if _, ok := v.(string); !ok {
			return false
		}
	case "array":
		if _, ok := v.([]any); !ok {
			return false
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return false
		}
	case "number", "integer":
		if _, ok := v.(float64); !ok {
			return false
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return false
		}
	default:
		return false
	}
	if f.hasConst && !sameScalar(v, f.constant) {
		return false
	}
	if f.enum != nil && !anySame(v, f.enum) {
		return false
	}
	if s, ok := v.(string); ok {
		n := utf8.RuneCountInString(s)
		if n < f.minLength || f.maxLength >= 0 && n > f.maxLength {
			return false
		}
		if f.pattern != nil && !f.pattern.MatchString(s) {
			return false
		}
	} else if f.pattern != nil {
		return false
	}
	if f.contains != nil {
		l, ok := v.([]any)
		if !ok {
			// A single type or context is an array of one in JSON-LD.
			l = []any{v}
		}
		found := false
		for _, x := range l {
			if f.contains.accepts(x) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func anySame(v any, l []any) bool {
	for _, x := range l {
		if sameScalar(v, x) {
			return true
		}
	}
	return false
}

// matches reports whether a candidate meets every field that is not
// optional.
func (in InputDescriptor) matches(c Candidate) bool {
	for _, f := range in.Constraints.Fields {
		if f.Optional {
			continue
		}
		if !f.holds(c) {
			return false
		}
	}
	return true
}

func (f Field) holds(c Candidate) bool {
	for _, doc := range []any{c.Doc, c.Token} {
		if doc == nil {
			continue
		}
		for _, p := range f.paths {
			for _, v := range selectPath(doc, p) {
				if f.filter == nil || f.filter.accepts(v) {
					return true
				}
				// "$.type" with a string filter: verifiers write it for
				// one of the types, as JSON-LD makes one type an array of
				// one.
				if l, ok := v.([]any); ok && slices.ContainsFunc(l, f.filter.accepts) {
					return true
				}
			}
		}
	}
	return false
}
