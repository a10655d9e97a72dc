// Coming from another wallet: the Universal Wallet 2020 export, as the DCC
// Learner Credential Wallet (LCW) writes it.
//
// What the formats are (read from the sources, December 2024 / February 2023):
//
//   - LCW "Backup wallet" (Settings) writes "Wallet Backup.json", and "Backup"
//     on one profile writes "Profile Backup.json": both are a JSON array of
//     unlocked wallets, one per profile (digitalcredentials/learner-credential-wallet,
//     app/lib/export.ts, app/model/profile.ts exportProfileRecord). Each is
//     {"@context": ["https://www.w3.org/2018/credentials/v1",
//     "https://w3id.org/wallet/v1"], "id": "http://example.gov/wallet/3732",
//     "type": "UniversalWallet2020", "status": "UNLOCKED", "contents": [...]},
//     contents being the profile's credentials (as stored, re-serialised by
//     JSON.stringify, so not the bytes first received), then its DID
//     document, its Ed25519VerificationKey2020 key pair, its
//     X25519KeyAgreementKey2020 key pair and a ProfileMetadata item (profile
//     name). LCW tells them apart by shape (app/lib/parseWallet.ts): a
//     credential has the credentials/v1 @context, a DID document the
//     did/v1 one. Its import accepts the array or a single unlocked wallet
//     (app/lib/import.ts importWalletOrProfileFrom).
//   - The keys are @digitalcredentials/ed25519-verification-key-2020 key
//     pairs as JSON.stringify writes them (app/model/did.ts, app/lib/did.ts):
//     {"id": "did:key:z6Mk…#z6Mk…", "controller": "did:key:z6Mk…", "type":
//     "Ed25519VerificationKey2020", "publicKeyMultibase": "z6Mk…",
//     "privateKeyMultibase": "z…"}; the private value is multicodec
//     ed25519-priv (0x80 0x26) and 64 bytes, seed then public key
//     (digitalcredentials/ed25519-verification-key-2020,
//     src/Ed25519VerificationKey2020.ts, src/ed25519.ts).
//   - The backup is NOT encrypted: LCW's passphrase-locked export
//     ("EncryptedWallet", a JWE with PBES2-HS512+A256KW and A256GCM,
//     app/lib/lockedWallet.ts) is commented out. The spec's locked wallet
//     (w3c-ccg/universal-wallet-interop-spec, docs/data-model.html, "Locked
//     Wallet") is a VerifiableCredential of type EncryptedWallet holding a
//     JWE to an X25519 key (ECDH-ES+A256KW, XC20P): it needs the wallet's
//     key, not a passphrase, and XC20P is not in jwx. Both are recognised
//     and refused with advice to export unlocked.
//   - The spec's unlocked wallet (same file, "Unlocked Wallet", "Key") may
//     also hold Ed25519VerificationKey2018 keys with publicKeyBase58 /
//     privateKeyBase58 (64 bytes) or publicKeyJwk / privateKeyJwk; those are
//     read too.
//   - LCW's "share" of credentials as a file writes SharedCredential(s).txt:
//     an unsigned VerifiablePresentation holding them (app/lib/present.ts
//     sharePresentation), not a wallet export.
package wallet

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// Bounds on a wallet export, beyond the input size and nesting every
// document has: far more than a learner's wallet holds.
const (
	maxExportProfiles = 100
	maxExportContents = 10000
)

// ErrNotWalletExport means the input is not a wallet export: import it as
// a credential.
var ErrNotWalletExport = errors.New("not a wallet export")

// ErrEncryptedWallet means the input is a locked (encrypted) Universal
// Wallet, which this wallet cannot open.
var ErrEncryptedWallet = &credential.RejectError{Reason: "this is an encrypted (locked) wallet export, which this wallet cannot open; export it again from the other wallet without a passphrase (Learner Credential Wallet: Settings › Backup wallet)"}

// ExportFormat says which wallet wrote an export.
type ExportFormat string

// The export formats recognised.
const (
	// LCWBackup is a Learner Credential Wallet backup: an array of Universal
	// Wallet 2020 documents, one per profile.
	LCWBackup ExportFormat = "lcw-backup"
	// UniversalWallet is one Universal Wallet 2020 document.
	UniversalWallet ExportFormat = "universal-wallet-2020"
)

// KeySkip says why a key in an export cannot be taken; "" when it can.
type KeySkip string

// Why a key cannot be taken.
const (
	KeyNotEd25519      KeySkip = "not-ed25519"      // an X25519, secp256k1… key: not a key this wallet signs with
	KeyPublicOnly      KeySkip = "public-only"      // no private part
	KeyOtherController KeySkip = "other-controller" // controlled by a DID that is not its did:key (did:web…)
)

// WalletExport is what a wallet export holds.
type WalletExport struct {
	// Source names the export in each credential's Result and record; the
	// caller sets it (ReadWalletExport sets the file's path).
	Source string
	Format ExportFormat
	// Profiles are the names of the export's profiles, "" when unnamed.
	Profiles []string
	// Credentials are the credential objects, each exactly as it appears.
	Credentials []json.RawMessage
	Keys        []ExportedKey
	// Other counts the contents that are neither: DID documents, profile
	// metadata and the like, which are not imported.
	Other int
}

// ExportedKey is a key found in a wallet export. Its secret, if any, never
// leaves the package except into the keyring.
type ExportedKey struct {
	Type       string // as the export names it, e.g. Ed25519VerificationKey2020
	Controller string // the DID controlling it, as written ("" when not)
	// DID is the did:key the key would make the learner's, "" when it
	// cannot be taken.
	DID     string
	Private bool    // whether the export holds its private part
	Skip    KeySkip // why it cannot be taken, "" when it can
	key     *holder.Key
}

// Takeable reports whether ImportWalletExport can take the key.
func (k ExportedKey) Takeable() bool { return k.key != nil }

// ReadWalletExport reads the file at path and parses it as a wallet export.
// A file that is not one, or cannot be read as a regular file, is
// ErrNotWalletExport: ImportFile then says what it is.
func ReadWalletExport(path string) (*WalletExport, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > credential.MaxInputSize {
		return nil, ErrNotWalletExport
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, ErrNotWalletExport
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, credential.MaxInputSize+1))
	if err != nil {
		return nil, ErrNotWalletExport
	}
	e, err := ParseWalletExport(data)
	if err != nil {
		return nil, err
	}
	e.Source = path
	return e, nil
}

// ParseWalletExport recognises a Universal Wallet 2020 export (an LCW
// backup, or one unlocked wallet) and lists what it holds. Input that is
// not one is ErrNotWalletExport; one that is but is malformed, oversized,
// too deep or holds a key that is not a key is a *credential.RejectError,
// and nothing in it should be imported.
func ParseWalletExport(data []byte) (*WalletExport, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') ||
		!bytes.Contains(data, []byte("UniversalWallet2020")) && !bytes.Contains(data, []byte("EncryptedWallet")) {
		return nil, ErrNotWalletExport
	}
	if len(data) > credential.MaxInputSize {
		return nil, reject("the wallet export is %s; the limit is %d MB", credential.SizeText(len(data)), credential.MaxInputSize>>20)
	}
	// Strictly (no key twice, bounded nesting) before anything is read.
	if err := jsonv.CheckKeys(data); err != nil {
		return nil, &credential.RejectError{Reason: "the wallet export cannot be read: " + safetext.Clip(err.Error(), 200), Err: err}
	}
	var profiles []json.RawMessage
	e := &WalletExport{Source: "wallet export", Format: UniversalWallet}
	if trimmed[0] == '[' {
		if err := json.Unmarshal(data, &profiles); err != nil {
			return nil, ErrNotWalletExport
		}
		if len(profiles) == 0 {
			return nil, ErrNotWalletExport
		}
		e.Format = LCWBackup
	} else {
		profiles = []json.RawMessage{data}
	}
	for i, p := range profiles {
		where := ""
		if e.Format == LCWBackup {
			where = fmt.Sprintf("profile %d: ", i+1)
		}
		if err := e.addProfile(p, where, i == 0); err != nil {
			return nil, err
		}
		if i == 0 && len(profiles) > maxExportProfiles {
			return nil, reject("the wallet export holds %d profiles; the limit is %d", len(profiles), maxExportProfiles)
		}
	}
	return e, nil
}

// addProfile reads one unlocked wallet. The first decides whether the input
// is a wallet export at all.
func (e *WalletExport) addProfile(raw json.RawMessage, where string, first bool) error {
	notOne := func(format string, args ...any) error {
		if first {
			return ErrNotWalletExport
		}
		return reject(where+format, args...)
	}
	var top map[string]json.RawMessage // exact keys: no case-folding
	if err := json.Unmarshal(raw, &top); err != nil || top == nil {
		return notOne("it is not a JSON object")
	}
	var types []string
	if err := stringOrStrings(top["type"], &types); err != nil {
		return notOne("its type is not text")
	}
	switch {
	case slices.Contains(types, "EncryptedWallet"):
		return ErrEncryptedWallet
	case !slices.Contains(types, "UniversalWallet2020"):
		return notOne("it is not a UniversalWallet2020")
	}
	var contexts []string
	if err := stringOrStrings(top["@context"], &contexts); err != nil || !slices.Contains(contexts, "https://w3id.org/wallet/v1") {
		return reject("%sit says it is a UniversalWallet2020 but lacks the wallet @context https://w3id.org/wallet/v1", where)
	}
	if status, ok := top["status"]; ok {
		var s string
		if err := json.Unmarshal(status, &s); err != nil || s != "UNLOCKED" {
			return reject("%sits status is %s, not UNLOCKED: it cannot be read", where, shown(string(status)))
		}
	}
	var contents []json.RawMessage
	if c, ok := top["contents"]; !ok {
		return reject("%sit has no contents", where)
	} else if err := json.Unmarshal(c, &contents); err != nil {
		return reject("%sits contents are not a list", where)
	}
	if total := len(e.Credentials) + len(e.Keys) + e.Other + len(contents); total > maxExportContents {
		return reject("the wallet export holds more than %d items; the limit is %d", total-1, maxExportContents)
	}
	name := ""
	for i, c := range contents {
		item, err := jsonv.DecodeObject(c)
		if err != nil {
			return reject("%scontents[%d] is %v", where, i, err)
		}
		switch contentKind(item) {
		case "credential":
			e.Credentials = append(e.Credentials, c)
		case "key":
			k, err := parseExportedKey(item)
			if err != nil {
				return reject("%scontents[%d]: %v", where, i, err)
			}
			e.Keys = append(e.Keys, k)
		case "profile":
			if data, ok := item["data"].(map[string]any); ok {
				name, _ = data["profileName"].(string)
			}
			e.Other++
		default:
			e.Other++
		}
	}
	e.Profiles = append(e.Profiles, name)
	return nil
}

// contentKind tells a wallet content item by its shape, as LCW does: a
// credential by its type or @context, a key by its key material.
func contentKind(item map[string]any) string {
	types := jsonv.List(item["type"])
	contexts := jsonv.List(item["@context"])
	switch {
	case slices.Contains(types, any("VerifiableCredential")),
		slices.Contains(contexts, any("https://www.w3.org/2018/credentials/v1")) && !slices.Contains(types, any("VerifiablePresentation")),
		slices.Contains(contexts, any("https://www.w3.org/ns/credentials/v2")) && !slices.Contains(types, any("VerifiablePresentation")):
		return "credential"
	case slices.Contains(types, any("ProfileMetadata")):
		return "profile"
	case slices.Contains(contexts, any("https://www.w3.org/ns/did/v1")):
		return "did-document"
	}
	for k := range item {
		if strings.HasPrefix(k, "privateKey") || strings.HasPrefix(k, "publicKey") {
			return "key"
		}
	}
	return "other"
}

// parseExportedKey reads a key. An Ed25519 key must be whole and
// consistent: its private part a key, matching its public part and its
// did:key controller; anything else is an error, not a skipped key, since a
// file holding such a key is damaged or forged.
func parseExportedKey(item map[string]any) (ExportedKey, error) {
	var k ExportedKey
	t, ok := item["type"].(string)
	if !ok {
		return k, errors.New("a key whose type is not one text")
	}
	k.Type = t
	if c, ok := item["controller"]; ok {
		if k.Controller, ok = c.(string); !ok {
			return k, fmt.Errorf("the %s key's controller is not text", t)
		}
	}
	for name := range item {
		if strings.HasPrefix(name, "privateKey") {
			k.Private = true
		}
	}
	pub, seed, err := ed25519Material(item)
	if err != nil {
		return k, fmt.Errorf("the %s key is not a key: %v", t, err)
	}
	switch {
	case pub == nil && seed == nil:
		k.Skip = KeyNotEd25519
		return k, nil
	case seed == nil:
		k.Skip = KeyPublicOnly
	}
	if seed != nil {
		hk, err := holder.Parse(seed)
		clear(seed)
		if err != nil {
			return k, fmt.Errorf("the %s key's private part is not a key: %v", t, err)
		}
		if pub != nil && !pub.Equal(hk.Public()) {
			return k, fmt.Errorf("the %s key's private part does not match its public key", t)
		}
		pub = hk.Public()
		k.key = hk
	}
	keyDID := did.KeyDID(pub)
	switch {
	case k.Controller == "" || k.Controller == keyDID:
	case strings.HasPrefix(k.Controller, "did:key:"):
		k.key = nil
		return k, fmt.Errorf("the %s key is not the key of its controller %s", t, shown(k.Controller))
	default:
		k.Skip, k.key = KeyOtherController, nil
	}
	if k.key != nil {
		k.DID = keyDID
	}
	return k, nil
}

// ed25519Material returns the Ed25519 public key and seed an item holds,
// nil for each it does not hold; both nil for a key of another type.
func ed25519Material(item map[string]any) (ed25519.PublicKey, []byte, error) {
	str := func(name string) (string, bool, error) {
		v, ok := item[name]
		if !ok {
			return "", false, nil
		}
		s, isStr := v.(string)
		if !isStr {
			return "", false, fmt.Errorf("%s is not text", name)
		}
		return s, true, nil
	}
	var pub ed25519.PublicKey
	var seed []byte
	// Multibase (Ed25519VerificationKey2020, Multikey).
	if s, ok, err := str("publicKeyMultibase"); err != nil {
		return nil, nil, err
	} else if ok {
		b, err := did.DecodeBase58btc(s)
		if err != nil || len(b) < 2 {
			return nil, nil, fmt.Errorf("publicKeyMultibase: %v", err)
		}
		if b[0] != 0xed || b[1] != 0x01 {
			return nil, nil, nil // X25519, P-256…: not ours
		}
		if len(b) != 2+ed25519.PublicKeySize {
			return nil, nil, fmt.Errorf("publicKeyMultibase is %d bytes, not an Ed25519 key's 32", len(b)-2)
		}
		pub = ed25519.PublicKey(b[2:])
	}
	if s, ok, err := str("privateKeyMultibase"); err != nil {
		return nil, nil, err
	} else if ok {
		b, err := did.DecodeBase58btc(s)
		if err != nil || len(b) < 2 {
			return nil, nil, fmt.Errorf("privateKeyMultibase: %v", err)
		}
		if b[0] != 0x80 || b[1] != 0x26 {
			if pub != nil {
				return nil, nil, errors.New("privateKeyMultibase is not an Ed25519 private key")
			}
			return nil, nil, nil
		}
		if seed, err = seedOf(b[2:], "privateKeyMultibase"); err != nil {
			return nil, nil, err
		}
	}
	// Base58 (Ed25519VerificationKey2018).
	if item["type"] == "Ed25519VerificationKey2018" {
		if s, ok, err := str("publicKeyBase58"); err != nil {
			return nil, nil, err
		} else if ok {
			b, err := did.DecodeBase58btc("z" + s)
			if err != nil || len(b) != ed25519.PublicKeySize {
				return nil, nil, errors.New("publicKeyBase58 is not a 32-byte key")
			}
			pub = ed25519.PublicKey(b)
		}
		if s, ok, err := str("privateKeyBase58"); err != nil {
			return nil, nil, err
		} else if ok {
			b, err := did.DecodeBase58btc("z" + s)
			if err != nil {
				return nil, nil, fmt.Errorf("privateKeyBase58: %v", err)
			}
			if seed, err = seedOf(b, "privateKeyBase58"); err != nil {
				return nil, nil, err
			}
		}
	}
	// JWK (JsonWebKey2020, Ed25519VerificationKey2018).
	for _, name := range []string{"publicKeyJwk", "privateKeyJwk"} {
		v, ok := item[name]
		if !ok {
			continue
		}
		jwk, ok := v.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("%s is not an object", name)
		}
		if jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" {
			if pub == nil && seed == nil {
				return nil, nil, nil
			}
			return nil, nil, fmt.Errorf("%s is not an Ed25519 key", name)
		}
		x, err := jwkBytes(jwk, "x", ed25519.PublicKeySize)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", name, err)
		}
		if pub != nil && !pub.Equal(ed25519.PublicKey(x)) {
			return nil, nil, fmt.Errorf("%s is another key than the other public key given", name)
		}
		pub = ed25519.PublicKey(x)
		if name == "privateKeyJwk" {
			if seed, err = jwkBytes(jwk, "d", ed25519.SeedSize); err != nil {
				return nil, nil, fmt.Errorf("%s: %v", name, err)
			}
		}
	}
	return pub, seed, nil
}

// seedOf returns the seed of a private key given as the seed (32 bytes) or
// as seed and public key (64 bytes, whose halves must agree).
func seedOf(b []byte, name string) ([]byte, error) {
	switch len(b) {
	case ed25519.SeedSize:
		return slices.Clone(b), nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if !bytes.Equal(priv[ed25519.SeedSize:], b[ed25519.SeedSize:]) {
			return nil, fmt.Errorf("%s: its public half is not its private half's", name)
		}
		return slices.Clone(b[:ed25519.SeedSize]), nil
	}
	return nil, fmt.Errorf("%s is %d bytes; an Ed25519 private key is 32 or 64", name, len(b))
}

func jwkBytes(jwk map[string]any, member string, size int) ([]byte, error) {
	s, ok := jwk[member].(string)
	if !ok {
		return nil, fmt.Errorf("no %q member", member)
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("%q is not %d bytes of base64url", member, size)
	}
	return b, nil
}

// stringOrStrings reads a JSON-LD value that may be one text or a list;
// absent is none.
func stringOrStrings(raw json.RawMessage, out *[]string) error {
	if raw == nil {
		return nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		*out = []string{one}
		return nil
	}
	var many []any
	if err := json.Unmarshal(raw, &many); err != nil {
		return err
	}
	for _, v := range many {
		if s, ok := v.(string); ok { // an inline @context object is no name
			*out = append(*out, s)
		}
	}
	return nil
}

// shown keeps text from a file short and harmless in a message.
func shown(s string) string { return safetext.Clip(safetext.Line(s), 80) }

// ImportWalletExport imports an export's credentials, each through
// ImportBytes (verified, stored, duplicates counted), in order. With
// takeKeys it first puts the export's Ed25519 keys in the keyring as
// earlier holder keys, so their DIDs are the learner's (HolderDIDs) before
// the credentials issued to them are checked; it never makes one the
// current key. If a key cannot be kept, nothing is imported and the error
// says why.
func (w *Wallet) ImportWalletExport(e *WalletExport, takeKeys bool) ([]Result, error) {
	if takeKeys {
		if err := w.takeExportedKeys(e.Keys); err != nil {
			return nil, err
		}
	}
	results := make([]Result, 0, len(e.Credentials))
	b := w.newImportBatch(func(r Result) { results = append(results, r) })
	b.addExported(e)
	b.flush()
	return results, nil
}

// addExported imports an export's credentials into the batch.
func (b *importBatch) addExported(e *WalletExport) {
	for i, c := range e.Credentials {
		b.add(fmt.Sprintf("%s (credential %d of %d)", e.Source, i+1, len(e.Credentials)), c)
	}
}

// takeExportedKeys keeps each takeable key as an earlier holder key.
func (w *Wallet) takeExportedKeys(keys []ExportedKey) error {
	w.keyMu.Lock()
	defer w.keyMu.Unlock()
	for _, k := range keys {
		if k.key == nil {
			continue
		}
		if w.secrets == nil {
			return ErrNoSecrets
		}
		d := k.key.DID()
		// The key goes to the keyring before its DID is listed, as in
		// RotateHolderKey: a DID listed without its key could not be proven.
		seed := k.key.Seed()
		err := w.secrets.Set(EarlierHolderKeyAccount(w.walletID, d), seed)
		clear(seed)
		if err != nil {
			return fmt.Errorf("cannot keep the key of %s in the keyring, so nothing was imported: %w", d, err)
		}
		if err := w.addEarlierHolderDID(d); err != nil {
			return err
		}
	}
	return nil
}
