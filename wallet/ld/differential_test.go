package ld

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	gold "github.com/piprate/json-gold/ld"
)

// goldWrong lists the files in testdata that json-gold canonicalizes
// unlike the W3C algorithms, and why; every other file must canonicalize
// byte for byte as json-gold does (with keepGraphContainers).
var goldWrong = map[string]string{
	"attacks/hostile-name.json":                                                  "json-gold writes control characters raw; canonical N-Quads escapes them (\\u001B)",
	"examples/ob2/validator/assets/badgeclass-with-language.json":                "json-gold fails on a node object's @language, which expansion keeps and the conversion to RDF ignores",
	"examples/ob2/validator/badge-class-with-language.json":                      "json-gold fails on a node object's @language, which expansion keeps and the conversion to RDF ignores",
	"examples/ob2/validator/rdf-validation/badge-class-invalid-issuer-type.json": "json-gold fails on a node object's @language, which expansion keeps and the conversion to RDF ignores",
}

// TestTestdataAsJSONGold canonicalizes every JSON-LD document in testdata
// with this engine and with json-gold, the oracle, and compares.
func TestTestdataAsJSONGold(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "suites" || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var same, refused, compared int
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		doc := readJSONLD(t, path)
		if doc == nil {
			continue
		}
		got, err := Canonicalize(doc)
		var costly *TooCostlyError
		if errors.As(err, &costly) {
			refused++
			continue // json-gold would take hours
		}
		want, goldErr := goldNormalize(doc)
		switch {
		case err != nil && goldErr != nil:
			continue
		case err != nil:
			refused++
			if !refusable(err) {
				t.Errorf("%s: json-gold canonicalizes it, this engine says %v", rel, err)
			}
			continue
		case goldErr != nil:
			if _, listed := goldWrong[rel]; !listed {
				t.Errorf("%s: json-gold says %v, this engine canonicalizes it", rel, goldErr)
			}
			continue
		}
		compared++
		if string(got) == want {
			same++
			if why, listed := goldWrong[rel]; listed {
				t.Errorf("%s: listed as json-gold being wrong (%s), yet the two agree", rel, why)
			}
			continue
		}
		if _, listed := goldWrong[rel]; !listed {
			t.Errorf("%s: canonicalizes unlike json-gold:\n got %s\nwant %s", rel, got, want)
		}
	}
	t.Logf("%d documents compared, %d the same, %d refused where json-gold would drop what they say", compared, same, refused)
}

// refusable reports whether err is one of the safe-mode refusals: json-gold
// would canonicalize the document by dropping what the error names, or by
// letting its own @context change what its published contexts say.
func refusable(err error) bool {
	var (
		ue *UndefinedTermError
		re *RelativeIRIError
		ve *InvalidValueError
		fe *UnsupportedFeatureError
		oe *OverrideError
	)
	return errors.As(err, &ue) || errors.As(err, &re) || errors.As(err, &ve) || errors.As(err, &fe) || errors.As(err, &oe)
}

// readJSONLD reads a JSON object with a @context, or returns nil.
func readJSONLD(t testing.TB, path string) map[string]any {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if json.Unmarshal(b, &doc) != nil || doc["@context"] == nil {
		return nil
	}
	if _, isContext := doc["@context"].(map[string]any); isContext && len(doc) == 1 {
		return nil // a context document
	}
	return doc
}

// errGoldPanicked: json-gold asserts types where a document can hold
// others, and panics; nothing can be compared then.
var errGoldPanicked = errors.New("json-gold panicked")

func goldNormalize(doc map[string]any) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errGoldPanicked
		}
	}()
	n, err := gold.NewJsonLdProcessor().Normalize(doc, goldOptions())
	if err != nil {
		return "", err
	}
	return n.(string), nil
}
