package wallet

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// A backup file is a few lines of text saying what it is, then an age file
// (filippo.io/age) holding everything in the wallet as a tar archive:
//
//	learner-wallet-backup 1
//	made-by: lw (Learner Wallet)
//	created: 2026-12-05T18:00:00Z
//	passphrase-key: <base64 of an age file, encrypted to the passphrase
//	                (scrypt), holding the X25519 identity the payload is
//	                also encrypted to>
//	<an empty line>
//	<the age file: the payload>
//
// The payload is encrypted to X25519 recipients only: the wallet's recovery
// kits, any age recipients the learner names and, when a passphrase is
// given, a fresh identity whose secret is the passphrase-key line. age
// lets a passphrase (scrypt) be a file's only recipient, so the passphrase
// unlocks the identity rather than the payload. Either the passphrase or a
// recovery kit restores the backup alone.
//
// The archive holds manifest.json, items/NNNNN.json (a top-level item with
// its nested items, as stored), originals/ID and images/ID (exact bytes),
// settings/NAME (identities, sharing log, known DIDs, network choice,
// recovery kits) and keys/holder, keys/earlier/DID (the holder keys'
// seeds).
const (
	backupMagic   = "learner-wallet-backup"
	backupVersion = 1
	// maxBackupHeader bounds the text before the payload.
	maxBackupHeader = 16 << 10
	// maxBackupPayload bounds what a restore reads into memory before it
	// writes anything.
	maxBackupPayload = 2 << 30
)

// settingRecoveryKits lists the age recipients (public halves) of the
// wallet's recovery kits, as JSON: every backup is encrypted to each.
const settingRecoveryKits = "recovery-kits"

// backedUpSettings are the settings a backup carries.
var backedUpSettings = []string{settingIdentities, settingShareLog, settingHolderDIDs, settingHolderDID,
	settingPrivateNetwork, settingRecoveryKits, settingTags}

// BackupOptions says whom a backup is encrypted to, besides the wallet's
// recovery kits.
type BackupOptions struct {
	Passphrase string          // "" for none
	Recipients []age.Recipient // more age recipients
	MadeBy     string          // what made it, for the header
	// Progress, if set, is called after each item with how many are done.
	Progress func(done, total int)
}

// BackupSummary says what a backup holds.
type BackupSummary struct {
	Items int // top-level credentials (a record counts once)
	All   int // every item, nested ones included
	Keys  int // holder keys, current and earlier
	Kits  int // recovery kits it is encrypted to
}

// ErrNoRecipient means a backup would be encrypted to nobody.
var ErrNoRecipient = errors.New("a backup needs a passphrase, a recovery kit or an age recipient to be encrypted to")

type backupManifest struct {
	Format   int       `json:"format"`
	WalletID string    `json:"walletId"`
	Created  time.Time `json:"created"`
	Items    int       `json:"items"`
	All      int       `json:"all"`
}

type backupEntry struct {
	Item     Item     `json:"item"`
	Hash     string   `json:"hash"`
	Children []Item   `json:"children,omitempty"`
	Hashes   []string `json:"childHashes,omitempty"`
}

// Backup writes everything in the wallet to out, encrypted (see the format
// above).
func (w *Wallet) Backup(out io.Writer, o BackupOptions) (BackupSummary, error) {
	var sum BackupSummary
	kits, err := w.RecoveryKits()
	if err != nil {
		return sum, err
	}
	recipients := append([]age.Recipient{}, o.Recipients...)
	for _, k := range kits {
		r, err := age.ParseX25519Recipient(k)
		if err != nil {
			return sum, fmt.Errorf("the recovery kit %s recorded in the wallet is damaged: %w", k, err)
		}
		recipients = append(recipients, r)
	}
	sum.Kits = len(kits)
	var passKey string
	if o.Passphrase != "" {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return sum, err
		}
		recipients = append(recipients, id.Recipient())
		if passKey, err = sealToPassphrase(id.String(), o.Passphrase); err != nil {
			return sum, err
		}
	}
	if len(recipients) == 0 {
		return sum, ErrNoRecipient
	}

	items, err := w.store.ListWithReports() // a backup keeps reports
	if err != nil {
		return sum, err
	}
	byID := map[string]Item{}
	var top []Item
	for _, it := range items {
		byID[it.ID] = it
		if it.Parent == "" {
			top = append(top, it)
		}
	}
	sort.Slice(top, func(i, j int) bool {
		return top[i].AddedAt.Before(top[j].AddedAt) || top[i].AddedAt.Equal(top[j].AddedAt) && top[i].ID < top[j].ID
	})

	bw := bufio.NewWriter(out)
	madeBy := o.MadeBy
	if madeBy == "" {
		madeBy = "Learner Wallet"
	}
	fmt.Fprintf(bw, "%s %d\nmade-by: %s\ncreated: %s\n", backupMagic, backupVersion, safetext.Line(madeBy), w.now().UTC().Format(time.RFC3339))
	if passKey != "" {
		fmt.Fprintf(bw, "passphrase-key: %s\n", passKey)
	}
	bw.WriteString("\n")
	enc, err := age.Encrypt(bw, recipients...)
	if err != nil {
		return sum, err
	}
	tw := tar.NewWriter(enc)
	put := func(name string, b []byte) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), Format: tar.FormatPAX, ModTime: time.Unix(0, 0)}); err != nil {
			return err
		}
		_, err := tw.Write(b)
		return err
	}
	for n, it := range top {
		e := backupEntry{Item: it}
		ids := []string{it.ID}
		for _, cid := range it.Children {
			c, ok := byID[cid]
			if !ok {
				continue
			}
			e.Children = append(e.Children, c)
			ids = append(ids, cid)
		}
		var topOriginal []byte
		for _, id := range ids {
			b, err := w.store.Original(id)
			if err != nil {
				return sum, fmt.Errorf("reading %s: %w", id, err)
			}
			if id == it.ID {
				topOriginal = b
			}
			if err := put("originals/"+id, b); err != nil {
				return sum, err
			}
			if img, err := w.store.Image(id); err != nil {
				return sum, fmt.Errorf("reading the picture of %s: %w", id, err)
			} else if img != nil {
				if err := put("images/"+id, img); err != nil {
					return sum, err
				}
			}
		}
		hashes := importHashes(topOriginal, len(e.Children))
		e.Hash, e.Hashes = hashes[0], hashes[1:]
		b, err := json.Marshal(e)
		if err != nil {
			return sum, err
		}
		if err := put(fmt.Sprintf("items/%05d.json", n), b); err != nil {
			return sum, err
		}
		sum.Items++
		sum.All += len(ids)
		if o.Progress != nil {
			o.Progress(n+1, len(top))
		}
	}
	for _, name := range backedUpSettings {
		v, err := w.store.Setting(name)
		if err != nil {
			return sum, fmt.Errorf("reading the setting %s: %w", name, err)
		}
		if v != nil {
			if err := put("settings/"+name, v); err != nil {
				return sum, err
			}
		}
	}
	keys, err := w.holderSeeds()
	if err != nil {
		return sum, err
	}
	for name, seed := range keys {
		err := put("keys/"+name, seed)
		clear(seed)
		if err != nil {
			return sum, err
		}
		sum.Keys++
	}
	m, _ := json.Marshal(backupManifest{Format: backupVersion, WalletID: w.walletID, Created: w.now().UTC(), Items: sum.Items, All: sum.All})
	if err := put("manifest.json", m); err != nil {
		return sum, err
	}
	if err := tw.Close(); err != nil {
		return sum, err
	}
	if err := enc.Close(); err != nil {
		return sum, err
	}
	return sum, bw.Flush()
}

// importHashes returns the content hashes an import gives a credential
// with these original bytes and its n nested items, worked out again: a
// restore then finds duplicates as an import does.
func importHashes(original []byte, n int) []string {
	out := make([]string, n+1)
	p, err := credential.Parse(original)
	if err != nil || len(p.Children) != n {
		// Stored once, so it parsed once: a parser since made stricter.
		// The bytes' own hash still tells a duplicate of these bytes.
		h := sha256.Sum256(original)
		for i := range out {
			out[i] = hex.EncodeToString(h[:])
		}
		return out
	}
	out[0] = hex.EncodeToString(p.Hash[:])
	for i, c := range p.Children {
		out[i+1] = hex.EncodeToString(c.Hash[:])
	}
	return out
}

// holderSeeds returns the seeds of the holder keys in the keyring: "holder"
// for the current one, "earlier/DID" for the others. Keys the keyring does
// not have are left out; an unreachable keyring is an error.
func (w *Wallet) holderSeeds() (map[string][]byte, error) {
	out := map[string][]byte{}
	if w.secrets == nil {
		return out, nil
	}
	if seed, err := w.secrets.Get(HolderKeyAccount(w.walletID)); err == nil {
		out["holder"] = seed
	} else if !errors.Is(err, ErrSecretNotFound) {
		return nil, fmt.Errorf("cannot read your signing key: %w", err)
	}
	dids, err := w.HolderDIDs()
	if err != nil {
		return nil, err
	}
	for _, d := range dids {
		seed, err := w.secrets.Get(EarlierHolderKeyAccount(w.walletID, d))
		switch {
		case err == nil:
			out["earlier/"+strings.TrimPrefix(d, "did:key:")] = seed
		case errors.Is(err, ErrSecretNotFound):
		default:
			return nil, fmt.Errorf("cannot read the key of %s: %w", d, err)
		}
	}
	return out, nil
}

func sealToPassphrase(secret, passphrase string) (string, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc, err := age.Encrypt(&buf, r)
	if err != nil {
		return "", err
	}
	io.WriteString(enc, secret)
	if err := enc.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// BackupHeader is what a backup file says about itself before decryption.
type BackupHeader struct {
	Version       int
	MadeBy        string
	Created       time.Time
	HasPassphrase bool
	passKey       []byte
}

// BackupError says why a file is not a backup that can be restored. The
// wallet is left untouched.
type BackupError struct {
	Problem string
	Err     error
}

// Error is the problem in the learner's words; the technical cause stays
// behind Unwrap.
func (e *BackupError) Error() string { return e.Problem }

func (e *BackupError) Unwrap() error { return e.Err }

// ErrWrongSecret means neither the passphrase nor the recovery kit given
// opens the backup.
var ErrWrongSecret = errors.New("this passphrase or recovery kit does not open the backup")

// ReadBackupHeader reads the text at the start of a backup; r is left at
// the payload.
func ReadBackupHeader(r *bufio.Reader) (BackupHeader, error) {
	var h BackupHeader
	read := 0
	for line := 0; ; line++ {
		s, err := r.ReadString('\n')
		read += len(s)
		if err != nil || read > maxBackupHeader {
			return h, &BackupError{Problem: "this is not a Learner Wallet backup, or it is cut short"}
		}
		s = strings.TrimSuffix(s, "\n")
		if line == 0 {
			var v int
			if _, err := fmt.Sscanf(s, backupMagic+" %d", &v); err != nil || !strings.HasPrefix(s, backupMagic+" ") {
				return h, &BackupError{Problem: "this is not a Learner Wallet backup"}
			}
			if v != backupVersion {
				return h, &BackupError{Problem: fmt.Sprintf("this backup is in format %d, which this version of Learner Wallet does not read (it reads %d): update the app", v, backupVersion)}
			}
			h.Version = v
			continue
		}
		if s == "" {
			return h, nil
		}
		k, v, _ := strings.Cut(s, ": ")
		switch k {
		case "made-by":
			h.MadeBy = v
		case "created":
			h.Created, _ = time.Parse(time.RFC3339, v)
		case "passphrase-key":
			b, err := base64.StdEncoding.DecodeString(v)
			if err != nil {
				return h, &BackupError{Problem: "the backup's passphrase key is damaged", Err: err}
			}
			h.passKey, h.HasPassphrase = b, true
		}
	}
}

// RestoreOptions says how to open a backup: with its passphrase or with a
// recovery kit's secret (an age identity), or both.
type RestoreOptions struct {
	Passphrase string
	Identities []age.Identity
	Progress   func(done, total int)
}

// RestoreSummary says what a restore did.
type RestoreSummary struct {
	Added      int // top-level credentials added
	Duplicates int // already in the wallet, skipped
	Keys       int // holder keys put in the keyring
	Header     BackupHeader
}

type backupContents struct {
	manifest backupManifest
	entries  []backupEntry
	files    map[string][]byte
}

// OpenedBackup is a backup read, decrypted and checked, ready to restore.
type OpenedBackup struct {
	Header   BackupHeader
	contents *backupContents
}

// Items is how many credentials the backup holds (a record counts once).
func (b *OpenedBackup) Items() int { return len(b.contents.entries) }

// OpenBackup reads a backup with its passphrase or a recovery kit's secret
// (an age identity): all of it is read, decrypted and checked, so a wrong
// secret, or a cut, damaged or altered file, is an error before any wallet
// is touched.
func OpenBackup(in io.Reader, o RestoreOptions) (*OpenedBackup, error) {
	br := bufio.NewReader(in)
	h, err := ReadBackupHeader(br)
	if err != nil {
		return nil, err
	}
	ids := append([]age.Identity{}, o.Identities...)
	if o.Passphrase != "" {
		if !h.HasPassphrase {
			return nil, &BackupError{Problem: "this backup was made without a passphrase: open it with a recovery kit"}
		}
		id, err := openPassphraseKey(h.passKey, o.Passphrase)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, &BackupError{Problem: "give the backup's passphrase or a recovery kit to open it"}
	}
	c, err := readBackup(br, ids)
	if err != nil {
		return nil, err
	}
	return &OpenedBackup{Header: h, contents: c}, nil
}

// Restore reads a backup into this wallet (OpenBackup, then RestoreBackup).
func (w *Wallet) Restore(in io.Reader, o RestoreOptions) (RestoreSummary, error) {
	b, err := OpenBackup(in, o)
	if err != nil {
		return RestoreSummary{}, err
	}
	return w.RestoreBackup(b, o.Progress)
}

// RestoreBackup brings an opened backup into this wallet: credentials it
// does not have are added (those it has are skipped and counted),
// identities, the sharing log and known DIDs are merged, and the holder
// keys go into this computer's keyring (the backup's current key becomes
// this wallet's when it has none yet, else an earlier one, so its DID stays
// known).
func (w *Wallet) RestoreBackup(b *OpenedBackup, progress func(done, total int)) (RestoreSummary, error) {
	return w.apply(b.contents, RestoreOptions{Progress: progress}, RestoreSummary{Header: b.Header})
}

func openPassphraseKey(sealed []byte, passphrase string) (age.Identity, error) {
	si, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	si.SetMaxWorkFactor(22)
	r, err := age.Decrypt(bytes.NewReader(sealed), si)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrWrongSecret
		}
		return nil, &BackupError{Problem: "the backup's passphrase key is damaged", Err: err}
	}
	secret, err := io.ReadAll(io.LimitReader(r, 1024))
	if err != nil {
		return nil, &BackupError{Problem: "the backup's passphrase key is damaged", Err: err}
	}
	id, err := age.ParseX25519Identity(string(secret))
	if err != nil {
		return nil, &BackupError{Problem: "the backup's passphrase key is damaged", Err: err}
	}
	return id, nil
}

func readBackup(r io.Reader, ids []age.Identity) (*backupContents, error) {
	dec, err := age.Decrypt(r, ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, ErrWrongSecret
		}
		return nil, &BackupError{Problem: "the backup is damaged or cut short", Err: err}
	}
	// All of it is read, and so authenticated, before anything is used.
	payload, err := io.ReadAll(io.LimitReader(dec, maxBackupPayload+1))
	if err != nil {
		return nil, &BackupError{Problem: "the backup is damaged, cut short or was changed, and nothing was restored from it; use another copy of it, or an older backup", Err: err}
	}
	if len(payload) > maxBackupPayload {
		return nil, &BackupError{Problem: "the backup is larger than any wallet this app writes"}
	}
	c := &backupContents{files: map[string][]byte{}}
	tr := tar.NewReader(bytes.NewReader(payload))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &BackupError{Problem: "the backup's contents are damaged", Err: err}
		}
		name := path.Clean(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "..") {
			return nil, &BackupError{Problem: "the backup holds an entry it should not: " + safetext.Line(hdr.Name)}
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, &BackupError{Problem: "the backup's contents are damaged", Err: err}
		}
		c.files[name] = b
	}
	m, ok := c.files["manifest.json"]
	if !ok || json.Unmarshal(m, &c.manifest) != nil || c.manifest.Format != backupVersion {
		return nil, &BackupError{Problem: "the backup's contents are incomplete (no manifest)"}
	}
	var names []string
	for name := range c.files {
		if strings.HasPrefix(name, "items/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		var e backupEntry
		if err := json.Unmarshal(c.files[name], &e); err != nil {
			return nil, &BackupError{Problem: "an item in the backup is damaged", Err: err}
		}
		for _, it := range append([]Item{e.Item}, e.Children...) {
			if _, ok := c.files["originals/"+it.ID]; !ok || it.ID == "" {
				return nil, &BackupError{Problem: "the backup's contents are incomplete (an original is missing)"}
			}
		}
		if len(e.Hashes) != len(e.Children) {
			return nil, &BackupError{Problem: "an item in the backup is damaged"}
		}
		c.entries = append(c.entries, e)
	}
	if len(c.entries) != c.manifest.Items {
		return nil, &BackupError{Problem: fmt.Sprintf("the backup's contents are incomplete: %d of %d credentials", len(c.entries), c.manifest.Items)}
	}
	// The settings a restore merges are checked now, before anything is
	// written.
	for name, v := range map[string]any{settingIdentities: new(verify.Identities), settingShareLog: new([]json.RawMessage),
		settingRecoveryKits: new([]string), settingHolderDIDs: new([]string), settingHolderDID: new(string), settingTags: new([]string)} {
		if b, ok := c.files["settings/"+name]; ok {
			if err := json.Unmarshal(b, v); err != nil {
				return nil, &BackupError{Problem: "the backup's " + name + " setting is damaged", Err: err}
			}
		}
	}
	for name, seed := range c.files {
		if strings.HasPrefix(name, "keys/") {
			if _, err := holder.Parse(seed); err != nil {
				return nil, &BackupError{Problem: "a signing key in the backup is damaged", Err: err}
			}
		}
	}
	return c, nil
}

func (w *Wallet) apply(c *backupContents, o RestoreOptions, sum RestoreSummary) (RestoreSummary, error) {
	// Keys first: a credential issued to a DID is the learner's only when
	// the wallet knows the DID.
	if err := w.restoreKeys(c, &sum); err != nil {
		return sum, err
	}
	if err := w.mergeSettings(c); err != nil {
		return sum, err
	}
	for n, e := range c.entries {
		rec := func(it Item, hash string) (Record, error) {
			var h [32]byte
			b, err := hex.DecodeString(hash)
			if err != nil || len(b) != 32 {
				return Record{}, &BackupError{Problem: "an item in the backup is damaged"}
			}
			copy(h[:], b)
			return Record{Item: it, Original: c.files["originals/"+it.ID], Image: c.files["images/"+it.ID], Hash: h}, nil
		}
		top, err := rec(e.Item, e.Hash)
		if err != nil {
			return sum, err
		}
		top.Dedup = true
		var kids []Record
		for i, ch := range e.Children {
			r, err := rec(ch, e.Hashes[i])
			if err != nil {
				return sum, err
			}
			kids = append(kids, r)
		}
		err = w.store.Add(top, kids)
		var dup *DuplicateError
		switch {
		case errors.As(err, &dup):
			sum.Duplicates++
		case err != nil:
			return sum, fmt.Errorf("restoring %s: %w", e.Item.ID, err)
		default:
			sum.Added++
		}
		if o.Progress != nil {
			o.Progress(n+1, len(c.entries))
		}
	}
	if sum.Added > 0 {
		// Made by another version, perhaps: summarized again on next open.
		if err := w.summariesMayBeOld(); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func (w *Wallet) restoreKeys(c *backupContents, sum *RestoreSummary) error {
	var seeds [][]byte
	if s, ok := c.files["keys/holder"]; ok {
		seeds = append(seeds, s)
	}
	var names []string
	for name := range c.files {
		if strings.HasPrefix(name, "keys/earlier/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		seeds = append(seeds, c.files[n])
	}
	if err := w.knowDIDs(c); err != nil {
		return err
	}
	if len(seeds) == 0 {
		return nil
	}
	if w.secrets == nil {
		return ErrNoSecrets
	}
	_, err := w.secrets.Get(HolderKeyAccount(w.walletID))
	hasKey := err == nil
	if err != nil && !errors.Is(err, ErrSecretNotFound) {
		return fmt.Errorf("cannot reach the keyring to restore your signing keys: %w", err)
	}
	w.keyMu.Lock()
	current, err := w.currentHolderDID()
	w.keyMu.Unlock()
	if err != nil {
		return err
	}
	for i, seed := range seeds {
		k, err := holder.Parse(seed)
		if err != nil {
			return &BackupError{Problem: "a signing key in the backup is damaged", Err: err}
		}
		did := k.DID()
		switch {
		case did == current:
			continue
		case i == 0 && !hasKey:
			if err := w.secrets.Set(HolderKeyAccount(w.walletID), seed); err != nil {
				return fmt.Errorf("cannot store your signing key: %w", err)
			}
			w.keyMu.Lock()
			w.holderDID = did
			err = w.recordHolderDID(did, "")
			w.keyMu.Unlock()
			if err != nil {
				return err
			}
			current = did
		default:
			if err := w.secrets.Set(EarlierHolderKeyAccount(w.walletID, did), seed); err != nil {
				return fmt.Errorf("cannot store an earlier signing key: %w", err)
			}
			if err := w.addEarlierHolderDID(did); err != nil {
				return err
			}
		}
		sum.Keys++
	}
	return nil
}

// knowDIDs makes the backup's DIDs known to the wallet as earlier ones
// (all but the wallet's current), with or without their keys: credentials
// issued to them stay the learner's.
func (w *Wallet) knowDIDs(c *backupContents) error {
	var dids []string
	if b, ok := c.files["settings/"+settingHolderDIDs]; ok {
		if err := json.Unmarshal(b, &dids); err != nil {
			return &BackupError{Problem: "the backup's list of your DIDs is damaged", Err: err}
		}
	}
	var theirs string
	if b, ok := c.files["settings/"+settingHolderDID]; ok {
		if err := json.Unmarshal(b, &theirs); err != nil {
			return &BackupError{Problem: "the backup's record of your DID is damaged", Err: err}
		}
		dids = append(dids, theirs)
	}
	w.keyMu.Lock()
	current, err := w.currentHolderDID()
	w.keyMu.Unlock()
	if err != nil {
		return err
	}
	// The backup's current key becomes this wallet's when it has none
	// (restoreKeys); its DID is then the current one, not an earlier one.
	_, hasKey := c.files["keys/holder"]
	adopt := hasKey && current == ""
	for _, d := range dids {
		if d == "" || d == current || adopt && d == theirs {
			continue
		}
		if err := w.addEarlierHolderDID(d); err != nil {
			return err
		}
	}
	return nil
}

// mergeSettings merges the backup's identities, sharing log and recovery
// kits into the wallet's (JSON arrays: entries it lacks are added). The
// network choice is kept as this wallet has it.
func (w *Wallet) mergeSettings(c *backupContents) error {
	if b, ok := c.files["settings/"+settingIdentities]; ok {
		var theirs verify.Identities
		if err := json.Unmarshal(b, &theirs); err != nil {
			return &BackupError{Problem: "the backup's list of your identities is damaged", Err: err}
		}
		err := updateJSON(w.store, settingIdentities, "the list of your identities", func(ids *verify.Identities) (bool, error) {
			changed := false
			for _, l := range []struct{ ours, theirs *[]string }{{&ids.Emails, &theirs.Emails}, {&ids.Names, &theirs.Names}, {&ids.DIDs, &theirs.DIDs}} {
				for _, v := range *l.theirs {
					if !slices.Contains(*l.ours, v) {
						*l.ours = append(*l.ours, v)
						changed = true
					}
				}
			}
			return changed, nil
		})
		if err != nil {
			return err
		}
	}
	for _, name := range []string{settingShareLog, settingRecoveryKits, settingTags} {
		b, ok := c.files["settings/"+name]
		if !ok {
			continue
		}
		var theirs []json.RawMessage
		if err := json.Unmarshal(b, &theirs); err != nil {
			return &BackupError{Problem: "the backup's " + name + " is damaged", Err: err} // checked in readBackup
		}
		err := updateJSON(w.store, name, name, func(ours *[]json.RawMessage) (bool, error) {
			seen := map[string]bool{}
			for _, e := range *ours {
				seen[string(compactJSON(e))] = true
			}
			changed := false
			for _, e := range theirs {
				if k := string(compactJSON(e)); !seen[k] {
					seen[k] = true
					*ours = append(*ours, e)
					changed = true
				}
			}
			return changed, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func compactJSON(b []byte) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

// RecoveryKits lists the age recipients of the wallet's recovery kits.
func (w *Wallet) RecoveryKits() ([]string, error) {
	b, err := w.store.Setting(settingRecoveryKits)
	if err != nil || b == nil {
		return nil, err
	}
	var kits []string
	if err := json.Unmarshal(b, &kits); err != nil {
		return nil, fmt.Errorf("the list of recovery kits is damaged: %w", err)
	}
	return kits, nil
}

// NewRecoveryKit makes a recovery kit: an age identity whose public half
// the wallet keeps, so that every later backup is encrypted to it too. The
// secret is returned once and kept nowhere: it is for the learner to print
// or save where they choose.
func (w *Wallet) NewRecoveryKit() (secret string, recipient string, err error) {
	secret, recipient, err = GenerateRecoveryKit()
	if err != nil {
		return "", "", err
	}
	if err := w.AddRecoveryKit(recipient); err != nil {
		return "", "", err
	}
	return secret, recipient, nil
}

// GenerateRecoveryKit makes a recovery kit without giving it to a wallet:
// for a caller that must keep the secret safe (in a file, say) before
// AddRecoveryKit makes backups depend on it.
func GenerateRecoveryKit() (secret string, recipient string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", err
	}
	return id.String(), id.Recipient().String(), nil
}

// AddRecoveryKit makes every later backup encrypted to recipient too.
func (w *Wallet) AddRecoveryKit(recipient string) error {
	if _, err := age.ParseX25519Recipient(recipient); err != nil {
		return fmt.Errorf("not a recovery kit's public key: %w", err)
	}
	return updateJSON(w.store, settingRecoveryKits, "the list of recovery kits", func(kits *[]string) (bool, error) {
		if slices.Contains(*kits, recipient) {
			return false, nil
		}
		*kits = append(*kits, recipient)
		return true, nil
	})
}
