package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
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
	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// shareDurations are how long a local share may stay open, as offered.
var shareDurations = []time.Duration{5 * time.Minute, 10 * time.Minute, 30 * time.Minute}

// shareDuration is a duration of shareDurations as offered.
func shareDuration(d time.Duration) string {
	m := int(d.Minutes())
	return lang.N("{{.Count}} minutes", m, counted(m))
}

// shareAgain is how long the device that fetched a shared presentation may
// fetch it again: some phone browsers download a file twice.
const shareAgain = 20 * time.Second

// interfaces lists where a local share can listen; tests replace it.
var interfaces = lanshare.Interfaces

// shareLocal serves the presentation once on the local network: the
// learner picks the network, the recipient scans the link's QR code.
// Nothing listens before the learner starts, or after the first download,
// the time limit, or Stop.
func (p *presenter) shareLocal() {
	p.stopSharing = nil
	u := p.u
	ifaces, err := interfaces()
	if err == nil && len(ifaces) == 0 {
		err = errors.New(lang.L("this computer is not connected to any network"))
	}
	if err != nil {
		u.showError(lang.L("Cannot share on the local network"), reword(err, lang.L("{{.Error}}; save the file and send it instead", map[string]any{"Error": err.Error()})))
		return
	}
	names := make([]string, len(ifaces))
	for i, f := range ifaces {
		names[i] = safetext.Line(f.String())
	}
	network := widget.NewSelect(names, nil)
	network.SetSelected(names[0])
	labels := make([]string, len(shareDurations))
	for i, d := range shareDurations {
		labels[i] = shareDuration(d)
	}
	open := widget.NewSelect(labels, nil)
	open.SetSelected(shareDuration(10 * time.Minute))
	explain := widget.NewLabel(lang.L("The recipient scans a link with their phone, or opens it in Learner Wallet, while on the same network. " +
		"It works once: sharing stops after the first download, when the time is up, or when you stop it. " +
		"Anyone on this network who got the link first could fetch it instead; you will see who fetched it, " +
		"and the recipient would find the link used."))
	explain.Wrapping = fyne.TextWrapWord
	reach := widget.NewLabel("")
	reach.Wrapping = fyne.TextWrapWord
	network.OnChanged = func(string) {
		reach.SetText(reachableText(ifaces[max(0, network.SelectedIndex())]))
		reach.Importance = widget.MediumImportance
		if ifaces[max(0, network.SelectedIndex())].Warn() {
			reach.Importance = widget.WarningImportance
		}
		reach.Refresh()
	}
	network.OnChanged(network.Selected)

	step := container.NewStack()
	d := dialog.NewCustomWithoutButtons(lang.L("Share on the local network"), step, u.win)
	start := newRingButton(lang.L("Start sharing"), theme.MediaPlayIcon(), nil)
	start.Importance = widget.HighImportance
	cancel := newRingButton(lang.L("Cancel"), nil, d.Hide)
	start.OnTapped = func() {
		f := ifaces[max(0, network.SelectedIndex())]
		ttl := shareDurations[max(0, open.SelectedIndex())]
		p.startLocal(d, step, f, ttl)
	}
	form := widget.NewForm(widget.NewFormItem(lang.L("Network"), network), widget.NewFormItem(lang.L("Open for"), open))
	step.Objects = []fyne.CanvasObject{container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, start), nil, nil,
		container.NewVBox(explain, form, reach))}
	d.Resize(fyne.NewSize(640, 360))
	u.showEscapable(d, func() {
		if p.stopSharing != nil {
			p.stopSharing()
		}
	})
}

func (p *presenter) startLocal(d *dialog.CustomDialog, step *fyne.Container, f lanshare.Interface, ttl time.Duration) {
	u := p.u
	pres := p.pres
	contentType := "application/json"
	if pres.Format == wallet.PresentJWT {
		contentType = "application/vp+jwt"
	}
	s, err := lanshare.Start(pres.Bytes, lanshare.Options{IP: f.IP, TTL: ttl, ContentType: contentType,
		Filename: presentationName(pres, time.Now()), Again: shareAgain})
	if err != nil {
		u.showError(lang.L("Could not start sharing"), err)
		return
	}
	img, err := qr.TextPNG(s.URL(), -8) // a short link: 8 pixels a module stays small
	if err != nil {
		s.Stop()
		u.showError(lang.L("Could not make a QR code"), err)
		return
	}
	link := selectable(s.URL())
	status := widget.NewLabel(lang.L("Waiting for the recipient… The link stops working at {{.Time}}.",
		map[string]any{"Time": s.Expires().Local().Format("15:04")}))
	status.Wrapping = fyne.TextWrapWord
	copyBtn := newRingButton(lang.L("Copy link"), theme.ContentCopyIcon(), func() { u.app.Clipboard().SetContent(s.URL()) })
	stop := newRingButton(lang.L("Stop sharing"), theme.MediaStopIcon(), s.Stop)
	stop.Importance = widget.DangerImportance
	closeBtn := newRingButton(lang.L("Close"), nil, func() { s.Stop(); d.Hide() })
	step.Objects = []fyne.CanvasObject{container.NewBorder(nil,
		container.NewVBox(container.NewBorder(nil, nil, nil, copyBtn, link), status,
			container.NewHBox(stop, layout.NewSpacer(), closeBtn)),
		nil, nil, newQRCanvas(fyne.NewStaticResource("share-link.png", img), u.win.Canvas().Scale()))}
	step.Refresh()
	d.Resize(fyne.NewSize(560, 680))
	p.stopSharing = s.Stop // when the dialog closes

	// Log it now, and what became of it when it ends. Both logIDs and
	// ended are touched on the UI goroutine only.
	var logID, endedHow string
	var entry wallet.Share
	var rerr error
	u.run(func() {
		entry, rerr = u.wallet.RecordShare(pres, "offered once on the local network ("+f.String()+")")
	}, func() {
		if rerr != nil {
			u.showError(lang.L("Could not write the sharing log"), rerr)
			return
		}
		logID = entry.ID
		if endedHow != "" {
			u.run(func() { _ = u.wallet.UpdateShare(logID, endedHow) }, func() {})
		}
	})
	go func() {
		select {
		case <-s.Fetched(): // final, even while that device may still ask again
		case <-s.Done():
		}
		r := s.Result()
		u.async.post(func() {
			text, how := shareOutcome(r, f)
			text = safetext.Line(text)
			status.SetText(text)
			if r.State == lanshare.Fetched {
				status.Importance = widget.SuccessImportance
				status.Refresh()
			}
			stop.Disable()
			u.status.SetText(text)
			endedHow = how
			if logID != "" {
				u.run(func() { _ = u.wallet.UpdateShare(logID, how) }, func() {})
			}
		})
	}()
}

// reachableText says from where a share on f can be fetched, as
// lanshare.Interface.Reachable does, in the app's language.
func reachableText(f lanshare.Interface) string {
	switch {
	case f.Private() && f.Fetchable():
		return lang.L("Reachable from the local network.")
	case f.Private():
		return lang.L("Reachable from the local network, but not by another Learner Wallet, which fetches share links only from private addresses (a phone's browser can open it).")
	}
	return lang.L("Reachable from the local network, and possibly the internet: this address is public, and another Learner Wallet will not fetch from it (a phone's browser can).")
}

// shareOutcome says what became of a local share: to the learner, and in
// the sharing log.
func shareOutcome(r lanshare.Result, f lanshare.Interface) (text, how string) {
	at := r.At.Local().Format("15:04:05")
	switch r.State {
	case lanshare.Fetched:
		return lang.L("Fetched by {{.By}} at {{.Time}}. No one else can fetch it now.", map[string]any{"By": r.By, "Time": at}),
			fmt.Sprintf("fetched over the local network (%s) by %s at %s", f.String(), r.By, r.At.Local().Format("15:04"))
	case lanshare.Expired:
		return lang.L("Nobody fetched it in time. Sharing has stopped."), "offered on the local network (" + f.String() + "); not fetched in time"
	case lanshare.Failed:
		return lang.L("Sharing failed: {{.Error}}", map[string]any{"Error": message(r.Err)}), "offered on the local network (" + f.String() + "); failed"
	}
	return lang.L("You stopped sharing at {{.Time}}; nobody had fetched it.", map[string]any{"Time": at}), "offered on the local network (" + f.String() + "); stopped before anyone fetched it"
}

// newQRCanvas draws a QR code picture at its own size in pixels, so that
// every module stays whole and square for a camera (scaled, a dense code
// gets modules of uneven width).
// Fyne sizes are in device-independent units: scale is the window's pixels
// per unit.
func newQRCanvas(res fyne.Resource, scale float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	side := float32(400)
	if cfg, err := png.DecodeConfig(bytes.NewReader(res.Content())); err == nil && scale > 0 {
		side = float32(cfg.Width) / scale
	}
	img.SetMinSize(fyne.NewSquareSize(side))
	return container.NewCenter(img) // at that size, not stretched to the space
}

// qrPixels is how many pixels a module gets so that a code of the given
// width in modules is at most maxQRSide pixels wide (at least one).
func qrPixels(modules int) int { return max(1, maxQRSide/max(modules, 1)) }

// maxQRSide is the widest a QR code is drawn, in pixels.
const maxQRSide = 480
