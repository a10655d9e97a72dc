package oid4vp

import (
	"encoding/json"
	"testing"
)

// TestMatch matches queries against candidates: types, claims and their
// values, claim sets, credential sets, multiple; Presentation Exchange
// fields, filters and submission requirements.
func TestMatch(t *testing.T) {
	const ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
	doc := func(s string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	cands := []Candidate{
		{ID: "badge", Format: FormatLDP, Types: []string{ob}, Doc: doc(`{"type":["VerifiableCredential","OpenBadgeCredential"],"credentialSubject":{"achievement":{"name":"Teamwork"}}}`)},
		{ID: "course", Format: FormatLDP, Types: []string{ob}, Doc: doc(`{"type":["VerifiableCredential","AchievementCredential"],"credentialSubject":{"achievement":{"name":"Writing","achievementType":"Course"},"result":[{"value":"A"}]}}`)},
		{ID: "jwt", Format: FormatJWT, Types: []string{ob}, Doc: doc(`{"type":"OpenBadgeCredential"}`), Token: doc(`{"vc":{"type":"OpenBadgeCredential"}}`)},
	}
	cases := []struct {
		name     string
		dcql, pe string
		want     map[string][]string
		noMatch  bool
	}{
		{name: "type", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]}}]}`,
			want: map[string][]string{"q": {"badge", "course"}}},
		{name: "jwt format", dcql: `{"credentials":[{"id":"q","format":"jwt_vc_json","meta":{"type_values":[["` + ob + `"]]}}]}`,
			want: map[string][]string{"q": {"jwt"}}},
		{name: "a claim's value", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]},"claims":[{"path":["credentialSubject","achievement","name"],"values":["Writing"]}]}]}`,
			want: map[string][]string{"q": {"course"}}},
		{name: "array elements", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]},"claims":[{"path":["credentialSubject","result",null,"value"]}]}]}`,
			want: map[string][]string{"q": {"course"}}},
		{name: "claim sets", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]},"claims":[{"id":"r","path":["credentialSubject","result",0]},{"id":"n","path":["credentialSubject","achievement","name"]}],"claim_sets":[["r"],["n"]]}]}`,
			want: map[string][]string{"q": {"badge", "course"}}},
		{name: "a type nobody has", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["` + ob + `","https://example.com/Diploma"]]}}]}`,
			want: map[string][]string{"q": {}}, noMatch: true},
		{name: "an optional set", dcql: `{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["https://example.com/Diploma"]]}},{"id":"b","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]}}],"credential_sets":[{"options":[["b"]]},{"required":false,"options":[["q"]]}]}`,
			want: map[string][]string{"q": {}, "b": {"badge", "course"}}},
		{name: "pe type and pattern", pe: `{"id":"p","input_descriptors":[{"id":"d","constraints":{"fields":[{"path":["$.type"],"filter":{"type":"array","contains":{"const":"OpenBadgeCredential"}}},{"path":["$['credentialSubject']['achievement'].name"],"filter":{"type":"string","pattern":"^T"}}]}}]}`,
			want: map[string][]string{"d": {"badge"}}},
		{name: "pe a type as a string", pe: `{"id":"p","input_descriptors":[{"id":"d","constraints":{"fields":[{"path":["$.type"],"filter":{"type":"string","pattern":"AchievementCredential"}}]}}]}`,
			want: map[string][]string{"d": {"course"}}},
		{name: "pe pick", pe: `{"id":"p","submission_requirements":[{"rule":"pick","min":1,"from":"A"}],"input_descriptors":[{"id":"d","group":["A"],"constraints":{"fields":[{"path":["$.nothing"]}]}},{"id":"e","group":["A"],"constraints":{"fields":[{"path":["$.credentialSubject.result[0].value"],"filter":{"enum":["A","B"]}}]}}]}`,
			want: map[string][]string{"d": {}, "e": {"course"}}},
		{name: "pe jwt", pe: `{"id":"p","format":{"jwt_vp_json":{}},"input_descriptors":[{"id":"d","constraints":{"fields":[{"path":["$.vc.type"],"filter":{"contains":{"const":"OpenBadgeCredential"}}}]}}]}`,
			want: map[string][]string{"d": {"jwt"}}},
		{name: "pe nothing", pe: `{"id":"p","input_descriptors":[{"id":"d","constraints":{"fields":[{"path":["$.credentialSubject.dateOfBirth"]}]}}]}`,
			want: map[string][]string{"d": {}}, noMatch: true},
	}
	for _, c := range cases {
		r := &Request{}
		var err error
		if c.dcql != "" {
			r.DCQL, err = ParseDCQL([]byte(c.dcql))
		} else {
			r.Definition, err = ParseDefinition([]byte(c.pe))
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := r.Match(cands)
		if HasCode(err, NoMatch) != c.noMatch || err != nil && !c.noMatch {
			t.Errorf("%s: %v", c.name, err)
		}
		if a, b := jsonText(got), jsonText(c.want); a != b {
			t.Errorf("%s: %s, want %s", c.name, a, b)
		}
	}
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

// FuzzParseQuery: no query makes the parsers or matching panic or run
// away.
func FuzzParseQuery(f *testing.F) {
	f.Add(`{"credentials":[{"id":"q","format":"ldp_vc","meta":{"type_values":[["x"]]},"claims":[{"path":["a",null,0]}]}]}`)
	f.Add(`{"id":"p","input_descriptors":[{"id":"d","constraints":{"fields":[{"path":["$.a['b'][*][3]"],"filter":{"contains":{"pattern":"^a"}}}]}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		c := []Candidate{{ID: "c", Format: FormatLDP, Doc: map[string]any{"a": []any{map[string]any{"b": "x"}}}}}
		if q, err := ParseDCQL([]byte(s)); err == nil {
			(&Request{DCQL: q}).Match(c)
		}
		if d, err := ParseDefinition([]byte(s)); err == nil {
			(&Request{Definition: d}).Match(c)
		}
	})
}
