package verify

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Identities are what the learner has said identifies them (and the DIDs
// of their keys), to match a credential's recipient against.
// (Stored as JSON with these field names: keep them.)
type Identities struct {
	DIDs   []string
	Emails []string
	Names  []string
}

// empty reports whether no identity is known.
func (ids Identities) empty() bool { return len(ids.DIDs)+len(ids.Emails)+len(ids.Names) == 0 }

// identityMatches compares an IdentityHash (sha256$… or md5$…) or a
// plaintext identity with a known value.
func identityMatches(identity string, hashed bool, salt, known string) bool {
	if !hashed {
		return strings.EqualFold(strings.TrimSpace(identity), strings.TrimSpace(known))
	}
	alg, want, ok := strings.Cut(identity, "$")
	if !ok {
		return false
	}
	var got string
	switch strings.ToLower(alg) {
	case "sha256":
		sum := sha256.Sum256([]byte(known + salt))
		got = hex.EncodeToString(sum[:])
	case "md5":
		sum := md5.Sum([]byte(known + salt))
		got = hex.EncodeToString(sum[:])
	default:
		return false
	}
	return strings.EqualFold(got, want)
}
