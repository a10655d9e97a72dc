package ld

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// activeContext is a processed JSON-LD context (JSON-LD 1.1 API §4.1). It
// is immutable once made, so contexts are shared between documents and
// goroutines without copies.
//
// A context made only from bundled contexts is compiled: the contexts made
// from it by a term's scoped context or by a list of bundled URLs are
// remembered in it, so entering a type- or property-scoped context while
// expanding is a map lookup, not a copy of several hundred terms. Contexts
// made from a document's inline @context are not remembered anywhere.
type activeContext struct {
	terms    map[string]*termDef
	base     string // the base IRI; "" when there is none
	hasBase  bool
	origBase string // the base IRI the context was first made with
	vocab    string
	hasVocab bool
	lang     string // the default language; "" with hasLang is none
	hasLang  bool
	dir      string
	hasDir   bool
	// previous is the context to go back to when a node object is entered
	// (a type-scoped context does not propagate).
	previous *activeContext

	compiled bool
	derived  sync.Map // derivedKey → *activeContext (compiled contexts only)
	budget   *atomic.Int64
}

// derivedKey names a context made from a compiled one.
type derivedKey struct {
	def   *termDef // the term whose scoped context was applied, or nil
	urls  string   // or the bundled context URLs applied, space-separated
	flags uint8
}

const (
	flagNoPropagate uint8 = 1 << iota
	flagOverrideProtected
)

// maxDerivedContexts bounds how many contexts made from compiled ones are
// remembered, in all, by one Processor; past it they are made afresh.
const maxDerivedContexts = 4096

// termDef is a term definition (JSON-LD 1.1 API §4.2).
type termDef struct {
	iri       string // an IRI, a blank node identifier or a keyword
	hasIRI    bool   // false: the term is mapped to null, and dropped
	prefix    bool
	protected bool
	typ       string // the type mapping: @id, @vocab, @json, @none or an IRI
	hasTyp    bool
	container container
	lang      string
	hasLang   bool // a language mapping, which may be null ("")
	dir       string
	hasDir    bool
	scoped    any // the term's scoped context, as written
	hasScoped bool
	scopeBase string // the base URL of the context that defined the term
	compiled  bool
}

// container is a set of @container values.
type container uint8

const (
	cList container = 1 << iota
	cSet
	cGraph
	cID
	cIndex
	cLanguage
	cType
)

func (c container) has(x container) bool { return c&x != 0 }

func (d *termDef) sameAs(o *termDef) bool {
	return d.iri == o.iri && d.hasIRI == o.hasIRI && d.prefix == o.prefix &&
		d.typ == o.typ && d.hasTyp == o.hasTyp && d.container == o.container &&
		d.lang == o.lang && d.hasLang == o.hasLang && d.dir == o.dir && d.hasDir == o.hasDir &&
		d.hasScoped == o.hasScoped && reflect.DeepEqual(d.scoped, o.scoped)
}

// newRootContext returns an empty compiled context with the given base IRI.
func newRootContext(base string, budget *atomic.Int64) *activeContext {
	return &activeContext{
		terms:    map[string]*termDef{},
		base:     base,
		hasBase:  base != "",
		origBase: base,
		compiled: true,
		budget:   budget,
	}
}

func (c *activeContext) clone() *activeContext {
	n := &activeContext{
		terms:    make(map[string]*termDef, len(c.terms)+8),
		base:     c.base,
		hasBase:  c.hasBase,
		origBase: c.origBase,
		vocab:    c.vocab,
		hasVocab: c.hasVocab,
		lang:     c.lang,
		hasLang:  c.hasLang,
		dir:      c.dir,
		hasDir:   c.hasDir,
		previous: c.previous,
		budget:   c.budget,
	}
	for k, v := range c.terms {
		n.terms[k] = v
	}
	return n
}

func (c *activeContext) hasProtected() bool {
	for _, d := range c.terms {
		if d.protected {
			return true
		}
	}
	return false
}

// contextRun carries what one expansion needs while processing contexts:
// the loader, and a count of the term definitions it has made, so that a
// document cannot make it do unbounded work.
type contextRun struct {
	loader  documentLoader
	defined int
	safe    bool
}

// maxTermDefinitions bounds the term definitions one document may cause to
// be made. The bundled contexts of a CLR with every extension make about
// 2,000; a document past this limit is built to be costly.
const maxTermDefinitions = 100_000

// maxRemoteContexts bounds how deeply contexts may include other contexts.
const maxRemoteContexts = 32

// documentLoader gives the parsed document at a context URL.
type documentLoader interface {
	loadContext(url string) (any, error)
}

// process is the Context Processing Algorithm (JSON-LD 1.1 API §4.1.2).
// local is a @context value; baseURL is the URL of the document it came
// from. A result made from a compiled context and compiled input is
// remembered in active.
func (r *contextRun) process(active *activeContext, local any, baseURL string, remote []string, override, propagate, validate bool, from *termDef) (*activeContext, error) {
	key, cacheable := derivedKey{}, false
	if active.compiled {
		var flags uint8
		if !propagate {
			flags |= flagNoPropagate
		}
		if override {
			flags |= flagOverrideProtected
		}
		if from != nil && from.compiled {
			key, cacheable = derivedKey{def: from, flags: flags}, true
		} else if from == nil {
			if urls, ok := urlList(local); ok {
				key, cacheable = derivedKey{urls: baseURL + " " + urls, flags: flags}, true
			}
		}
		if cacheable {
			if c, ok := active.derived.Load(key); ok {
				return c.(*activeContext), nil
			}
		}
	}
	// A context made from a compiled one by a compiled term or bundled URLs
	// is compiled itself: everything in it came from bundled contexts.
	compiled := cacheable
	result, err := r.processNew(active, local, baseURL, remote, override, propagate, validate, compiled)
	if err != nil {
		return nil, err
	}
	if cacheable && (active.budget == nil || active.budget.Add(1) <= maxDerivedContexts) {
		result.compiled = true
		if c, loaded := active.derived.LoadOrStore(key, result); loaded {
			return c.(*activeContext), nil
		}
	}
	return result, nil
}

// urlList reports whether a @context value is only context URLs (and
// nulls), and names it.
func urlList(local any) (string, bool) {
	switch v := local.(type) {
	case string:
		return v, true
	case nil:
		return "null", true
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			switch s := e.(type) {
			case string:
				parts[i] = s
			case nil:
				parts[i] = "null" // no context URL is "null"
			default:
				return "", false
			}
		}
		return strings.Join(parts, " "), true
	}
	return "", false
}

func (r *contextRun) processNew(active *activeContext, local any, baseURL string, remote []string, override, propagate, validate, compiled bool) (*activeContext, error) {
	result := active.clone()
	if m, ok := local.(map[string]any); ok {
		if p, has := m["@propagate"]; has {
			b, isBool := p.(bool)
			if !isBool {
				return nil, jsonldErr("invalid @propagate value", "@propagate must be true or false")
			}
			propagate = b
		}
	}
	if !propagate && result.previous == nil {
		result.previous = active
	}
	list, isList := local.([]any)
	if !isList {
		list = []any{local}
	}
	for _, ctx := range list {
		switch v := ctx.(type) {
		case nil:
			if !override && result.hasProtected() {
				return nil, jsonldErr("invalid context nullification", "a context sets null while protected terms are defined")
			}
			prev := result
			result = &activeContext{terms: map[string]*termDef{}, base: active.origBase, hasBase: active.origBase != "", origBase: active.origBase, budget: active.budget}
			if !propagate {
				result.previous = prev
			}
			continue
		case string:
			var err error
			if result, err = r.remote(result, v, baseURL, remote, validate); err != nil {
				return nil, err
			}
			continue
		case map[string]any:
			if err := r.local(result, v, baseURL, remote, override, compiled); err != nil {
				return nil, err
			}
		default:
			return nil, jsonldErr("invalid local context", "a @context entry is neither null, a URL nor an object")
		}
	}
	return result, nil
}

// remote processes a context included by URL (step 5.2).
func (r *contextRun) remote(result *activeContext, ref, baseURL string, remote []string, validate bool) (*activeContext, error) {
	url := ref
	if !hasScheme(ref) {
		if baseURL == "" {
			return nil, &ContextError{URL: ref}
		}
		url = resolveIRI(baseURL, ref)
	}
	for _, seen := range remote {
		if seen == url {
			if !validate {
				return result, nil
			}
			return nil, jsonldErr("recursive context inclusion", url)
		}
	}
	if len(remote) >= maxRemoteContexts {
		return nil, jsonldErr("context overflow", "contexts include each other more than 32 deep")
	}
	doc, err := r.loader.loadContext(url)
	if err != nil {
		return nil, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, jsonldErr("invalid remote context", url+" is not a JSON object")
	}
	ctx, has := m["@context"]
	if !has {
		return nil, jsonldErr("invalid remote context", url+" has no @context")
	}
	next := append(remote[:len(remote):len(remote)], url)
	return r.processNew(result, ctx, url, next, false, true, validate, true)
}

// contextKeywords are the entries of a local context that are not terms.
var contextKeywords = map[string]bool{
	"@base": true, "@direction": true, "@import": true, "@language": true,
	"@propagate": true, "@protected": true, "@version": true, "@vocab": true,
}

// local processes one context object into result (steps 5.4-5.13).
func (r *contextRun) local(result *activeContext, ctx map[string]any, baseURL string, remote []string, override, compiled bool) error {
	if v, has := ctx["@version"]; has {
		if f, ok := number(v); !ok || f != 1.1 {
			return jsonldErr("invalid @version value", "@version must be 1.1")
		}
	}
	if _, has := ctx["@import"]; has {
		return &UnsupportedFeatureError{Feature: "@import"}
	}
	if v, has := ctx["@base"]; has && len(remote) == 0 {
		switch b := v.(type) {
		case nil:
			result.base, result.hasBase = "", false
		case string:
			switch {
			case hasScheme(b):
				result.base, result.hasBase = b, true
			case result.hasBase:
				result.base = resolveIRI(result.base, b)
			default:
				return jsonldErr("invalid base IRI", "a relative @base needs a base IRI")
			}
		default:
			return jsonldErr("invalid base IRI", "@base must be a string or null")
		}
	}
	if v, has := ctx["@vocab"]; has {
		switch s := v.(type) {
		case nil:
			result.vocab, result.hasVocab = "", false
		case string:
			iri, ok, err := r.expandIRI(result, s, true, true, nil)
			if err != nil {
				return err
			}
			if !ok || !(strings.HasPrefix(iri, "_:") || hasScheme(iri)) {
				return jsonldErr("invalid vocab mapping", s)
			}
			result.vocab, result.hasVocab = iri, true
		default:
			return jsonldErr("invalid vocab mapping", "@vocab must be a string or null")
		}
	}
	if v, has := ctx["@language"]; has {
		switch s := v.(type) {
		case nil:
			result.lang, result.hasLang = "", false
		case string:
			result.lang, result.hasLang = strings.ToLower(s), true
		default:
			return jsonldErr("invalid default language", "@language must be a string or null")
		}
	}
	if v, has := ctx["@direction"]; has {
		switch s := v.(type) {
		case nil:
			result.dir, result.hasDir = "", false
		case string:
			if s != "ltr" && s != "rtl" {
				return jsonldErr("invalid base direction", s)
			}
			result.dir, result.hasDir = s, true
		default:
			return jsonldErr("invalid base direction", "@direction must be ltr, rtl or null")
		}
	}
	if v, has := ctx["@propagate"]; has {
		if _, ok := v.(bool); !ok {
			return jsonldErr("invalid @propagate value", "@propagate must be true or false")
		}
	}
	protected := false
	if v, has := ctx["@protected"]; has {
		b, ok := v.(bool)
		if !ok {
			return jsonldErr("invalid @protected value", "@protected must be true or false")
		}
		protected = b
	}
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		if !contextKeywords[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	d := definer{run: r, active: result, local: ctx, defined: make(map[string]bool, len(keys)),
		baseURL: baseURL, protected: protected, override: override, remote: remote, compiled: compiled}
	for _, k := range keys {
		if err := d.define(k); err != nil {
			return err
		}
	}
	return nil
}

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
				d.defined[term] = true
				return nil // ignored, as a reserved keyword would be
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

// expandIRI is IRI Expansion (JSON-LD 1.1 API §5.2.2). ok is false when
// value expands to null (a term mapped to null, or a reserved keyword). d
// is the definer of the local context being processed, if any: terms it
// has not defined yet are defined first.
func (r *contextRun) expandIRI(active *activeContext, value string, docRelative, vocab bool, d *definer) (string, bool, error) {
	if isKeyword(value) {
		return value, true, nil
	}
	if keywordForm(value) {
		return "", false, nil
	}
	if d != nil {
		if _, inLocal := d.local[value]; inLocal && !d.defined[value] {
			if err := d.define(value); err != nil {
				return "", false, err
			}
		}
	}
	if t, ok := active.terms[value]; ok {
		if t.hasIRI && isKeyword(t.iri) {
			return t.iri, true, nil
		}
		if vocab {
			return t.iri, t.hasIRI, nil
		}
	}
	if i := strings.IndexByte(value, ':'); i >= 0 {
		prefix, suffix := value[:i], value[i+1:]
		if prefix == "_" || strings.HasPrefix(suffix, "//") {
			return value, true, nil
		}
		if d != nil {
			if _, inLocal := d.local[prefix]; inLocal && !d.defined[prefix] {
				if err := d.define(prefix); err != nil {
					return "", false, err
				}
			}
		}
		if t, ok := active.terms[prefix]; ok && t.hasIRI && t.prefix {
			return t.iri + suffix, true, nil
		}
		if hasScheme(value) {
			return value, true, nil
		}
	}
	if vocab && active.hasVocab {
		return active.vocab + value, true, nil
	}
	if docRelative && active.hasBase {
		return resolveIRI(active.base, value), true, nil
	}
	return value, true, nil
}
