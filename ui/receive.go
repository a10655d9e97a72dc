package ui

import (
	"context"
	"errors"
	"net/url"
	"os"
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
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// logoTimeout bounds fetching an issuer's logo: the offer is shown
// without it rather than late.
const logoTimeout = 10 * time.Second

// maxOfferedShown bounds the credentials an offer lists by name; the rest
// are counted.
const maxOfferedShown = 20

// showReceive asks for an issuer's offer: its link pasted (from the
// issuer's page, an e-mail), or a picture of its QR code. The address of a
// credential file is taken too.
func (u *UI) showReceive() {
	u.askLink(linkDialog{
		title:       lang.L("Receive from an issuer"),
		placeholder: "openid-credential-offer://…",
		intro: lang.L("Receive badges and records straight from their issuer. Paste the link of the offer " +
			"(from the issuer's page or an e-mail), or open a picture or screenshot of its QR code. " +
			"What is offered is shown before anything is accepted."),
		empty:    lang.L("Nothing to receive"),
		emptyWhy: lang.L("paste the offer's link first, or open a picture of its QR code"),
	}, u.receiveLink)
}

// linkDialog is what a dialog asking for a link says.
type linkDialog struct {
	title, placeholder, intro, empty, emptyWhy string
}

// askLink asks for a link: pasted or typed, or the QR code in a picture
// (opened, or its path typed or pasted), and gives its text to then.
func (u *UI) askLink(ld linkDialog, then func(text string)) {
	if u.refuseWhileBusy() {
		return
	}
	link := newLineEntry()
	link.SetPlaceHolder(ld.placeholder) // or a picture's path
	var d *dialog.CustomDialog
	next := func() {
		text := strings.TrimSpace(link.Text)
		if text == "" {
			u.showError(ld.empty, errors.New(ld.emptyWhy))
			return
		}
		d.Hide()
		if isPicturePath(text) {
			u.scanThen(text, then)
			return
		}
		then(text)
	}
	link.OnSubmitted = func(string) { next() }
	cont := newRingButton(lang.L("Continue"), theme.NavigateNextIcon(), next)
	cont.Importance = widget.HighImportance
	picture := newRingButton(lang.L("Open a picture of the QR code…"), theme.FolderOpenIcon(), func() {
		u.openPath([]string{".png", ".jpg", ".jpeg", ".gif"}, func(path string) {
			u.scanThen(path, func(text string) { d.Hide(); then(text) })
		})
	})
	cancel := newRingButton(lang.L("Cancel"), nil, func() { d.Hide() })
	intro := widget.NewLabel(ld.intro)
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(intro, link, container.NewHBox(picture, layout.NewSpacer(), cancel, cont))
	d = dialog.NewCustomWithoutButtons(ld.title, body, u.win)
	d.Resize(fyne.NewSize(640, 240))
	u.showEscapable(d)
	u.soon(func() { u.win.Canvas().Focus(link) })
}

// isPicturePath reports whether typed text is the path of a file (a
// picture of a QR code, pasted or typed) rather than a link.
func isPicturePath(text string) bool {
	if strings.Contains(text, "://") {
		return false
	}
	fi, err := os.Stat(text)
	return err == nil && fi.Mode().IsRegular()
}

// scanThen reads the QR code in the picture at path, then gives its text
// to then.
func (u *UI) scanThen(path string, then func(text string)) {
	var (
		text string
		err  error
	)
	u.run(func() {
		var b []byte
		if b, err = wallet.ReadInput(path); err == nil {
			text, err = qr.Scan(b)
		}
	}, func() {
		if err != nil {
			u.showError(lang.L("Could not read the QR code"), err)
			return
		}
		then(text)
	})
}

// receiveLink reads an offer and its issuer's description, then shows the
// learner who offers what. The https address of a credential file is
// downloaded and imported.
func (u *UI) receiveLink(link string) {
	if u.refuseWhileBusy() {
		return
	}
	var (
		p    *oid4vci.Proposal
		logo *picture
		res  wallet.Result
		file bool
		err  error
	)
	client := u.wallet.Client()
	ctx, cancel := context.WithTimeout(context.Background(), wallet.ReceiveTimeout)
	stop := u.startCancellable(lang.L("Asking the issuer what it offers…"), cancel)
	u.run(func() {
		p, err = oid4vci.Propose(ctx, client, link)
		var oe *oid4vci.Error
		if errors.As(err, &oe) && oe.Code == oid4vci.NotAnOffer && strings.HasPrefix(link, "https://") {
			file = true
			res, err = u.wallet.Download(ctx, client, link)
			return
		}
		if err != nil {
			return
		}
		if l := p.Metadata.LogoURI(lang.SystemLocale().LanguageString()); strings.HasPrefix(l, "https://") {
			lctx, lcancel := context.WithTimeout(ctx, logoTimeout)
			defer lcancel()
			if r, lerr := client.Get(lctx, l, "image/png", "image/jpeg", "image/svg+xml"); lerr == nil {
				logo = decodePicture("issuer-logo", r.Body)
			}
		}
	}, func() {
		if u.endCancellable(stop, cancel) {
			u.status.SetText(lang.L("Stopped."))
			return
		}
		switch {
		case file && err != nil:
			u.showError(lang.L("Could not download the credential"), err)
		case file:
			u.importDone([]wallet.Result{res}, nil)
		case err != nil:
			u.showError(lang.L("Could not read the offer"), offerError(err, u.wallet.AllowPrivateNetwork()))
		default:
			u.showProposal(p, logo)
		}
	})
}

// showProposal shows who offers what, asks for the code the issuer sent
// when the offer needs one, and receives on the learner's word.
func (u *UI) showProposal(p *oid4vci.Proposal, logo *picture) {
	loc := lang.SystemLocale().LanguageString()
	name := widget.NewLabelWithStyle(safetext.Clip(safetext.Line(p.IssuerName(loc)), 200), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(safetext.Line(p.Offer.CredentialIssuer))
	where.Importance = widget.LowImportance
	where.Truncation = fyne.TextTruncateEllipsis
	head := container.NewVBox(name, where)
	var top fyne.CanvasObject = head
	if logo != nil {
		img := canvas.NewImageFromResource(nil)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(64))
		logo.show(img)
		top = container.NewBorder(nil, nil, img, nil, head)
	}
	offers := widget.NewLabel(lang.N("offers you {{.Count}} credential:", len(p.Configs), counted(len(p.Configs))))
	list := container.NewVBox()
	names := p.Names(loc)
	for i, n := range names {
		if i == maxOfferedShown {
			list.Add(widget.NewLabel(lang.L("… and {{.Count}} more", counted(len(names)-i))))
			break
		}
		l := widget.NewLabel("• " + safetext.Clip(safetext.Line(n), 200))
		l.Wrapping = fyne.TextWrapWord
		list.Add(l)
	}
	how := widget.NewLabel(lang.L("They will be issued to you (to your wallet's key), checked, and stored here. " +
		"Anyone can make an offer: accept only from an issuer you know."))
	how.Wrapping = fyne.TextWrapWord
	how.Importance = widget.LowImportance
	body := container.NewVBox(top, offers, list, how)
	bottom := container.NewVBox() // in sight however long the list
	code := newLineEntry()
	if tx := p.TxCode(); tx != nil {
		code.SetPlaceHolder(lang.L("The code the issuer sent you (by e-mail or text message)"))
		if desc := safetext.Clip(safetext.Line(tx.Description), 120); desc != "" {
			// The issuer's own words, said to be: not the wallet's.
			says := widget.NewLabel(lang.L("The issuer says: “{{.Words}}”", map[string]any{"Words": desc}))
			says.Wrapping = fyne.TextWrapWord
			says.Importance = widget.LowImportance
			bottom.Add(says)
		}
		bottom.Add(widget.NewForm(widget.NewFormItem(lang.L("Code"), code)))
	} else if p.SignIn() {
		signIn := widget.NewLabel(lang.L("You will sign in at the issuer, in your browser, to receive them."))
		signIn.Wrapping = fyne.TextWrapWord
		bottom.Add(signIn)
	}
	var d *dialog.CustomDialog
	accept := func() {
		if p.TxCode() != nil && strings.TrimSpace(code.Text) == "" {
			u.win.Canvas().Focus(code)
			return
		}
		d.Hide()
		u.acceptProposal(p, logo, strings.TrimSpace(code.Text))
	}
	code.OnSubmitted = func(string) { accept() }
	acceptBtn := newRingButton(lang.L("Accept"), theme.DownloadIcon(), accept)
	acceptBtn.Importance = widget.HighImportance
	decline := newRingButton(lang.L("Decline"), nil, func() { d.Hide() })
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(520, min(body.MinSize().Height+40, 320)))
	bottom.Add(container.NewHBox(layout.NewSpacer(), decline, acceptBtn))
	d = dialog.NewCustomWithoutButtons(lang.L("Accept these credentials?"),
		container.NewBorder(nil, bottom, nil, nil, scroll), u.win)
	u.showEscapable(d)
	if p.TxCode() != nil {
		u.soon(func() { u.win.Canvas().Focus(code) })
	}
}

// acceptProposal receives the credentials offered and imports them; the
// status bar's Cancel stops it. When the learner signs in at the issuer, a
// dialog says so and gives the page's address.
//
// A code the issuer refuses (invalid_grant) is asked for again, once the
// learner has read why: the offer is shown anew.
func (u *UI) acceptProposal(p *oid4vci.Proposal, logo *picture, code string) {
	if u.refuseWhileBusy() {
		return
	}
	issuer := safetext.Line(p.IssuerName(lang.SystemLocale().LanguageString()))
	timeout := wallet.ReceiveTimeout
	if p.SignIn() {
		timeout = wallet.SignInTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	stop := u.startCancellable(lang.L("Receiving from {{.Issuer}}…", map[string]any{"Issuer": issuer}), cancel)
	var signIn *dialog.CustomDialog
	open := func(page string) error {
		u.async.post(func() { signIn = u.showSignIn(issuer, page, stop) })
		_ = u.openPage(page) // else the learner opens the address shown
		return nil
	}
	var (
		results []wallet.Result
		err     error
	)
	client := u.wallet.Client()
	u.run(func() { results, err = u.wallet.Receive(ctx, client, p, code, open) }, func() {
		stopped := u.endCancellable(stop, cancel)
		if signIn != nil {
			signIn.Hide()
		}
		if err != nil {
			if stopped && len(results) > 0 {
				u.importDone(results, nil) // stopped while storing: those stored stay
				return
			}
			if stopped {
				u.status.SetText(lang.L("Nothing was received."))
				return
			}
			var oe *oid4vci.Error
			if p.TxCode() != nil && errors.As(err, &oe) && oe.OAuth != nil && oe.OAuth.Code == "invalid_grant" {
				l := widget.NewLabel(message(offerError(err, u.wallet.AllowPrivateNetwork())))
				l.Wrapping = fyne.TextWrapWord
				again := newDialog(lang.L("Nothing was received"), lang.L("Try again"), container.NewGridWrap(fyne.NewSize(460, 120), l), u.win)
				// Shown once this dialog has given back the keyboard.
				u.showEscapable(again, func() { u.soon(func() { u.showProposal(p, logo) }) })
				return
			}
			u.showError(lang.L("Nothing was received"), offerError(err, u.wallet.AllowPrivateNetwork()))
			return
		}
		u.importDone(results, nil)
	})
}

// showSignIn says the issuer's sign-in page is open in the browser, with
// its address to open by hand, and a Cancel that stops waiting.
func (u *UI) showSignIn(issuer, page string, stop chan struct{}) *dialog.CustomDialog {
	text := widget.NewLabel(lang.L("Sign in at {{.Issuer}} in your browser. When you have, the credentials come here by themselves.\n"+
		"If the browser did not open, open this address:", map[string]any{"Issuer": issuer}))
	text.Wrapping = fyne.TextWrapWord
	address := selectable(page)
	var d *dialog.CustomDialog
	copyBtn := newRingButton(lang.L("Copy address"), theme.ContentCopyIcon(), func() { u.app.Clipboard().SetContent(page) })
	cancel := newRingButton(lang.L("Cancel"), nil, func() {
		if !isClosed(stop) {
			close(stop)
		}
		d.Hide()
	})
	d = dialog.NewCustomWithoutButtons(lang.L("Waiting for you to sign in"),
		container.NewVBox(text, address, container.NewHBox(copyBtn, layout.NewSpacer(), cancel)), u.win)
	d.Resize(fyne.NewSize(560, 200))
	d.Show()
	return d
}

// openPageInBrowser opens an https page in the system's browser.
func (u *UI) openPageInBrowser(page string) error {
	p, err := url.Parse(page)
	if err != nil {
		return err
	}
	return u.app.OpenURL(p)
}

// offerError says in words what is wrong with an offer, its issuer, or
// what the issuer sent.
//
// privateOn says the learner already lets the wallet reach their own
// computer and network, so the advice to do so is left out.
func offerError(err error, privateOn bool) error {
	var e *oid4vci.Error
	if !errors.As(err, &e) {
		return err
	}
	detail := map[string]any{"Detail": safetext.Line(e.Detail)}
	var s string
	switch e.Code {
	case oid4vci.NotAnOffer:
		s = lang.L("This is not a credential offer. An offer's link starts with openid-credential-offer://; a credential file's address with https://.")
	case oid4vci.Malformed:
		s = lang.L("The offer, or the issuer's description of it, is malformed ({{.Detail}}). Ask the issuer for a new offer.", detail)
	case oid4vci.TooLarge:
		s = lang.L("The offer is far larger than any real one; it was not read.")
	case oid4vci.NotHTTPS:
		s = lang.L("The offer names an address that is not secure (https): {{.Detail}}. Nothing was fetched from it.", detail)
	case oid4vci.Unreachable:
		s = lang.L("Could not reach the issuer ({{.Detail}}). Check your connection and try again.", detail)
		if !privateOn {
			s += " " + lang.L("For an issuer on this computer or your local network, turn on “{{.Setting}}” in Settings.", map[string]any{"Setting": lang.L(privateNetworkLabel)})
		}
	case oid4vci.WrongIssuer:
		s = lang.L("The issuer's description names another issuer ({{.Detail}}), so the offer was refused.", detail)
	case oid4vci.UnknownOffered:
		s = lang.L("The offer names a credential its issuer does not describe ({{.Detail}}).", detail)
	case oid4vci.Unsupported:
		s = lang.L("The issuer asks for something this wallet does not do yet: {{.Detail}}.", detail)
	case oid4vci.Gone:
		s = lang.L("The offer is no longer there: it may have expired, or been used. Ask the issuer for a new one.")
	case oid4vci.SignInTimeout:
		s = lang.L("No answer came from the issuer's sign-in page in time. Receive the offer again when you are ready to sign in.")
	case oid4vci.WrongFormat:
		s = lang.L("The issuer sent a credential in another format than it offered, so nothing was stored.")
	case oid4vci.NotBound:
		s = lang.L("The issuer sent a credential that is not issued to you (not to your wallet's key), so nothing was stored.")
	case oid4vci.Refused:
		s = lang.L("The issuer refused.")
		if e.OAuth != nil {
			what := map[string]any{"Code": safetext.Line(e.OAuth.Code), "Words": safetext.Line(e.OAuth.Description)}
			if e.OAuth.Description != "" {
				s = lang.L("The issuer refused: {{.Code}} — “{{.Words}}”.", what)
			} else {
				s = lang.L("The issuer refused: {{.Code}}.", what)
			}
			if e.OAuth.Code == "invalid_grant" {
				s += " " + lang.L("Check the code; the offer may also have expired: then ask the issuer for a new one.")
			}
		}
	default:
		return err
	}
	return reword(err, s)
}

// isReceivable reports whether pasted text is an offer link, which Paste
// takes to Receive.
func isReceivable(text string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), oid4vci.Scheme+"://")
}
