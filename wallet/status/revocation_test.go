package status_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/fetch/fetchtest"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

// The 1EdTech validator's revoked credential names this list; its real
// content is not saved, so the tests write their own.
const revocationURL = "https://dc.1edtech.org/wellspring2022/wellspring-portal/api/revocations/da1e96e9-afcc-4eed-b9a2-2ddf7353214c"
const credentialID = "https://dc.1edtech.org/wellspring2022/wellspring-portal/credential/54418d3f-ec01-4652-800a-861c890a51a1"

func TestRevocationList(t *testing.T) {
	cred := credential(t, "validator/credential-status-revoked.json")
	if cred["id"] != credentialID {
		t.Fatalf("the fixture's id is %v", cred["id"])
	}
	for _, tc := range []struct {
		name, list string
		want       status.State
		message    string
	}{
		{"listed", `{"id":"` + revocationURL + `","revokedCredential":[{"id":"urn:uuid:other"},{"id":"` + credentialID + `"}]}`,
			status.Revoked, ""},
		{"listed with a reason", `{"revokedCredential":[{"id":"` + credentialID + `","revoked":true,"revocationReason":"Issued in error."}]}`,
			status.Revoked, "Issued in error."},
		{"listed as not revoked", `{"revokedCredential":[{"id":"` + credentialID + `","revoked":false}]}`,
			status.OK, ""},
		{"not listed", `{"revokedCredential":[{"id":"urn:uuid:other","revoked":true}]}`,
			status.OK, ""},
		{"empty", `{"revokedCredential":[]}`, status.OK, ""},
		{"one entry, not a list", `{"revokedCredential":{"id":"` + credentialID + `"}}`, status.Revoked, ""},
		{"wrapped in a credential", `{"type":["VerifiableCredential"],"credentialSubject":{"revokedCredential":[{"id":"` + credentialID + `"}]}}`,
			status.Revoked, ""},
		{"malformed JSON", `{"revokedCredential":[{"id":"` + credentialID + `"}`,
			status.Unknown, string(status.CauseUnreadable)},
		{"no revokedCredential", `{"revoked":["` + credentialID + `"]}`,
			status.Unknown, string(status.CauseUnreadable)},
		{"wrong shape", `{"revokedCredential":["` + credentialID + `"]}`,
			status.Unknown, string(status.CauseUnreadable)},
		{"HTML", `<html>Sign in</html>`, status.Unknown, string(status.CauseUnreadable)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lists := &fetch.Map{At: fetched, Docs: map[string][]byte{revocationURL: []byte(tc.list)}}
			r := checkOne(t, cred, status.Options{Fetcher: lists})
			// message is the reason given for a revocation, or the cause of
			// an unknown status.
			got := r.Reason
			if r.State == status.Unknown {
				got = string(r.Cause)
			}
			if r.State != tc.want || got != tc.message {
				t.Errorf("%v %q (%s), want %v %q", r.State, got, r.Detail, tc.want, tc.message)
			}
			if r.Type != status.TypeRevocationList || r.Purpose != "revocation" {
				t.Errorf("%+v", r)
			}
		})
	}

	r := checkOne(t, cred, status.Options{Fetcher: &fetch.Map{}})
	if r.State != status.Unknown || r.Cause != status.CauseGone {
		t.Errorf("404: %+v", r)
	}
	delete(cred, "id")
	r = checkOne(t, cred, status.Options{Fetcher: &fetch.Map{Docs: map[string][]byte{revocationURL: []byte(`{"revokedCredential":[]}`)}}})
	if r.State != status.Unknown || r.Cause != status.CauseNoCredentialID {
		t.Errorf("credential without id: %+v", r)
	}
}

// TestOverHTTP checks lists served by a real server on loopback, through
// the wallet's HTTP client.
func TestOverHTTP(t *testing.T) {
	good := list{set: []int{5}}.body(t)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list":
			w.Header().Set("Content-Type", "application/vc+ld+json")
			w.Write(good)
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/huge":
			w.Write([]byte(`{"type":"BitstringStatusListCredential","credentialSubject":{"encodedList":"u`))
			w.Write([]byte(strings.Repeat("A", 1<<20)))
		case "/malformed":
			w.Write([]byte(`{"type":`))
		case "/revocations":
			fmt.Fprintf(w, `{"revokedCredential":[{"id":%q}]}`, "urn:uuid:credential-1")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	opts := fetchtest.Options(srv)
	opts.Timeout, opts.MaxBytes = 200*time.Millisecond, 64<<10
	opts.Now = func() time.Time { return fetched }
	client := fetch.NewClient(opts)
	for _, tc := range []struct {
		path  string
		index string
		want  status.State
	}{
		{"/list", "5", status.Revoked},
		{"/list", "6", status.OK},
		{"/slow", "5", status.Unknown},
		{"/huge", "5", status.Unknown},
		{"/malformed", "5", status.Unknown},
		{"/gone", "5", status.Unknown},
	} {
		r := checkOne(t, entry(map[string]any{"statusListCredential": srv.URL + tc.path, "statusListIndex": tc.index}),
			status.Options{Fetcher: client, VerifyList: acceptAll})
		if r.State != tc.want {
			t.Errorf("%s index %s: %v (%s; %s), want %v", tc.path, tc.index, r.State, r.Cause, r.Detail, tc.want)
		}
	}
	cred := entry(nil)
	cred["credentialStatus"] = map[string]any{"type": "1EdTechRevocationList", "id": srv.URL + "/revocations"}
	if r := checkOne(t, cred, status.Options{Fetcher: client}); r.State != status.Revoked {
		t.Errorf("revocation list over https: %+v", r)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(list{set: []int{5}}.body(f)), "5")
	f.Add([]byte(list{set: []int{5}, prefix: "-"}.body(f)), "4")
	f.Add([]byte(`{"revokedCredential":[{"id":"urn:uuid:credential-1"}]}`), "0")
	f.Add([]byte(`{"type":"BitstringStatusListCredential","credentialSubject":{"statusPurpose":"revocation","encodedList":"uH4sIAAAAAAAA"}}`), "0")
	f.Fuzz(func(t *testing.T, body []byte, index string) {
		lists := &fetch.Map{Docs: map[string][]byte{listURL: body}}
		for _, typ := range []string{"BitstringStatusListEntry", "1EdTechRevocationList"} {
			cred := entry(map[string]any{"type": typ, "statusListIndex": index, "id": listURL})
			r := checkOne(t, cred, status.Options{Fetcher: lists, VerifyList: acceptAll})
			if r.State < status.Unknown || r.State > status.Unsupported {
				t.Fatalf("state %d", r.State)
			}
		}
	})
}
