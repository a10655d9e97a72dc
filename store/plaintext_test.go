package store_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/learnerwallet/learnerwallet/store/storetest"
	"github.com/learnerwallet/learnerwallet/wallet"
)

// TestNoPlaintext imports real credentials and then searches the raw wallet
// file for what they say, in the encodings a careless store might use.
func TestNoPlaintext(t *testing.T) {
	inputs := []string{
		"clr2/validator/complex.json", // a CLR with six nested credentials
		"ob3/validator/simple.json",
		"ob3/validator/simple.jwt",
		"ob3/validator/simple-json.png",
		"ob3/spec/fullOpenBadge.json",
		"ob2/validator/basic-assertion.json",
	}
	needles := []string{
		// names, issuers, descriptions
		"Ellis Monday",
		"Western High School, RSD",
		"Riverwell School District",
		"4200 NW 185th Ave",
		"Nurse Assistant 1 Program with Licensure",
		"Teamwork Badge",
		"Example Corp",
		"This badge recognizes the development of the capacity to collaborate",
		"Example University Degree",
		"1EdTech University Degree for Example Student",
		"1EdTech College of Arts",
		// identifiers of learners and issuers
		"did:example:ebfeb1f712ebc6f1c276e12ec21",
		"urn:uuid:360a0e1e-c3f4-4fc4-9975-379889927d54",
		"urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795",
		"https://example.com/issuers/876543",
		"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942",
		// emails
		"oregon.bn.info@osbn.oregon.gov",
		"registrar@1edtech.edu",
		// the shape of a credential
		"credentialSubject",
		"issuanceDate",
		"validFrom",
		"verifiableCredential",
		"OpenBadgeCredential",
		"ClrCredential",
		// signatures
		"z41ZsNkz78FHSGkAD5J4b8EN49DkywMMJSL3UdUNffbsCAWmTLPvtnJpd3JGGooYX7TNrzgsTLkXUWiGsRRZ788ML",
		"z54HHCDQuALNt6Wu7PzjXzWibQ3bC4882THG9V6v6SzyALaMEhMzBYgv2L49riQZraQUEMwFgTm9D4fb9xpjFJgGa",
		"zvPkQiUFfJrgnCRhyPkTSkgrGXbnLR15pHH5HZVYNdM4TCAwQHqG7fMeMPLtYNRnEgoV1aJdR5E61eWu5sWRYgtA",
	}
	var haystack [][]byte // what the inputs hold, to check the needles are real
	for _, in := range inputs {
		b := example(t, in)
		haystack = append(haystack, b)
		if strings.HasSuffix(in, ".jwt") {
			parts := strings.Split(string(bytes.TrimSpace(b)), ".")
			payload, err := base64.RawURLEncoding.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			haystack = append(haystack, payload)
			// The compact JWS itself must not show either.
			needles = append(needles, parts[1][40:100], parts[2][:60])
		}
		if strings.HasSuffix(in, ".png") {
			needles = append(needles, string(b[len(b)/2:len(b)/2+48]))
		}
	}
	for _, n := range needles {
		if !bytes.Contains(bytes.Join(haystack, nil), []byte(n)) {
			t.Fatalf("test bug: %q is in none of the inputs", n)
		}
	}

	secrets := storetest.Secrets(t)
	db, _ := storetest.Open(t, secrets)
	w := wallet.New(db)
	var paths []string
	for _, in := range inputs {
		paths = append(paths, filepath.Join(examples, filepath.FromSlash(in)))
	}
	nested := 0
	for _, r := range w.ImportPaths(paths, wallet.ImportOptions{}) {
		if r.Status != wallet.Imported {
			t.Fatalf("import %s: %s %s", r.Path, r.Status, r.Error)
		}
		nested += r.Nested
		needles = append(needles, r.Name, r.Issuer)
	}
	if nested == 0 {
		t.Fatal("no CLR with nested credentials was imported")
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw := readFile(t, path)

	// The search itself works: it finds the needles in the inputs and in
	// a base64 copy of them.
	for _, control := range [][]byte{
		example(t, "clr2/validator/complex.json"),
		[]byte(base64.StdEncoding.EncodeToString(example(t, "clr2/validator/complex.json"))),
		[]byte("xx" + base64.URLEncoding.EncodeToString(example(t, "clr2/validator/complex.json"))),
	} {
		if leaks(control, "Ellis Monday") == "" {
			t.Fatal("test bug: the search does not find a name in a control")
		}
	}

	for _, n := range needles {
		if how := leaks(raw, n); how != "" {
			t.Errorf("the wallet file holds %q (%s)", n, how)
		}
	}
	// And nothing of the file names either: they say what a credential is.
	for _, in := range inputs {
		if how := leaks(raw, filepath.Base(in)); how != "" {
			t.Errorf("the wallet file holds the file name %q (%s)", filepath.Base(in), how)
		}
	}
}

// leaks reports how s appears in b, or "" when it does not.
func leaks(b []byte, s string) string {
	if bytes.Contains(b, []byte(s)) {
		return "plain"
	}
	if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(s))) {
		return "in other case"
	}
	u := utf16.Encode([]rune(s))
	le, be := make([]byte, 0, 2*len(u)), make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = binary.LittleEndian.AppendUint16(le, c)
		be = binary.BigEndian.AppendUint16(be, c)
	}
	if bytes.Contains(b, le) || bytes.Contains(b, be) {
		return "UTF-16"
	}
	if bytes.Contains(b, []byte(hex.EncodeToString([]byte(s)))) {
		return "hex"
	}
	// Base64 of s starting at any of the three positions in a 3-byte group;
	// only the characters that depend on s alone are compared.
	for pad := range 3 {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			e := enc.EncodeToString([]byte(strings.Repeat("\x00", pad) + s))
			start := (pad*8 + 5) / 6 // first character free of the padding bytes
			end := len(e) - 4        // the last group may mix in what follows
			if end-start >= 6 && bytes.Contains(b, []byte(e[start:end])) {
				return "base64"
			}
		}
	}
	return ""
}
