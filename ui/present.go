package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

// presentTimeout bounds signing a presentation and checking it.
const presentTimeout = 60 * time.Second

// Choices of the presenter's format and validity, as shown.
const (
	formatDI  = "Data Integrity (JSON file)"
	formatJWT = "JWT (compact text)"
)

var validities = []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour}

const defaultValidity = 7 * 24 * time.Hour

// presenter is the dialog in which the learner chooses credentials (whole
// ones, or single courses out of a record), sees what they disclose, signs
// the presentation with their key and shares it. Its steps replace one
// another in the same dialog.
type presenter struct {
	shown  []string // the top-level items the search finds; nil: all
	u      *UI
	dlg    *dialog.CustomDialog
	step   *fyne.Container
	chosen map[string]bool
	// stopSharing stops the local share a sharing dialog started, when it
	// closes (nil: none started).
	stopSharing func()

	choose    fyne.CanvasObject // the first step, kept as left
	tree      *widget.Tree
	format    *widget.RadioGroup
	domain    *lineEntry
	challenge *lineEntry
	validity  *widget.Select
	curated   *widget.Check
	summary   *widget.Label
	review    *ringButton

	pres    *wallet.Presentation
	wrapped bool            // pres wraps courses in a record of the learner's own
	logged  map[string]bool // how pres was shared, as logged
}

// present opens the presenter with the given items already chosen.
func (u *UI) present(preselect ...string) *presenter {
	p := &presenter{u: u, chosen: map[string]bool{}}
	for _, id := range preselect {
		if it, ok := u.itemOK(id); ok && presentBlocker(it) == "" {
			p.chosen[id] = true
		}
	}
	p.step = container.NewStack()
	p.dlg = dialog.NewCustomWithoutButtons(lang.L("Present credentials"), p.step, u.win)
	u.handleKeys(p.dlg, &dialogKeys{cancel: p.dlg.Hide}) // Escape closes it
	p.showChoose()
	p.dlg.Resize(fyne.NewSize(1000, 640))
	p.dlg.Show()
	return p
}

// presentFrom offers to present courses of the record with id: the
// record is open in the list, nothing chosen yet.
func (u *UI) presentFrom(id string) *presenter {
	p := u.present()
	p.tree.OpenBranch(id)
	p.tree.ScrollTo(id)
	return p
}

// shownSelected is the credential shown, when the library's list shows it
// (itself, or the record it is in): what Present… starts with.
func (u *UI) shownSelected() []string {
	it, ok := u.itemOK(u.selected)
	if !ok {
		return nil
	}
	top := it.ID
	if it.Parent != "" {
		top = it.Parent
	}
	if !slices.Contains(u.shownIDs, top) {
		return nil
	}
	return []string{it.ID}
}

func (p *presenter) setStep(o fyne.CanvasObject) {
	p.step.Objects = []fyne.CanvasObject{o}
	p.step.Refresh()
}

// presentBlocker says why an item cannot go in a presentation, or "".
// The wallet checks again, from the credential itself, before it signs.
func presentBlocker(it wallet.Item) string {
	switch {
	case it.Kind == credential.KindOB2:
		return lang.L("Open Badges 2.0: share the badge file itself")
	case it.Parent != "" && len(it.Summary.Proofs) == 0:
		return lang.L("not signed on its own: present the whole record")
	case it.Verification != "" && !it.Verification.OK():
		return lang.L("{{.Verdict}}: it cannot be presented", map[string]any{"Verdict": strings.ToLower(verdictLabel(it.Verification))})
	}
	return ""
}

// ---- Step 1: choose ----

func (p *presenter) showChoose() {
	u := p.u
	p.tree = widget.NewTree(p.childIDs, func(id widget.TreeNodeID) bool { return id == "" || len(u.item(id).Children) > 0 },
		p.createRow, p.updateRow)
	p.tree.OnSelected = func(id widget.TreeNodeID) {
		p.tree.Unselect(id)
		if it, ok := u.itemOK(id); ok && presentBlocker(it) == "" && !p.chosen[it.Parent] {
			p.toggle(id, !p.chosen[id])
		}
	}
	for id := range p.chosen {
		if parent := u.item(id).Parent; parent != "" {
			p.tree.OpenBranch(parent)
		}
	}

	p.format = widget.NewRadioGroup([]string{lang.L(formatDI), lang.L(formatJWT)}, func(string) {
		if p.summary != nil {
			p.updateSummary()
		}
	})
	p.format.Required = true
	p.format.SetSelected(lang.L(formatDI))
	p.domain = newLineEntry()
	p.domain.SetPlaceHolder(lang.L("e.g. careers.example.com"))
	p.challenge = newLineEntry()
	p.challenge.SetPlaceHolder(lang.L("the code the recipient gave you, if any"))
	labels := make([]string, len(validities))
	for i, v := range validities {
		labels[i] = validityLabel(v)
	}
	p.validity = widget.NewSelect(labels, nil)
	p.validity.SetSelected(validityLabel(defaultValidity))
	p.curated = widget.NewCheck(lang.L("Wrap the courses in a record of my own"), nil)

	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	p.review = newRingButton(lang.L("Review…"), theme.NavigateNextIcon(), p.showReview)
	p.review.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, p.dlg.Hide)
	p.updateSummary()

	intro := widget.NewLabel(lang.L("Choose what to present. Each credential goes in exactly as its issuer signed it; " +
		"from a record you can pick single courses, each still signed by the issuer."))
	intro.Wrapping = fyne.TextWrapWord
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(320, 0))
	options := container.NewStack(width, container.NewVBox(
		bold(lang.L("Format")), p.format,
		bold(lang.L("For")), p.domain,
		bold(lang.L("Challenge")), p.challenge,
		bold(lang.L("Valid for")), p.validity,
		widget.NewSeparator(), p.curated,
	))
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, container.NewHBox(cancel, p.review), p.summary))
	search := newSearchEntry()
	search.SetPlaceHolder(lang.L("Search your credentials…"))
	search.OnChanged = p.find
	search.toList = func() { u.win.Canvas().Focus(p.tree) } // Down or Enter: to the list
	top := container.NewVBox(intro, container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, search))
	// In the order Tab follows: the search, the list, the options, the
	// buttons (NewBorder would put the list first).
	right := container.NewPadded(options)
	p.choose = container.New(layout.NewBorderLayout(top, bottom, nil, right), top, p.tree, right, bottom)
	p.setStep(p.choose)
}

func (p *presenter) childIDs(id widget.TreeNodeID) []widget.TreeNodeID {
	if id == "" {
		if p.shown != nil {
			return p.shown
		}
		return p.u.topIDs
	}
	return p.u.item(id).Children
}

// find shows the credentials the library's search finds (chosen ones
// stay chosen when hidden).
func (p *presenter) find(text string) {
	if strings.TrimSpace(text) == "" || p.u.lib == nil {
		p.shown = nil
	} else {
		p.shown = append(p.u.lib.SelectIDs(wallet.Query{Search: text}, time.Now()),
			p.u.lib.SelectIDs(wallet.Query{Search: text, Archived: true}, time.Now())...)
	}
	p.tree.Refresh()
}

func (p *presenter) createRow(bool) fyne.CanvasObject {
	check := newTick()
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	note := widget.NewLabel("")
	note.Importance = widget.LowImportance
	mark := widget.NewIcon(theme.QuestionIcon())
	return container.NewBorder(nil, nil, container.NewHBox(check, mark), note, title)
}

func (p *presenter) updateRow(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	row := o.(*fyne.Container)
	title := row.Objects[0].(*widget.Label)
	left := row.Objects[1].(*fyne.Container)
	check := left.Objects[0].(*tick)
	note := row.Objects[2].(*widget.Label)
	it := p.u.item(id)
	left.Objects[1].(*widget.Icon).SetResource(stateIcon(it.Verification))
	title.SetText(safetext.Line(it.Summary.Title() + " — " + it.Summary.Issuer()))
	check.OnChanged = nil
	blocker := presentBlocker(it)
	switch {
	case blocker != "":
		check.SetChecked(false)
		check.Disable()
		note.SetText(blocker)
	case p.chosen[it.Parent]:
		check.SetChecked(true)
		check.Disable()
		note.SetText(lang.L("in the whole record"))
	default:
		check.SetChecked(p.chosen[id])
		check.Enable()
		text := formatText(it.Format) + " · " + it.Summary.DataModel
		if it.Parent == "" && it.Source != "" {
			text += " · " + safetext.Line(filepath.Base(it.Source)) // tells copies of one badge apart
		}
		note.SetText(text)
	}
	check.OnChanged = func(on bool) { p.toggle(id, on) }
}

// toggle chooses or unchooses an item. Choosing a whole record supersedes
// courses chosen from it.
func (p *presenter) toggle(id string, on bool) {
	if on {
		p.chosen[id] = true
		for _, c := range p.u.item(id).Children {
			delete(p.chosen, c)
		}
	} else {
		delete(p.chosen, id)
	}
	p.tree.Refresh()
	p.updateSummary()
}

// chosenIDs are the chosen items in library order.
func (p *presenter) chosenIDs() []string {
	var ids []string
	for _, it := range p.u.items {
		if p.chosen[it.ID] && !p.chosen[it.Parent] {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

func (p *presenter) updateSummary() {
	ids := p.chosenIDs()
	nested := 0
	for _, id := range ids {
		if p.u.item(id).Parent != "" {
			nested++
		}
	}
	if nested > 0 {
		p.curated.Enable()
	} else {
		p.curated.SetChecked(false)
		p.curated.Disable()
	}
	switch len(ids) {
	case 0:
		p.summary.SetText(lang.L("Nothing chosen yet."))
		p.review.Disable()
		return
	case 1:
		p.summary.SetText(lang.L("1 credential chosen."))
	default:
		p.summary.SetText(lang.N("{{.Count}} credentials chosen.", len(ids), counted(len(ids))))
	}
	if nested > 0 {
		p.summary.SetText(p.summary.Text + lang.L(" {{.Count}} from inside a record.", counted(nested)))
	}
	if problem := p.versionProblem(ids); problem != "" {
		p.summary.SetText(p.summary.Text + " " + problem)
		p.review.Disable()
		return
	}
	p.review.Enable()
}

// versionProblem says, before signing, when the chosen credentials cannot
// go in one presentation together (the wallet checks again when signing).
func (p *presenter) versionProblem(ids []string) string {
	items := make([]wallet.Item, len(ids))
	for i, id := range ids {
		items[i] = p.u.item(id)
	}
	format := wallet.PresentLDP
	if p.format.Selected == lang.L(formatJWT) {
		format = wallet.PresentJWT
	}
	switch err := wallet.CanPresentTogether(items, format); {
	case errors.Is(err, wallet.ErrMixedVersions):
		return lang.L("But they mix credentials of two versions of the data model (VCDM 1.1 and 2.0), " +
			"which cannot go in one presentation: present them in two.")
	case errors.Is(err, wallet.ErrJWTWithV1):
		return lang.L("A JWT credential and VCDM 1.1 credentials go together only in the JWT format.")
	}
	return ""
}

// options are the choices made, as the wallet takes them.
func (p *presenter) options() wallet.PresentOptions {
	opts := wallet.PresentOptions{
		Domain:     strings.TrimSpace(p.domain.Text),
		Challenge:  strings.TrimSpace(p.challenge.Text),
		CuratedCLR: p.curated.Checked,
		Format:     wallet.PresentLDP,
	}
	if p.format.Selected == lang.L(formatJWT) {
		opts.Format = wallet.PresentJWT
	}
	for _, v := range validities {
		if validityLabel(v) == p.validity.Selected {
			opts.Expires = v
		}
	}
	return opts
}

// ---- Step 2: review what is disclosed ----

func (p *presenter) showReview() {
	ids := p.chosenIDs()
	opts := p.options()
	var (
		disclosed []wallet.Disclosed
		checks    []wallet.Presentability
		holderDID string
		err       error
	)
	p.review.Disable()
	p.u.status.SetText(lang.L("Checking the credentials as the recipient will…"))
	p.u.run(func() {
		if disclosed, err = p.u.wallet.Disclosure(ids); err != nil {
			return
		}
		// The key is made now if this is the first presentation, so
		// that a keyring problem shows before anything else.
		var key *holder.Key
		if key, err = p.u.wallet.HolderKey(); err != nil {
			return
		}
		holderDID = key.DID()
		ctx, cancel := context.WithTimeout(context.Background(), presentTimeout)
		defer cancel()
		checks, err = p.u.wallet.Presentability(ctx, ids)
	}, func() {
		p.u.status.SetText("")
		p.updateSummary() // enables Review again, if what is chosen still can go together
		if err != nil {
			p.u.showError(lang.L("Could not prepare the presentation"), err)
			return
		}
		p.setStep(p.reviewStep(disclosed, checks, holderDID, opts, ids))
	})
}

// standing says, before signing, which chosen credentials may not be
// presented (refused) and which are not bound to the learner (unbound).
func standing(checks []wallet.Presentability) (refused, unbound fyne.CanvasObject, canSign, needsConsent bool) {
	canSign = true
	bad := container.NewVBox()
	var names []string
	for _, c := range checks {
		switch {
		case c.Problem != nil:
			canSign = false
			l := widget.NewLabel("✗ " + message(c.Problem))
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.DangerImportance
			bad.Add(l)
		case !c.Bound:
			names = append(names, "“"+safetext.Line(c.Item.Summary.Title())+"”")
		}
	}
	if !canSign {
		refused = bad
	}
	if len(names) > 0 {
		needsConsent = true
		l := widget.NewLabel(lang.N("{{.Names}} were issued to an e-mail address or a name, not to your key. "+
			"Your signature cannot show the recipient that they are yours: they will see them marked \"not bound to the presenter\", "+
			"and can compare the name or e-mail address with yours.", len(names), map[string]any{"Count": len(names), "Names": strings.Join(names, ", ")}))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		unbound = l
	}
	return refused, unbound, canSign, needsConsent
}

func (p *presenter) reviewStep(disclosed []wallet.Disclosed, checks []wallet.Presentability, holderDID string, opts wallet.PresentOptions, ids []string) fyne.CanvasObject {
	list := container.NewVBox()
	for _, d := range disclosed {
		list.Add(widget.NewLabelWithStyle(safetext.Line(d.Title+" — "+d.Issuer), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if len(d.Facts) == 0 {
			l := widget.NewLabel(lang.L("    No personal data."))
			l.Importance = widget.LowImportance
			list.Add(l)
		}
		for _, f := range d.Facts {
			value := safetext.Line(f.Value)
			if f.Hashed {
				value = lang.L("hashed {{.What}}", map[string]any{"What": personalLabel(value)})
			}
			l := widget.NewLabel("    " + personalLabel(f.Label) + ": " + value)
			l.Wrapping = fyne.TextWrapWord
			list.Add(l)
		}
	}
	who := lang.L("Whoever you give it to")
	if opts.Domain != "" {
		who = lang.L("The recipient ({{.Domain}})", map[string]any{"Domain": safetext.Line(opts.Domain)})
	}
	head := widget.NewLabel(lang.L("{{.Who}} will see everything below, as the issuers wrote it, "+
		"and that you presented it. Nothing else from your wallet goes with it.", map[string]any{"Who": who}))
	head.Wrapping = fyne.TextWrapWord
	facts := widget.NewForm(
		widget.NewFormItem(lang.L("Signed by"), selectable(lang.L("{{.DID}} (your key, kept in the system keyring)", map[string]any{"DID": holderDID}))),
		widget.NewFormItem(lang.L("Format"), widget.NewLabel(formatLabel(opts.Format))),
		widget.NewFormItem(lang.L("Valid for"), widget.NewLabel(validityLabel(opts.Expires))),
	)
	back := newRingButton(lang.L("Back"), theme.NavigateBackIcon(), func() { p.setStep(p.choose) })
	sign := newRingButton(lang.L("Sign"), theme.ConfirmIcon(), nil)
	sign.Importance = widget.HighImportance
	refused, unbound, canSign, needsConsent := standing(checks)
	consent := widget.NewCheck(lang.L("Present them anyway"), func(on bool) {
		if on && canSign {
			sign.Enable()
		} else {
			sign.Disable()
		}
	})
	if !canSign || needsConsent {
		sign.Disable()
	}
	sign.OnTapped = func() {
		sign.Disable()
		back.Disable()
		opts.AllowUnbound = consent.Checked
		p.sign(ids, opts, func() { sign.Enable(); back.Enable() })
	}
	cancel := newRingButton(lang.L("Cancel"), nil, p.dlg.Hide)
	top := container.NewVBox(widget.NewLabelWithStyle(lang.L("What the recipient will see"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), head, facts)
	if refused != nil {
		top.Add(widget.NewLabelWithStyle(lang.L("Not presentable"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		top.Add(refused)
	}
	if unbound != nil {
		top.Add(unbound)
		top.Add(consent)
	}
	top.Add(widget.NewSeparator())
	return container.NewBorder(top, container.NewHBox(back, layout.NewSpacer(), cancel, sign), nil, nil, container.NewVScroll(list))
}

// ---- Step 3: sign, then share ----

func (p *presenter) sign(ids []string, opts wallet.PresentOptions, failed func()) {
	var (
		pres     *wallet.Presentation
		tooLarge *qr.TooLargeError
		err      error
	)
	p.u.status.SetText(lang.L("Signing…"))
	p.u.run(func() {
		ctx, cancel := context.WithTimeout(context.Background(), presentTimeout)
		defer cancel()
		if pres, err = p.u.wallet.Present(ctx, ids, opts); err == nil {
			// Whether it fits in one code: VPQR, else our own.
			if _, vpErr := vpqr.Encode(pres.Bytes); vpErr != nil {
				_, qrErr := qr.Encode(pres.Bytes)
				errors.As(qrErr, &tooLarge)
			}
		}
	}, func() {
		if err != nil {
			failed()
			p.u.status.SetText("")
			p.u.showError(lang.L("Could not sign the presentation"), err)
			return
		}
		p.pres, p.wrapped, p.logged = pres, opts.CuratedCLR, nil
		p.u.status.SetText(lang.N("Signed a presentation of {{.Count}} credentials", len(pres.Items), counted(len(pres.Items))))
		p.setStep(p.sharedStep(tooLarge))
	})
}

// sharedStep offers the ways to share the signed presentation; tooLarge
// says it does not fit in one QR code.
func (p *presenter) sharedStep(tooLarge *qr.TooLargeError) fyne.CanvasObject {
	pres := p.pres
	fits := tooLarge == nil

	done := widget.NewLabelWithStyle(lang.L("Signed, and checked by this wallet's verifier."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	done.Importance = widget.SuccessImportance
	list := container.NewVBox()
	for _, it := range pres.Items {
		list.Add(widget.NewLabel("• " + safetext.Line(it.Summary.Title()+" — "+it.Summary.Issuer())))
	}
	if p.wrapped {
		l := widget.NewLabel(lang.L("The courses from a record are wrapped in a record of your own, signed by you; each keeps its issuer's signature."))
		l.Wrapping = fyne.TextWrapWord
		list.Add(l)
	}
	facts := widget.NewForm(
		widget.NewFormItem(lang.L("Holder"), selectable(pres.HolderDID)),
		widget.NewFormItem(lang.L("For"), widget.NewLabel(safetext.Line(orNone(pres.Domain, lang.L("anyone (no recipient named)"))))),
		widget.NewFormItem(lang.L("Challenge"), selectable(pres.Challenge)),
		widget.NewFormItem(lang.L("Expires"), widget.NewLabel(longDateTime(pres.Expires.Local()))),
		widget.NewFormItem(lang.L("Size"), widget.NewLabel(sizeText(len(pres.Bytes)))),
	)
	save := newRingButton(lang.L("Save file…"), theme.DocumentSaveIcon(), p.save)
	save.Importance = widget.HighImportance
	showQR := newRingButton(lang.L("Show QR code"), theme.GridIcon(), p.showQR)
	lan := newRingButton(lang.L("Share on local network…"), theme.ComputerIcon(), p.shareLocal)
	copyBtn := newRingButton(lang.L("Copy"), theme.ContentCopyIcon(), nil)
	copyBtn.OnTapped = func() {
		p.u.app.Clipboard().SetContent(string(pres.Bytes))
		copyBtn.SetText(lang.L("Copied"))
		p.record("copied to the clipboard")
	}
	how := widget.NewLabel(lang.L("Save it and send the file, or show the QR code to someone with you."))
	if !fits {
		showQR.Disable()
		how.SetText(lang.L("It is too large for one QR code ({{.Size}} characters encoded; one holds {{.Limit}}). "+
			"Save the file and send it, or share it once on your local network: the recipient scans a link.",
			map[string]any{"Size": tooLarge.Size, "Limit": tooLarge.Limit}))
	}
	how.Wrapping = fyne.TextWrapWord
	closeBtn := newRingButton(lang.L("Close"), nil, p.dlg.Hide)
	top := container.NewVBox(done, facts, widget.NewLabelWithStyle(lang.L("In it"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	bottom := container.NewVBox(widget.NewSeparator(), how,
		container.NewHBox(save, showQR, lan, copyBtn, layout.NewSpacer(), closeBtn))
	return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(list))
}

// record logs that the presentation was shared, once per way.
func (p *presenter) record(how string) {
	if p.logged[how] {
		return // shown twice, copied twice: one entry
	}
	if p.logged == nil {
		p.logged = map[string]bool{}
	}
	p.logged[how] = true
	pres := p.pres
	var err error
	p.u.run(func() { _, err = p.u.wallet.RecordShare(pres, how) }, func() {
		if err != nil {
			p.u.showError(lang.L("Could not write the sharing log"), err)
		}
	})
}

// presentationName is the file name offered when saving a presentation.
func presentationName(pres *wallet.Presentation, now time.Time) string {
	who := "presentation"
	if pres.Domain != "" {
		who += "-for-" + safeName(pres.Domain)
	}
	return who + "-" + now.Local().Format("2006-01-02") + pres.FileExt
}

func (p *presenter) save() {
	pres := p.pres
	p.u.saveFile(presentationName(pres, time.Now()), pres.Bytes, func(uri fyne.URI) {
		p.u.status.SetText(lang.L("Saved the presentation to {{.Path}}", map[string]any{"Path": safetext.Line(uri.Path())}))
		p.record("saved to " + uri.Name())
	})
}

func (p *presenter) showQR() {
	pres := p.pres
	var (
		img []byte
		err error
	)
	var asVPQR bool
	p.u.run(func() {
		// VPQR, which other wallets and verifiers read, when the
		// presentation is JSON-LD and fits; else our own code.
		draw := func(size int) ([]byte, error) { return qr.PNG(pres.Bytes, size) }
		if code, verr := vpqr.Encode(pres.Bytes); verr == nil {
			asVPQR = true
			draw = func(size int) ([]byte, error) { return vpqr.PNG(code.Text, size) }
		}
		// Drawn once at a pixel a module to learn its width, then as large
		// as fits with whole pixels for every module.
		if img, err = draw(-1); err != nil {
			return
		}
		cfg, cerr := png.DecodeConfig(bytes.NewReader(img))
		if cerr != nil {
			err = cerr
			return
		}
		img, err = draw(-qrPixels(cfg.Width))
	}, func() {
		if err != nil {
			p.u.showError(lang.L("Could not make a QR code"), err)
			return
		}
		text := lang.L("Let the recipient scan this with Learner Wallet, or save the picture and send it.")
		if asVPQR {
			p.record("shown as a QR code (VPQR)")
			text = lang.L("A VPQR code: Learner Wallet reads it, and so do the wallets and verifiers built on Digital Bazaar's VPQR (DCC's, LearnCard). Or save the picture and send it.")
		} else {
			p.record("shown as a QR code")
		}
		p.u.showQRImage(lang.L("Presentation as a QR code"), img, text,
			strings.TrimSuffix(presentationName(pres, time.Now()), pres.FileExt)+"-qr.png")
	})
}

// showQRImage shows a QR code and offers to save it as a PNG file.
func (u *UI) showQRImage(title string, img []byte, text, fileName string) {
	res := fyne.NewStaticResource(fileName, img)
	pic := newQRCanvas(res, u.win.Canvas().Scale())
	hint := widget.NewLabel(text)
	hint.Wrapping = fyne.TextWrapWord
	saveBtn := newRingButton(lang.L("Save PNG…"), theme.DocumentSaveIcon(), func() { u.saveBytes(fileName, img, lang.L("the QR code")) })
	body := container.NewBorder(nil, container.NewVBox(hint, container.NewHBox(saveBtn)), nil, nil, pic)
	d := newDialog(title, lang.L("Close"), body, u.win)
	d.Resize(fyne.NewSize(600, 680))
	u.showEscapable(d)
}

// saveFile offers to save b under a name the learner picks, and writes it
// off the UI goroutine; saved runs once it is written.
func (u *UI) saveFile(name string, b []byte, saved func(fyne.URI)) {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(lang.L("Could not save"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		var werr error
		u.run(func() {
			_, werr = w.Write(b)
			if err := w.Close(); err != nil && werr == nil {
				werr = err
			}
		}, func() {
			if werr != nil {
				u.showError(lang.L("Could not save"), werr)
				return
			}
			saved(w.URI())
		})
	}, u.win)
	save.SetFileName(name)
	save.Resize(fileDialogSize)
	u.soon(save.Show) // it takes the keyboard: see soon
}

// saveBytes is saveFile, saying in the status bar that what (in the app's
// language) was saved.
func (u *UI) saveBytes(name string, b []byte, what string) {
	u.saveFile(name, b, func(uri fyne.URI) {
		u.status.SetText(lang.L("Saved {{.What}} to {{.Path}}", map[string]any{"What": what, "Path": safetext.Line(uri.Path())}))
	})
}

// selectable is a value the learner may want to copy, such as a DID; it may
// come from someone else's presentation.
func selectable(s string) fyne.CanvasObject {
	e := widget.NewLabel(safetext.Line(s))
	e.Selectable = true
	e.Truncation = fyne.TextTruncateEllipsis
	return e
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// safeName makes s usable in a file name on every system.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) || r < ' ' {
			return '-'
		}
		return r
	}, s)
}

func sizeText(n int) string {
	switch {
	case n < 1000:
		return lang.L("{{.Count}} bytes", counted(n))
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}

// fileDialogSize is the size of Fyne's file dialogs: their own is small.
var fileDialogSize = fyne.NewSize(820, 560)

// formatLabel is a presentation format as the learner chose it.
func formatLabel(format string) string {
	if format == wallet.PresentJWT {
		return lang.L(formatJWT)
	}
	return lang.L(formatDI)
}

// validityLabel is a validity as the learner chose it.
func validityLabel(d time.Duration) string {
	switch {
	case !slices.Contains(validities, d):
		return d.String()
	case d < 24*time.Hour:
		h := int(d.Hours())
		return lang.N("{{.Count}} hours", h, counted(h))
	}
	days := int(d.Hours() / 24)
	return lang.N("{{.Count}} days", days, counted(days))
}
