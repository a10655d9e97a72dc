package did

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

func TestBase58RoundTrip(t *testing.T) {
	for _, b := range [][]byte{{0}, {0, 0, 1}, {1, 2, 3}, bytes.Repeat([]byte{0xff}, 64), {0, 0xed, 0x01, 0, 7}} {
		s := EncodeBase58btc(b)
		got, err := DecodeBase58btc(s)
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%x → %s → %x, %v", b, s, got, err)
		}
	}
	// Bitcoin's own test value.
	if s := EncodeBase58btc([]byte("hello world")); s != "zStV1DL6CwTryKyV" {
		t.Errorf("hello world → %s", s)
	}
	for _, bad := range []string{"", "z", "StV1DL6CwTryKyV", "z0OIl", "u2V0"} {
		if _, err := DecodeBase58btc(bad); !errors.Is(err, ErrMultibase) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestMultikeyVectors(t *testing.T) {
	// OB 3.0 implementation guide key.
	pub, _ := hex.DecodeString("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5")
	const mb = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
	if got, err := EncodeMultikey(ed25519.PublicKey(pub)); err != nil || got != mb {
		t.Errorf("encode: %s, %v", got, err)
	}
	if got, err := DecodeEd25519Multikey(mb); err != nil || !bytes.Equal(got, pub) {
		t.Errorf("decode: %x, %v", got, err)
	}
	if KeyDID(ed25519.PublicKey(pub)) != "did:key:"+mb {
		t.Error("KeyDID")
	}
	// W3C vc-di-ecdsa P-256 key.
	const p256 = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
	k, err := DecodeMultikey(p256)
	ek, ok := k.(*ecdsa.PublicKey)
	if err != nil || !ok || ek.Curve != elliptic.P256() {
		t.Fatalf("P-256: %T %v", k, err)
	}
	if back, _ := EncodeMultikey(ek); back != p256 {
		t.Errorf("P-256 round trip: %s", back)
	}
	if _, err := DecodeEd25519Multikey(p256); !errors.Is(err, ErrBadKey) {
		t.Errorf("a P-256 key passed as Ed25519: %v", err)
	}
	for _, bad := range []string{
		"z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p",     // X25519
		"z6MkjZRsdasZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", // from simple-err-proof-method.json
		"zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",    // secp256k1
		"z6Mk",
	} {
		if _, err := DecodeMultikey(bad); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestDIDKeyVector(t *testing.T) {
	const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	b, err := os.ReadFile("testdata/ed25519-z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK.did.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got, err := KeyDocument(did)
	if err != nil {
		t.Fatal(err)
	}
	if gj, wj := canonJSON(got), canonJSON(want); gj != wj {
		t.Errorf("did:key document\n got %s\nwant %s", gj, wj)
	}

	r := &Resolver{}
	for _, id := range []string{did, did + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"} {
		m, err := r.Method(context.Background(), id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if m.ID != did+"#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" || m.Controller != did ||
			!m.Has("assertionMethod") || !m.Has("authentication") || !m.Bound || m.Type != "Multikey" {
			t.Errorf("%s: %+v", id, m)
		}
		if _, ok := m.PublicKey.(ed25519.PublicKey); !ok {
			t.Errorf("%s: key %T", id, m.PublicKey)
		}
	}
	if _, err := r.Method(context.Background(), did+"#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"); !errors.Is(err, ErrNotFound) {
		t.Errorf("other fragment: %v", err)
	}
}

func canonJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	var x any
	_ = json.Unmarshal(b, &x)
	b, _ = json.Marshal(x)
	return string(b)
}

func TestDIDJWK(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	jwk := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(pub)}
	did := "did:jwk:" + b64(jwk)
	r := &Resolver{}
	m, err := r.Method(context.Background(), did+"#0")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.PublicKey, pub) || m.ID != did+"#0" || m.Controller != did || !m.Has("assertionMethod") {
		t.Errorf("%+v", m)
	}
	if _, err := r.Method(context.Background(), did+"#1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("#1: %v", err)
	}
	jwk["d"] = "secret"
	if _, err := r.Method(context.Background(), "did:jwk:"+b64(jwk)); !errors.Is(err, ErrBadKey) {
		t.Errorf("private JWK: %v", err)
	}
	for _, bad := range []string{"did:jwk:!!", "did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte("[]")),
		"did:jwk:" + b64(map[string]any{"kty": "oct", "k": "c2VjcmV0"})} {
		if _, err := r.Method(context.Background(), bad); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), nil)
	ecJWK := map[string]any{"kty": "EC", "crv": "P-256", "use": "sig",
		"x": base64.RawURLEncoding.EncodeToString(ec.X.FillBytes(make([]byte, 32))),
		"y": base64.RawURLEncoding.EncodeToString(ec.Y.FillBytes(make([]byte, 32)))}
	m, err = r.Method(context.Background(), "did:jwk:"+b64(ecJWK))
	if err != nil || !ec.PublicKey.Equal(m.PublicKey) {
		t.Errorf("P-256 did:jwk: %v", err)
	}
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestUnsupportedIdentifiers(t *testing.T) {
	r := &Resolver{Fetcher: &fetch.Map{}}
	for _, id := range []string{
		"did:example:z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x",
		"xxx:z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x",
		"z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x",
		"http://example.com/keys#1",
	} {
		if _, err := r.Method(context.Background(), id); !errors.Is(err, ErrUnsupportedMethod) {
			t.Errorf("%s: %v", id, err)
		}
	}
}
