package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci/oid4vcitest"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp/oid4vptest"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
)

// TestRespond: lw respond answers a loopback verifier's DCQL request for a
// badge and courses with a badge and two courses out of a record, issued to
// the learner's DID, chosen with --choose and sent with --yes; the verifier
// verifies and takes them, and the sharing log says where they went. A
// request for what the learner lacks, and one that would send elsewhere,
// are refused in words, with nothing sent.
func TestRespond(t *testing.T) {
	old, oldClient, oldOptions := secrets, respondClient, respondOptions
	secrets = storetest.Secrets(t)
	t.Cleanup(func() { secrets, respondClient, respondOptions = old, oldClient, oldOptions })
	t.Setenv("LW_HOME", filepath.Join(t.TempDir(), "wallet"))
	v := oid4vptest.Start(t)
	respondClient = func(store.NetOptions) oid4vp.Network { return fetch.NewClient(v.Options()) }
	respondOptions = oid4vp.Options{Roots: v.Roots}
	lw := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	_, out, errs := lw("key", "show")
	holder := regexp.MustCompile(`did:key:z[1-9A-HJ-NP-Za-km-z]+`).FindString(out)
	if holder == "" {
		t.Fatalf("no DID: %s%s", out, errs)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "generated", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badgeFile := write("badge.json", oid4vcitest.IssuedTo(t, read("badge-teamwork-signed.json"))(holder, oid4vcitest.LDPConfig))
	clrFile := write("clr.json", oid4vptest.IssueCLR(t, read("clr-20-courses-signed.json"), holder, 3))
	id := func(file string) string {
		code, out, errs := lw("import", "--json", file)
		var r []struct {
			ID string `json:"id"`
		}
		if code != exitOK || json.Unmarshal([]byte(out), &r) != nil || len(r) != 1 {
			t.Fatalf("import %s: %d %s%s", file, code, out, errs)
		}
		return r[0].ID
	}
	badge, clr := id(badgeFile), id(clrFile)
	_, out, _ = lw("show", "--json", clr)
	var record struct {
		Children []string `json:"children"`
	}
	if json.Unmarshal([]byte(out), &record) != nil || len(record.Children) != 3 {
		t.Fatalf("the record: %.300s", out)
	}

	const ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
	query := `{"credentials":[
 {"id":"badge","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]},"claims":[{"path":["credentialSubject","achievement","name"],"values":["Teamwork"]}]},
 {"id":"courses","format":"ldp_vc","multiple":true,"meta":{"type_values":[["` + ob + `"]]},"claims":[{"path":["credentialSubject","achievement","achievementType"],"values":["Course"]}]}]}`
	link := v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, DCQL: query})

	// Without --yes and without a terminal, it says what to do.
	code, out, errs := lw("respond", "--choose", badge[:5], link)
	if code == exitOK || !strings.Contains(errs, "--yes") || !strings.Contains(out, "Loopback Employer asks for credentials") {
		t.Errorf("no --yes: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = lw("respond", "--choose", badge[:5], "--choose", record.Children[0], "--choose", record.Children[2][:6], "--yes",
		v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, ByReference: true, DCQL: query}))
	if code != exitOK || !strings.Contains(out, "sent to "+v.DID+": accepted") || !strings.Contains(out, "the verifier asks you to open: "+v.Base+"/done/") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"signed by the DID " + v.DID, "It asks for courses: one or more, ldp_vc, required", "[3] ", "discloses "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if got := v.Last(); !got.Accepted || got.Credentials["badge"] != 1 || got.Credentials["courses"] != 2 {
		t.Errorf("the verifier got %+v", got)
	}
	if _, out, _ := lw("shares"); strings.Count(out, "sent to Loopback Employer ("+v.DID+")") != 3 {
		t.Errorf("the sharing log:\n%s", out)
	}
	// A picture of the request's QR code, a JWT presentation of the
	// badge asked for under x509_san_dns, encrypted.
	jwtQuery := `{"credentials":[{"id":"badge","format":"jwt_vc_json","meta":{"type_values":[["` + ob + `"]]}}]}`
	badgeJWT := id(write("badge.jwt", oid4vcitest.IssuedTo(t, read("badge-teamwork-signed.json"))(holder, oid4vcitest.JWTConfig)))
	png, err := qr.TextPNG(v.Request(t, oid4vptest.Spec{Client: oid4vptest.X509, ByReference: true, Encrypted: true, DCQL: jwtQuery}), 512)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = lw("respond", "--choose", badgeJWT, "--yes", write("request.png", png))
	if code != exitOK || !strings.Contains(out, "signed with a certificate for example.com") || !strings.Contains(out, "sent to example.com: accepted") {
		t.Errorf("a QR code's picture: exit %d\n%s%s", code, out, errs)
	}
	sent := v.Count()

	// Refused in words, nothing sent.
	diploma := `{"credentials":[{"id":"diploma","format":"ldp_vc","meta":{"type_values":[["https://example.com/Diploma"]]}}]}`
	elsewhere := func(p map[string]any) { p["response_uri"] = "https://elsewhere.example/response" }
	for _, c := range []struct {
		link, want string
	}{
		{v.Request(t, oid4vptest.Spec{Client: oid4vptest.DID, DCQL: diploma}), "asks for more than your credentials can give"},
		{v.Request(t, oid4vptest.Spec{Client: oid4vptest.X509, DCQL: query, Claims: elsewhere}), "to another host than the verifier's"},
		{v.Request(t, oid4vptest.Spec{Client: oid4vptest.Redirect, DCQL: query, Claims: func(p map[string]any) { p["client_id"] = "web-origin:https://example.com" }}), "in a way lw cannot check"},
		{"http://example.com/?client_id=x", "not https"},
	} {
		code, out, errs := lw("respond", "--choose", badge, "--yes", c.link)
		if code != exitFailed || !strings.Contains(errs, c.want) {
			t.Errorf("exit %d, want %q\n%s%s", code, c.want, out, errs)
		}
	}
	if v.Count() != sent {
		t.Errorf("%d responses sent by refused requests", v.Count()-sent)
	}
}
