package cborld

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/learnerwallet/learnerwallet/assets"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/ld"
)

// Loader gives the context document at a URL, parsed as jsonv decodes it,
// or an error (a *ld.ContextError for one it does not have). The documents
// it gives are never modified.
type Loader func(url string) (any, error)

var (
	bundledOnce sync.Once
	bundledDocs map[string]any
	bundledErr  error
)

// Bundled returns the loader of the contexts bundled with the app
// (assets/contexts and its INDEX.tsv, as wallet/ld reads them); any other
// URL is a *ld.ContextError.
func Bundled() (Loader, error) {
	bundledOnce.Do(func() {
		sub, err := fs.Sub(assets.Contexts, "contexts")
		if err == nil {
			bundledDocs, err = readIndex(sub)
		}
		bundledErr = err
	})
	if bundledErr != nil {
		return nil, bundledErr
	}
	return func(url string) (any, error) {
		doc, ok := bundledDocs[url]
		if !ok {
			return nil, &ld.ContextError{URL: url}
		}
		return doc, nil
	}, nil
}

// readIndex reads the contexts INDEX.tsv lists (a header line, then URL
// and file per line).
func readIndex(fsys fs.FS) (map[string]any, error) {
	index, err := fs.ReadFile(fsys, "INDEX.tsv")
	if err != nil {
		return nil, fmt.Errorf("reading the context index: %w", err)
	}
	docs := map[string]any{}
	parsed := map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(index))
	for line := 0; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if line == 0 || len(fields) < 2 || fields[0] == "" {
			continue
		}
		file := path.Clean(fields[1])
		doc, ok := parsed[file]
		if !ok {
			b, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, fmt.Errorf("context %s: %w", fields[0], err)
			}
			if doc, err = jsonv.Decode(b); err != nil {
				return nil, fmt.Errorf("context %s is not valid JSON: %w", fields[0], err)
			}
			parsed[file] = doc
		}
		docs[fields[0]] = doc
	}
	return docs, sc.Err()
}
