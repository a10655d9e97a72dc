package ld

import (
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

// maxDerivedTerms bounds the contexts made from compiled ones that one
// Processor remembers, by the terms they hold in all (a few megabytes);
// past it they are made afresh. Every document in testdata together makes
// 276 such contexts holding 15,798 terms.
const maxDerivedTerms = 200_000

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
	// copied counts the term definitions copied into new active
	// contexts: a context is copied for every scoped context checked or
	// entered, so a document could otherwise make that quadratic.
	copied int
	safe   bool
}

// maxTermDefinitions bounds the term definitions one document may cause to
// be made. The bundled contexts of a CLR with every extension make about
// 2,000; a document past this limit is built to be costly.
const maxTermDefinitions = 100_000

// maxCopiedTerms bounds the term definitions one document may cause to be
// copied into new active contexts (about 50 ns each), and so the memory
// its nested contexts hold. A CLR with 20 courses copies about 50,000 when
// no derived context can be remembered (maxDerivedTerms reached), about
// 2,500 a course; past this a document is built to be costly.
const maxCopiedTerms = 1_000_000

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
	// A term's scoped context from a bundled context is bundled data:
	// trusted to redefine terms and to clear them (see OverrideError).
	trusted := from != nil && from.compiled
	result, err := r.processNew(active, local, baseURL, remote, override, propagate, validate, trusted)
	if err != nil {
		return nil, err
	}
	// A context made from a compiled one by a compiled term or bundled URLs
	// is compiled itself: everything in it came from bundled contexts.
	if cacheable && (active.budget == nil || active.budget.Add(int64(len(result.terms))) <= maxDerivedTerms) {
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
	r.copied += len(active.terms)
	if r.copied > maxCopiedTerms {
		return nil, &TooCostlyError{Work: r.copied, Limit: maxCopiedTerms}
	}
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
			if r.safe && !compiled {
				return nil, &OverrideError{Null: true}
			}
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
	if _, has := ctx["@base"]; has && r.safe && !compiled {
		return &OverrideError{Base: true}
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
			if r.safe && strings.HasPrefix(iri, "_:") {
				// Every type and @vocab value it makes would be a blank
				// node, whose label the signature does not cover.
				return &UnsupportedFeatureError{Feature: "@vocab as a blank node identifier"}
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
