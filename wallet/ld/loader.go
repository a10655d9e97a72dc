// Package ld is the JSON-LD part of verification: a document loader that
// serves only the contexts bundled with the app, and RDF Dataset
// Canonicalization (RDFC-1.0) in safe mode, through
// github.com/piprate/json-gold.
//
// Nothing here touches the network. A context that is not bundled is an
// error naming its URL, and a term the document's contexts do not define is
// an *UndefinedTermError, because canonicalization would silently drop it
// and a signature would then not cover it.
package ld

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/learnerwallet/learnerwallet/assets"
	gold "github.com/piprate/json-gold/ld"
)

// ContextError reports a context URL that is not bundled with the app.
type ContextError struct {
	URL string
}

func (e *ContextError) Error() string { return "context not available offline: " + e.URL }

// Loader is a json-gold document loader over a fixed set of contexts. It
// never fetches anything; an unknown URL is a *ContextError. A Loader is
// safe for concurrent use; the documents it returns are shared and must not
// be modified.
type Loader struct {
	docs map[string]any // URL → parsed context document
}

// NewLoader reads the contexts listed in fsys's INDEX.tsv (tab-separated,
// a header line, then URL and file name per line; several URLs may name
// the same file) and parses each once.
func NewLoader(fsys fs.FS) (*Loader, error) {
	index, err := fs.ReadFile(fsys, "INDEX.tsv")
	if err != nil {
		return nil, fmt.Errorf("reading the context index: %w", err)
	}
	l := &Loader{docs: map[string]any{}}
	parsed := map[string]any{} // file → document, so aliases share one copy
	sc := bufio.NewScanner(bytes.NewReader(index))
	for line := 0; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if line == 0 || len(fields) < 2 || fields[0] == "" {
			continue // header or blank line
		}
		url, file := fields[0], path.Clean(fields[1])
		doc, ok := parsed[file]
		if !ok {
			b, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, fmt.Errorf("context %s: %w", url, err)
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				return nil, fmt.Errorf("context %s (%s) is not valid JSON: %w", url, file, err)
			}
			if m, isMap := doc.(map[string]any); !isMap || m["@context"] == nil {
				return nil, fmt.Errorf("context %s (%s) has no @context member", url, file)
			}
			keepGraphContainers(doc)
			parsed[file] = doc
		}
		l.docs[url] = doc
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the context index: %w", err)
	}
	return l, nil
}

var (
	bundledOnce sync.Once
	bundled     *Loader
	bundledErr  error
)

// Bundled returns the loader over the contexts embedded in the app
// (assets.Contexts), parsed on first use.
func Bundled() (*Loader, error) {
	bundledOnce.Do(func() {
		sub, err := fs.Sub(assets.Contexts, "contexts")
		if err != nil {
			bundledErr = err
			return
		}
		bundled, bundledErr = NewLoader(sub)
	})
	return bundled, bundledErr
}

// LoadDocument implements json-gold's DocumentLoader.
func (l *Loader) LoadDocument(u string) (*gold.RemoteDocument, error) {
	doc, ok := l.docs[u]
	if !ok {
		return nil, &ContextError{URL: u}
	}
	return &gold.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// Has reports whether the context at url is available.
func (l *Loader) Has(url string) bool {
	_, ok := l.docs[url]
	return ok
}

// URLs lists the context URLs the loader serves, sorted.
func (l *Loader) URLs() []string {
	urls := make([]string, 0, len(l.docs))
	for u := range l.docs {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return urls
}

// keepGraphContainers works around a defect of json-gold v0.9.1 in the
// contexts it is given. Expanding a key whose term has a scoped context,
// json-gold reads the term's container from the context the scoped one
// makes, not from the active one (JSON-LD 1.1 expansion, steps 13.7-13.12).
// VCDM 2.0 defines verifiableCredential in VerifiablePresentation with
// "@container": "@graph" and "@context": null: json-gold lost @graph, and
// canonicalized every VCDM 2.0 presentation unlike every other
// implementation. (Reported upstream: piprate/json-gold pull request 105
// fixes the reading; no release carries it yet.)
//
// So a term defined with a @graph container and a null scoped context gets,
// in place of null, a context that resets all terms and then defines that
// term alone, as it stands: json-gold then finds the container where it
// looks. The term stays defined inside the values it holds, which a null
// context would have left undefined: no bundled context uses
// verifiableCredential at a credential's top level (records define their
// own, under ClrSubject), so this changes no canonical form but the ones
// json-gold got wrong. TestPresentedCredentialsAreNamedGraphs holds it.
// Only a term whose IRIs are absolute is rewritten: compact ones would mean
// something else once the null context has removed their prefixes.
func keepGraphContainers(v any) {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			keepGraphContainers(e)
		}
	case map[string]any:
		for term, def := range t {
			d, ok := def.(map[string]any)
			if !ok {
				continue
			}
			if scoped, has := d["@context"]; has && scoped == nil && hasGraphContainer(d["@container"]) && absoluteTerm(d) {
				again := make(map[string]any, len(d))
				for k, v := range d {
					if k != "@context" {
						again[k] = v
					}
				}
				d["@context"] = []any{nil, map[string]any{term: again}}
				continue
			}
			keepGraphContainers(d)
		}
	}
}

func hasGraphContainer(c any) bool {
	switch t := c.(type) {
	case string:
		return t == "@graph"
	case []any:
		for _, e := range t {
			if e == "@graph" {
				return true
			}
		}
	}
	return false
}

// absoluteTerm reports whether a term definition's @id, and its @type when
// it names one, are absolute IRIs (or keywords).
func absoluteTerm(d map[string]any) bool {
	for _, k := range []string{"@id", "@type"} {
		v, has := d[k]
		if !has && k == "@type" {
			continue
		}
		s, ok := v.(string)
		if !ok || !(strings.HasPrefix(s, "@") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "urn:")) {
			return false
		}
	}
	return true
}
