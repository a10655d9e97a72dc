package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// library is the list of credentials: one row each, with the credentials
// nested in a learner record shown under it.
type library struct {
	u       *UI
	tree    *libTree
	grid    *widget.GridWrap // the same credentials as pictures
	view    *fyne.Container  // the tree or the grid
	grouped bool             // the tree's first level is the issuers
	groups  []string         // group node ids, in the order shown
	inGroup map[string][]string

	// Several credentials chosen at once, with Ctrl or Shift: chosen holds
	// them (top-level only), anchor is where a Shift range starts, mod the
	// keys held at the last click.
	chosen  map[string]bool
	anchor  string
	mod     fyne.KeyModifier
	tapping bool // a row's tap is selecting in the tree
}

// groupPrefix starts a group node's id: no item id holds it.
const groupPrefix = "issuer\x00"

func newLibrary(u *UI) *library {
	l := &library{u: u, chosen: map[string]bool{}}
	l.tree = newLibTree(l)
	l.tree.OnSelected = func(id widget.TreeNodeID) {
		l.tree.cursor = id
		if !l.tapping { // the keyboard, or a test
			l.choose(id, 0)
		}
	}
	l.grid = widget.NewGridWrap(func() int { return len(u.shownIDs) }, newCard, l.updateCard)
	l.grid.OnSelected = func(i widget.GridWrapItemID) {
		if i < len(u.shownIDs) {
			id := u.shownIDs[i]
			it := u.item(id)
			u.selected = id
			u.detail.show(&it)
		}
	}
	l.view = container.NewStack(l.tree)
	return l
}

// choose handles a click on id: alone it shows that credential; with Ctrl
// it adds it to (or takes it from) the credentials chosen, with Shift it
// chooses the range from the last one clicked. Several chosen show what
// can be done with them all.
func (l *library) choose(id string, mod fyne.KeyModifier) {
	u := l.u
	it, ok := u.itemOK(id)
	if !ok {
		return
	}
	top := it.Parent == ""
	switch {
	case mod&fyne.KeyModifierShift != 0 && top && l.anchor != "":
		from, to := slices.Index(u.shownIDs, l.anchor), slices.Index(u.shownIDs, id)
		if from >= 0 && to >= 0 {
			if from > to {
				from, to = to, from
			}
			clear(l.chosen)
			for _, c := range u.shownIDs[from : to+1] {
				l.chosen[c] = true
			}
		}
	case mod&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 && top:
		if len(l.chosen) == 0 && u.selected != "" && u.item(u.selected).Parent == "" {
			l.chosen[u.selected] = true
		}
		if l.chosen[id] {
			delete(l.chosen, id)
		} else {
			l.chosen[id] = true
		}
		l.anchor = id
	default:
		clear(l.chosen)
		l.anchor = id
	}
	u.selected = id
	l.tree.Refresh()
	if len(l.chosen) > 1 {
		u.detail.showChosen(l.chosenItems())
		return
	}
	u.detail.show(&it)
}

// chosenItems are the credentials chosen, in the library's order.
func (l *library) chosenItems() []wallet.Item {
	var out []wallet.Item
	for _, id := range l.u.shownIDs {
		if l.chosen[id] {
			out = append(out, l.u.item(id))
		}
	}
	return out
}

// chooseAll chooses every credential shown (Edit › Select all).
func (l *library) chooseAll() {
	clear(l.chosen)
	for _, id := range l.u.shownIDs {
		l.chosen[id] = true
	}
	l.tree.Refresh()
	if len(l.chosen) > 1 {
		l.u.detail.showChosen(l.chosenItems())
	}
}

// showGrid shows the library as pictures, or as the list.
func (l *library) showGrid(on bool) {
	if on {
		l.view.Objects = []fyne.CanvasObject{l.grid}
	} else {
		l.view.Objects = []fyne.CanvasObject{l.tree}
	}
	l.view.Refresh()
}

// showsGrid reports whether the library shows pictures.
func (l *library) showsGrid() bool { return len(l.view.Objects) > 0 && l.view.Objects[0] == l.grid }

// regroup arranges what is shown under its issuers, when grouped.
func (l *library) regroup() {
	l.groups, l.inGroup = nil, map[string][]string{}
	if !l.grouped {
		return
	}
	for _, id := range l.u.shownIDs {
		g := groupPrefix + l.u.item(id).Summary.Issuer()
		if _, ok := l.inGroup[g]; !ok {
			l.groups = append(l.groups, g)
		}
		l.inGroup[g] = append(l.inGroup[g], id)
	}
	for _, g := range l.groups {
		l.tree.OpenBranch(g)
	}
}

func (l *library) refresh() {
	l.regroup()
	l.tree.Refresh()
	l.grid.Refresh()
}

func (l *library) children(id widget.TreeNodeID) []widget.TreeNodeID {
	switch {
	case id == "" && l.grouped:
		return l.groups
	case id == "":
		return l.u.shownIDs
	case strings.HasPrefix(id, groupPrefix):
		return l.inGroup[id]
	}
	return l.u.item(id).Children
}

func (l *library) isBranch(id widget.TreeNodeID) bool {
	return id == "" || strings.HasPrefix(id, groupPrefix) || len(l.u.item(id).Children) > 0
}

// card is one credential in the grid: its picture, name and verdict.
type card struct {
	widget.BaseWidget
	img  *canvas.Image
	name *widget.Label
	mark *widget.Icon
}

func newCard() fyne.CanvasObject {
	c := &card{img: newBadgeImage(96), name: widget.NewLabel(""), mark: widget.NewIcon(theme.QuestionIcon())}
	c.name.Alignment = fyne.TextAlignCenter
	c.name.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *card) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewVBox(container.NewCenter(c.img), container.NewBorder(nil, nil, c.mark, nil, c.name))
	return widget.NewSimpleRenderer(container.NewGridWrap(fyne.NewSize(170, 150), box))
}

func (l *library) updateCard(i widget.GridWrapItemID, o fyne.CanvasObject) {
	c, ok := o.(*card)
	if !ok || i >= len(l.u.shownIDs) {
		return
	}
	it := l.u.item(l.u.shownIDs[i])
	c.name.SetText(safetext.Line(it.Summary.Title()))
	c.mark.SetResource(stateIcon(it.Verification))
	l.u.images.get(l.u.wallet, l.u.async, it, func() { l.grid.RefreshItem(i) }).show(c.img)
}

// row is one line of the library: picture, name, and issuer · date · kind.
type row struct {
	widget.BaseWidget
	lib  *library
	id   string       // the item shown
	mark *widget.Icon // verification state
	img  *canvas.Image
	name *widget.Label
	sub  *widget.Label
	bg   *canvas.Rectangle // shown when the row is one of several chosen
}

func newRow(l *library) *row {
	r := &row{lib: l, mark: widget.NewIcon(theme.QuestionIcon()), img: newBadgeImage(44), name: widget.NewLabel(""), sub: widget.NewLabel(""),
		bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection))}
	r.bg.Hide()
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.sub.Truncation = fyne.TextTruncateEllipsis
	r.sub.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	text := container.New(tightVBox{}, r.name, r.sub)
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewBorder(nil, nil, r.img, r.mark, text)))
}

// MouseDown implements desktop.Mouseable: the keys held with the click
// decide, when the tree reports the selection, whether it adds to the
// credentials chosen (Ctrl), takes a range (Shift) or starts afresh.
func (r *row) MouseDown(e *desktop.MouseEvent) { r.lib.mod = e.Modifier }

// MouseUp implements desktop.Mouseable.
func (r *row) MouseUp(*desktop.MouseEvent) {}

// Tapped implements fyne.Tappable. A row that hears the mouse takes the
// tap from the tree's own node, so it selects in the tree itself.
func (r *row) Tapped(*fyne.PointEvent) {
	l := r.lib
	mod := l.mod
	l.mod = 0
	if r.id == "" || strings.HasPrefix(r.id, groupPrefix) {
		if l.tree.IsBranchOpen(r.id) {
			l.tree.CloseBranch(r.id)
		} else {
			l.tree.OpenBranch(r.id)
		}
		return
	}
	l.tapping = true
	l.tree.Select(r.id)
	l.tapping = false
	l.choose(r.id, mod)
}

func (l *library) create(bool) fyne.CanvasObject { return newRow(l) }

func (l *library) update(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	r, ok := o.(*row)
	if ok {
		r.id = id
	}
	if ok && strings.HasPrefix(id, groupPrefix) {
		r.name.SetText(safetext.Line(strings.TrimPrefix(id, groupPrefix)))
		r.sub.SetText(lang.N("{{.Count}} credentials", len(l.inGroup[id]), counted(len(l.inGroup[id]))))
		r.mark.SetResource(theme.AccountIcon())
		r.img.Resource, r.img.Image = nil, nil
		r.img.Refresh()
		return
	}
	it, found := l.u.itemOK(id)
	if !ok || !found {
		return
	}
	r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	if l.chosen[id] && len(l.chosen) > 1 {
		r.bg.Show()
	} else {
		r.bg.Hide()
	}
	r.name.SetText(safetext.Line(it.Summary.Title()))
	r.sub.SetText(rowDetail(it))
	r.mark.SetResource(stateIcon(it.Verification))
	l.u.images.get(l.u.wallet, l.u.async, it, func() { l.tree.RefreshItem(id) }).show(r.img)
}

// rowDetail is the second line of a row: issuer · issued · kind.
func rowDetail(it wallet.Item) string {
	parts := []string{safetext.Line(it.Summary.Issuer())}
	if !it.Summary.Issued.IsZero() {
		parts = append(parts, shortDate(it.Summary.Issued))
	}
	kind := kindLabel(it.Kind)
	if it.Kind == credential.KindCLR {
		kind += " · " + lang.N("{{.Count}} credentials", len(it.Children), counted(len(it.Children)))
	}
	parts = append(parts, kind)
	// What the learner marked comes first, so a narrow row still shows it.
	var marks []string
	if wallet.IsSample(it) {
		marks = append(marks, lang.L("Sample"))
	}
	if it.Pinned {
		marks = append(marks, lang.L("Pinned"))
	}
	for _, t := range it.Tags {
		marks = append(marks, "#"+safetext.Line(t))
	}
	return strings.Join(append(marks, parts...), " · ")
}

// tightVBox stacks objects vertically without padding between them.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	s.Height -= 2 * float32(len(objs)-1) * 4
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - 8
	}
}

// libTree is the library's tree, moved through by the keyboard from the
// credential shown: Fyne's tree keeps the row it last focused even when a
// search has hidden it, after which Up, Down and Space do nothing. Up and
// Down show the credential above or below at once (Home and End the first
// and last), Right opens a record or a group and goes into it, Left goes
// back out, Space or Enter opens or closes a record or group.
type libTree struct {
	widget.Tree
	l      *library
	cursor string // the row the keyboard is on
}

func newLibTree(l *library) *libTree {
	t := &libTree{l: l}
	t.ChildUIDs, t.IsBranch, t.CreateNode, t.UpdateNode = l.children, l.isBranch, l.create, l.update
	t.ExtendBaseWidget(t)
	return t
}

// rows lists the rows shown, in order, each with its parent row ("" at the
// top).
func (t *libTree) rows() (ids, parents []string) {
	var walk func(parent string)
	walk = func(parent string) {
		for _, id := range t.l.children(parent) {
			ids, parents = append(ids, id), append(parents, parent)
			if t.IsBranchOpen(id) {
				walk(id)
			}
		}
	}
	walk("")
	return ids, parents
}

// FocusGained puts the keyboard on the credential shown when it is in the
// list, else on the first row, and shows that.
func (t *libTree) FocusGained() {
	ids, _ := t.rows()
	switch {
	case len(ids) == 0:
	case slices.Contains(ids, t.l.u.selected):
		t.cursor = t.l.u.selected
	case !slices.Contains(ids, t.cursor):
		t.cursor = ids[0]
	}
	t.Tree.FocusGained()
	if t.cursor != "" {
		t.Select(t.cursor)
	}
}

// TypedKey moves through the rows shown; see libTree.
func (t *libTree) TypedKey(k *fyne.KeyEvent) {
	ids, parents := t.rows()
	if len(ids) == 0 {
		return
	}
	at := slices.Index(ids, t.cursor)
	if at < 0 {
		at = slices.Index(ids, t.l.u.selected)
	}
	to := at
	switch k.Name {
	case fyne.KeyDown:
		to = min(at+1, len(ids)-1)
	case fyne.KeyUp:
		to = max(at-1, 0)
	case fyne.KeyHome:
		to = 0
	case fyne.KeyEnd:
		to = len(ids) - 1
	case fyne.KeyPageDown:
		to = min(max(at, 0)+10, len(ids)-1)
	case fyne.KeyPageUp:
		to = max(at-10, 0)
	case fyne.KeyRight:
		if at >= 0 && t.l.isBranch(ids[at]) {
			t.OpenBranch(ids[at])
			if kids := t.l.children(ids[at]); len(kids) > 0 {
				t.moveTo(kids[0])
			}
		}
		return
	case fyne.KeyLeft:
		switch {
		case at < 0:
		case t.l.isBranch(ids[at]) && t.IsBranchOpen(ids[at]):
			t.CloseBranch(ids[at])
		case parents[at] != "":
			t.moveTo(parents[at])
		}
		return
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		if at >= 0 && t.l.isBranch(ids[at]) {
			t.ToggleBranch(ids[at])
		} else if at >= 0 {
			t.moveTo(ids[at])
		}
		return
	case fyne.KeyF1, fyne.KeyDelete:
		toWindow(t, k) // the window's keys: the shortcuts, the trash
		return
	default:
		t.Tree.TypedKey(k)
		return
	}
	if to < 0 {
		to = 0
	}
	t.moveTo(ids[to])
}

func (t *libTree) moveTo(id string) {
	t.cursor = id
	t.Select(id)
	t.ScrollTo(id)
}
