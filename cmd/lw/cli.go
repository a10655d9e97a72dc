package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `Usage: lw [--wallet DIR] [--allow-private-network] COMMAND [ARGS]

Commands:
  import [--json] [--take-keys] PATH...
                             import credential files, or folders recursively;
                             another wallet's export (Learner Credential Wallet
                             backup) is recognised, and its credentials taken.
                             --take-keys also takes its signing keys: their
                             DIDs become yours, so credentials issued to them
                             count as yours and presentations can prove you
                             hold them; anyone with the export file could do
                             the same, so keep or delete it with care
  receive [--pin CODE] [--yes] OFFER
                             receive credentials an issuer offers (OpenID4VCI:
                             an openid-credential-offer:// link, or a picture
                             of its QR code), issued to your key and imported,
                             in ldp_vc or jwt_vc_json; or a credential file at
                             an https address;
                             says who offers what and asks first on a
                             terminal; --pin gives the code the issuer sent
                             you; an offer without one opens the issuer's
                             sign-in page in your browser
  respond [--choose ID]... [--yes] REQUEST
                             answer a verifier's request for credentials
                             (OpenID4VP: an openid4vp:// link, or a picture of
                             its QR code): says who asks and what for, which
                             credentials answer it and what each discloses,
                             then sends those you choose, signed for that
                             verifier (lw respond -h says more)
  connect URL                connect to a provider of the Open Badges API 3.0
                             or CLR API 2.0: signs in there in your browser
  sync [NAME]                bring your credentials from connected providers,
                             verified and stored (lw connect -h says more)
  connections [--json]       the connections, and when each was last synced
  disconnect NAME            end a connection; the provider revokes its access
  list [--search TEXT] [--tag T]... [--kind ob2|ob3|clr] [--verdict V]
          [--issuer NAME] [--expired] [--archived]
          [--sort issued|name|issuer|expires] [--json]
                             list the credentials in the wallet, or those
                             found: TEXT's words in name, description, issuer,
                             skills, results, courses, tags or note (case and
                             accents aside); V is valid, notes,
                             issuer-not-confirmed, could-not-check, not-valid
                             or unchecked; archived ones only with --archived
  tag (--add|--remove) TAG ID...
                             tag credentials (the tag is made if new)
  tag --rename OLD NEW       rename a tag everywhere
  tags [--json]              the tags, with how many credentials each
  note ID TEXT               keep a private note on a credential ("" removes
                             it); notes and tags are never presented
  archive [--undo] ID...     move credentials out of the way (kept, verified
                             and backed up as ever)
  pin [--undo] ID...         keep credentials at the top of the list
  show [--json] ID           show one credential
  export ID [-o FILE]        write a credential's original bytes
  export --baked png|svg ID [-o FILE]
                             write the credential baked into its own image
                             (exactly as received; the image is not converted)
  export --all DIR           write every credential, each as the file it was
                             received as, into DIR (new or empty), with
                             index.json and INDEX.txt listing them; import DIR
                             into any wallet to have them again
  delete ID...               move credentials to the trash (a record with all
                             it holds); deleted for good after 30 days
  trash [list [--json] | restore ID... | empty]
                             what is in the trash; take it out; delete it all
                             for good now
  compact                    rewrite the wallet file without what was deleted
  verify [--json] [--offline] (ID | FILE)
                             check a credential: signature, issuer, dates,
                             revocation... (exit 0 valid or valid with notes;
                             1 issuer not confirmed, not valid, or could not
                             check; 2 no such id or file)
  verify --all [--offline]   check every credential in the wallet again
  check-presentation [--json] [--offline] [--challenge C] [--domain D]
          [--expect-identity EMAIL|NAME] [-o SAVE] (FILE | LINK)
                             check a presentation someone gave you: who
                             presented it, for what, and every credential in it,
                             each bound to the presenter (or naming the identity
                             you expect); FILE may be a QR code's picture or
                             text (lw's or VPQR, VP1-… also as the argument),
                             LINK a one-time share link, fetched and saved to SAVE
                             (exit 0 all valid, 1 not, 2 unreadable or unfetched)
  identity [list]            the e-mail addresses, names and DIDs that are yours
  identity add (email|name|did) VALUE
  identity remove VALUE
  shares [--json]            the sharing log: what you shared, when, with whom
  shares delete (ID | all)   forget one entry, or all of them
  qr [--format lw|vpqr] [--text] [-o PNG] FILE
                             write a file as one QR code (default FILE.qr.png),
                             or print its text; vpqr: a JSON-LD presentation as
                             Digital Bazaar's VPQR (VP1-…), which other wallets
                             and verifiers read, else as lw when too large
                             (exit 3 when it does not fit: send the file, or
                             lw share it)
  share [--network NAME|IP] [--minutes N] [--again S] [--qr PNG] FILE
                             serve a file once on the local network: prints
                             a link and its QR code, and stops after the first
                             download (S seconds later, default 20, in which
                             only that device may fetch it again) or N minutes
                             (default 10)
  key [show|rotate|history] [--json]
                             your DID for signing presentations (the key stays
                             in the OS keyring); rotate replaces the key
  present [--format ldp|jwt] [--challenge C] [--domain D] [--expires DURATION]
          [--curated-clr] [--allow-unbound] -o FILE ID...
                             sign a presentation of credentials (whole or
                             nested in a record) with your key; shows the
                             personal data it hands over; only valid ones, and
                             issued to you: those issued to an e-mail address
                             or a name need --allow-unbound
  backup [--passphrase-file F] [--recipient AGE_PUBKEY]... [--no-passphrase]
          -o FILE            write everything (credentials, identities, the
                             sharing log, signing keys) to one encrypted file:
                             to a passphrase (asked twice), to your recovery
                             kits and to any age recipients
  restore [--passphrase-file F | --kit FILE] BACKUP
                             bring a backup into the wallet (made if new):
                             credentials it lacks, identities, and the signing
                             keys into this computer's keyring
  recovery-kit new -o FILE   make a recovery kit: a secret that opens every
                             later backup, for you to keep offline
  samples (add|remove)       add sample credentials to try the wallet with
                             (badges, a transcript, an expired and a revoked
                             one; not real), or delete them all for good

The wallet is the folder given by --wallet, else $LW_HOME, else your data
folder (~/.local/share/learner-wallet on Linux). IDs may be shortened to any
unique prefix.

--allow-private-network
    reach issuers (and share links) on this computer or your local network;
    https is still required for issuers. Without it, only the internet is
    reached, whatever a credential names.
`

// secrets keeps wallets' data keys: the OS keyring, or a stand-in in tests.
var secrets wallet.SecretStore = store.Keyring{}

// cli carries what every command needs.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	walletFlag     string
	allowPrivate   bool          // --allow-private-network
	lines          *bufio.Reader // stdin read by the line (ask), made when first asked
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("lw", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.walletFlag, "wallet", "", "wallet folder")
	fs.BoolVar(&c.allowPrivate, "allow-private-network", false, "reach this computer and the local network")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return c.usageError(err.Error())
	}
	if *help {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return c.usageError("no command given")
	}
	cmd, cmdArgs := rest[0], rest[1:]
	switch cmd {
	case "import":
		return c.importCmd(cmdArgs)
	case "receive":
		return c.receiveCmd(cmdArgs)
	case "respond":
		return c.respondCmd(cmdArgs)
	case "connect":
		return c.connectCmd(cmdArgs)
	case "sync":
		return c.syncCmd(cmdArgs)
	case "connections":
		return c.connectionsCmd(cmdArgs)
	case "disconnect":
		return c.disconnectCmd(cmdArgs)
	case "list", "ls":
		return c.listCmd(cmdArgs)
	case "show":
		return c.showCmd(cmdArgs)
	case "export":
		return c.exportCmd(cmdArgs)
	case "delete", "rm":
		return c.deleteCmd(cmdArgs)
	case "trash":
		return c.trashCmd(cmdArgs)
	case "tag":
		return c.tagCmd(cmdArgs)
	case "tags":
		return c.tagsCmd(cmdArgs)
	case "note":
		return c.noteCmd(cmdArgs)
	case "archive":
		return c.flagCmd("archive", cmdArgs, (*wallet.Wallet).SetArchived, "archived %s (lw list --archived shows them)", "took %s out of the archive")
	case "pin":
		return c.flagCmd("pin", cmdArgs, (*wallet.Wallet).SetPinned, "pinned %s to the top", "unpinned %s")
	case "compact":
		return c.compactCmd(cmdArgs)
	case "verify":
		return c.verifyCmd(cmdArgs)
	case "check-presentation":
		return c.checkPresentationCmd(cmdArgs)
	case "identity":
		return c.identityCmd(cmdArgs)
	case "shares":
		return c.sharesCmd(cmdArgs)
	case "share":
		return c.shareCmd(cmdArgs)
	case "qr":
		return c.qrCmd(cmdArgs)
	case "key":
		return c.keyCmd(cmdArgs)
	case "present":
		return c.presentCmd(cmdArgs)
	case "backup":
		return c.backupCmd(cmdArgs)
	case "restore":
		return c.restoreCmd(cmdArgs)
	case "recovery-kit":
		return c.recoveryKitCmd(cmdArgs)
	case "samples":
		return c.samplesCmd(cmdArgs)
	case "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	return c.usageError(fmt.Sprintf("unknown command %q", cmd))
}

// flags returns a flag set for a command; the global flags are accepted
// there too.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("lw "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.walletFlag, "wallet", c.walletFlag, "wallet folder")
	fs.BoolVar(&c.allowPrivate, "allow-private-network", c.allowPrivate, "reach this computer and the local network")
	return fs
}

// net returns the network options of a command that verifies or fetches.
func (c *cli) net(offline bool) store.NetOptions {
	return store.NetOptions{Offline: offline, AllowPrivateNetwork: c.allowPrivate}
}

// parse parses flags that may appear before or after the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseError reports a command's flag error; -h and --help are no error.
func (c *cli) parseError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	return c.usageError(err.Error())
}

// usageError prints msg, which may quote what was typed, then the usage.
func (c *cli) usageError(msg string) int {
	printf(c.stderr, "lw: %s\n\n", msg)
	fmt.Fprint(c.stderr, usage)
	return exitUsage
}

// fail prints an error, with advice when there is some, and returns
// exitFailed. Errors quote file names and credentials: printf makes them safe.
func (c *cli) fail(err error) int {
	printf(c.stderr, "lw: %s\n", err)
	if a := wallet.Advice(err); a != "" {
		printf(c.stderr, "lw: %s\n", a)
	}
	return exitFailed
}

func (c *cli) open() (*wallet.Wallet, error) {
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return nil, err
	}
	return store.OpenWalletWith(dir, secrets, c.net(false))
}

// noWalletError means a command that only reads found no wallet to read.
type noWalletError struct{ dir string }

func (e *noWalletError) Error() string {
	return fmt.Sprintf("there is no wallet in %s yet; add credentials with: lw import FILE...", e.dir)
}

// openExisting opens the wallet for a command that only reads or removes:
// unlike open, it never creates a wallet (nor a keyring entry) where none is.
func (c *cli) openExisting() (*wallet.Wallet, error) {
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return nil, err
	}
	if !store.Exists(dir) {
		return nil, &noWalletError{dir: dir}
	}
	return store.OpenWalletWith(dir, secrets, c.net(false))
}

// openExistingNet is openExisting with the given network options.
func (c *cli) openExistingNet(net store.NetOptions) (*wallet.Wallet, error) {
	dir, err := store.Dir(c.walletFlag)
	if err != nil {
		return nil, err
	}
	if !store.Exists(dir) {
		return nil, &noWalletError{dir: dir}
	}
	return store.OpenWalletWith(dir, secrets, net)
}

func (c *cli) importCmd(args []string) int {
	fs := c.flags("import")
	asJSON := fs.Bool("json", false, "")
	takeKeys := fs.Bool("take-keys", false, "")
	paths, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(paths) == 0 {
		return c.usageError("import needs at least one file or folder")
	}
	w, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	summaries := c.stdout
	if *asJSON {
		summaries = c.stderr
	}
	results := w.ImportPaths(paths, wallet.ImportOptions{TakeKeys: func(e *wallet.WalletExport) bool {
		printf(summaries, "%s: %s\n", safetext.Line(e.Source), exportSummary(e, *takeKeys))
		return *takeKeys
	}})
	if *asJSON {
		if err := printJSON(c.stdout, importJSON(results)); err != nil {
			return c.fail(err)
		}
		printRejections(c.stderr, results)
	} else {
		printImport(c.stdout, c.stderr, results)
	}
	for _, r := range results {
		if r.Status == wallet.Rejected {
			return exitFailed
		}
	}
	return exitOK
}

func (c *cli) listCmd(args []string) int {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "")
	var lq listQuery
	lq.flags(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) > 0 {
		return c.usageError("list takes no arguments (search with --search TEXT)")
	}
	q, err := lq.query()
	if err != nil {
		return c.usageError(err.Error())
	}
	w, err := c.openExisting()
	var none *noWalletError
	if errors.As(err, &none) {
		if *asJSON {
			printf(c.stdout, "[]\n")
		} else {
			printList(c.stdout, nil, false)
		}
		return exitOK
	}
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	items, err := w.BriefItems() // a list needs no reports
	if err != nil {
		return c.fail(err)
	}
	chosen := selectItems(items, q, time.Now())
	if *asJSON {
		if err := printJSON(c.stdout, listJSON(chosen)); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	printList(c.stdout, chosen, len(items) > 0)
	return exitOK
}

func (c *cli) oneID(name string, args []string, extra func(*flag.FlagSet)) (string, int) {
	fs := c.flags(name)
	if extra != nil {
		extra(fs)
	}
	rest, err := parse(fs, args)
	if err != nil {
		return "", c.parseError(err)
	}
	if len(rest) != 1 {
		return "", c.usageError(name + " needs exactly one ID (see lw list)")
	}
	return rest[0], -1
}

func (c *cli) showCmd(args []string) int {
	var asJSON bool
	id, code := c.oneID("show", args, func(fs *flag.FlagSet) { fs.BoolVar(&asJSON, "json", false, "") })
	if code >= 0 {
		return code
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	it, err := w.Item(id)
	if err != nil {
		return c.fail(err)
	}
	if asJSON {
		if err := printJSON(c.stdout, it); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	var children []wallet.Item
	for _, cid := range it.Children {
		if ci, err := w.Item(cid); err == nil {
			children = append(children, ci)
		}
	}
	printShow(c.stdout, it, children)
	return exitOK
}

func (c *cli) exportCmd(args []string) int {
	if isExportAll(args) {
		return c.exportAllCmd(args)
	}
	var out, baked string
	id, code := c.oneID("export", args, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "o", "", "")
		fs.StringVar(&baked, "baked", "", "")
	})
	if code >= 0 {
		return code
	}
	baked = strings.ToLower(baked)
	if baked != "" && baked != "png" && baked != "svg" {
		return c.usageError("--baked takes png or svg")
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	it, err := w.Item(id)
	if err != nil {
		return c.fail(err)
	}
	var (
		b    []byte
		name string              // a file name for a baked image
		what = string(it.Format) // what is written, for the message
	)
	if baked == "" {
		b, err = w.Original(it.ID)
	} else {
		b, name, err = w.Rebake(it.ID, baked)
		what = "baked " + baked
	}
	if err != nil {
		return c.fail(err)
	}
	if out == "" || out == "-" {
		if baked == "" && it.Format == credential.FormatPNG && isTerminal(c.stdout) {
			return c.fail(errors.New("this credential is a PNG image; write it to a file with -o FILE"))
		}
		if baked == "png" && isTerminal(c.stdout) {
			return c.fail(fmt.Errorf("the baked image is a PNG; write it to a file with -o FILE (such as -o %s)", name))
		}
		if _, err := c.stdout.Write(b); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	if err := writeFileNew(out, b); err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "wrote %s (%d bytes, %s)\n", out, len(b), what)
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// deleteCmd is lw delete ID...: to the trash, for 30 days.
func (c *cli) deleteCmd(args []string) int {
	fs := c.flags("delete")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) == 0 {
		return c.usageError("delete needs at least one ID (see lw list)")
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	var items []wallet.Item
	for _, id := range rest {
		it, err := w.Item(id)
		if err != nil {
			return c.fail(err)
		}
		if it.Parent != "" {
			return c.fail(wallet.ErrNested)
		}
		items = append(items, it)
	}
	if err := w.Trash(rest...); err != nil {
		return c.fail(err)
	}
	// What has been in the trash for 30 days goes for good now.
	if _, err := w.PurgeTrash(); err != nil {
		return c.fail(err)
	}
	for _, it := range items {
		printf(c.stdout, "moved to the trash: %s %s", it.ID, safetext.Line(it.Summary.Title()))
		if n := len(it.Children); n > 0 {
			printf(c.stdout, " and the %d credentials in it", n)
		}
		printf(c.stdout, "\n")
	}
	printf(c.stdout, "lw trash restore ID brings it back; it is deleted for good in %d days, or by lw trash empty\n", int(wallet.TrashKept.Hours()/24))
	return exitOK
}
