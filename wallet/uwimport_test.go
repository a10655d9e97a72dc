package wallet_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/wallettest"
)

// testLCWDID is the did:key of the TEST-ONLY key in the fixture.
func testLCWDID() string {
	return did.KeyDID(ed25519.NewKeyFromSeed(testLCWSeed()).Public().(ed25519.PublicKey))
}

func readLCWBackup(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(importsDir, lcwBackup))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseWalletExport(t *testing.T) {
	data := readLCWBackup(t)
	e, err := wallet.ParseWalletExport(data)
	if err != nil {
		t.Fatal(err)
	}
	if e.Format != wallet.LCWBackup || len(e.Credentials) != 2 || len(e.Keys) != 2 || e.Other != 2 ||
		!slices.Equal(e.Profiles, []string{"TEST-ONLY key: never trust it"}) {
		t.Fatalf("parsed %+v", e)
	}
	for i, c := range e.Credentials {
		if !bytes.Contains(data, c) || !bytes.HasPrefix(c, []byte("{")) {
			t.Errorf("credential %d is not the object's bytes as they appear", i)
		}
	}
	ed, x := e.Keys[0], e.Keys[1]
	if ed.Type != "Ed25519VerificationKey2020" || !ed.Private || !ed.Takeable() || ed.Skip != "" ||
		ed.DID != testLCWDID() || ed.Controller != testLCWDID() {
		t.Errorf("Ed25519 key %+v", ed)
	}
	if x.Type != "X25519KeyAgreementKey2020" || !x.Private || x.Takeable() || x.Skip != wallet.KeyNotEd25519 || x.DID != "" {
		t.Errorf("X25519 key %+v", x)
	}
	// A single unlocked wallet, as the spec has it, is one too.
	one := bytes.TrimSuffix(bytes.TrimPrefix(bytes.TrimSpace(data), []byte("[")), []byte("]"))
	if e, err := wallet.ParseWalletExport(one); err != nil || e.Format != wallet.UniversalWallet || len(e.Credentials) != 2 {
		t.Errorf("one unlocked wallet: %+v, %v", e, err)
	}
	// The secret never shows.
	for _, k := range e.Keys {
		for _, s := range []string{"%v", "%+v", "%#v"} {
			if out := strings.ToLower(fmtSprintf(s, k)); strings.Contains(out, "rv1mv78") {
				t.Errorf("%s shows the private key: %s", s, out)
			}
		}
	}
}

func TestParseWalletExportNotOne(t *testing.T) {
	for _, in := range []string{
		string(example(t, "ob3/validator/simple.json")),
		`[]`, `[1, 2]`, `"UniversalWallet2020"`, `{"type": "Other", "note": "UniversalWallet2020"}`, ``,
	} {
		if _, err := wallet.ParseWalletExport([]byte(in)); !errors.Is(err, wallet.ErrNotWalletExport) {
			t.Errorf("%.40q: %v, want ErrNotWalletExport", in, err)
		}
	}
}

func TestImportWalletExportWithoutKeys(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	e, err := wallet.ParseWalletExport(readLCWBackup(t))
	if err != nil {
		t.Fatal(err)
	}
	e.Source = "Wallet Backup.json"
	results, err := w.ImportWalletExport(e, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Fatalf("%d results", len(results))
	}
	for _, r := range results {
		if r.Status != wallet.Imported || r.Verification == "" || !strings.HasPrefix(r.Path, "Wallet Backup.json (credential ") {
			t.Errorf("result %+v", r)
		}
	}
	if n := len(secrets.Accounts()); n != 0 {
		t.Errorf("%d keyring entries without taking keys", n)
	}
	if dids, err := w.HolderDIDs(); err != nil || len(dids) != 0 {
		t.Errorf("HolderDIDs %v, %v", dids, err)
	}
	// Again: duplicates.
	results, _ = w.ImportWalletExport(e, false)
	for _, r := range results {
		if r.Status != wallet.Duplicate {
			t.Errorf("again: %+v", r)
		}
	}
}

func TestImportWalletExportTakingKeys(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	current, err := w.HolderKey()
	if err != nil {
		t.Fatal(err)
	}
	e, err := wallet.ParseWalletExport(readLCWBackup(t))
	if err != nil {
		t.Fatal(err)
	}
	results, err := w.ImportWalletExport(e, true)
	if err != nil || len(results) != 2 {
		t.Fatalf("%v, %v", results, err)
	}
	dids, err := w.HolderDIDs()
	if err != nil || !slices.Equal(dids, []string{current.DID(), testLCWDID()}) {
		t.Errorf("HolderDIDs %v, %v; want the current key's first, then the export's", dids, err)
	}
	seed, err := secrets.Get(wallet.EarlierHolderKeyAccount(testWalletID, testLCWDID()))
	if err != nil || !bytes.Equal(seed, testLCWSeed()) {
		t.Errorf("the keyring does not hold the export's key as an earlier one: %v", err)
	}
	if k, err := w.HolderKey(); err != nil || k.DID() != current.DID() {
		t.Errorf("the current key changed: %v, %v", k, err)
	}
	if n := len(secrets.Accounts()); n != 2 {
		t.Errorf("keyring accounts %v; the X25519 key must not be taken", secrets.Accounts())
	}
}

func TestImportWalletExportKeyringDown(t *testing.T) {
	store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
	w := keyWallet(t, store, secrets)
	e, err := wallet.ParseWalletExport(readLCWBackup(t))
	if err != nil {
		t.Fatal(err)
	}
	secrets.SetUnavailable(true)
	if _, err := w.ImportWalletExport(e, true); !errors.Is(err, wallet.ErrKeyringUnavailable) {
		t.Errorf("keyring down: %v", err)
	}
	if items, _ := store.List(); len(items) != 0 {
		t.Errorf("%d items imported although the keys were not taken", len(items))
	}
}

// hostileExports are wallet exports that must be refused whole.
func hostileExports(t testing.TB) map[string][]byte {
	data := readLCWBackup(t)
	replace := func(old, new string) []byte {
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("the fixture lacks %q", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	const edPriv = "zrv1Mv78trhnZVSTzYkdDZZiUuBgdBVsJCHRXJBK43mCNN49Gctz5NmXqHkZ6u5VoupPkqxQ2yZ33GV5gmDuk53qg2U"
	otherPriv := did.EncodeBase58btc(append([]byte{0x80, 0x26}, ed25519.NewKeyFromSeed(make([]byte, 32))...))
	huge := append([]byte(`{"@context": ["https://w3id.org/wallet/v1"], "type": "UniversalWallet2020", "contents": ["`),
		bytes.Repeat([]byte("a"), credential.MaxInputSize)...)
	huge = append(huge, `"]}`...)
	deep := `{"@context": ["https://w3id.org/wallet/v1"], "type": "UniversalWallet2020", "contents": [` +
		strings.Repeat("[", 600) + strings.Repeat("]", 600) + `]}`
	return map[string][]byte{
		"huge":                huge,
		"deep":                []byte(deep),
		"duplicate key":       replace(`"status": "UNLOCKED",`, `"status": "UNLOCKED", "status": "UNLOCKED",`),
		"contents not a list": []byte(`{"@context": ["https://w3id.org/wallet/v1"], "type": "UniversalWallet2020", "contents": {"a": 1}}`),
		"content not object":  []byte(`{"@context": ["https://w3id.org/wallet/v1"], "type": "UniversalWallet2020", "contents": ["eyJhbGciOi"]}`),
		"no wallet context":   replace(`"https://w3id.org/wallet/v1"`, `"https://example.com/other"`),
		"locked":              replace(`"status": "UNLOCKED"`, `"status": "LOCKED"`),
		"second profile bad":  append(bytes.TrimSuffix(bytes.TrimSpace(data), []byte("]")), []byte(`, {"type": "Other"}]`)...),
		"key not a key":       replace(edPriv, "zNotAKeyAtAll0OIl"),
		"key type not text": replace(`"type": "Ed25519VerificationKey2020",
        "publicKeyMultibase": "z6Mk`, `"type": 42,
        "publicKeyMultibase": "z6Mk`),
		"private not public": replace(edPriv, otherPriv),
		"short private":      replace(edPriv, did.EncodeBase58btc([]byte{0x80, 0x26, 1, 2, 3})),
		"another did:key": replace(`"controller": "did:key:z6MkuX4J7Yd2otWjLrZGNUCPpAgcMFE9CnJ15qequgXSTmVA",
        "type": "Ed25519VerificationKey2020",
        "publicKeyMultibase": "z6MkuX4J7Yd2otWjLrZGNUCPpAgcMFE9CnJ15qequgXSTmVA",
        "privateKeyMultibase"`, `"controller": "did:key:z6MknYXp9zVQJqqu5p5anXmEAgjEe8barbonPebAa9mKXtBR",
        "type": "Ed25519VerificationKey2020",
        "publicKeyMultibase": "z6MkuX4J7Yd2otWjLrZGNUCPpAgcMFE9CnJ15qequgXSTmVA",
        "privateKeyMultibase"`),
		"encrypted": []byte(`{"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"],
			"type": ["VerifiableCredential", "EncryptedWallet"], "credentialSubject": {"jwe": {}}}`),
	}
}

func TestParseWalletExportHostile(t *testing.T) {
	for name, in := range hostileExports(t) {
		t.Run(name, func(t *testing.T) {
			e, err := wallet.ParseWalletExport(in)
			var rej *credential.RejectError
			if err == nil || errors.Is(err, wallet.ErrNotWalletExport) || !errors.As(err, &rej) || e != nil {
				t.Fatalf("got %v, %v; want a rejection", e, err)
			}
			if strings.Contains(err.Error(), "rv1Mv78") {
				t.Errorf("the error shows the private key: %v", err)
			}
			t.Log(err)
		})
	}
}

// FuzzParseWalletExport: whatever the input, parsing ends, and what it
// accepts holds only whole credentials and consistent keys.
func FuzzParseWalletExport(f *testing.F) {
	f.Add(readLCWBackup(f))
	for name, in := range hostileExports(f) {
		if name != "huge" {
			f.Add(in)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := wallet.ParseWalletExport(in)
		if err != nil {
			return
		}
		for _, c := range e.Credentials {
			if !bytes.Contains(in, c) {
				t.Fatal("a credential that is not in the input")
			}
		}
		for _, k := range e.Keys {
			if k.Takeable() != (k.DID != "") || k.Takeable() && k.Skip != "" {
				t.Fatalf("inconsistent key %+v", k)
			}
		}
	})
}

func fmtSprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// An export met inside a folder is imported like any credential file: one
// Result per credential, progress counting them, and TakeKeys asked once.
func TestImportPathsFindsWalletExport(t *testing.T) {
	for _, take := range []bool{false, true} {
		t.Run(fmt.Sprintf("take=%v", take), func(t *testing.T) {
			store, secrets := wallettest.NewStore(), wallettest.NewSecrets()
			w := keyWallet(t, store, secrets)
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "old phone"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "old phone", "Wallet Backup.json"), readLCWBackup(t), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "z-badge.json"), example(t, "ob3/validator/simple.json"), 0o600); err != nil {
				t.Fatal(err)
			}
			var asked []*wallet.WalletExport
			var progress []string
			results := w.ImportPaths([]string{dir}, wallet.ImportOptions{
				TakeKeys: func(e *wallet.WalletExport) bool { asked = append(asked, e); return take },
				Progress: wallet.ProgressFunc(func(done, total int, r wallet.Result) {
					progress = append(progress, fmt.Sprintf("%d/%d", done, total))
				}),
			})
			if len(asked) != 1 || asked[0].Source != filepath.Join(dir, "old phone", "Wallet Backup.json") || len(asked[0].Credentials) != 2 {
				t.Fatalf("asked %v", asked)
			}
			if len(results) != 3 {
				t.Fatalf("%d results: %+v", len(results), results)
			}
			for _, r := range results[:2] {
				if r.Status != wallet.Imported || !strings.Contains(r.Path, "Wallet Backup.json (credential ") {
					t.Errorf("%+v", r)
				}
			}
			if !slices.Equal(progress, []string{"1/3", "2/3", "3/3"}) {
				t.Errorf("progress %v", progress)
			}
			dids, err := w.HolderDIDs()
			if err != nil || slices.Contains(dids, testLCWDID()) != take {
				t.Errorf("take=%v: HolderDIDs %v, %v", take, dids, err)
			}
		})
	}
}

// A pasted export is imported too; one that is damaged is one rejection.
func TestImportTextWalletExport(t *testing.T) {
	w := keyWallet(t, wallettest.NewStore(), wallettest.NewSecrets())
	if rs := w.ImportText("pasted text", readLCWBackup(t), nil); len(rs) != 2 || rs[0].Status != wallet.Imported {
		t.Errorf("%+v", rs)
	}
	rs := w.ImportText("pasted text", hostileExports(t)["locked"], func(*wallet.WalletExport) bool {
		t.Error("asked about a damaged export")
		return true
	})
	if len(rs) != 1 || rs[0].Status != wallet.Rejected {
		t.Errorf("%+v", rs)
	}
	empty := []byte(`{"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/wallet/v1"], "type": "UniversalWallet2020", "status": "UNLOCKED", "contents": []}`)
	if rs := w.ImportText("empty.json", empty, nil); len(rs) != 1 || rs[0].Status != wallet.Rejected || !strings.Contains(rs[0].Error, "holds no credentials") {
		t.Errorf("empty export: %+v", rs)
	}
}
