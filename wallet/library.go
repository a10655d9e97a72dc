package wallet

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// SortBy orders a library.
type SortBy string

// The orders a library can take.
const (
	SortIssued  SortBy = "issued"  // newest first
	SortName    SortBy = "name"    // A to Z
	SortIssuer  SortBy = "issuer"  // A to Z, then newest first
	SortExpires SortBy = "expires" // soonest first; those that never expire last
)

// SortOrders lists the orders, as lw and the window offer them.
var SortOrders = []SortBy{SortIssued, SortName, SortIssuer, SortExpires}

// Query chooses and orders credentials in a library. The zero value is
// every credential not archived, newest first.
type Query struct {
	// Search holds words that must each appear (letter case and accents
	// aside) in what a credential says or what the learner keeps about it:
	// name, description, issuer, skills and alignments, keywords, results,
	// a record's courses, tags and note.
	Search   string
	Tags     []string          // carries every one
	Kinds    []credential.Kind // any of them; none: any kind
	Verdicts []verify.Verdict  // any of them ("" is never checked); none: any
	Issuer   string            // the issuer's name as shown (Summary.Issuer)
	Expired  bool              // only those that have expired
	Archived bool              // only archived ones; otherwise archived ones are left out
	Sort     SortBy
}

// Library is an index of a wallet's items (not in the trash) for
// searching as the learner types: what is searched is folded once, here.
// It keeps the items it is given, without copying them (an Item is large,
// and a wallet may hold 10,000).
type Library struct {
	items    []Item            // as given
	top      []int             // positions of the top-level items in items
	children map[string][]Item // a record's nested items, in order
	text     []string          // folded search text of each of top, made when first searched
}

// NewLibrary indexes items as Items returns them. The library keeps items:
// the caller does not change them afterwards.
func NewLibrary(items []Item) *Library {
	l := &Library{items: items, children: map[string][]Item{}, top: make([]int, 0, len(items))}
	for i := 0; i < len(items); i++ {
		it := &items[i]
		if it.Parent == "" {
			l.top = append(l.top, i)
			// Items lists a record's nested items right after it: they
			// are kept as they are, not copied.
			j := i + 1
			for j < len(items) && items[j].Parent == it.ID {
				j++
			}
			if j > i+1 {
				l.children[it.ID] = items[i+1 : j : j]
				i = j - 1
			}
			continue
		}
		// One listed elsewhere (not as Items lists it): appended to a
		// copy, the capacity above leaving items as they are.
		l.children[it.Parent] = append(l.children[it.Parent], *it)
	}
	return l
}

// index folds each item's search text, once, when first searched.
func (l *Library) index() {
	if l.text != nil {
		return
	}
	l.text = make([]string, len(l.top))
	for i, p := range l.top {
		it := &l.items[p]
		l.text[i] = foldText(searchText(it, l.children[it.ID]))
	}
}

// Len is the number of top-level items.
func (l *Library) Len() int { return len(l.top) }

// Children returns a record's nested items, in the record's order. The
// caller does not change them.
func (l *Library) Children(id string) []Item { return l.children[id] }

// Issuers lists the issuers' names as shown, each once, A to Z.
func (l *Library) Issuers() []string {
	out := make([]string, 0, len(l.top))
	for _, p := range l.top {
		out = append(out, l.items[p].Summary.Issuer())
	}
	slices.SortFunc(out, compareFolded)
	return slices.Compact(out)
}

// Select returns the top-level items q chooses, pinned ones first, then
// in q's order. now decides what has expired.
func (l *Library) Select(q Query, now time.Time) []Item {
	chosen := l.choose(q, now)
	out := make([]Item, len(chosen))
	for i, it := range chosen {
		out[i] = *it
	}
	return out
}

// SelectIDs returns the ids of the items Select returns, in its order: all
// a window's list needs, without copying the items.
func (l *Library) SelectIDs(q Query, now time.Time) []string {
	chosen := l.choose(q, now)
	out := make([]string, len(chosen))
	for i, it := range chosen {
		out[i] = it.ID
	}
	return out
}

// SelectRefs returns the items Select returns, in its order, as they are
// in the library: the caller does not change them.
func (l *Library) SelectRefs(q Query, now time.Time) []*Item { return l.choose(q, now) }

func (l *Library) choose(q Query, now time.Time) []*Item {
	words := strings.Fields(foldText(q.Search))
	if len(words) > 0 {
		l.index()
	}
	chosen := make([]*Item, 0, len(l.top))
	for i, p := range l.top {
		it := &l.items[p]
		if it.Archived != q.Archived ||
			len(q.Kinds) > 0 && !slices.Contains(q.Kinds, it.Kind) ||
			len(q.Verdicts) > 0 && !slices.Contains(q.Verdicts, it.Verification) ||
			q.Issuer != "" && it.Summary.Issuer() != q.Issuer ||
			q.Expired && !Expired(*it, now) ||
			!hasTags(it.Tags, q.Tags) {
			continue
		}
		if len(words) > 0 && !containsAll(l.text[i], words) {
			continue
		}
		chosen = append(chosen, it)
	}
	slices.SortStableFunc(chosen, itemOrder(q.Sort))
	return chosen
}

// SortItems orders items by by (SortIssued when ""), pinned ones first.
// It sorts positions, then moves each item once (permute): sorting the
// Items themselves would move each many times.
func SortItems(items []Item, by SortBy) {
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	cmp := itemOrder(by)
	slices.SortStableFunc(order, func(a, b int) int { return cmp(&items[a], &items[b]) })
	permute(items, order)
}

// itemOrder compares items in the order by (SortIssued when ""), pinned
// ones first.
func itemOrder(by SortBy) func(a, b *Item) int {
	// Names and issuers are folded once each, not at every comparison.
	folded := map[string]string{}
	fold := func(s string) string {
		f, ok := folded[s]
		if !ok {
			f = foldText(s)
			folded[s] = f
		}
		return f
	}
	byFolded := func(a, b string) int {
		if c := strings.Compare(fold(a), fold(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	}
	return func(a, b *Item) int {
		if a.Pinned != b.Pinned {
			if a.Pinned {
				return -1
			}
			return 1
		}
		c := 0
		switch by {
		case SortName:
			c = byFolded(a.Summary.Title(), b.Summary.Title())
		case SortIssuer:
			c = byFolded(a.Summary.Issuer(), b.Summary.Issuer())
		case SortExpires:
			ae, be := a.Summary.Expires, b.Summary.Expires
			switch {
			case ae.IsZero() && !be.IsZero():
				c = 1
			case !ae.IsZero() && be.IsZero():
				c = -1
			default:
				c = ae.Compare(be)
			}
		}
		if c == 0 {
			c = b.Summary.Issued.Compare(a.Summary.Issued) // newest first
		}
		if c == 0 {
			c = b.AddedAt.Compare(a.AddedAt)
		}
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		return c
	}
}

// Expired reports whether an item's credential has expired by now.
func Expired(it Item, now time.Time) bool {
	return !it.Summary.Expires.IsZero() && it.Summary.Expires.Before(now)
}

func hasTags(have, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, w) }) {
			return false
		}
	}
	return true
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// searchText is everything a search looks through for an item.
func searchText(it *Item, children []Item) string {
	var b strings.Builder
	add := func(parts ...string) {
		for _, p := range parts {
			if p != "" {
				b.WriteString(p)
				b.WriteByte('\n')
			}
		}
	}
	addSummary := func(s *credential.Summary) {
		add(s.Name, s.CredentialName, s.Description, s.Issuer(), s.IssuerName, s.AchievementType, s.Credits, s.Term)
		add(s.Alignments...)
		add(s.Keywords...)
		add(s.Results...)
		add(s.Achievements...)
	}
	addSummary(&it.Summary)
	for i := range children {
		addSummary(&children[i].Summary)
	}
	add(it.Tags...)
	add(it.Note)
	return b.String()
}

// folder lowers letter case and takes accents off, so "resume" finds
// "Résumé" and "ESPAÑOL" finds "español".
func foldText(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

func compareFolded(a, b string) int {
	if c := strings.Compare(foldText(a), foldText(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
