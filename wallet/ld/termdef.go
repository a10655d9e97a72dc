package ld

import (
	"errors"
	"strings"
)

// definer makes the term definitions of one local context (the Create
// Term Definition algorithm, JSON-LD 1.1 API §4.2.2).
type definer struct {
	run       *contextRun
	active    *activeContext
	local     map[string]any
	defined   map[string]bool
	baseURL   string
	protected bool
	override  bool
	remote    []string
	compiled  bool
}

var termKeys = map[string]bool{
	"@id": true, "@reverse": true, "@container": true, "@context": true, "@direction": true,
	"@index": true, "@language": true, "@nest": true, "@prefix": true, "@protected": true, "@type": true,
}

func (d *definer) define(term string) error {
	if done, seen := d.defined[term]; seen {
		if done {
			return nil
		}
		return jsonldErr("cyclic IRI mapping", term)
	}
	if term == "" {
		return jsonldErr("invalid term definition", "a term is empty")
	}
	d.run.defined++
	if d.run.defined > maxTermDefinitions {
		return &TooCostlyError{Work: d.run.defined, Limit: maxTermDefinitions}
	}
	d.defined[term] = false
	value := d.local[term]
	if term == "@type" {
		m, ok := value.(map[string]any)
		if !ok || len(m) == 0 {
			return jsonldErr("keyword redefinition", "@type")
		}
		for k, v := range m {
			if !(k == "@container" && v == "@set") && k != "@protected" {
				return jsonldErr("keyword redefinition", "@type")
			}
		}
	} else if isKeyword(term) {
		return jsonldErr("keyword redefinition", term)
	} else if keywordForm(term) {
		d.defined[term] = true
		return nil // reserved for future keywords: ignored
	}
	previous := d.active.terms[term]
	delete(d.active.terms, term)

	simple := false
	var def map[string]any
	switch v := value.(type) {
	case nil:
		def = map[string]any{"@id": nil}
	case string:
		def, simple = map[string]any{"@id": v}, true
	case map[string]any:
		def = v
	default:
		return jsonldErr("invalid term definition", term)
	}
	t := &termDef{protected: d.protected, compiled: d.compiled, scopeBase: d.baseURL}
	if v, has := def["@protected"]; has {
		b, ok := v.(bool)
		if !ok {
			return jsonldErr("invalid @protected value", term)
		}
		t.protected = b
	}
	if v, has := def["@type"]; has {
		s, ok := v.(string)
		if !ok {
			return jsonldErr("invalid type mapping", term)
		}
		typ, _, err := d.run.expandIRI(d.active, s, false, true, d)
		if err != nil {
			return err
		}
		switch typ {
		case "@id", "@vocab", "@json", "@none":
		default:
			if !hasScheme(typ) || strings.HasPrefix(typ, "_:") {
				return jsonldErr("invalid type mapping", term+": "+s)
			}
		}
		t.typ, t.hasTyp = typ, true
	}
	if _, has := def["@reverse"]; has {
		return &UnsupportedFeatureError{Feature: "@reverse"}
	}
	if id, has := def["@id"]; has && id != term {
		switch s := id.(type) {
		case nil:
			// the term is mapped to null: it is kept from expanding
		case string:
			if !isKeyword(s) && keywordForm(s) {
				// Ignored, as a reserved keyword would be: the term stays
				// as it was. Removing it would let a context drop a
				// protected term, with no check, and define it anew.
				if previous != nil {
					d.active.terms[term] = previous
				}
				d.defined[term] = true
				return nil
			}
			iri, ok, err := d.run.expandIRI(d.active, s, false, true, d)
			if err != nil {
				return err
			}
			if !ok || !(isKeyword(iri) || strings.Contains(iri, ":")) {
				return jsonldErr("invalid IRI mapping", term+": "+s)
			}
			if iri == "@context" {
				return jsonldErr("invalid keyword alias", term)
			}
			t.iri, t.hasIRI = iri, true
			if i := strings.IndexByte(term, ':'); (i > 0 && i < len(term)-1) || strings.Contains(term, "/") {
				d.defined[term] = true
				again, ok, err := d.run.expandIRI(d.active, term, false, true, d)
				if err != nil {
					return err
				}
				if !ok || again != iri {
					return jsonldErr("invalid IRI mapping", term+" does not expand to its own @id")
				}
			}
			if !strings.ContainsAny(term, ":/") && simple && (endsWithGenDelim(iri) || strings.HasPrefix(iri, "_:")) {
				t.prefix = true
			}
		default:
			return jsonldErr("invalid IRI mapping", term)
		}
	} else if i := strings.IndexByte(term, ':'); i > 0 {
		prefix, suffix := term[:i], term[i+1:]
		if _, inLocal := d.local[prefix]; inLocal && !strings.HasPrefix(suffix, "//") {
			if err := d.define(prefix); err != nil {
				return err
			}
		}
		if p, ok := d.active.terms[prefix]; ok && p.hasIRI && !strings.HasPrefix(suffix, "//") {
			t.iri, t.hasIRI = p.iri+suffix, true
		} else {
			t.iri, t.hasIRI = term, true
		}
	} else if strings.Contains(term, "/") {
		iri, ok, err := d.run.expandIRI(d.active, term, false, true, nil)
		if err != nil {
			return err
		}
		if !ok || !hasScheme(iri) {
			return jsonldErr("invalid IRI mapping", term)
		}
		t.iri, t.hasIRI = iri, true
	} else if term == "@type" {
		t.iri, t.hasIRI = "@type", true
	} else if d.active.hasVocab {
		t.iri, t.hasIRI = d.active.vocab+term, true
	} else {
		return jsonldErr("invalid IRI mapping", term+" is not defined and there is no @vocab")
	}
	if v, has := def["@container"]; has {
		c, err := containerOf(v, t)
		if err != nil {
			return err
		}
		t.container = c
	}
	if _, has := def["@index"]; has {
		if !t.container.has(cIndex) {
			return jsonldErr("invalid term definition", term+": @index without an @index container")
		}
		return &UnsupportedFeatureError{Feature: "@index"}
	}
	if v, has := def["@context"]; has {
		// Checked now, as the algorithm says; applied (and remembered)
		// when a document enters it.
		if _, err := d.run.processNew(d.active, v, d.baseURL, d.remote, true, true, false, d.compiled); err != nil {
			var ce *ContextError
			if isUnsupported(err) || errors.As(err, &ce) {
				return err
			}
			return jsonldErr("invalid scoped context", term+": "+err.Error())
		}
		t.scoped, t.hasScoped = v, true
	}
	if v, has := def["@language"]; has && !has2(def, "@type") {
		switch s := v.(type) {
		case nil:
			t.lang, t.hasLang = "", true
		case string:
			t.lang, t.hasLang = strings.ToLower(s), true
		default:
			return jsonldErr("invalid language mapping", term)
		}
	}
	if v, has := def["@direction"]; has && !has2(def, "@type") {
		switch s := v.(type) {
		case nil:
			t.dir, t.hasDir = "", true
		case string:
			if s != "ltr" && s != "rtl" {
				return jsonldErr("invalid base direction", term)
			}
			t.dir, t.hasDir = s, true
		default:
			return jsonldErr("invalid base direction", term)
		}
	}
	if _, has := def["@nest"]; has {
		return &UnsupportedFeatureError{Feature: "@nest"}
	}
	if v, has := def["@prefix"]; has {
		if strings.ContainsAny(term, ":/") {
			return jsonldErr("invalid term definition", term+": @prefix on a compact IRI or IRI")
		}
		b, ok := v.(bool)
		if !ok {
			return jsonldErr("invalid @prefix value", term)
		}
		if b && isKeyword(t.iri) {
			return jsonldErr("invalid term definition", term+": a keyword alias cannot be a prefix")
		}
		t.prefix = b
	}
	for k := range def {
		if !termKeys[k] {
			return jsonldErr("invalid term definition", term+": "+k)
		}
	}
	if d.run.safe && !d.compiled && previous != nil && !t.sameAs(previous) {
		return &OverrideError{Term: term}
	}
	if !d.override && previous != nil && previous.protected {
		if !t.sameAs(previous) {
			return jsonldErr("protected term redefinition", term)
		}
		t = previous
	}
	d.active.terms[term] = t
	d.defined[term] = true
	return nil
}

func has2(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// containerOf reads a term's @container (step 19), refusing the maps this
// engine does not implement.
func containerOf(v any, t *termDef) (container, error) {
	var items []any
	switch x := v.(type) {
	case string:
		items = []any{x}
	case []any:
		items = x
	default:
		return 0, jsonldErr("invalid container mapping", "@container must be a string or an array")
	}
	var c container
	for _, it := range items {
		s, _ := it.(string)
		var bit container
		switch s {
		case "@list":
			bit = cList
		case "@set":
			bit = cSet
		case "@graph":
			bit = cGraph
		case "@id":
			bit = cID
		case "@index":
			bit = cIndex
		case "@language":
			bit = cLanguage
		case "@type":
			bit = cType
		default:
			return 0, jsonldErr("invalid container mapping", "unknown @container value")
		}
		if c.has(bit) {
			return 0, jsonldErr("invalid container mapping", "a @container value repeats")
		}
		c |= bit
	}
	switch {
	case c == cList || c == cSet || c == cGraph || c == cID || c == cIndex || c == cLanguage || c == cType:
	case c.has(cList):
		return 0, jsonldErr("invalid container mapping", "@list cannot be combined")
	case c.has(cGraph) && c&^(cGraph|cID|cIndex|cSet) == 0 && !(c.has(cID) && c.has(cIndex)):
	case c.has(cSet) && c&^(cSet|cIndex|cID|cType|cLanguage) == 0 && bitsSet(c&^cSet) == 1:
	default:
		return 0, jsonldErr("invalid container mapping", "these @container values cannot be combined")
	}
	if c.has(cType) && t.hasTyp && t.typ != "@id" && t.typ != "@vocab" {
		return 0, jsonldErr("invalid type mapping", "a @type container needs @id or @vocab")
	}
	switch {
	case c.has(cIndex):
		return 0, &UnsupportedFeatureError{Feature: "@container @index (index maps)"}
	case c.has(cLanguage):
		return 0, &UnsupportedFeatureError{Feature: "@container @language (language maps)"}
	case c.has(cID):
		return 0, &UnsupportedFeatureError{Feature: "@container @id (id maps)"}
	case c.has(cType):
		return 0, &UnsupportedFeatureError{Feature: "@container @type (type maps)"}
	}
	return c, nil
}

func bitsSet(c container) int {
	n := 0
	for ; c != 0; c &= c - 1 {
		n++
	}
	return n
}
