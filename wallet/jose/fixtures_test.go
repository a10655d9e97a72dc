package jose_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

const examples = "../../testdata/examples"

// fixture reads a token from the examples, taking it out of a badge image
// when it is baked into one.
func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, name))
	if err != nil {
		t.Fatal(err)
	}
	var baked bake.Baked
	switch {
	case bake.IsPNG(b):
		baked, err = bake.FromPNG(b, 1<<20)
	case bake.LooksLikeSVG(b):
		baked, err = bake.FromSVG(b)
	default:
		return strings.TrimSpace(string(b))
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(baked.Content))
}

// TestFixtures runs the VC-JWTs of the example corpus. Upstream expectations
// are in the EXPECTED.tsv files next to them; these samples carry their
// key in a jwk header, so their signatures verify but their keys cannot be
// tied to the issuer (example domains publish no key sets).
func TestFixtures(t *testing.T) {
	tests := []struct {
		file      string
		vcdm      string
		kind      jose.Kind // 0: verifies
		confirmed bool
		id        string
	}{
		{file: "ob3/validator/simple-jwt.png", vcdm: "2.0", id: "http://example.com/credentials/3527"},
		{file: "ob3/validator/simple-jwt.svg", vcdm: "2.0", id: "http://example.com/credentials/3527"},
		{file: "ob3/validator/simple-jwt_v1.png", vcdm: "1.1", id: "http://example.edu/credentials/3732"},
		{file: "ob3/validator/simple-jwt_v1.svg", vcdm: "1.1", id: "http://example.edu/credentials/3732"},
		{file: "clr2/validator/simple.jwt", vcdm: "1.1", id: "http://example.edu/credentials/3732"},
		// No jwk and no kid: nothing says which key signed it.
		{file: "ob3/validator/simple.jwt", kind: jose.Unresolvable},
		// kid is a did:velocity DID URL.
		{file: "ob3/validator/velocity.jwt", kind: jose.Unsupported},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := &fetch.Map{}
			res, err := jose.VerifyCredential(context.Background(), fixture(t, tt.file), jose.Options{Keys: standard(), Fetcher: f, Now: now})
			if tt.kind != 0 {
				if kindOf(err) != tt.kind {
					t.Fatalf("err = %v, want kind %v", err, tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.VCDM != tt.vcdm || res.Alg != "RS256" || (res.KeyBinding != "") != tt.confirmed {
				t.Errorf("VCDM %q alg %q confirmed %v", res.VCDM, res.Alg, (res.KeyBinding != ""))
			}
			if res.Credential["id"] != tt.id {
				t.Errorf("credential id = %v, want %s", res.Credential["id"], tt.id)
			}
			if !strings.Contains(res.KeyNote, "came with the credential") {
				t.Errorf("KeyNote = %q", res.KeyNote)
			}
			if res.ValidFrom.IsZero() || res.ValidFrom.Unix() != 1262304000 {
				t.Errorf("ValidFrom = %v", res.ValidFrom)
			}
		})
	}
}

func TestFixtureMessages(t *testing.T) {
	_, err := jose.VerifyCredential(context.Background(), fixture(t, "ob3/validator/simple.jwt"), jose.Options{})
	var je *jose.Error
	if !errors.As(err, &je) || !strings.Contains(je.Reason, "does not say which key signed it") {
		t.Errorf("simple.jwt: %v", err)
	}
	_, err = jose.VerifyCredential(context.Background(), fixture(t, "ob3/validator/velocity.jwt"), jose.Options{Keys: standard()})
	if !errors.As(err, &je) || !strings.Contains(je.Reason, "did:velocity") || !errors.Is(err, did.ErrUnsupportedMethod) {
		t.Errorf("velocity.jwt: %v", err)
	}
}

// TestFixtureVC11 checks the VCDM 1.1 credential rebuilt from the vc claim.
func TestFixtureVC11(t *testing.T) {
	res, err := jose.VerifyCredential(context.Background(), fixture(t, "clr2/validator/simple.jwt"), jose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Credential
	if c["issuanceDate"] != "2010-01-01T00:00:00Z" {
		t.Errorf("issuanceDate = %v", c["issuanceDate"])
	}
	if is, _ := c["issuer"].(map[string]any); is["id"] != "https://example.edu/issuers/565049" {
		t.Errorf("issuer = %v", c["issuer"])
	}
	if _, ok := c["vc"]; ok {
		t.Error("the credential still holds the vc claim")
	}
	if res.KeyNote == "" || (res.KeyBinding != "") {
		t.Errorf("key: %v %q", (res.KeyBinding != ""), res.KeyNote)
	}
}

func FuzzVerifyCredential(f *testing.F) {
	for _, name := range []string{"ob3/validator/simple-jwt.png", "ob3/validator/simple-jwt_v1.svg",
		"clr2/validator/simple.jwt", "ob3/validator/simple.jwt", "ob3/validator/velocity.jwt"} {
		f.Add(fixture(f, name))
	}
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Fuzz(func(t *testing.T, s string) {
		res, err := jose.VerifyCredential(context.Background(), s, jose.Options{Keys: resolver{}, Fetcher: &fetch.Map{}})
		if err != nil {
			var je *jose.Error
			if !errors.As(err, &je) || je.Reason == "" {
				t.Fatalf("error is not a *jose.Error with a reason: %v", err)
			}
			return
		}
		if res.Credential == nil || res.Alg == "" {
			t.Fatalf("result without credential: %+v", res)
		}
	})
}
