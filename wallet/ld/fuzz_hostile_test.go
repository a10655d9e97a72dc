package ld

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// hostileSeeds are documents built to reach the corners of expansion:
// aliases, nulls, reserved keywords, inline and scoped contexts, @graph,
// @list and @set, numbers. FuzzExpandHostile mutates them.
var hostileSeeds = []string{
	`{"type": "VerifiableCredential", "issuer": "https://i.example", "name": "A"}`,
	`{"@list": [{"name": "x"}], "name": null, "description": {"@language": "en"}}`,
	`{"@graph": ["x", {"@value": 1}, {"id": "https://a.example"}, {"@list": []}]}`,
	`{"@context": [{"name": {"@id": "@reserved"}}, {"name": "https://x.example/n"}], "name": "x"}`,
	`{"@context": {"p": {"@id": "https://x.example/p", "@context": {"q": "https://x.example/q"}}}, "p": {"q": [1, 2.5, true]}}`,
	`{"@context": {"t": {"@id": "https://x.example/T", "@context": {"@propagate": true, "q": "https://x.example/q"}}}, "type": "t", "q": {"q": "x"}}`,
	`{"@context": {"@vocab": "https://v.example/", "@base": "https://b.example/"}, "id": "rel", "x": {"@id": "../y"}}`,
	`{"credentialSubject": {"@set": [{"@list": [1, 12345678901234567890, 0.10000000000000002]}]}}`,
	`{"@context": null, "@id": "_:b0", "@type": ["_:t"], "_:p": "x"}`,
	`{"@context": {"j": {"@id": "https://x.example/j", "@type": "@json"}}, "j": {"b": [1e21, -0], "a": null}}`,
	`{"@context": {"l": {"@id": "https://x.example/l", "@container": "@list"}}, "l": [[1, [2]], {"@list": []}]}`,
	`{"@context": {"g": {"@id": "https://x.example/g", "@container": "@graph"}}, "g": [{"@graph": {"id": "https://a.example", "name": "n"}}]}`,
	`{"@context": {"@version": 1.1, "@protected": true, "x": "https://x.example/x"}, "x": {"@context": {"x": null}}}`,
	`{"name": {"@value": "x", "@language": "en", "@direction": "rtl"}, "description": {"@value": "x", "@type": "https://t.example/", "type": "@json"}}`,
}

// FuzzExpandHostile canonicalizes arbitrary JSON documents under the
// bundled contexts: it must never panic, and must answer in bounded time,
// whatever the document says.
func FuzzExpandHostile(f *testing.F) {
	for _, s := range hostileSeeds {
		for i := range fuzzContexts {
			f.Add(uint8(i), []byte(s))
		}
	}
	proc, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var doc map[string]any
		if dec.Decode(&doc) != nil || doc == nil {
			return
		}
		ctx := fuzzContexts[int(which)%len(fuzzContexts)]
		switch own := doc["@context"].(type) {
		case nil:
			doc["@context"] = ctx
		case map[string]any, []any:
			doc["@context"] = append(append([]any{}, ctx...), own)
		}
		start := time.Now()
		if _, err := canonicalizeNoRecover(proc, doc); err != nil {
			_ = err.Error()
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("%s: took %v", data, d)
		}
	})
}

// canonicalizeNoRecover is (*Processor).Canonicalize without its recover,
// so that a panic fails the fuzz target.
func canonicalizeNoRecover(p *Processor, doc map[string]any) ([]byte, error) {
	expanded, err := p.expand(doc)
	if err != nil {
		return nil, err
	}
	quads, err := toRDF(expanded, rdfOptions{Safe: true})
	if err != nil {
		return nil, err
	}
	out, err := canonicalNQuads(nil, quads, canonOptions{})
	if err != nil {
		return nil, fmt.Errorf("canonicalizing: %w", err)
	}
	return out, nil
}
