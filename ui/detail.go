package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// detail shows one credential: picture, what it says, and what can be done with it.
type detail struct {
	u    *UI
	root *fyne.Container
	item *wallet.Item

	img        *canvas.Image
	title      *widget.RichText
	kind       *widget.Label
	state      *widget.Label
	fields     *fyne.Container // what the credential says
	evidence   *fyne.Container // the evidence it gives
	technical  *fyne.Container // identifiers, proofs, format: under Technical details
	techPanel  *widget.Accordion
	verify     *verification
	yours      *yours
	nested     *fyne.Container
	sourceBtn  *ringButton
	exportBtn  *ringButton
	presentBtn *ringButton
	bakedBtn   *ringButton
	deleteBtn  *ringButton
	content    *container.Scroll
	none       fyne.CanvasObject
	nothing    fyne.CanvasObject // the filter bar found nothing
}

func newDetail(u *UI) *detail {
	d := &detail{u: u}
	d.img = newBadgeImage(128)
	d.title = widget.NewRichText()
	d.title.Wrapping = fyne.TextWrapWord
	d.kind = widget.NewLabel("")
	d.state = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	d.fields = container.New(layout.NewFormLayout())
	d.technical = container.New(layout.NewFormLayout())
	d.evidence = container.NewVBox()
	d.techPanel = widget.NewAccordion(widget.NewAccordionItem(lang.L("Technical details"), d.technical))
	d.nested = container.NewVBox()
	d.verify = newVerification(u)
	d.yours = newYours(u)
	d.sourceBtn = newRingButton(lang.L("Show source"), theme.FileTextIcon(), d.showSource)
	d.exportBtn = newRingButton(lang.L("Export original…"), theme.DocumentSaveIcon(), d.export)
	d.presentBtn = newRingButton(lang.L("Present…"), theme.MailSendIcon(), func() {
		if d.item != nil {
			u.present(d.item.ID)
		}
	})
	d.bakedBtn = newRingButton(lang.L("Export as badge image…"), theme.FileImageIcon(), d.exportBaked)
	d.deleteBtn = newRingButton(lang.L("Delete"), theme.DeleteIcon(), d.trash)
	d.deleteBtn.Importance = widget.DangerImportance

	header := container.NewBorder(nil, nil, d.img, nil, container.NewVBox(d.title, d.kind, d.state))
	buttons := container.NewVBox(
		container.NewHBox(d.presentBtn, d.sourceBtn, layout.NewSpacer(), d.deleteBtn),
		container.NewHBox(d.exportBtn, d.bakedBtn),
	)
	// Learner first: what the credential says, then the verdict (its
	// checks a click away), the transcript, the learner's own, the
	// actions; identifiers and proofs last, folded.
	d.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		header, d.verify.root, widget.NewSeparator(), d.fields, d.evidence, d.nested, widget.NewSeparator(), d.yours.root,
		widget.NewSeparator(), buttons, d.techPanel,
	)))
	u.follow(d.content, 0)
	hint := widget.NewLabel(lang.L("Select a credential to see what it says."))
	hint.Importance = widget.LowImportance
	d.none = container.NewCenter(hint)
	found := widget.NewLabel(lang.L("Nothing found. Try other words, or clear the search and filters."))
	found.Alignment = fyne.TextAlignCenter
	d.nothing = container.NewCenter(container.NewVBox(found, container.NewCenter(newRingButton(lang.L("Show everything"), nil, u.filter.reset))))
	d.root = container.NewStack(d.none)
	return d
}

// showNothingFound says the filter bar found nothing, and how to go on.
func (d *detail) showNothingFound() {
	d.item = nil
	d.root.Objects = []fyne.CanvasObject{d.nothing}
	d.root.Refresh()
}

// show displays it, or the hint when it is nil.
func (d *detail) show(it *wallet.Item) {
	if it != nil && (d.item == nil || d.item.ID != it.ID) {
		d.content.ScrollToTop() // a new item starts at its top
	}
	d.item = it
	if it == nil {
		d.root.Objects = []fyne.CanvasObject{d.none}
		d.root.Refresh()
		return
	}
	s := it.Summary
	d.title.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: safetext.Line(s.Title()), Style: widget.RichTextStyleHeading}}
	d.title.Refresh()
	kind := kindLabel(it.Kind)
	if s.AchievementType != "" {
		kind += " · " + safetext.Line(s.AchievementType)
	}
	if s.Type == "EndorsementCredential" {
		kind += lang.L(" · endorsement")
	}
	if iss := it.Summary.Issuer(); iss != "" {
		kind = lang.L("From {{.Issuer}}", map[string]any{"Issuer": safetext.Line(iss)}) + " · " + kind
	}
	d.kind.SetText(kind)
	d.kind.Wrapping = fyne.TextWrapWord
	d.state.SetText("")
	d.state.Hide()
	d.verify.show(it)
	d.u.images.get(d.u.wallet, d.u.async, *it, func() {
		if d.item != nil && d.item.ID == it.ID {
			d.show(d.item)
		}
	}).show(d.img)

	d.fields.Objects = nil
	d.technical.Objects = nil
	into := d.fields
	add := func(label, value string) { // every value comes from the credential
		value = strings.TrimSpace(safetext.Text(value))
		if value == "" {
			return
		}
		l := widget.NewLabelWithStyle(fieldLabel(label), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		// Identifiers can be selected and copied; what the learner reads
		// is not a stop for Tab, which would show no mark on it.
		v.Selectable = into == d.technical
		into.Objects = append(into.Objects, l, v)
	}
	if it.Parent != "" {
		add(lang.L("Part of"), d.u.item(it.Parent).Summary.Title())
	}
	var technical []credential.Field
	for _, f := range s.Fields() {
		if !f.When.IsZero() {
			f.Text = longDate(f.When)
		}
		switch f.Label {
		case "Issuer id", "Credential id", "Proof":
			technical = append(technical, f)
			continue
		case "Recipient":
			// Who it names, in words; its identifier is technical.
			var who []string
			for _, r := range []string{s.RecipientName, s.RecipientEmail, s.RecipientHashed} {
				if r != "" {
					who = append(who, r)
				}
			}
			if s.RecipientID != "" {
				technical = append(technical, credential.Field{Label: "Recipient id", Text: s.RecipientID})
			}
			f.Label, f.Text = "Awarded to", strings.Join(who, "\n")
		case "Criteria", "Narrative":
			// Markdown, as the specifications allow: formatted, never
			// fetching or linking anything.
			if t := strings.TrimSpace(f.Text); t != "" {
				into.Objects = append(into.Objects,
					widget.NewLabelWithStyle(fieldLabel(f.Label), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), safeMarkdown(t))
			}
			continue
		}
		add(f.Label, f.Text)
	}
	add("Endorsed by", strings.Join(s.Endorsers, "\n"))
	d.fields.Refresh()
	d.showEvidence(s.Evidence)
	into = d.technical
	for _, f := range technical {
		add(f.Label, f.Text)
	}
	add(lang.L("Format"), formatText(it.Format)+", "+s.DataModel)
	add(lang.L("Imported"), lang.L("{{.Time}} from {{.Source}}", map[string]any{"Time": longDateTime(it.AddedAt.Local()), "Source": sourceName(it.Source)}))
	d.technical.Refresh()
	d.techPanel.CloseAll()

	d.nested.Objects = nil
	if len(it.Children) > 0 {
		d.nested.Add(d.transcript(*it))
	}
	d.nested.Refresh()
	d.yours.show(*it)
	if it.HasImage {
		d.bakedBtn.Show()
	} else {
		d.bakedBtn.Hide()
	}
	if presentBlocker(*it) == "" {
		d.presentBtn.Enable()
	} else {
		d.presentBtn.Disable()
	}
	if it.Parent != "" {
		d.deleteBtn.Disable()
	} else {
		d.deleteBtn.Enable()
	}
	d.root.Objects = []fyne.CanvasObject{d.content}
	d.root.Refresh()
}

func verificationText(v verify.Verdict) string { return verdictLabel(v) }

func formatText(f credential.Format) string {
	switch f {
	case credential.FormatPNG:
		return lang.L("baked PNG image")
	case credential.FormatSVG:
		return lang.L("baked SVG image")
	case credential.FormatJWT:
		return "JWT"
	}
	return "JSON"
}

// maxSourceShown bounds the text put in the source view; longer sources are cut there.
const maxSourceShown = 64 << 10

func (d *detail) showSource() {
	if d.item == nil {
		return
	}
	it := *d.item
	var text string
	var err error
	d.u.run(func() { text, err = d.u.wallet.Source(it.ID) }, func() {
		if err != nil {
			d.u.showError(lang.L("Could not read the source"), err)
			return
		}
		full := text
		if len(text) > maxSourceShown {
			text = strings.ToValidUTF8(text[:maxSourceShown], "") + lang.L("\n\n… (cut here; use Copy, or export the original, to get all of it)")
		}
		src := widget.NewLabel(safetext.Text(text)) // Copy gives the exact text
		src.TextStyle.Monospace = true
		src.Wrapping = fyne.TextWrapBreak
		src.Selectable = true
		copyBtn := newRingButton(lang.L("Copy"), theme.ContentCopyIcon(), nil)
		copyBtn.OnTapped = func() {
			d.u.app.Clipboard().SetContent(full)
			copyBtn.SetText(lang.L("Copied"))
		}
		note := lang.L("The credential exactly as received.")
		if it.Format == credential.FormatPNG || it.Format == credential.FormatSVG {
			note = lang.L("The credential baked into the image, exactly as baked.")
		}
		body := container.NewBorder(widget.NewLabel(note), container.NewHBox(layout.NewSpacer(), copyBtn), nil, nil, container.NewScroll(src))
		dlg := newDialog(lang.L("Source of {{.Name}}", map[string]any{"Name": safetext.Line(it.Summary.Title())}), lang.L("Close"), body, d.u.win)
		dlg.Resize(fyne.NewSize(760, 560))
		d.u.showEscapable(dlg)
	})
}

// exportName is the file name offered when exporting an item's original.
func exportName(it wallet.Item) string {
	if it.Source != "" && it.Parent == "" {
		return filepath.Base(it.Source)
	}
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, it.Summary.Title())
	ext := map[credential.Format]string{credential.FormatPNG: ".png", credential.FormatSVG: ".svg", credential.FormatJWT: ".jwt"}[it.Format]
	if ext == "" {
		ext = ".json"
	}
	return name + ext
}

func (d *detail) export() {
	if d.item == nil {
		return
	}
	it := *d.item
	var (
		b   []byte
		err error
	)
	d.u.run(func() { b, err = d.u.wallet.Original(it.ID) }, func() {
		if err != nil {
			d.u.showError(lang.L("Could not export"), err)
			return
		}
		d.u.saveFile(exportName(it), b, func(uri fyne.URI) {
			d.u.status.SetText(lang.L("Exported {{.Name}} to {{.Path}}", map[string]any{"Name": safetext.Line(it.Summary.Title()), "Path": safetext.Line(uri.Path())}))
		})
	})
}

// trash moves the credential to the trash at once; the notice above the
// library offers to undo it, and the trash keeps it for 30 days.
func (d *detail) trash() {
	if d.item == nil || d.item.Parent != "" {
		return
	}
	d.u.trashItems([]wallet.Item{*d.item})
}

// exportBaked saves the credential baked into its own picture (PNG or SVG,
// whichever it has), so it can be shared as a badge image on its own.
func (d *detail) exportBaked() {
	if d.item == nil {
		return
	}
	id := d.item.ID
	var (
		data []byte
		name string
		err  error
	)
	d.u.run(func() {
		data, name, err = d.u.wallet.Rebake(id, "png")
		var format *wallet.ImageFormatError
		if errors.As(err, &format) && format.Have == "SVG" {
			data, name, err = d.u.wallet.Rebake(id, "svg")
		}
	}, func() {
		if err != nil {
			d.u.showError(lang.L("Could not export the badge image"), err)
			return
		}
		d.u.saveBytes(name, data, lang.L("the badge image"))
	})
}
