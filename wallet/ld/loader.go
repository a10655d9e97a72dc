// Package ld is the JSON-LD part of verification, all of it our own:
// context processing with contexts compiled once, expansion, conversion to
// RDF, RDF Dataset Canonicalization (RDFC-1.0) with a bound on its work,
// and canonical N-Quads, in safe mode.
//
// Nothing here touches the network: only the contexts bundled with the app
// are served, and a context that is not bundled is an error naming its
// URL. Whatever JSON-LD processing would silently drop (a term the
// contexts do not define, a relative identifier, a malformed IRI) is an
// error, because a signature over the canonical form would not cover it.
// github.com/piprate/json-gold is used in tests only, as an oracle.
package ld

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/learnerwallet/learnerwallet/assets"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// ContextError reports a context URL that is not bundled with the app.
type ContextError struct {
	URL string
}

func (e *ContextError) Error() string { return "context not available offline: " + e.URL }

// Loader serves a fixed set of contexts. It never fetches anything; an
// unknown URL is a *ContextError. A Loader is safe for concurrent use; the
// documents it holds are shared and never modified.
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
			if doc, err = jsonv.Decode(b); err != nil {
				return nil, fmt.Errorf("context %s (%s) is not valid JSON: %w", url, file, err)
			}
			if m, isMap := doc.(map[string]any); !isMap || m["@context"] == nil {
				return nil, fmt.Errorf("context %s (%s) has no @context member", url, file)
			}
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

// loadContext gives the parsed context document at u.
func (l *Loader) loadContext(u string) (any, error) {
	doc, ok := l.docs[u]
	if !ok {
		return nil, &ContextError{URL: u}
	}
	return doc, nil
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
