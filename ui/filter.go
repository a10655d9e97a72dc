package ui

import (
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// The choices of the library's filters, as the learner reads them.
const (
	anyKind   = "Any kind"
	anyState  = "Any state"
	anyTag    = "Any tag"
	anyIssuer = "Any issuer"

	stateValid     = "Valid"
	stateAttention = "Needs attention"
	stateNotValid  = "Not valid"
	stateExpired   = "Expired"
	stateArchived  = "Archived"
)

var kindChoices = []string{anyKind, credential.KindOB3.Label(), credential.KindOB2.Label(), credential.KindCLR.Label()}

var stateChoices = []string{anyState, stateValid, stateAttention, stateNotValid, stateExpired, stateArchived}

var sortChoices = map[string]wallet.SortBy{
	"Newest first": wallet.SortIssued, "Name": wallet.SortName, "Issuer": wallet.SortIssuer, "Expiring soonest": wallet.SortExpires,
}

var sortNames = []string{"Newest first", "Name", "Issuer", "Expiring soonest"}

// filterBar finds credentials in the library: a search as you type, and
// filters by kind, state, tag and issuer, and an order.
type filterBar struct {
	u                                *UI
	search                           *searchEntry
	kind, state, tag, issuer, sortBy *widget.Select
	clear                            *widget.Button
	root                             fyne.CanvasObject
	quiet                            bool // setting choices, not the learner
}

func newFilterBar(u *UI) *filterBar {
	f := &filterBar{u: u}
	f.search = newSearchEntry()
	f.search.SetPlaceHolder("Search names, issuers, skills, tags, notes…")
	f.search.OnChanged = func(string) { f.changed() }
	f.kind = widget.NewSelect(kindChoices, func(string) { f.changed() })
	f.state = widget.NewSelect(stateChoices, func(string) { f.changed() })
	f.tag = widget.NewSelect([]string{anyTag}, func(string) { f.changed() })
	f.issuer = widget.NewSelect([]string{anyIssuer}, func(string) { f.changed() })
	f.sortBy = widget.NewSelect(sortNames, func(string) { f.changed() })
	f.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), f.reset)
	f.quiet = true
	f.kind.SetSelected(anyKind)
	f.state.SetSelected(anyState)
	f.tag.SetSelected(anyTag)
	f.issuer.SetSelected(anyIssuer)
	f.sortBy.SetSelected(sortNames[0])
	f.quiet = false
	f.root = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), f.clear, f.search),
		container.NewGridWithColumns(3, f.kind, f.state, f.sortBy),
		container.NewGridWithColumns(2, f.tag, f.issuer),
	)
	return f
}

// query is what the bar says to find.
func (f *filterBar) query() wallet.Query {
	q := wallet.Query{Search: f.search.Text, Sort: sortChoices[f.sortBy.Selected]}
	for _, k := range []credential.Kind{credential.KindOB2, credential.KindOB3, credential.KindCLR} {
		if f.kind.Selected == k.Label() {
			q.Kinds = []credential.Kind{k}
		}
	}
	switch f.state.Selected {
	case stateValid:
		q.Verdicts = []verify.Verdict{verify.Valid, verify.ValidWithNotes}
	case stateAttention:
		q.Verdicts = []verify.Verdict{verify.IssuerNotConfirmed, verify.CouldNotCheck, ""}
	case stateNotValid:
		q.Verdicts = []verify.Verdict{verify.NotValid}
	case stateExpired:
		q.Expired = true
	case stateArchived:
		q.Archived = true
	}
	if t := f.tag.Selected; t != anyTag && t != "" {
		q.Tags = []string{t}
	}
	if i := f.issuer.Selected; i != anyIssuer && i != "" {
		q.Issuer = i
	}
	return q
}

// active reports whether anything narrows the library.
func (f *filterBar) active() bool {
	q := f.query()
	return q.Search != "" || len(q.Kinds)+len(q.Verdicts)+len(q.Tags) > 0 || q.Issuer != "" || q.Expired || q.Archived
}

func (f *filterBar) changed() {
	if !f.quiet {
		f.u.applyFilter()
	}
}

// reset shows the whole library again.
func (f *filterBar) reset() {
	f.quiet = true
	f.search.SetText("")
	f.kind.SetSelected(anyKind)
	f.state.SetSelected(anyState)
	f.tag.SetSelected(anyTag)
	f.issuer.SetSelected(anyIssuer)
	f.quiet = false
	f.u.applyFilter()
}

// setChoices offers the wallet's tags and issuers, keeping what is chosen
// when it still exists.
func (f *filterBar) setChoices(tags []wallet.TagCount, issuers []string) {
	f.quiet = true
	defer func() { f.quiet = false }()
	tagOpts := []string{anyTag}
	for _, t := range tags {
		tagOpts = append(tagOpts, safetext.Line(t.Name))
	}
	f.tag.SetOptions(tagOpts)
	if !slices.Contains(tagOpts, f.tag.Selected) {
		f.tag.SetSelected(anyTag)
	}
	issuerOpts := append([]string{anyIssuer}, issuers...)
	f.issuer.SetOptions(issuerOpts)
	if !slices.Contains(issuerOpts, f.issuer.Selected) {
		f.issuer.SetSelected(anyIssuer)
	}
}

// applyFilter shows in the library the credentials the bar finds.
func (u *UI) applyFilter() {
	if u.lib == nil {
		return
	}
	found := u.lib.Select(u.filter.query(), time.Now())
	u.shownIDs = u.shownIDs[:0]
	for _, it := range found {
		u.shownIDs = append(u.shownIDs, it.ID)
	}
	total := u.lib.Len()
	switch {
	case total == 0:
		u.count.SetText("")
	case u.filter.active():
		u.count.SetText(fmt.Sprintf("%d of %s", len(found), plural(total, "credential", "credentials")))
	default:
		text := plural(total, "credential", "credentials")
		if nested := len(u.items) - total; nested > 0 {
			text += fmt.Sprintf(" (%d inside records)", nested)
		}
		u.count.SetText(text)
	}
	u.statusBar.Refresh()
	u.library.tree.Refresh()
	if len(found) == 0 && total > 0 {
		u.detail.showNothingFound()
	} else if u.selected == "" {
		u.detail.show(nil)
	}
}

// searchEntry is the library's search: Escape clears it.
type searchEntry struct{ widget.Entry }

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.Text != "" {
		e.SetText("")
		return
	}
	e.Entry.TypedKey(k)
}
