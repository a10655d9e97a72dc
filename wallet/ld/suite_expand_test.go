package ld

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

const suiteDir = "../../testdata/suites/json-ld-api"

// suiteBase is where the W3C JSON-LD tests live; each test document's base
// IRI is below it, and contexts the tests include are read from the copy.
const suiteBase = "https://w3c.github.io/json-ld-api/tests/"

type suiteTest struct {
	ID     string         `json:"@id"`
	Type   []string       `json:"@type"`
	Name   string         `json:"name"`
	Input  string         `json:"input"`
	Expect string         `json:"expect"`
	Code   string         `json:"expectErrorCode"`
	Option map[string]any `json:"option"`
}

func (t suiteTest) negative() bool {
	for _, ty := range t.Type {
		if ty == "jld:NegativeEvaluationTest" {
			return true
		}
	}
	return false
}

func readManifest(t *testing.T, name string) []suiteTest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(suiteDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Sequence []suiteTest `json:"sequence"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m.Sequence
}

// suiteLoader serves the suite's files at their W3C URLs.
type suiteLoader struct{}

func (suiteLoader) loadContext(url string) (any, error) {
	rel, ok := strings.CutPrefix(url, suiteBase)
	if !ok {
		return nil, &ContextError{URL: url}
	}
	b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, jsonldErr("loading remote context failed", url)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, jsonldErr("loading remote context failed", url)
	}
	return doc, nil
}

func readJSON(t *testing.T, rel string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// suiteSkip gives why a test is not run, if it is not.
func suiteSkip(tc suiteTest) string {
	if tc.Option["specVersion"] == "json-ld-1.0" {
		return "a JSON-LD 1.0 test"
	}
	if tc.Option["processingMode"] == "json-ld-1.0" {
		return "processing mode json-ld-1.0 (an API option this engine does not offer)"
	}
	for _, o := range []string{"produceGeneralizedRdf"} {
		if _, has := tc.Option[o]; has {
			return "the " + o + " option"
		}
	}
	if strings.HasSuffix(tc.Input, ".html") {
		return "an HTML document"
	}
	return ""
}

// suiteExpand expands one test input as the suite asks: base IRI the
// input's URL, not in safe mode.
func suiteExpand(t *testing.T, tc suiteTest) ([]any, error) {
	return suiteExpandDoc(tc, false)
}

// suiteExpandDoc expands a test's input, read with numbers as float64 or,
// as the wallet reads documents, as json.Number.
func suiteExpandDoc(tc suiteTest, useNumber bool) ([]any, error) {
	b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(tc.Input)))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if useNumber {
		dec.UseNumber()
	}
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	base := suiteBase + tc.Input
	if b, ok := tc.Option["base"].(string); ok {
		base = b
	}
	run := &contextRun{loader: suiteLoader{}}
	active := newRootContext(base, nil)
	if ec, ok := tc.Option["expandContext"].(string); ok {
		c, err := run.loader.loadContext(suiteBase + ec)
		if err != nil {
			return nil, err
		}
		if active, err = run.process(active, c.(map[string]any)["@context"], suiteBase+ec, nil, false, true, true, nil); err != nil {
			return nil, err
		}
	}
	x := expander{run: run}
	return x.expandDocument(active, doc, base)
}

func TestExpandSuite(t *testing.T) {
	var pass, fail, skipped, unsupported int
	for _, tc := range readManifest(t, "expand-manifest.jsonld") {
		t.Run(strings.TrimPrefix(tc.ID, "#"), func(t *testing.T) {
			if why := suiteSkip(tc); why != "" {
				skipped++
				t.Skip(why)
			}
			got, err := suiteExpand(t, tc)
			var u *UnsupportedFeatureError
			if errors.As(err, &u) {
				unsupported++
				if feature, listed := expandUnsupported[tc.ID]; !listed || feature != u.Feature {
					t.Errorf("%s (%s): %v; listed as %q", tc.ID, tc.Name, err, feature)
				}
				return
			}
			if _, listed := expandUnsupported[tc.ID]; listed {
				t.Errorf("%s is listed as unsupported but gave %v", tc.ID, err)
			}
			if tc.negative() {
				var je *Error
				var ce *ContextError
				if errors.As(err, &ce) && tc.Code == "loading remote context failed" {
					pass++
					return
				}
				if !errors.As(err, &je) || je.Code != tc.Code {
					fail++
					t.Errorf("%s (%s): want error %q, got %v", tc.ID, tc.Name, tc.Code, err)
					return
				}
				pass++
				return
			}
			if err != nil {
				fail++
				t.Errorf("%s (%s): %v", tc.ID, tc.Name, err)
				return
			}
			want := readJSON(t, tc.Expect)
			if !jsonLDEqual(normalizeJSON(got), normalizeJSON(want)) {
				fail++
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%s (%s):\n got %s\nwant %s", tc.ID, tc.Name, g, w)
				return
			}
			pass++
		})
	}
	t.Logf("expand: %d pass, %d fail, %d unsupported, %d skipped", pass, fail, unsupported, skipped)
}

// normalizeJSON orders arrays that are sets, so that two expanded
// documents compare equal when JSON-LD says they are (only @list order
// matters).
func normalizeJSON(v any) any {
	return normalizeIn(v, false)
}

func normalizeIn(v any, ordered bool) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeIn(e, false)
		}
		if !ordered {
			sort.Slice(out, func(i, j int) bool {
				a, _ := json.Marshal(out[i])
				b, _ := json.Marshal(out[j])
				return string(a) < string(b)
			})
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeIn(e, k == "@list")
		}
		return out
	}
	return v
}

func jsonLDEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

// The features the suite's excluded tests use, as UnsupportedFeatureError
// names them.
const (
	idMaps       = "@container @id (id maps)"
	indexMaps    = "@container @index (index maps)"
	languageMaps = "@container @language (language maps)"
	typeMaps     = "@container @type (type maps)"
	importKw     = "@import"
	includedKw   = "@included"
	nestKw       = "@nest"
	reverseKw    = "@reverse"
)

// expandUnsupported lists the expansion tests that use a JSON-LD feature
// this engine does not implement (no bundled context uses one), by the
// feature: each must give an UnsupportedFeatureError naming it.
var expandUnsupported = map[string]string{
	"#t0085": idMaps, "#t0086": idMaps, "#t0087": idMaps, "#t0099": idMaps, "#t0100": idMaps,
	"#t0101": idMaps, "#t0106": idMaps, "#t0108": idMaps, "#tm001": idMaps, "#tm002": idMaps,
	"#tm005": idMaps, "#tm011": idMaps, "#tm015": idMaps, "#tm016": idMaps, "#t0036": indexMaps,
	"#t0040": indexMaps, "#t0044": indexMaps, "#t0082": indexMaps, "#t0083": indexMaps,
	"#t0084": indexMaps, "#t0096": indexMaps, "#t0097": indexMaps, "#t0098": indexMaps,
	"#t0105": indexMaps, "#t0107": indexMaps, "#tm013": indexMaps, "#tm014": indexMaps,
	"#tpi03": indexMaps, "#tpi04": indexMaps, "#tpi05": indexMaps, "#tpi06": indexMaps,
	"#tpi07": indexMaps, "#tpi08": indexMaps, "#tpi09": indexMaps, "#tpi10": indexMaps,
	"#tpi11": indexMaps, "#t0030": languageMaps, "#t0035": languageMaps, "#tdi04": languageMaps,
	"#tdi05": languageMaps, "#tdi06": languageMaps, "#tdi07": languageMaps, "#ter35": languageMaps,
	"#tl001": languageMaps, "#tm009": languageMaps, "#tm010": languageMaps, "#tc013": typeMaps,
	"#tm003": typeMaps, "#tm004": typeMaps, "#tm006": typeMaps, "#tm007": typeMaps, "#tm008": typeMaps,
	"#tm012": typeMaps, "#tm017": typeMaps, "#tm018": typeMaps, "#tm019": typeMaps, "#tso02": importKw,
	"#tso03": importKw, "#tso05": importKw, "#tso06": importKw, "#tso07": importKw, "#tso08": importKw,
	"#tso09": importKw, "#tso10": importKw, "#tso11": importKw, "#tso12": importKw, "#tso13": importKw,
	"#tin01": includedKw, "#tin02": includedKw, "#tin03": includedKw, "#tin04": includedKw,
	"#tin05": includedKw, "#tin07": includedKw, "#tin08": includedKw, "#tin09": includedKw,
	"#tc037": nestKw, "#tc038": nestKw, "#ten01": nestKw, "#ten02": nestKw, "#ten03": nestKw,
	"#ten04": nestKw, "#ten05": nestKw, "#tin06": nestKw, "#tn001": nestKw, "#tn002": nestKw,
	"#tn003": nestKw, "#tn004": nestKw, "#tn005": nestKw, "#tn006": nestKw, "#tn007": nestKw,
	"#tn008": nestKw, "#t0037": reverseKw, "#t0039": reverseKw, "#t0042": reverseKw,
	"#t0043": reverseKw, "#t0049": reverseKw, "#t0063": reverseKw, "#t0064": reverseKw,
	"#t0065": reverseKw, "#t0066": reverseKw, "#t0078": reverseKw, "#t0121": reverseKw,
	"#t0131": reverseKw, "#ten06": reverseKw, "#ter14": reverseKw, "#ter15": reverseKw,
	"#ter17": reverseKw, "#ter25": reverseKw, "#ter33": reverseKw, "#ter34": reverseKw,
	"#ter36": reverseKw, "#ter50": reverseKw, "#tpr38": reverseKw, "#tpr39": reverseKw,
}
