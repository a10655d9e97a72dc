package obapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

var pages = []struct {
	name, body string
	n          int
	code       Code
}{
	{"both", `{"credential":[{"id":"a"},{"id":"b"}],"compactJwsString":["aa.bb.cc"]}`, 3, ""},
	{"one object", `{"credential":{"id":"a"}}`, 1, ""},
	{"the prose's name", `{"compactJwsStrings":["aa.bb.cc","dd..ee"]}`, 2, ""},
	{"empty", `{}`, 0, ""},
	{"not a JWS", `{"compactJwsString":["a.b"]}`, 0, Malformed},
	{"not an object", `{"credential":["x"]}`, 0, Malformed},
	{"duplicate keys", `{"credential":[],"credential":[{"id":"a"}]}`, 0, Malformed},
	{"an array", `[]`, 0, Malformed},
}

func TestParsePage(t *testing.T) {
	for _, c := range pages {
		got, err := ParsePage([]byte(c.body))
		if code(err) != c.code || len(got) != c.n {
			t.Errorf("%s: %d, %v", c.name, len(got), err)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	for _, c := range pages {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ParsePage(b)
		if err != nil && got != nil {
			t.Fatal("credentials and an error")
		}
	})
}

func code(err error) Code {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return ""
}

func TestNextPage(t *testing.T) {
	const origin = "https://p.example"
	for _, c := range []struct {
		link, want string
		code       Code
	}{
		{`<https://p.example/ims/ob/v3p0/credentials?offset=2>; rel="next", <https://p.example/x>; rel="last"`, "https://p.example/ims/ob/v3p0/credentials?offset=2", ""},
		{`</ims/ob/v3p0/credentials?offset=4>; rel=next`, "https://p.example/ims/ob/v3p0/credentials?offset=4", ""},
		{`<https://p.example/first>; rel="first"`, "", ""},
		{`<https://other.example/c>; rel="next"`, "", OtherOrigin},
		{`<https://p.example:8443/c>; rel="next"`, "", OtherOrigin},
		{`<http://p.example/c>; rel="next"`, "", NotHTTPS},
	} {
		r := &fetch.Response{URL: origin + "/ims/ob/v3p0/credentials", Header: http.Header{"Link": {c.link}}}
		got, err := nextPage(r, origin)
		if got != c.want || code(err) != c.code {
			t.Errorf("%s: %q, %v", c.link, got, err)
		}
	}
}

func TestBaseOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://p.example":                            "https://p.example",
		"https://p.example/":                           "https://p.example",
		"https://p.example/edu/ims/ob/v3p0":            "https://p.example/edu",
		"https://p.example/ims/clr/v2p0/discovery":     "https://p.example",
		"https://p.example/edu/ims/ob/v3p0/discovery/": "https://p.example/edu",
	} {
		if got, err := baseOf(in); got != want || err != nil {
			t.Errorf("%s: %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"http://p.example", "HTTPS://p.example", "https://u:p@p.example", "https://p.example/#x", "p.example"} {
		if _, err := baseOf(in); code(err) != NotHTTPS {
			t.Errorf("%s: %v", in, err)
		}
	}
}

func TestStatusInfo(t *testing.T) {
	s := statusInfo([]byte(`{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":{"de":"kaputt","en":"broken"},
		"imsx_codeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"x","imsx_codeMinorFieldValue":"invalid_data"}]}}`))
	if s == nil || s.CodeMajor != "failure" || s.Description != "broken" || len(s.CodeMinor) != 1 || s.CodeMinor[0] != "invalid_data" {
		t.Errorf("%+v", s)
	}
	if statusInfo([]byte(`{"error":"x"}`)) != nil {
		t.Error("an OAuth error read as a status")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	s := &Session{Now: func() time.Time { return now }}
	for v, want := range map[string]time.Duration{"5": 5 * time.Second, "Sun, 06 Dec 2026 02:00:00 GMT": time.Hour, "99999999999": 7 * 24 * time.Hour} {
		if got, ok := s.retryAfter(v); !ok || got != want {
			t.Errorf("%s: %v, %v", v, got, ok)
		}
	}
	if _, ok := s.retryAfter("soon"); ok {
		t.Error("soon")
	}
}

func TestGranted(t *testing.T) {
	both := func() *Provider {
		return &Provider{APIs: map[string]API{OB: {Scope: ReadScopes[OB]}, CLR: {Scope: ReadScopes[CLR]}}}
	}
	p := both()
	if err := p.Granted(ReadScopes[CLR] + " offline_access"); err != nil || len(p.Names()) != 1 || p.Names()[0] != CLR {
		t.Errorf("CLR only: %v, %v", p.Names(), err)
	}
	if p := both(); p.Granted("") != nil || len(p.Names()) != 2 {
		t.Error("no scope said: all kept")
	}
	if err := both().Granted("offline_access"); code(err) != NotGranted {
		t.Errorf("none granted: %v", err)
	}
}
