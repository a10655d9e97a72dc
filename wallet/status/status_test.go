package status_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

var (
	examples = filepath.Join("..", "..", "testdata", "examples", "ob3")
	now      = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	fetched  = time.Date(2026, 5, 30, 8, 0, 0, 0, time.UTC)
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func credential(t testing.TB, name string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(read(t, name), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// acceptAll is a VerifyList that accepts every list.
func acceptAll(context.Context, []byte) error { return nil }

func checkOne(t *testing.T, cred map[string]any, opts status.Options) status.Result {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = now
	}
	res := status.Check(context.Background(), cred, opts)
	if len(res) != 1 {
		t.Fatalf("%d results, want 1: %+v", len(res), res)
	}
	r := res[0]
	if (r.State == status.Unknown || r.State == status.Unsupported) != (r.Cause != "") {
		t.Errorf("cause %q with state %v: %+v", r.Cause, r.State, r)
	}
	return r
}

func TestUpstreamFixtures(t *testing.T) {
	const validatorList = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
	const dccList = "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"
	lists := &fetch.Map{At: fetched, Docs: map[string][]byte{
		validatorList: read(t, "validator/bit-string-list/testlist"),
		dccList:       read(t, "dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json"),
	}}
	for _, tc := range []struct {
		file string
		want status.State
	}{
		{"validator/bit-string-list/credential-status-revoked.json", status.Revoked},
		{"validator/bit-string-list/credential-status-revoked-blank-nodes.json", status.Revoked},
		{"dcc-verifier-core/v2/v2Revoked.json", status.Revoked},
		{"dcc-verifier-core/v2/v2RevokedAndExpired.json", status.Revoked},
		{"dcc-verifier-core/v2/v2WithValidStatus.json", status.OK},
		{"dcc-verifier-core/v2/v2ExpiredWithValidStatus.json", status.OK},
		{"dcc-verifier-core/v1/v1Revoked.json", status.Revoked},
		{"dcc-verifier-core/v1/v1WithValidStatus.json", status.OK},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := checkOne(t, credential(t, tc.file), status.Options{Fetcher: lists, VerifyList: acceptAll})
			if r.State != tc.want {
				t.Errorf("state %v (%s; %s), want %v", r.State, r.Cause, r.Detail, tc.want)
			}
			if r.Type != status.TypeBitstring || r.Purpose != "revocation" || !r.ListVerified || len(r.Caveats) != 0 || !r.AsOf.Equal(fetched) {
				t.Errorf("result %+v", r)
			}

		})
	}
	if n := lists.Calls(dccList); n != 6 {
		t.Errorf("the DCC list was fetched %d times, want 6", n)
	}
}

func TestNoStatus(t *testing.T) {
	if res := status.Check(context.Background(), credential(t, "dcc-verifier-core/v2/v2NoStatus.json"), status.Options{}); len(res) != 0 {
		t.Errorf("results for a credential without credentialStatus: %+v", res)
	}
}

// list is a status list credential under test.
type list struct {
	typ      string // BitstringStatusListCredential by default
	purpose  any    // revocation by default
	bytes    int    // 16 KB by default
	set      []int  // bits set to 1
	encoded  string // replaces the encoding of the bits
	prefix   string // "u" by default; "-" for none
	issuer   string
	until    string
	raw      string // replaces the whole credential
	asJWT    bool
	encoding *base64.Encoding
}

const listURL = "https://status.example/lists/1"

func (l list) body(t testing.TB) []byte {
	t.Helper()
	if l.raw != "" {
		return []byte(l.raw)
	}
	if l.bytes == 0 {
		l.bytes = 16 << 10
	}
	if l.encoded == "" {
		bits := make([]byte, l.bytes)
		for _, i := range l.set {
			bits[i/8] |= 0x80 >> (i % 8)
		}
		l.encoded = encode(t, bits, l.prefix, l.encoding)
	}
	cred := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"id":       listURL,
		"type":     []any{"VerifiableCredential", or(l.typ, "BitstringStatusListCredential")},
		"issuer":   or(l.issuer, "did:example:issuer"),
		"credentialSubject": map[string]any{
			"id": listURL + "#list", "type": "BitstringStatusList",
			"statusPurpose": orAny(l.purpose, "revocation"), "encodedList": l.encoded,
		},
	}
	if l.until != "" {
		cred["validUntil"] = l.until
	}
	b, err := json.Marshal(cred)
	if err != nil {
		t.Fatal(err)
	}
	if l.asJWT {
		enc := base64.RawURLEncoding.EncodeToString
		return []byte(enc([]byte(`{"alg":"EdDSA"}`)) + "." + enc(b) + "." + enc([]byte("signature")))
	}
	return b
}

func encode(t testing.TB, bits []byte, prefix string, enc *base64.Encoding) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bits)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if enc == nil {
		enc = base64.RawURLEncoding
	}
	switch prefix {
	case "":
		prefix = "u"
	case "-":
		prefix = ""
	}
	return prefix + enc.EncodeToString(buf.Bytes())
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orAny(v any, def string) any {
	if v == nil {
		return def
	}
	return v
}

// entry returns a credential with one status entry; fields override the
// defaults of a BitstringStatusListEntry.
func entry(fields map[string]any) map[string]any {
	e := map[string]any{
		"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "0", "statusListCredential": listURL,
	}
	for k, v := range fields {
		if v == nil {
			delete(e, k)
		} else {
			e[k] = v
		}
	}
	return map[string]any{"id": "urn:uuid:credential-1", "issuer": map[string]any{"id": "did:example:issuer"}, "credentialStatus": e}
}

func serve(t testing.TB, l list) *fetch.Map {
	return &fetch.Map{At: fetched, Docs: map[string][]byte{listURL: l.body(t)}}
}

func TestBitOrder(t *testing.T) {
	last := 16<<10*8 - 1
	lists := serve(t, list{set: []int{0, 7, 9, last}})
	for _, tc := range []struct {
		index string
		want  status.State
	}{
		{"0", status.Revoked},
		{"1", status.OK},
		{"6", status.OK},
		{"7", status.Revoked},
		{"8", status.OK},
		{"9", status.Revoked},
		{"10", status.OK},
		{"131070", status.OK},
		{"131071", status.Revoked},
		{"131072", status.Unknown}, // beyond the end
	} {
		r := checkOne(t, entry(map[string]any{"statusListIndex": tc.index}), status.Options{Fetcher: lists, VerifyList: acceptAll})
		if r.State != tc.want {
			t.Errorf("index %s: %v (%s; %s), want %v", tc.index, r.State, r.Cause, r.Detail, tc.want)
		}
	}
}

func TestStatusSize(t *testing.T) {
	// Entries of 2 bits: entry 3 is bits 6 and 7 of byte 0, entry 4 bits 8-9.
	lists := serve(t, list{set: []int{6, 9}})
	for _, tc := range []struct {
		index, size any
		want        status.State
	}{
		{"3", "2", status.Revoked}, // 0b10
		{"4", 2.0, status.Revoked}, // 0b01
		{"2", 2.0, status.OK},
		{"5", "2", status.OK},
		{"6", nil, status.Revoked}, // size 1: bit 6
		{"3", "0", status.Unknown},
		{"3", "33", status.Unknown},
		{"3", "two", status.Unknown},
	} {
		r := checkOne(t, entry(map[string]any{"statusListIndex": tc.index, "statusSize": tc.size}), status.Options{Fetcher: lists, VerifyList: acceptAll})
		if r.State != tc.want {
			t.Errorf("index %v size %v: %v (%s; %s), want %v", tc.index, tc.size, r.State, r.Cause, r.Detail, tc.want)
		}
	}
}

func TestSuspension(t *testing.T) {
	lists := serve(t, list{purpose: "suspension", set: []int{5}})
	r := checkOne(t, entry(map[string]any{"statusPurpose": "suspension", "statusListIndex": "5"}), status.Options{Fetcher: lists, VerifyList: acceptAll})
	if r.State != status.Suspended || r.Purpose != "suspension" {
		t.Errorf("suspended: %+v", r)
	}
	r = checkOne(t, entry(map[string]any{"statusPurpose": "suspension", "statusListIndex": "4"}), status.Options{Fetcher: lists, VerifyList: acceptAll})
	if r.State != status.OK || r.Purpose != "suspension" {
		t.Errorf("not suspended: %+v", r)
	}
}

// TestNeverRevokedByAccident: whatever goes wrong with a list whose bit is
// set, the answer is unknown, not revoked.
func TestNeverRevokedByAccident(t *testing.T) {
	defer status.SetMaxListBytes(1 << 20)()
	revokedAt5 := list{set: []int{5}}
	bomb := func() string {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(bytes.Repeat([]byte{0xff}, 2<<20)) // 2 MB of ones, 2 KB compressed
		zw.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	}()
	failing := func(context.Context, []byte) error { return errors.New("signature does not verify") }
	for _, tc := range []struct {
		name       string
		list       list
		entry      map[string]any
		verify     func(context.Context, []byte) error
		fetcher    fetch.Fetcher
		wantDetail string
	}{
		{name: "gzip bomb", list: list{encoded: bomb}, wantDetail: "more than"},
		{name: "wrong purpose", list: list{purpose: "suspension", set: []int{5}}, wantDetail: `the list's "suspension"`},
		{name: "404", fetcher: &fetch.Map{}, wantDetail: "HTTP 404"},
		{name: "offline", fetcher: fetch.Nowhere{}},
		{name: "no fetcher", fetcher: nilFetcher{}},
		{name: "malformed JSON", list: list{raw: `{"type": ["VerifiableCredential", "BitstringStatusListCredential"], "credentialSubject": {`}, wantDetail: "not valid JSON"},
		{name: "not JSON", list: list{raw: `<html>Moved</html>`}},
		{name: "not a status list", list: list{typ: "OpenBadgeCredential", set: []int{5}}, wantDetail: "OpenBadgeCredential"},
		{name: "no subject", list: list{raw: `{"type":"BitstringStatusListCredential"}`}},
		{name: "not base64", list: list{encoded: "u!!!!"}, wantDetail: "base64"},
		{name: "not gzip", list: list{encoded: "u" + base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 64))}, wantDetail: "GZIP"},
		{name: "no encodedList", list: list{encoded: "", raw: `{"type":"BitstringStatusListCredential","credentialSubject":{"statusPurpose":"revocation"}}`}},
		{name: "expired list", list: list{set: []int{5}, until: "2026-01-01T00:00:00Z"}, wantDetail: "valid until"},
		{name: "list date not a date", list: list{set: []int{5}, until: "soon"}},
		{name: "list does not verify", list: revokedAt5, verify: failing, wantDetail: "signature does not verify"},
		{name: "no statusPurpose", list: revokedAt5, entry: map[string]any{"statusPurpose": nil}},
		{name: "no index", list: revokedAt5, entry: map[string]any{"statusListIndex": nil}},
		{name: "negative index", list: revokedAt5, entry: map[string]any{"statusListIndex": "-5"}},
		{name: "fractional index", list: revokedAt5, entry: map[string]any{"statusListIndex": 5.5}},
		{name: "huge index", list: revokedAt5, entry: map[string]any{"statusListIndex": "9223372036854775807"}},
		{name: "no list URL", list: revokedAt5, entry: map[string]any{"statusListCredential": nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fetcher := tc.fetcher
			if fetcher == nil {
				fetcher = serve(t, tc.list)
			}
			if _, ok := fetcher.(nilFetcher); ok {
				fetcher = nil
			}
			fields := map[string]any{"statusListIndex": "5"}
			for k, v := range tc.entry {
				fields[k] = v
			}
			verify := tc.verify
			if verify == nil {
				verify = acceptAll
			}
			r := checkOne(t, entry(fields), status.Options{Fetcher: fetcher, VerifyList: verify})
			if r.State != status.Unknown {
				t.Errorf("state %v, want unknown: %+v", r.State, r)
			}
			if r.Cause == "" {
				t.Errorf("no cause: %+v", r)
			}
			if !strings.Contains(r.Detail, tc.wantDetail) {
				t.Errorf("detail %q, want it to mention %q", r.Detail, tc.wantDetail)
			}
		})
	}
}

type nilFetcher struct{ fetch.Fetcher }

func TestFetchFailureMessages(t *testing.T) {
	cred := entry(nil)
	for _, tc := range []struct {
		fetcher fetch.Fetcher
		want    status.Cause
	}{
		{&fetch.Map{}, status.CauseGone},
		{fetch.Nowhere{}, status.CauseOffline},
		{nil, status.CauseOffline},
		{failing{errors.New("dial tcp: connection refused")}, status.CauseUnreachable},
		{failing{&fetch.StatusError{URL: listURL, Code: 503}}, status.CauseUnreachable},
		{failing{fmt.Errorf("x: %w", fetch.ErrTooLarge)}, status.CauseTooLarge},
		{failing{fmt.Errorf("x: %w", fetch.ErrNotHTTPS)}, status.CauseNotHTTPS},
	} {
		if r := checkOne(t, cred, status.Options{Fetcher: tc.fetcher}); r.State != status.Unknown || r.Cause != tc.want {
			t.Errorf("%T: %v %q, want %q", tc.fetcher, r.State, r.Cause, tc.want)
		}
	}
}

type failing struct{ err error }

func (f failing) Get(context.Context, string, ...string) (*fetch.Response, error) { return nil, f.err }

func TestListCaveats(t *testing.T) {
	lists := serve(t, list{set: []int{5}, issuer: "did:example:someone-else"})
	r := checkOne(t, entry(map[string]any{"statusListIndex": "4"}), status.Options{Fetcher: lists})
	if r.State != status.OK || r.ListVerified {
		t.Errorf("unverified list: %+v", r)
	}
	if !slices.Equal(r.Caveats, []status.Caveat{status.CaveatListUnverified, status.CaveatOtherPublisher}) || r.Publisher != "did:example:someone-else" {
		t.Errorf("caveats %v, publisher %q", r.Caveats, r.Publisher)
	}
	var got []byte
	r = checkOne(t, entry(map[string]any{"statusListIndex": "5"}), status.Options{Fetcher: lists, VerifyList: func(_ context.Context, b []byte) error {
		got = b
		return nil
	}})
	if r.State != status.Revoked || !r.ListVerified || slices.Contains(r.Caveats, status.CaveatListUnverified) {
		t.Errorf("verified list: %+v", r)
	}
	if !bytes.Equal(got, lists.Docs[listURL]) {
		t.Error("VerifyList did not get the list as fetched")
	}
}

func TestLegacyStatusList2021(t *testing.T) {
	for _, tc := range []struct {
		name string
		list list
	}{
		{"base64url without prefix", list{typ: "StatusList2021Credential", prefix: "-", set: []int{5}}},
		{"multibase", list{typ: "StatusList2021Credential", set: []int{5}}},
		{"padded base64", list{typ: "StatusList2021Credential", prefix: "-", encoding: base64.StdEncoding, set: []int{5}}},
		{"capitalised purpose", list{typ: "StatusList2021Credential", prefix: "-", purpose: "Revocation", set: []int{5}}},
		{"purposes as a list", list{purpose: []any{"suspension", "revocation"}, set: []int{5}}},
		{"VC-JWT", list{typ: "StatusList2021Credential", asJWT: true, set: []int{5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lists := serve(t, tc.list)
			for index, want := range map[string]status.State{"5": status.Revoked, "4": status.OK} {
				r := checkOne(t, entry(map[string]any{"type": "StatusList2021Entry", "statusListIndex": index}), status.Options{Fetcher: lists, VerifyList: acceptAll})
				if r.State != want || r.Type != "StatusList2021Entry" {
					t.Errorf("index %s: %v (%s; %s), want %v", index, r.State, r.Cause, r.Detail, want)
				}
			}
		})
	}
}

func TestShortListIsReadButNoted(t *testing.T) {
	lists := serve(t, list{bytes: 100, set: []int{5}})
	r := checkOne(t, entry(map[string]any{"statusListIndex": "5"}), status.Options{Fetcher: lists, VerifyList: acceptAll})
	if r.State != status.Revoked || !strings.Contains(r.Detail, "800 entries, fewer than the 131,072") {
		t.Errorf("%+v", r)
	}
}

func TestFromCache(t *testing.T) {
	cache := &fetch.Memory{}
	cache.Put(&fetch.Response{URL: listURL, Body: list{set: []int{5}}.body(t), FetchedAt: fetched})
	offline := fetch.NewClient(fetch.ClientOptions{Cache: cache, Offline: true})
	r := checkOne(t, entry(map[string]any{"statusListIndex": "4"}), status.Options{Fetcher: offline, VerifyList: acceptAll})
	if r.State != status.OK || !r.FromCache || !r.AsOf.Equal(fetched) {
		t.Errorf("%+v", r)
	}
}

func TestUnsupported(t *testing.T) {
	for _, e := range []map[string]any{
		{"type": "RevocationList2020Status", "id": "https://x.example/1#5"},
		{"type": "CredentialStatusList2017", "id": "https://x.example/1"},
		{"id": "https://x.example/1"},
		{"type": "BitstringStatusListEntry", "statusPurpose": "message", "statusSize": "2", "statusListIndex": "1", "statusListCredential": listURL},
		{"type": "BitstringStatusListEntry", "statusPurpose": "refresh", "statusListIndex": "1", "statusListCredential": listURL},
	} {
		lists := &fetch.Map{}
		r := checkOne(t, map[string]any{"credentialStatus": e}, status.Options{Fetcher: lists})
		if r.State != status.Unsupported {
			t.Errorf("%v: %+v", e, r)
		}
		if lists.Calls(listURL) != 0 {
			t.Errorf("%v: the list was fetched", e)
		}
	}
}

func TestSeveralEntries(t *testing.T) {
	lists := serve(t, list{set: []int{5}})
	cred := map[string]any{"credentialStatus": []any{
		map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "4", "statusListCredential": listURL},
		map[string]any{"type": "SomethingElse"},
		"not an object",
	}}
	res := status.Check(context.Background(), cred, status.Options{Fetcher: lists, VerifyList: acceptAll, Now: now})
	if len(res) != 3 || res[0].State != status.OK || res[1].State != status.Unsupported || res[2].State != status.Unknown {
		t.Errorf("%+v", res)
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[status.State]string{
		status.Unknown: "unknown", status.OK: "ok", status.Revoked: "revoked",
		status.Suspended: "suspended", status.Unsupported: "unsupported",
	} {
		if s.String() != want {
			t.Errorf("%d: %s", s, s)
		}
	}
	var r status.Result
	if r.State != status.Unknown {
		t.Error("the zero Result is not unknown")
	}
}

// A credential cannot make one check fetch any number of lists.
func TestBoundedLists(t *testing.T) {
	var entries []any
	docs := map[string][]byte{}
	for i := range 40 {
		u := fmt.Sprintf("https://issuer.example/lists/%d", i)
		entries = append(entries, map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": "1", "statusListCredential": u})
		docs[u] = []byte("{}")
	}
	fetcher := &fetch.Map{Docs: docs}
	res := status.Check(context.Background(), map[string]any{"credentialStatus": entries}, status.Options{Fetcher: fetcher})
	fetched := 0
	for i := range 40 {
		fetched += fetcher.Calls(fmt.Sprintf("https://issuer.example/lists/%d", i))
	}
	if fetched != status.MaxLists {
		t.Errorf("%d lists fetched, want %d", fetched, status.MaxLists)
	}
	if len(res) != status.MaxEntries+1 || res[len(res)-1].Cause != status.CauseTooManyLists || res[status.MaxLists].Cause != status.CauseTooManyLists {
		t.Errorf("%d results: %+v", len(res), res[len(res)-1])
	}
}
