package did

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"errors"
	"fmt"
	"math/big"
)

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (idx [256]int8) {
	for i := range idx {
		idx[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		idx[base58Alphabet[i]] = int8(i)
	}
	return idx
}()

// EncodeBase58btc returns b as multibase base58btc: "z" and the Bitcoin
// base58 alphabet.
func EncodeBase58btc(b []byte) string {
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	// Repeated division of a base-256 number by 58, digits least significant first.
	digits := make([]byte, 0, len(b)*138/100+1)
	for _, c := range b[zeros:] {
		carry := int(c)
		for i := range digits {
			carry += int(digits[i]) << 8
			digits[i] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	out := make([]byte, 0, 1+zeros+len(digits))
	out = append(out, 'z')
	for i := 0; i < zeros; i++ {
		out = append(out, '1')
	}
	for i := len(digits) - 1; i >= 0; i-- {
		out = append(out, base58Alphabet[digits[i]])
	}
	return string(out)
}

// ErrMultibase is a value that is not multibase base58btc.
var ErrMultibase = errors.New("not a multibase base58btc value")

// DecodeBase58btc decodes a multibase base58btc value ("z…").
func DecodeBase58btc(s string) ([]byte, error) {
	if len(s) < 2 || s[0] != 'z' {
		return nil, fmt.Errorf("%w: it must start with 'z'", ErrMultibase)
	}
	s = s[1:]
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	// Repeated multiplication by 58, bytes least significant first.
	bytes := make([]byte, 0, len(s)*733/1000+1)
	for i := zeros; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return nil, fmt.Errorf("%w: %q is not a base58 character", ErrMultibase, s[i])
		}
		carry := int(d)
		for j := range bytes {
			carry += int(bytes[j]) * 58
			bytes[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			bytes = append(bytes, byte(carry))
			carry >>= 8
		}
	}
	out := make([]byte, zeros+len(bytes))
	for i, c := range bytes {
		out[len(out)-1-i] = c
	}
	return out, nil
}

// Multicodec prefixes (unsigned varints) of the public keys we know.
var (
	prefixEd25519 = []byte{0xed, 0x01} // ed25519-pub
	prefixX25519  = []byte{0xec, 0x01} // x25519-pub
	prefixP256    = []byte{0x80, 0x24} // p256-pub, compressed point
	prefixP384    = []byte{0x81, 0x24} // p384-pub, compressed point
)

// DecodeMultikey decodes a Multikey publicKeyMultibase value: Ed25519
// ("z6Mk…"), P-256 ("zDna…") or P-384 ("z82L…"). It returns an
// ed25519.PublicKey or an *ecdsa.PublicKey; any other key is ErrBadKey.
func DecodeMultikey(mb string) (crypto.PublicKey, error) {
	b, err := DecodeBase58btc(mb)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadKey, mb, err)
	}
	switch {
	case hasPrefix(b, prefixEd25519):
		if len(b) != 2+ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: %s: an Ed25519 key is 32 bytes, this one %d", ErrBadKey, mb, len(b)-2)
		}
		return ed25519.PublicKey(b[2:]), nil
	case hasPrefix(b, prefixP256):
		return decodeCompressed(elliptic.P256(), b[2:], mb)
	case hasPrefix(b, prefixP384):
		return decodeCompressed(elliptic.P384(), b[2:], mb)
	case hasPrefix(b, prefixX25519):
		return nil, fmt.Errorf("%w: %s is an X25519 key-agreement key, not a signing key", ErrBadKey, mb)
	}
	return nil, fmt.Errorf("%w: %s is not a key type this wallet knows (Ed25519, P-256, P-384)", ErrBadKey, mb)
}

// DecodeEd25519Multikey decodes a publicKeyMultibase value that must be an
// Ed25519 key ("z6Mk…"), as Ed25519VerificationKey2020 and the eddsa
// cryptosuites require.
func DecodeEd25519Multikey(mb string) (ed25519.PublicKey, error) {
	k, err := DecodeMultikey(mb)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not an Ed25519 key", ErrBadKey, mb)
	}
	return pub, nil
}

// EncodeMultikey returns the publicKeyMultibase form of an Ed25519 or
// P-256/P-384 public key.
func EncodeMultikey(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", fmt.Errorf("%w: an Ed25519 key is 32 bytes, this one %d", ErrBadKey, len(k))
		}
		return EncodeBase58btc(append(append([]byte{}, prefixEd25519...), k...)), nil
	case *ecdsa.PublicKey:
		var prefix []byte
		switch k.Curve {
		case elliptic.P256():
			prefix = prefixP256
		case elliptic.P384():
			prefix = prefixP384
		default:
			return "", fmt.Errorf("%w: curve %s has no multikey form here", ErrBadKey, k.Curve.Params().Name)
		}
		//nolint:staticcheck // MarshalCompressed is the encoding multikey defines.
		return EncodeBase58btc(append(append([]byte{}, prefix...), elliptic.MarshalCompressed(k.Curve, k.X, k.Y)...)), nil
	}
	return "", fmt.Errorf("%w: %T has no multikey form here", ErrBadKey, pub)
}

// KeyDID returns the did:key DID of an Ed25519 public key.
func KeyDID(pub ed25519.PublicKey) string {
	mb, err := EncodeMultikey(pub)
	if err != nil {
		return ""
	}
	return "did:key:" + mb
}

func decodeCompressed(curve elliptic.Curve, b []byte, mb string) (crypto.PublicKey, error) {
	x, y := elliptic.UnmarshalCompressed(curve, b)
	if x == nil {
		return nil, fmt.Errorf("%w: %s is not a compressed %s point", ErrBadKey, mb, curve.Params().Name)
	}
	return &ecdsa.PublicKey{Curve: curve, X: x, Y: y}, nil
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && b[0] == prefix[0] && b[1] == prefix[1]
}

// x25519FromEd25519 converts an Ed25519 public key to the X25519 key of the
// same secret (the birational map u = (1+y)/(1-y) mod 2^255-19), as did:key
// documents list under keyAgreement.
func x25519FromEd25519(pub ed25519.PublicKey) []byte {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := make([]byte, 32)
	for i := range le {
		le[i] = pub[31-i] // little-endian to big-endian
	}
	le[0] &= 0x7f // the sign of x
	y := new(big.Int).SetBytes(le)
	num := new(big.Int).Add(big.NewInt(1), y)
	den := new(big.Int).Sub(big.NewInt(1), y)
	den.Mod(den, p)
	den.ModInverse(den, p)
	u := num.Mul(num, den)
	u.Mod(u, p)
	be := u.FillBytes(make([]byte, 32))
	out := make([]byte, 32)
	for i := range out {
		out[i] = be[31-i]
	}
	return out
}
