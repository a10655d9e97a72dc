package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// multiString is a flag that may be given several times.
type multiString []string

func (m *multiString) String() string     { return strings.Join(*m, ",") }
func (m *multiString) Set(v string) error { *m = append(*m, v); return nil }

// listQuery reads lw list's flags into a query.
type listQuery struct {
	search, kind, verdict, issuer, sort string
	tags                                multiString
	expired, archived                   bool
}

func (l *listQuery) flags(fs *flag.FlagSet) {
	fs.StringVar(&l.search, "search", "", "")
	fs.Var(&l.tags, "tag", "")
	fs.StringVar(&l.kind, "kind", "", "")
	fs.StringVar(&l.verdict, "verdict", "", "")
	fs.StringVar(&l.issuer, "issuer", "", "")
	fs.StringVar(&l.sort, "sort", "", "")
	fs.BoolVar(&l.expired, "expired", false, "")
	fs.BoolVar(&l.archived, "archived", false, "")
}

// verdictNames are the words lw list --verdict takes.
var verdictNames = map[string]verify.Verdict{
	"valid": verify.Valid, "notes": verify.ValidWithNotes, "issuer-not-confirmed": verify.IssuerNotConfirmed,
	"could-not-check": verify.CouldNotCheck, "not-valid": verify.NotValid, "unchecked": "",
}

func (l *listQuery) query() (wallet.Query, error) {
	q := wallet.Query{Search: l.search, Tags: l.tags, Issuer: l.issuer, Expired: l.expired, Archived: l.archived}
	if l.kind != "" {
		k := credential.Kind(strings.ToLower(l.kind))
		if !slices.Contains([]credential.Kind{credential.KindOB2, credential.KindOB3, credential.KindCLR}, k) {
			return q, fmt.Errorf("--kind %q: use ob2, ob3 or clr", l.kind)
		}
		q.Kinds = []credential.Kind{k}
	}
	if l.verdict != "" {
		v, ok := verdictNames[strings.ToLower(l.verdict)]
		if !ok {
			return q, fmt.Errorf("--verdict %q: use valid, notes, issuer-not-confirmed, could-not-check, not-valid or unchecked", l.verdict)
		}
		q.Verdicts = []verify.Verdict{v}
	}
	if l.sort != "" {
		s := wallet.SortBy(strings.ToLower(l.sort))
		if !slices.Contains(wallet.SortOrders, s) {
			return q, fmt.Errorf("--sort %q: use issued, name, issuer or expires", l.sort)
		}
		q.Sort = s
	}
	return q, nil
}

// selectItems runs q over items (as Items returns them), giving the
// chosen records each followed by its nested credentials.
func selectItems(items []wallet.Item, q wallet.Query, now time.Time) []wallet.Item {
	lib := wallet.NewLibrary(items)
	out := make([]wallet.Item, 0, len(items))
	for _, it := range lib.SelectRefs(q, now) {
		out = append(out, *it)
		out = append(out, lib.Children(it.ID)...)
	}
	return out
}

// tagCmd is lw tag (--add|--remove) TAG ID... and lw tag --rename OLD NEW.
func (c *cli) tagCmd(args []string) int {
	fs := c.flags("tag")
	var add, remove, rename string
	fs.StringVar(&add, "add", "", "")
	fs.StringVar(&remove, "remove", "", "")
	fs.StringVar(&rename, "rename", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	const use = "usage: lw tag (--add|--remove) TAG ID...  or  lw tag --rename OLD NEW"
	switch {
	case len(set) != 1:
		return c.usageError(use)
	case set["rename"] && len(rest) != 1:
		return c.usageError("usage: lw tag --rename OLD NEW")
	case !set["rename"] && len(rest) == 0:
		return c.usageError(use)
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	switch {
	case set["rename"]:
		if err := w.RenameTag(rename, rest[0]); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "renamed the tag %q to %q\n", safetext.Line(rename), safetext.Line(rest[0]))
	case set["add"]:
		if err := w.Tag(add, false, rest...); err != nil {
			return c.fail(err)
		}
		name, _ := wallet.CleanTag(add)
		printf(c.stdout, "tagged %s %q\n", plural(len(rest), "credential", "credentials"), name)
	default:
		if err := w.Tag(remove, true, rest...); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "took the tag %q off %s\n", safetext.Line(remove), plural(len(rest), "credential", "credentials"))
	}
	return exitOK
}

// tagsCmd is lw tags [--json]: the tags, with how many credentials each.
func (c *cli) tagsCmd(args []string) int {
	fs := c.flags("tags")
	asJSON := fs.Bool("json", false, "")
	if rest, err := parse(fs, args); err != nil {
		return c.parseError(err)
	} else if len(rest) > 0 {
		return c.usageError("tags takes no arguments")
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	tags, err := w.Tags()
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if tags == nil {
			tags = []wallet.TagCount{}
		}
		if err := printJSON(c.stdout, tags); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	if len(tags) == 0 {
		printf(c.stdout, "No tags yet. Tag credentials with: lw tag --add TAG ID...\n")
		return exitOK
	}
	tw := newTable(c.stdout)
	for _, t := range tags {
		printf(tw, "%s\t%s\n", safetext.Line(t.Name), plural(t.Count, "credential", "credentials"))
	}
	tw.Flush()
	return exitOK
}

// noteCmd is lw note ID TEXT: a private note ("" removes it).
func (c *cli) noteCmd(args []string) int {
	fs := c.flags("note")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) < 2 {
		return c.usageError(`usage: lw note ID TEXT  (lw note ID "" removes the note)`)
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	text := strings.Join(rest[1:], " ")
	if err := w.SetNote(rest[0], text); err != nil {
		return c.fail(err)
	}
	if strings.TrimSpace(text) == "" {
		printf(c.stdout, "removed the note\n")
	} else {
		printf(c.stdout, "kept the note (only in this wallet and its backups; never presented)\n")
	}
	return exitOK
}

// flagCmd is lw archive [--undo] ID... and lw pin [--undo] ID...
func (c *cli) flagCmd(name string, args []string, set func(w *wallet.Wallet, on bool, ids ...string) error, done, undone string) int {
	fs := c.flags(name)
	undo := fs.Bool("undo", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) == 0 {
		return c.usageError("usage: lw " + name + " [--undo] ID...")
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	if err := set(w, !*undo, rest...); err != nil {
		return c.fail(err)
	}
	what := done
	if *undo {
		what = undone
	}
	printf(c.stdout, what+"\n", plural(len(rest), "credential", "credentials"))
	return exitOK
}

// trashCmd is lw trash [list [--json] | restore ID... | empty].
func (c *cli) trashCmd(args []string) int {
	sub := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := c.flags("trash " + sub)
	asJSON := fs.Bool("json", false, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	switch {
	case sub == "restore" && len(rest) == 0:
		return c.usageError("usage: lw trash restore ID...")
	case sub != "restore" && len(rest) > 0, sub != "list" && sub != "restore" && sub != "empty":
		return c.usageError("usage: lw trash [list | restore ID... | empty]")
	}
	w, err := c.openExisting()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	// What has been in the trash for 30 days goes for good first.
	if _, err := w.PurgeTrash(); err != nil {
		return c.fail(err)
	}
	switch sub {
	case "restore":
		for _, id := range rest {
			it, err := w.Item(id)
			if err != nil {
				return c.fail(err)
			}
			if !it.InTrash() {
				return c.fail(fmt.Errorf("%s %s is not in the trash", it.ID, safetext.Line(it.Summary.Title())))
			}
		}
		if err := w.Untrash(rest...); err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "took %s out of the trash\n", plural(len(rest), "credential", "credentials"))
	case "empty":
		n, err := w.EmptyTrash(0)
		if err != nil {
			return c.fail(err)
		}
		printf(c.stdout, "deleted %s for good\n", plural(n, "credential", "credentials"))
	default:
		items, err := w.Trashed()
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if err := printJSON(c.stdout, listJSON(items)); err != nil {
				return c.fail(err)
			}
			return exitOK
		}
		if len(items) == 0 {
			printf(c.stdout, "The trash is empty.\n")
			return exitOK
		}
		tw := newTable(c.stdout)
		printf(tw, "ID\tTRASHED\tDELETED FOR GOOD\tNAME\tISSUER\n")
		for _, it := range items {
			printf(tw, "%s\t%s\t%s\t%s\t%s\n", it.ID, day(it.Trashed), day(it.Trashed.Add(wallet.TrashKept)),
				safetext.Clip(safetext.Line(it.Summary.Title()), 50), safetext.Clip(safetext.Line(it.Summary.Issuer()), 36))
		}
		tw.Flush()
	}
	return exitOK
}
