package wallet

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// What the learner keeps about their credentials: tags, a private note,
// pins, the archive and the trash. All of it lives on the top-level items
// (a CLR's nested courses follow their record), goes into backups with
// them, and is never part of what is presented.

// TrashKept is how long an item stays in the trash before it is deleted
// for good.
const TrashKept = 30 * 24 * time.Hour

// Bounds on what the learner types.
const (
	MaxTagLength  = 40
	MaxNoteLength = 4000
	maxTags       = 1000 // tags in a wallet
)

// settingTags lists the wallet's tags, as JSON, in the order they were
// made: a tag can exist before any credential carries it.
const settingTags = "tags"

// InvalidTagError says why a tag name cannot be used.
type InvalidTagError struct{ Problem string }

func (e *InvalidTagError) Error() string { return "this tag cannot be used: " + e.Problem }

// ErrNoteTooLong means a note is longer than MaxNoteLength characters.
var ErrNoteTooLong = fmt.Errorf("a note can hold at most %d characters", MaxNoteLength)

// ErrTooManyTags means the wallet already has maxTags tags.
var ErrTooManyTags = fmt.Errorf("a wallet can have at most %d tags", maxTags)

// ErrTagExists means a tag cannot be renamed to one the wallet has.
var ErrTagExists = errors.New("a tag with that name exists already")

// CleanTag trims a tag name and checks it: one line, no control or format
// characters, at most MaxTagLength characters.
func CleanTag(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", &InvalidTagError{"it is empty"}
	case utf8.RuneCountInString(name) > MaxTagLength:
		return "", &InvalidTagError{fmt.Sprintf("it is longer than %d characters", MaxTagLength)}
	case !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	}) || safetext.Line(name) != name:
		return "", &InvalidTagError{"it holds characters that cannot be shown"}
	}
	return name, nil
}

// TagCount is a tag and how many credentials carry it.
type TagCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Tags lists the wallet's tags in the order they were made, with how many
// credentials (not in the trash) carry each.
func (w *Wallet) Tags() ([]TagCount, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	return w.TagsIn(all)
}

// TagsIn is Tags counted over items the caller already holds (as Items or
// BriefItems returns them), so a library that has them reads no list
// again.
func (w *Wallet) TagsIn(all []Item) ([]TagCount, error) {
	var names []string
	if err := readJSON(w.store, settingTags, "the list of tags", &names); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, it := range all {
		if it.Parent != "" || it.InTrash() {
			continue
		}
		for _, t := range it.Tags {
			if counts[t]++; counts[t] == 1 && !slices.Contains(names, t) {
				names = append(names, t) // carried by an item restored from elsewhere
			}
		}
	}
	out := make([]TagCount, len(names))
	for i, n := range names {
		out[i] = TagCount{n, counts[n]}
	}
	return out, nil
}

// CreateTag makes a tag, or finds the one with the same name (letter case
// aside), and returns its name as the wallet spells it.
func (w *Wallet) CreateTag(name string) (string, error) {
	name, err := CleanTag(name)
	if err != nil {
		return "", err
	}
	err = updateJSON(w.store, settingTags, "the list of tags", func(tags *[]string) (bool, error) {
		if i := tagIndex(*tags, name); i >= 0 {
			name = (*tags)[i]
			return false, nil
		}
		if len(*tags) >= maxTags {
			return false, ErrTooManyTags
		}
		*tags = append(*tags, name)
		return true, nil
	})
	return name, err
}

func tagIndex(tags []string, name string) int {
	return slices.IndexFunc(tags, func(t string) bool { return strings.EqualFold(t, name) })
}

// RenameTag renames a tag everywhere; a rename to a tag that exists (other
// than by letter case) is ErrTagExists.
func (w *Wallet) RenameTag(from, to string) error {
	to, err := CleanTag(to)
	if err != nil {
		return err
	}
	var old string
	err = updateJSON(w.store, settingTags, "the list of tags", func(tags *[]string) (bool, error) {
		i := tagIndex(*tags, from)
		if i < 0 {
			return false, fmt.Errorf("there is no tag %q", safetext.Line(from))
		}
		if j := tagIndex(*tags, to); j >= 0 && j != i {
			return false, ErrTagExists
		}
		old = (*tags)[i]
		(*tags)[i] = to
		return true, nil
	})
	if err != nil {
		return err
	}
	ids, err := w.idsWhere(func(it Item) bool { return slices.Contains(it.Tags, old) })
	if err != nil {
		return err
	}
	return w.store.UpdateItems(ids, func(it *Item) error {
		for i, t := range it.Tags {
			if t == old {
				it.Tags[i] = to
			}
		}
		it.Tags = slices.Compact(it.Tags)
		return nil
	})
}

// DeleteTag removes a tag from the wallet and from every credential.
func (w *Wallet) DeleteTag(name string) error {
	var gone string
	err := updateJSON(w.store, settingTags, "the list of tags", func(tags *[]string) (bool, error) {
		i := tagIndex(*tags, name)
		if i < 0 {
			return false, nil
		}
		gone = (*tags)[i]
		*tags = slices.Delete(*tags, i, i+1)
		return true, nil
	})
	if err != nil {
		return err
	}
	if gone == "" {
		gone = name
	}
	ids, err := w.idsWhere(func(it Item) bool { return slices.Contains(it.Tags, gone) })
	if err != nil {
		return err
	}
	return w.store.UpdateItems(ids, func(it *Item) error {
		it.Tags = slices.DeleteFunc(it.Tags, func(t string) bool { return t == gone })
		return nil
	})
}

// Tag adds a tag (made if new) to items, or with remove takes it off them,
// all in one go. Nested items are tagged through their record.
func (w *Wallet) Tag(name string, remove bool, ids ...string) error {
	var err error
	if remove {
		var tags []string
		if err := readJSON(w.store, settingTags, "the list of tags", &tags); err != nil {
			return err
		}
		if i := tagIndex(tags, name); i >= 0 {
			name = tags[i]
		}
	} else if name, err = w.CreateTag(name); err != nil {
		return err
	}
	top, err := w.topIDs(ids)
	if err != nil {
		return err
	}
	return w.store.UpdateItems(top, func(it *Item) error {
		if remove {
			it.Tags = slices.DeleteFunc(it.Tags, func(t string) bool { return strings.EqualFold(t, name) })
		} else if !slices.Contains(it.Tags, name) {
			it.Tags = append(it.Tags, name)
		}
		return nil
	})
}

// SetNote keeps a private note on an item ("" removes it).
func (w *Wallet) SetNote(id, note string) error {
	note = strings.TrimSpace(strings.ToValidUTF8(note, "\uFFFD"))
	if utf8.RuneCountInString(note) > MaxNoteLength {
		return ErrNoteTooLong
	}
	top, err := w.topIDs([]string{id})
	if err != nil {
		return err
	}
	return w.store.UpdateItems(top, func(it *Item) error { it.Note = note; return nil })
}

// SetPinned pins items to the top of the library, or unpins them.
func (w *Wallet) SetPinned(pinned bool, ids ...string) error {
	return w.setEach(ids, func(it *Item) { it.Pinned = pinned })
}

// SetArchived moves items to the archive, out of the library's way, or
// back.
func (w *Wallet) SetArchived(archived bool, ids ...string) error {
	return w.setEach(ids, func(it *Item) { it.Archived = archived })
}

// Trash moves items to the trash; they are deleted for good TrashKept
// later, or when the trash is emptied. Untrash brings them back.
func (w *Wallet) Trash(ids ...string) error {
	now := w.now().UTC().Truncate(time.Second)
	return w.setEach(ids, func(it *Item) {
		if !it.InTrash() {
			it.Trashed = now
		}
	})
}

// Untrash takes items out of the trash.
func (w *Wallet) Untrash(ids ...string) error {
	return w.setEach(ids, func(it *Item) { it.Trashed = time.Time{} })
}

// Trashed lists the items in the trash, the most recently trashed first.
func (w *Wallet) Trashed() ([]Item, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, it := range all {
		if it.Parent == "" && it.InTrash() {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Trashed.Equal(out[j].Trashed) {
			return out[i].Trashed.After(out[j].Trashed)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// EmptyTrash deletes for good the items in the trash, or with olderThan >
// 0 only those trashed longer ago than that; it returns how many.
func (w *Wallet) EmptyTrash(olderThan time.Duration) (int, error) {
	trashed, err := w.Trashed()
	if err != nil {
		return 0, err
	}
	now := w.now()
	n := 0
	for _, it := range trashed {
		if olderThan > 0 && now.Sub(it.Trashed) <= olderThan {
			continue
		}
		if err := w.store.Delete(it.ID); err != nil && !errors.Is(err, ErrNotFound) {
			return n, err
		}
		n++
	}
	return n, nil
}

// PurgeTrash deletes for good what has been in the trash longer than
// TrashKept.
func (w *Wallet) PurgeTrash() (int, error) { return w.EmptyTrash(TrashKept) }

// setEach applies set to the top-level items of ids, in one transaction.
func (w *Wallet) setEach(ids []string, set func(*Item)) error {
	top, err := w.topIDs(ids)
	if err != nil {
		return err
	}
	return w.store.UpdateItems(top, func(it *Item) error { set(it); return nil })
}

// topIDs resolves ids (or unique prefixes) to full ids of top-level
// items, each once. A nested item is ErrNested: what the learner keeps
// goes on the whole record.
func (w *Wallet) topIDs(ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		it, err := w.Item(id)
		if err != nil {
			return nil, err
		}
		if it.Parent != "" {
			return nil, ErrNested
		}
		if !slices.Contains(out, it.ID) {
			out = append(out, it.ID)
		}
	}
	return out, nil
}

// idsWhere lists the top-level items for which keep is true.
func (w *Wallet) idsWhere(keep func(Item) bool) ([]string, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range all {
		if it.Parent == "" && keep(it) {
			ids = append(ids, it.ID)
		}
	}
	return ids, nil
}
