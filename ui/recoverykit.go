package ui

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

const (
	kitFileName = "learner-wallet-recovery-kit.txt"
	kitPageName = "learner-wallet-recovery-kit.html"
	savedKit    = "I have saved or printed it"
)

// kitDialog makes a recovery kit and shows its secret once, with a QR code,
// to be saved or printed before the dialog closes.
type kitDialog struct {
	u         *UI
	d         *dialog.CustomDialog
	step      *fyne.Container
	keys      *dialogKeys
	secret    string // shown once; forgotten when the dialog closes
	recipient string
	code      *widget.Label
	saved     *widget.Check
	closeBtn  *ringButton
	said      *widget.Label // where it was saved
}

// showRecoveryKit opens the recovery kit dialog.
func (u *UI) showRecoveryKit() *kitDialog {
	k := &kitDialog{u: u, step: container.NewStack(), keys: &dialogKeys{}}
	k.d = dialog.NewCustomWithoutButtons(lang.L("Recovery kit"), k.step, u.win)
	k.keys.cancel = k.d.Hide
	u.handleKeys(k.d, k.keys)
	k.intro()
	k.d.Resize(fyne.NewSize(640, 300))
	k.d.Show()
	return k
}

func (k *kitDialog) intro() {
	what := widget.NewLabel(lang.L("A recovery kit is a second key to your backups: a code that opens every backup made after it, " +
		"even if you forget the passphrase. Keep it offline, printed or on a drive in a drawer, because anyone who has it " +
		"can read those backups."))
	what.Wrapping = fyne.TextWrapWord
	have := widget.NewLabel("")
	have.Wrapping = fyne.TextWrapWord
	var kits []string
	var err error
	k.u.run(func() { kits, err = k.u.wallet.RecoveryKits() }, func() {
		switch {
		case err != nil:
			have.SetText(message(err))
		case len(kits) == 0:
			have.SetText(lang.L("This wallet has no recovery kit yet."))
		default:
			have.SetText(lang.N("Backups are already encrypted to {{.Count}} recovery kits; a new one works beside them.", len(kits), counted(len(kits))))
		}
	})
	makeBtn := newRingButton(lang.L("Make a recovery kit"), theme.ContentAddIcon(), k.make)
	makeBtn.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, k.d.Hide)
	k.keys.confirm = k.make
	showStep(k.step, container.NewVBox(what, have), cancel, makeBtn)
}

// make makes the kit off the UI goroutine, then shows it.
func (k *kitDialog) make() {
	u := k.u
	k.keys.confirm = nil
	var img []byte
	var err error
	u.run(func() {
		k.secret, k.recipient, err = u.wallet.NewRecoveryKit()
		if err == nil {
			img, err = qr.TextPNG(k.secret, -6)
		}
	}, func() {
		if err != nil {
			k.d.Hide()
			u.showError(lang.L("Could not make a recovery kit"), err)
			return
		}
		u.endKitOffer()
		k.show(img)
	})
}

// show shows the secret, once: it is kept nowhere else.
func (k *kitDialog) show(img []byte) {
	once := widget.NewLabelWithStyle(lang.L("Your recovery kit. It is shown only this once: save it or print it now."),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	once.Wrapping = fyne.TextWrapWord
	once.Importance = widget.WarningImportance
	k.code = widget.NewLabelWithStyle(k.secret, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	k.code.Selectable = true
	k.code.Wrapping = fyne.TextWrapBreak
	pic := newQRCanvas(fyne.NewStaticResource("recovery-kit.png", img), k.u.win.Canvas().Scale())
	keeps := widget.NewLabel(lang.L("The wallet keeps only its public half, so every backup you make from now on is encrypted " +
		"to it too. Backups made before now do not open with it: back up again once you have saved it."))
	keeps.Wrapping = fyne.TextWrapWord
	k.said = widget.NewLabel("")
	k.said.Wrapping = fyne.TextWrapWord
	saveFile := newRingButton(lang.L("Save as a file…"), theme.DocumentSaveIcon(), func() {
		k.save(kitFileName, lang.L("the recovery kit"), func(w io.Writer) error { return kitText(w, k.secret, k.recipient) })
	})
	page := newRingButton(lang.L("Save a printable page…"), theme.DocumentPrintIcon(), func() {
		k.save(kitPageName, lang.L("a printable page of the recovery kit"), func(w io.Writer) error {
			return kitPage(w, k.secret, k.recipient, img, time.Now())
		})
	})
	k.closeBtn = newRingButton(lang.L("Close"), nil, k.close)
	k.closeBtn.Importance = widget.HighImportance
	k.closeBtn.Disable()
	k.saved = widget.NewCheck(lang.L(savedKit), func(on bool) {
		if on {
			k.closeBtn.Enable()
			k.keys.cancel = k.close
		} else {
			k.closeBtn.Disable()
			k.keys.cancel = nil
		}
	})
	k.keys.cancel = nil // not before it is saved
	k.step.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(once, k.code),
		container.NewVBox(keeps, k.said, container.NewHBox(saveFile, page), container.NewHBox(k.saved, layout.NewSpacer(), k.closeBtn)),
		nil, nil, pic)}
	k.step.Refresh()
	k.d.Resize(fyne.NewSize(680, 700))
}

func (k *kitDialog) close() {
	k.secret = ""
	k.code.SetText("")
	k.d.Hide()
}

// save writes the kit, or its page, where the learner chooses, readable
// by them only.
func (k *kitDialog) save(name, what string, write func(io.Writer) error) {
	u := k.u
	u.savePath(name, func(path string) {
		var err error
		u.run(func() { err = writeFileSafely(path, write) }, func() {
			if err != nil {
				u.showError(lang.L("Could not save {{.What}}", map[string]any{"What": what}), err)
				return
			}
			text := lang.L("Saved {{.What}} to {{.Path}}.", map[string]any{"What": what, "Path": safetext.Line(path)})
			k.said.SetText(text)
			u.status.SetText(text)
		})
	})
}

// kitText is a recovery kit as a file: age reads it as an identity file,
// and lw restore --kit takes it.
func kitText(w io.Writer, secret, recipient string) error {
	_, err := fmt.Fprintf(w, "# Learner Wallet recovery kit: it opens every backup made after it.\n"+
		"# Keep it offline (printed, or on a drive in a drawer); anyone with it can read your backups.\n"+
		"# public key: %s\n%s\n", recipient, secret)
	return err
}

var kitPageTemplate = template.Must(template.New("kit").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Learner Wallet recovery kit</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}code{font-size:1.1em;word-break:break-all}</style></head>
<body>
<h1>Learner Wallet recovery kit</h1>
<p>Made on {{.Made}}. This code opens every backup of your Learner Wallet made after that day, even if you forget
the passphrase. Keep this page somewhere safe and offline: anyone who has it can read those backups.</p>
<p><img src="data:image/png;base64,{{.QR}}" alt="The recovery kit as a QR code"></p>
<p><code>{{.Secret}}</code></p>
<p>To restore: in Learner Wallet, choose Restore, then Use a recovery kit, and open a text file holding the line above
(or run: lw restore --kit FILE BACKUP).</p>
<p><small>Public key, kept by the wallet: {{.Recipient}}</small></p>
</body></html>
`))

// kitPage is a recovery kit as a page to print: the code, as text and as a
// QR code.
func kitPage(w io.Writer, secret, recipient string, qrPNG []byte, made time.Time) error {
	return kitPageTemplate.Execute(w, struct {
		Made, QR, Secret, Recipient string
	}{made.Format("2 January 2006"), base64.StdEncoding.EncodeToString(qrPNG), secret, recipient})
}
