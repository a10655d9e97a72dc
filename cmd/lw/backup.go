package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/term"

	"github.com/learnerwallet/learnerwallet/wallet"
)

// minPassphrase is the shortest passphrase a backup is made with: the
// backup may sit in a synced folder for years.
const minPassphrase = 12

// backupCmd is lw backup [--passphrase-file F] [--recipient AGE]... [--no-passphrase] -o FILE.
func (c *cli) backupCmd(args []string) int {
	fs := c.flags("backup")
	var out, passFile string
	var noPass bool
	var recipients multiFlag
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&passFile, "passphrase-file", "", "")
	fs.BoolVar(&noPass, "no-passphrase", false, "")
	fs.Var(&recipients, "recipient", "")
	if err := fs.Parse(args); err != nil {
		return c.usageError(err.Error())
	}
	if fs.NArg() != 0 || out == "" {
		return c.usageError("usage: lw backup [--passphrase-file FILE] [--recipient AGE_PUBKEY]... [--no-passphrase] -o FILE")
	}
	if noPass && passFile != "" {
		return c.usageError("--no-passphrase and --passphrase-file cannot go together")
	}
	var o wallet.BackupOptions
	o.MadeBy = "lw (Learner Wallet)"
	for _, r := range recipients {
		rec, err := age.ParseX25519Recipient(r)
		if err != nil {
			return c.usageError(fmt.Sprintf("--recipient %q is not an age public key (age1…)", r))
		}
		o.Recipients = append(o.Recipients, rec)
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	if !noPass {
		p, err := c.newPassphrase(passFile)
		if err != nil {
			return c.fail(err)
		}
		o.Passphrase = p
	}
	if isTerminal(c.stderr) {
		o.Progress = func(done, total int) { printf(c.stderr, "\rbacking up %d of %d", done, total) }
	}
	var sum wallet.BackupSummary
	err = writeNew(out, func(f io.Writer) (err error) {
		sum, err = w.Backup(f, o)
		return err
	})
	if o.Progress != nil {
		printf(c.stderr, "\n")
	}
	if err != nil {
		return c.fail(fmt.Errorf("cannot write the backup: %w", err))
	}
	if err := w.MarkBackedUp(time.Now()); err != nil {
		return c.fail(err)
	}
	var to []string
	if o.Passphrase != "" {
		to = append(to, "your passphrase")
	}
	if sum.Kits > 0 {
		to = append(to, plural(sum.Kits, "recovery kit", "recovery kits"))
	}
	if len(o.Recipients) > 0 {
		to = append(to, plural(len(o.Recipients), "age recipient", "age recipients"))
	}
	printf(c.stdout, "wrote %s: %s (%d with nested ones), %s, encrypted to %s\n", out,
		plural(sum.Items, "credential", "credentials"), sum.All, plural(sum.Keys, "signing key", "signing keys"), strings.Join(to, " and "))
	if sum.Kits == 0 {
		printf(c.stdout, "you have no recovery kit: if you forget the passphrase this backup cannot be opened; make one with: lw recovery-kit new -o FILE\n")
	}
	return exitOK
}

// restoreCmd is lw restore [--passphrase-file F | --kit FILE] BACKUP.
func (c *cli) restoreCmd(args []string) int {
	fs := c.flags("restore")
	var passFile, kitFile string
	fs.StringVar(&passFile, "passphrase-file", "", "")
	fs.StringVar(&kitFile, "kit", "", "")
	if err := fs.Parse(args); err != nil {
		return c.usageError(err.Error())
	}
	if fs.NArg() != 1 {
		return c.usageError("usage: lw restore [--passphrase-file FILE | --kit FILE] BACKUP")
	}
	var o wallet.RestoreOptions
	switch {
	case kitFile != "":
		b, err := os.ReadFile(kitFile)
		if err != nil {
			return c.fail(fmt.Errorf("cannot read the recovery kit: %w", err))
		}
		ids, err := age.ParseIdentities(strings.NewReader(string(b)))
		if err != nil {
			return c.fail(fmt.Errorf("%s is not a recovery kit (an AGE-SECRET-KEY-1… line): %w", kitFile, err))
		}
		o.Identities = ids
	case passFile != "":
		p, err := readPassphraseFile(passFile)
		if err != nil {
			return c.fail(err)
		}
		o.Passphrase = p
	default:
		p, err := c.askPassphrase("Passphrase of the backup: ")
		if err != nil {
			return c.fail(err)
		}
		o.Passphrase = p
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return c.fail(fmt.Errorf("cannot read the backup: %w", err))
	}
	b, err := wallet.OpenBackup(f, o)
	f.Close()
	if err != nil {
		return c.fail(err) // no wallet opened, none made
	}
	w, err := c.open() // a new wallet is made if there is none
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	sum, err := w.RestoreBackup(b, nil)
	if err != nil {
		return c.fail(err)
	}
	printf(c.stdout, "restored %s from %s", plural(sum.Added, "credential", "credentials"), filepath.Base(fs.Arg(0)))
	if !sum.Header.Created.IsZero() {
		printf(c.stdout, " (made %s)", sum.Header.Created.Format("2006-01-02 15:04 MST"))
	}
	printf(c.stdout, "; %d already here, skipped; %s put in this computer's keyring\n", sum.Duplicates, plural(sum.Keys, "signing key", "signing keys"))
	return exitOK
}

// recoveryKitCmd is lw recovery-kit new -o FILE.
func (c *cli) recoveryKitCmd(args []string) int {
	if len(args) == 0 || args[0] != "new" {
		return c.usageError("usage: lw recovery-kit new -o FILE")
	}
	fs := c.flags("recovery-kit new")
	var out string
	fs.StringVar(&out, "o", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return c.usageError(err.Error())
	}
	if fs.NArg() != 0 || out == "" {
		return c.usageError("usage: lw recovery-kit new -o FILE")
	}
	if _, err := os.Lstat(out); err == nil {
		return c.fail(fmt.Errorf("cannot write the recovery kit: %w", existsError(out)))
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	// The secret is on disk before any backup is encrypted to it.
	secret, recipient, err := wallet.GenerateRecoveryKit()
	if err != nil {
		return c.fail(err)
	}
	err = writeNew(out, func(f io.Writer) error {
		_, err := fmt.Fprintf(f, "# Learner Wallet recovery kit: it opens every backup made from now on.\n# Keep it offline (printed, or on a drive in a drawer); anyone with it can read your backups.\n# public key: %s\n%s\n", recipient, secret)
		return err
	})
	if err != nil {
		return c.fail(fmt.Errorf("cannot write the recovery kit: %w", err))
	}
	if err := w.AddRecoveryKit(recipient); err != nil {
		os.Remove(out) // a kit no backup is encrypted to would mislead
		return c.fail(err)
	}
	printf(c.stdout, "wrote the recovery kit to %s (only you can read it); backups from now on are encrypted to it too (%s)\n", out, recipient)
	return exitOK
}

// newPassphrase reads a new passphrase from a file, or asks for it twice.
func (c *cli) newPassphrase(file string) (string, error) {
	if file != "" {
		p, err := readPassphraseFile(file)
		if err != nil {
			return "", err
		}
		return p, checkPassphrase(p)
	}
	p, err := c.askPassphrase("New passphrase for the backup: ")
	if err != nil {
		return "", err
	}
	if err := checkPassphrase(p); err != nil {
		return "", err
	}
	again, err := c.askPassphrase("The same passphrase again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", errors.New("the two passphrases differ; nothing was written")
	}
	return p, nil
}

func checkPassphrase(p string) error {
	if n := len([]rune(p)); n < minPassphrase {
		return fmt.Errorf("the passphrase is %d characters; use at least %d (four or five unrelated words are easy to remember and hard to guess)", n, minPassphrase)
	}
	return nil
}

func readPassphraseFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("cannot read the passphrase file: %w", err)
	}
	p := strings.TrimRight(string(b), "\r\n")
	if p == "" {
		return "", fmt.Errorf("the passphrase file %s is empty", name)
	}
	return p, nil
}

// askPassphrase asks on the terminal, without echo.
func (c *cli) askPassphrase(prompt string) (string, error) {
	in, ok := c.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", errors.New("no terminal to ask for the passphrase on: give --passphrase-file FILE (or --kit FILE to restore)")
	}
	printf(c.stderr, "%s", prompt)
	b, err := term.ReadPassword(int(in.Fd()))
	printf(c.stderr, "\n")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// multiFlag is a flag that may be given more than once.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

var _ flag.Value = (*multiFlag)(nil)
