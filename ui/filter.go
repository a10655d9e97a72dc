package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
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

// The kinds the filter offers, in order; "" is any.
var kindValues = []credential.Kind{"", credential.KindOB3, credential.KindOB2, credential.KindCLR}

// kindChoices are kindValues as the learner reads them.
func kindChoices() []string {
	out := []string{lang.L(anyKind)}
	for _, k := range kindValues[1:] {
		out = append(out, kindLabel(k))
	}
	return out
}

// The states the filter offers, in order, by their English names (codes).
var stateValues = []string{anyState, stateValid, stateAttention, stateNotValid, stateExpired, stateArchived}

func stateChoices() []string {
	return []string{lang.L("Any state"), lang.L("Valid"), lang.L("Needs attention"), lang.L("Not valid"), lang.L("Expired"), lang.L("Archived")}
}

// The orders the filter offers, in order.
var sortValues = []wallet.SortBy{wallet.SortIssued, wallet.SortName, wallet.SortIssuer, wallet.SortExpires}

func sortChoices() []string {
	return []string{lang.L("Newest first"), lang.L("Name"), lang.L("Issuer"), lang.L("Expiring soonest")}
}

// filterBar finds credentials in the library: a search as you type, and
// filters by kind, state, tag and issuer, and an order.
type filterBar struct {
	u                                *UI
	search                           *searchEntry
	kind, state, tag, issuer, sortBy *widget.Select
	clear                            *ringButton
	bulk                             *ringButton // acts on every credential shown
	group, grid                      *widget.Check
	root                             fyne.CanvasObject
	quiet                            bool // setting choices, not the learner
}

func newFilterBar(u *UI) *filterBar {
	f := &filterBar{u: u}
	f.search = newSearchEntry()
	f.search.SetPlaceHolder(lang.L("Search your credentials…"))
	f.search.OnChanged = func(string) { f.changed() }
	f.search.toList = func() {
		switch {
		case len(u.shownIDs) == 0:
		case u.library.showsGrid():
			u.win.Canvas().Focus(u.library.grid)
		default:
			u.win.Canvas().Focus(u.library.tree)
		}
	}
	f.kind = widget.NewSelect(kindChoices(), func(string) { f.changed() })
	f.state = widget.NewSelect(stateChoices(), func(string) { f.changed() })
	f.tag = widget.NewSelect([]string{lang.L(anyTag)}, func(string) { f.changed() })
	f.issuer = widget.NewSelect([]string{lang.L(anyIssuer)}, func(string) { f.changed() })
	f.sortBy = widget.NewSelect(sortChoices(), func(string) { f.changed() })
	f.clear = newRingButton("", theme.ContentClearIcon(), f.reset)
	f.bulk = newRingButton(lang.L("With these…"), theme.MoreHorizontalIcon(), f.showBulk)
	f.group = widget.NewCheck(lang.L("By issuer"), func(on bool) { u.library.grouped = on; u.library.refresh() })
	f.grid = widget.NewCheck(lang.L("Pictures"), func(on bool) { u.library.showGrid(on); u.library.refresh() })
	f.quiet = true
	for _, s := range []*widget.Select{f.kind, f.state, f.tag, f.issuer, f.sortBy} {
		s.SetSelectedIndex(0)
	}
	f.quiet = false
	f.root = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), f.clear, f.search),
		container.NewGridWithColumns(3, f.kind, f.state, f.sortBy),
		container.NewGridWithColumns(2, f.tag, f.issuer),
		container.NewHBox(f.group, f.grid, layout.NewSpacer(), f.bulk),
	)
	return f
}

// showBulk offers what can be done with every credential shown at once.
func (f *filterBar) showBulk() {
	u := f.u
	var items []wallet.Item
	for _, id := range u.shownIDs {
		items = append(items, u.item(id))
	}
	if len(items) == 0 {
		return
	}
	what := lang.N("{{.Count}} credentials", len(items), counted(len(items)))
	ids := u.shownIDs[:len(u.shownIDs):len(u.shownIDs)]
	n, count := len(items), counted(len(items))
	archive := fyne.NewMenuItem(lang.N("Archive {{.Count}} credentials", n, count), func() {
		u.bulkDo(func(w *wallet.Wallet) error { return w.SetArchived(true, ids...) }, lang.N("Archived {{.Count}} credentials.", n, count))
	})
	if f.stateValue() == stateArchived {
		archive = fyne.NewMenuItem(lang.N("Take {{.Count}} credentials out of the archive", n, count), func() {
			u.bulkDo(func(w *wallet.Wallet) error { return w.SetArchived(false, ids...) }, lang.N("Took {{.Count}} credentials out of the archive.", n, count))
		})
	}
	menu := fyne.NewMenu("",
		fyne.NewMenuItem(lang.N("Tag {{.Count}} credentials…", n, count), func() { u.askTag(ids, what) }),
		archive,
		fyne.NewMenuItem(lang.N("Present {{.Count}} credentials…", n, count), func() { u.present(ids...) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.N("Move {{.Count}} credentials to the trash", n, count), func() { u.trashItems(items) }),
	)
	c := u.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.bulk)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.Add(fyne.NewPos(0, f.bulk.Size().Height)))
}

// askTag asks for a tag, offering the wallet's, and puts it on ids; what
// says how many they are ("3 credentials"), in the app's language.
func (u *UI) askTag(ids []string, what string) {
	name := widget.NewSelectEntry(u.filter.tag.Options[1:])
	name.SetPlaceHolder(lang.L("A tag, new or one of yours"))
	d := dialog.NewForm(lang.L("Tag {{.What}}", map[string]any{"What": what}), lang.X("tag.verb", "Tag"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Tag"), name)}, func(ok bool) {
		if !ok || strings.TrimSpace(name.Text) == "" {
			return
		}
		tag := name.Text
		u.bulkDo(func(w *wallet.Wallet) error { return w.Tag(tag, false, ids...) }, lang.L("Tagged {{.What}} “{{.Tag}}”.", map[string]any{"What": what, "Tag": safetext.Line(strings.TrimSpace(tag))}))
	}, u.win)
	name.OnSubmitted = func(string) { d.Submit() } // Enter tags
	d.Resize(fyne.NewSize(420, 180))
	u.showEscapable(d)
	u.soon(func() { u.win.Canvas().Focus(name) })
}

// bulkDo changes many credentials off the UI goroutine, then says so.
func (u *UI) bulkDo(change func(*wallet.Wallet) error, said string) {
	var err error
	u.run(func() { err = change(u.wallet) }, func() {
		if err != nil {
			u.showError(lang.L("Could not do that"), err)
			return
		}
		u.status.SetText(said)
		u.reload(u.selected)
	})
}

// stateValue is the state chosen, by its code.
func (f *filterBar) stateValue() string {
	if i := f.state.SelectedIndex(); i > 0 {
		return stateValues[i]
	}
	return anyState
}

// setState chooses a state by its code.
func (f *filterBar) setState(code string) {
	if i := slices.Index(stateValues, code); i >= 0 {
		f.state.SetSelectedIndex(i)
	}
}

// query is what the bar says to find.
func (f *filterBar) query() wallet.Query {
	q := wallet.Query{Search: f.search.Text}
	if i := f.sortBy.SelectedIndex(); i >= 0 {
		q.Sort = sortValues[i]
	}
	if i := f.kind.SelectedIndex(); i > 0 {
		q.Kinds = []credential.Kind{kindValues[i]}
	}
	switch f.stateValue() {
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
	if f.tag.SelectedIndex() > 0 {
		q.Tags = []string{f.tag.Selected}
	}
	if f.issuer.SelectedIndex() > 0 {
		q.Issuer = f.issuer.Selected
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
	for _, s := range []*widget.Select{f.kind, f.state, f.tag, f.issuer} {
		s.SetSelectedIndex(0)
	}
	f.quiet = false
	f.u.applyFilter()
}

// setChoices offers the wallet's tags and issuers, keeping what is chosen
// when it still exists.
func (f *filterBar) setChoices(tags []wallet.TagCount, issuers []string) {
	f.quiet = true
	defer func() { f.quiet = false }()
	tagOpts := []string{lang.L(anyTag)}
	for _, t := range tags {
		tagOpts = append(tagOpts, safetext.Line(t.Name))
	}
	f.tag.SetOptions(tagOpts)
	if !slices.Contains(tagOpts, f.tag.Selected) {
		f.tag.SetSelectedIndex(0)
	}
	issuerOpts := append([]string{lang.L(anyIssuer)}, issuers...)
	f.issuer.SetOptions(issuerOpts)
	if !slices.Contains(issuerOpts, f.issuer.Selected) {
		f.issuer.SetSelectedIndex(0)
	}
}

// applyFilter shows in the library the credentials the bar finds.
func (u *UI) applyFilter() {
	if u.lib == nil {
		return
	}
	found := u.lib.SelectIDs(u.filter.query(), time.Now())
	u.shownIDs = found
	total := u.lib.Len()
	switch {
	case total == 0:
		u.count.SetText("")
	case u.filter.active():
		u.count.SetText(lang.N("{{.Found}} of {{.Count}} credentials", total, map[string]any{"Found": len(found), "Count": total}))
	default:
		text := lang.N("{{.Count}} credentials", total, counted(total))
		if nested := len(u.items) - total; nested > 0 {
			text += lang.L(" ({{.Count}} inside records)", counted(nested))
		}
		u.count.SetText(text)
	}
	if len(found) == 0 {
		u.filter.bulk.Disable()
	} else {
		u.filter.bulk.Enable()
	}
	u.statusBar.Refresh()
	u.library.refresh()
	switch it, ok := u.itemOK(u.selected); {
	case len(found) == 0 && total > 0:
		u.detail.showNothingFound()
	case !ok:
		u.detail.show(nil)
	case u.detail.item == nil:
		u.detail.show(&it) // back from "nothing found"
	}
}

// searchEntry is the library's search: Escape clears it; Down, Enter or
// Return go to what it found (toList, set by the window).
type searchEntry struct {
	widget.Entry
	toList func()
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape && e.Text != "":
		e.SetText("")
		return
	case (k.Name == fyne.KeyDown || k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && e.toList != nil:
		e.toList()
		return
	case k.Name == fyne.KeyF1:
		toWindow(e, k)
		return
	}
	e.Entry.TypedKey(k)
}
