package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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
	u    *UI
	tree *widget.Tree
}

func newLibrary(u *UI) *library {
	l := &library{u: u}
	l.tree = widget.NewTree(l.children, l.isBranch, l.create, l.update)
	l.tree.OnSelected = func(id widget.TreeNodeID) {
		it, ok := u.byID[id]
		if !ok {
			return
		}
		u.selected = id
		u.detail.show(&it)
	}
	return l
}

func (l *library) children(id widget.TreeNodeID) []widget.TreeNodeID {
	if id == "" {
		return l.u.shownIDs
	}
	return l.u.byID[id].Children
}

func (l *library) isBranch(id widget.TreeNodeID) bool {
	return id == "" || len(l.u.byID[id].Children) > 0
}

// row is one line of the library: picture, name, and issuer · date · kind.
type row struct {
	widget.BaseWidget
	mark *widget.Icon // verification state
	img  *canvas.Image
	name *widget.Label
	sub  *widget.Label
}

func newRow() *row {
	r := &row{mark: widget.NewIcon(theme.QuestionIcon()), img: newBadgeImage(44), name: widget.NewLabel(""), sub: widget.NewLabel("")}
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
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, r.img, r.mark, text))
}

func (l *library) create(bool) fyne.CanvasObject { return newRow() }

func (l *library) update(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	r, ok := o.(*row)
	it, found := l.u.byID[id]
	if !ok || !found {
		return
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
		parts = append(parts, it.Summary.Issued.Format("2 Jan 2006"))
	}
	kind := it.Kind.Label()
	if it.Kind == credential.KindCLR {
		kind += " · " + lang.N("{{.Count}} credentials", len(it.Children), counted(len(it.Children)))
	}
	parts = append(parts, kind)
	if it.Pinned {
		parts = append([]string{lang.L("Pinned")}, parts...)
	}
	for _, t := range it.Tags {
		parts = append(parts, "#"+safetext.Line(t))
	}
	return strings.Join(parts, " · ")
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
