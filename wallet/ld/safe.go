package ld

import (
	"fmt"
	"sort"
	"strings"

	gold "github.com/piprate/json-gold/ld"
)

// RelativeIRIError reports an @id that is not an absolute IRI. With a null
// base IRI, canonicalization drops every statement about or pointing to
// it, so a signature would not cover them.
type RelativeIRIError struct {
	IRI string
}

func (e *RelativeIRIError) Error() string {
	return fmt.Sprintf("the identifier %q is not an absolute IRI, so what the document says with it would not be covered by the signature", e.IRI)
}

// checkSafe walks an expanded document and reports what canonicalization
// would silently lose: properties and types that did not expand to an
// absolute IRI (or expanded through undefinedVocab), and relative @ids.
// json-gold's SafeMode only catches undefined properties, and only during
// expansion; relative @type values pass it (DIGEST §11.2).
func checkSafe(expanded []any) error {
	var w safeWalk
	w.list(expanded)
	if len(w.undefined) > 0 {
		sort.Strings(w.undefined) // the same document always names the same term
		return &UndefinedTermError{Term: w.undefined[0]}
	}
	if w.relative != "" {
		return &RelativeIRIError{IRI: w.relative}
	}
	return nil
}

type safeWalk struct {
	undefined []string
	relative  string
}

func (w *safeWalk) list(values []any) {
	for _, v := range values {
		w.value(v)
	}
}

func (w *safeWalk) value(v any) {
	switch x := v.(type) {
	case []any:
		w.list(x)
	case map[string]any:
		w.object(x)
	}
}

func (w *safeWalk) object(obj map[string]any) {
	if _, isValue := obj["@value"]; isValue {
		if t, ok := obj["@type"].(string); ok && t != "@json" {
			w.iri(t) // a datatype
		}
		return
	}
	for k, v := range obj {
		switch k {
		case "@type":
			for _, t := range gold.Arrayify(v) {
				if s, ok := t.(string); ok {
					w.iri(s)
				}
			}
		case "@id":
			if s, ok := v.(string); ok {
				w.id(s)
			}
		case "@reverse":
			if m, ok := v.(map[string]any); ok {
				for p, pv := range m {
					w.iri(p)
					w.value(pv)
				}
			}
		case "@list", "@set", "@graph", "@included":
			w.value(v)
		default:
			if !strings.HasPrefix(k, "@") {
				w.iri(k)
				w.value(v)
			}
		}
	}
}

// iri checks a property, type or datatype IRI.
func (w *safeWalk) iri(s string) {
	if term, ok := strings.CutPrefix(s, undefinedVocab); ok {
		w.undefined = append(w.undefined, term)
	} else if !hasScheme(s) {
		w.undefined = append(w.undefined, s)
	}
}

// id checks a node identifier: a blank node or an absolute IRI. A value of
// an @vocab-typed property may have expanded through undefinedVocab.
func (w *safeWalk) id(s string) {
	if term, ok := strings.CutPrefix(s, undefinedVocab); ok {
		w.undefined = append(w.undefined, term)
	} else if !strings.HasPrefix(s, "_:") && !hasScheme(s) && w.relative == "" {
		w.relative = s
	}
}

// hasScheme reports whether s starts with a URI scheme and a colon
// (RFC 3986 §3.1), which is what makes it absolute.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// nameUndefined runs after json-gold's SafeMode refused a property. That
// happens where a context nulled the active context (undefinedVocab gone,
// e.g. inside a presentation's verifiableCredential), so expansion runs
// again without SafeMode and with undefinedVocab under every nested
// @context too, to name the term. It only names: the document has already
// failed.
func (p *Processor) nameUndefined(doc map[string]any) error {
	loose := p.opts.Copy()
	loose.SafeMode = false
	ctx, err := gold.NewContext(nil, loose).Parse(withVocab(doc["@context"]))
	if err == nil {
		body := make(map[string]any, len(doc))
		for k, v := range doc {
			if k != "@context" {
				body[k] = nestedVocab(v)
			}
		}
		var expanded any
		if expanded, err = gold.NewJsonLdApi().Expand(ctx, "", body, loose, false, nil); err == nil {
			var w safeWalk
			w.list(topLevel(expanded))
			if len(w.undefined) > 0 {
				sort.Strings(w.undefined)
				return &UndefinedTermError{Term: w.undefined[0]}
			}
		}
	}
	return &UndefinedTermError{}
}

// withVocab puts undefinedVocab under a @context value, after any null in
// it (a null resets everything before it).
func withVocab(value any) []any {
	list := gold.Arrayify(value)
	at := 0
	for i, c := range list {
		if c == nil {
			at = i + 1
		}
	}
	out := make([]any, 0, len(list)+1)
	out = append(out, list[:at]...)
	out = append(out, map[string]any{"@vocab": undefinedVocab})
	return append(out, list[at:]...)
}

// nestedVocab copies v with withVocab applied to every nested @context.
func nestedVocab(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = nestedVocab(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if k == "@context" {
				out[k] = withVocab(e)
			} else {
				out[k] = nestedVocab(e)
			}
		}
		return out
	}
	return v
}
