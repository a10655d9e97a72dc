package credential

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/bake/baketest"
)

func FuzzParse(f *testing.F) {
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "EXPECTED.tsv" {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil {
			f.Add(b)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"", "{", "[]", "{}", "null", "\xef\xbb\xbf{}", `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","badge":1,"recipient":1}`,
		`{"type":"VerifiableCredential"}`, `{"type":["ClrCredential","VerifiableCredential"],"issuer":"x","credentialSubject":{"verifiableCredential":[{}, "a.b.c", 1]}}`,
		"a.b.c", "eyJhbGciOiJub25lIn0.e30.", "<svg/>", ob3Pretty, ob3Compact, clrJSON,
		`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":"x","credentialSubject":{},"validFrom":99999999999999}`,
	} {
		f.Add([]byte(s))
	}
	f.Add(gz(baketest.BakeSVG(bake.NamespaceOB3, "credential", ob3Compact, false)))
	f.Add(baketest.BakePNG(bake.KeywordOB3, []byte(ob3Compact)))
	f.Add(baketest.PNG(baketest.Chunk("tEXt", baketest.TEXt(bake.KeywordOB2, "https://example.org/a"))))
	f.Add(jwtSeed)

	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, data)
		// The same bytes baked into a badge image go the same way.
		checkParse(t, baketest.BakePNG(bake.KeywordOB3, data))
	})
}

func checkParse(t *testing.T, data []byte) {
	t.Helper()
	p, err := Parse(data)
	if err != nil {
		var re *RejectError
		if p != nil || !errors.As(err, &re) || re.Reason == "" {
			t.Fatalf("Parse = %v, %v (%T); want nil and a *RejectError", p, err, err)
		}
		return
	}
	checkFuzzed(t, p, true)
	if p.Kind == KindCLR {
		for _, c := range p.Children {
			checkFuzzed(t, c, false)
		}
	} else if len(p.Children) > 0 {
		t.Fatalf("a %s with %d children", p.Kind, len(p.Children))
	}
}

var jwtSeed = []byte(jwt(map[string]any{"alg": "RS256"}, map[string]any{
	"vc":  map[string]any{"@context": []string{"https://www.w3.org/2018/credentials/v1"}, "type": []string{"OpenBadgeCredential"}, "credentialSubject": map[string]any{}},
	"iss": "did:example:1", "nbf": 1262304000, "jti": "urn:x", "sub": "did:example:2",
}))

func checkFuzzed(t *testing.T, p *Parsed, top bool) {
	t.Helper()
	if p.Kind == "" || p.Format == "" || len(p.Original) == 0 || len(p.Content) == 0 || p.Hash == ([32]byte{}) {
		t.Fatalf("incomplete result: kind %q format %q, %d bytes original, %d bytes content, hash %x",
			p.Kind, p.Format, len(p.Original), len(p.Content), p.Hash)
	}
	if top && p.Kind == KindOB2 && p.Summary.DataModel != "OB 2.0" {
		t.Fatalf("OB 2.0 with data model %q", p.Summary.DataModel)
	}
	// A store keeps the summary as JSON.
	if _, err := json.Marshal(p.Summary); err != nil {
		t.Fatalf("the summary cannot be stored: %v", err)
	}
}
