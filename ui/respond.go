package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

// showRespond asks for a verifier's request for credentials (OpenID4VP):
// its link pasted, or a picture of its QR code.
func (u *UI) showRespond() {
	u.askLink(linkDialog{
		title:       lang.L("Respond to a request"),
		placeholder: "openid4vp://…",
		intro: lang.L("An employer or a school asks for credentials with a QR code or a link (OpenID4VP). " +
			"Paste the link, or open a picture or screenshot of the code. You see who asks and what for, and choose what to send, before anything is sent."),
		empty:    lang.L("Nothing to answer"),
		emptyWhy: lang.L("paste the request's link first, or open a picture of its QR code"),
	}, u.respondLink)
}

// respondLink reads a verifier's request, checks who it is from, and
// finds the learner's credentials that answer it.
func (u *UI) respondLink(text string) {
	if u.refuseWhileBusy() {
		return
	}
	var (
		req      *oid4vp.Request
		m        wallet.Matches
		err      error
		matchErr error
	)
	client := u.wallet.Client()
	ctx, cancel := context.WithTimeout(context.Background(), wallet.RespondTimeout)
	stop := u.startCancellable(lang.L("Reading the request…"), cancel)
	u.run(func() {
		if req, err = wallet.ReadRequest(ctx, client, text, oid4vp.Options{}); err != nil {
			return
		}
		m, matchErr = u.wallet.Match(ctx, req)
		if matchErr != nil && !oid4vp.HasCode(matchErr, oid4vp.NoMatch) {
			err = matchErr
		}
	}, func() {
		if u.endCancellable(stop, cancel) {
			u.status.SetText(lang.L("Stopped."))
			return
		}
		if err != nil {
			u.showError(lang.L("Could not answer the request"), requestError(err, u.wallet.AllowPrivateNetwork()))
			return
		}
		u.showRequest(req, m, matchErr)
	})
}

// askerName is the verifier as the learner should see it: by what was
// checked of it (its DID, DNS name or address), with the name it gives
// itself, which is only its own word.
func askerName(req *oid4vp.Request) string {
	id := safetext.Clip(safetext.Line(req.Verifier()), 80)
	if n := safetext.Clip(safetext.Line(req.Metadata.ClientName), 60); n != "" {
		return lang.L("“{{.Name}}” ({{.ID}})", map[string]any{"Name": n, "ID": id})
	}
	return id
}

// showRequest shows who asks, what for, and the learner's credentials
// that answer each thing asked, with what each discloses; the learner
// ticks what to send.
func (u *UI) showRequest(req *oid4vp.Request, m wallet.Matches, matchErr error) {
	who := askerName(req)
	name := widget.NewLabelWithStyle(lang.L("{{.Verifier}} asks for credentials", map[string]any{"Verifier": who}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	id := map[string]any{"ID": safetext.Clip(safetext.Line(req.Identifier), 120)}
	var known string
	switch req.Prefix {
	case oid4vp.PrefixRedirectURI:
		known = lang.L("Known only by its address, {{.ID}}: its request is not signed. Send only if you trust that address.", id)
	case oid4vp.PrefixDID:
		known = lang.L("Its request is signed by {{.ID}}.", id)
		if req.SelfCertified() {
			known += " " + lang.L("Anyone can make such a DID, so its name is only its own word: send only if you expected this request.")
		}
	case oid4vp.PrefixX509DNS:
		known = lang.L("Its request is signed with a certificate for {{.ID}}.", id)
	}
	how := widget.NewLabel(known)
	how.Wrapping = fyne.TextWrapWord
	if req.SelfCertified() {
		how.Importance = widget.WarningImportance
	}
	to := widget.NewLabel(lang.L("Your answer goes to {{.Address}}.", map[string]any{"Address": safetext.Clip(safetext.Line(hostOfURL(req.ResponseURI)), 120)}))
	to.Importance = widget.LowImportance
	to.Truncation = fyne.TextTruncateEllipsis
	body := container.NewVBox(name, how, to)
	if p := safetext.Clip(safetext.Line(req.Purpose()), 200); p != "" {
		purpose := widget.NewLabel(lang.L("For: {{.Purpose}}", map[string]any{"Purpose": p}))
		purpose.Wrapping = fyne.TextWrapWord
		body.Add(purpose)
	}
	chosen := map[string][]string{}
	for _, q := range m.Queries {
		q := q
		// What the verifier calls it (a query's id is its own word too).
		what := "“" + safetext.Clip(safetext.Line(orNone(q.Name, q.ID)), 80) + "”"
		head := lang.L("It asks for {{.What}}:", map[string]any{"What": what})
		if q.Multiple {
			head = lang.L("It asks for {{.What}}, one or more:", map[string]any{"What": what})
		}
		if !q.Required {
			head += " " + lang.L("(optional)")
		}
		body.Add(widget.NewSeparator())
		body.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if p := safetext.Clip(safetext.Line(q.Purpose), 200); p != "" {
			l := widget.NewLabel(p)
			l.Wrapping = fyne.TextWrapWord
			body.Add(l)
		}
		if len(q.Candidates) == 0 {
			none := widget.NewLabel(lang.L("None of your credentials answers it."))
			none.Importance = widget.LowImportance
			body.Add(none)
			continue
		}
		var checks []*widget.Check
		for _, cand := range q.Candidates {
			id := cand.Item.ID
			label := safetext.Clip(safetext.Line(cand.Item.Summary.Title()), 80) + " — " + safetext.Clip(safetext.Line(cand.Item.Summary.Issuer()), 60)
			var c *widget.Check
			c = widget.NewCheck(label, func(on bool) {
				ids := slices.DeleteFunc(slices.Clone(chosen[q.ID]), func(x string) bool { return x == id })
				if on {
					if !q.Multiple {
						for _, other := range checks {
							if other != c && other.Checked {
								other.SetChecked(false)
							}
						}
						ids = nil
					}
					ids = append(ids, id)
				}
				chosen[q.ID] = ids
			})
			checks = append(checks, c)
			body.Add(c)
			for _, f := range cand.Disclosed.Facts {
				value := safetext.Clip(safetext.Line(f.Value), 100)
				if f.Hashed {
					value = lang.L("hashed {{.What}}", map[string]any{"What": personalLabel(value)})
				}
				l := widget.NewLabel("    " + lang.L("discloses {{.What}}", map[string]any{"What": personalLabel(f.Label) + ": " + value}))
				l.Importance = widget.LowImportance
				l.Truncation = fyne.TextTruncateEllipsis
				body.Add(l)
			}
		}
	}
	var d *dialog.CustomDialog
	bottom := container.NewVBox()
	cancel := newRingButton(lang.L("Cancel"), nil, func() { d.Hide() })
	if matchErr != nil {
		no := widget.NewLabel(lang.L("Your credentials cannot give all it asks for, so nothing can be sent."))
		no.Wrapping = fyne.TextWrapWord
		no.Importance = widget.DangerImportance
		bottom.Add(no)
		bottom.Add(container.NewHBox(layout.NewSpacer(), cancel))
	} else {
		note := widget.NewLabel(lang.L("What you send is signed with your key for {{.Verifier}} only, and written in your sharing log.", map[string]any{"Verifier": who}))
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		send := newRingButton(lang.L("Send"), theme.MailSendIcon(), func() {
			n := 0
			for _, ids := range chosen {
				n += len(ids)
			}
			if n == 0 {
				u.showError(lang.L("Nothing chosen"), errors.New(lang.L("tick the credentials to send first")))
				return
			}
			d.Hide()
			u.sendResponse(req, chosen)
		})
		send.Importance = widget.HighImportance
		bottom.Add(note)
		bottom.Add(container.NewHBox(layout.NewSpacer(), cancel, send))
	}
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(600, min(body.MinSize().Height+40, 380)))
	d = dialog.NewCustomWithoutButtons(lang.L("Respond to a request"),
		container.NewBorder(nil, bottom, nil, nil, scroll), u.win)
	u.showEscapable(d)
}

// sendResponse signs and sends what the learner chose, then says what the
// verifier answered.
func (u *UI) sendResponse(req *oid4vp.Request, chosen map[string][]string) {
	if u.refuseWhileBusy() {
		return
	}
	who := askerName(req)
	var (
		answer oid4vp.Answer
		err    error
	)
	client := u.wallet.Client()
	ctx, cancel := context.WithTimeout(context.Background(), wallet.RespondTimeout)
	stop := u.startCancellable(lang.L("Sending to {{.Verifier}}…", map[string]any{"Verifier": who}), cancel)
	u.run(func() {
		answer, err = u.wallet.Respond(ctx, client, req, chosen)
	}, func() {
		u.endCancellable(stop, cancel) // what was cancelled says so below
		var sent *wallet.SentError
		switch {
		case oid4vp.HasCode(err, oid4vp.Refused):
			// It reached the verifier, and is in the sharing log.
			u.showError(lang.L("The verifier refused it"), requestError(err, true))
			return
		case oid4vp.HasCode(err, oid4vp.NoAnswer):
			u.showError(lang.L("It may have been sent"), requestError(err, true))
			return
		case err != nil && !errors.As(err, &sent):
			u.showError(lang.L("Nothing was sent"), requestError(err, u.wallet.AllowPrivateNetwork()))
			return
		}
		u.status.SetText(lang.L("Sent to {{.Verifier}}, which accepted it.", map[string]any{"Verifier": who}))
		text := widget.NewLabel(lang.L("{{.Verifier}} accepted what you sent. It is in your sharing log.", map[string]any{"Verifier": who}))
		if sent != nil {
			text.SetText(lang.L("{{.Verifier}} accepted what you sent, but it could not be written in your sharing log: {{.Error}}",
				map[string]any{"Verifier": who, "Error": message(sent.Err)}))
		}
		text.Wrapping = fyne.TextWrapWord
		content := container.NewVBox(text)
		if answer.RedirectURI != "" {
			next := widget.NewLabel(lang.L("It asks you to go on at its page:"))
			if hostOfURL(answer.RedirectURI) != hostOfURL(req.ResponseURI) {
				next.SetText(lang.L("It asks you to go on at a page on another site than the one your answer went to ({{.Host}}):",
					map[string]any{"Host": safetext.Clip(safetext.Line(hostOfURL(answer.RedirectURI)), 80)}))
				next.Importance = widget.WarningImportance
			}
			next.Wrapping = fyne.TextWrapWord
			page := answer.RedirectURI
			open := newRingButton(lang.L("Open its page"), theme.ComputerIcon(), func() { _ = u.openPage(page) })
			content.Add(next)
			content.Add(selectable(page))
			content.Add(container.NewHBox(open))
		}
		d := newDialog(lang.L("Sent"), lang.L("OK"), content, u.win)
		d.Resize(fyne.NewSize(520, 200))
		u.showEscapable(d)
	})
}

// requestError says in words what is wrong with a verifier's request, or
// what the verifier answered.
//
// privateOn says the learner already lets the wallet reach their own
// computer and network, so the advice to do so is left out.
func requestError(err error, privateOn bool) error {
	var e *oid4vp.Error
	if !errors.As(err, &e) {
		return err
	}
	detail := map[string]any{"Detail": safetext.Clip(safetext.Line(e.Detail), 200)}
	var s string
	switch e.Code {
	case oid4vp.NotARequest:
		s = lang.L("This is not a request for credentials. A request's link starts with openid4vp://.")
	case oid4vp.Malformed:
		s = lang.L("The request is malformed ({{.Detail}}). Nothing was sent.", detail)
	case oid4vp.TooLarge:
		s = lang.L("The request is far larger than any real one. Nothing was sent.")
	case oid4vp.NotHTTPS:
		s = lang.L("The request names an address that is not secure (https): {{.Detail}}. Nothing was sent.", detail)
	case oid4vp.Unreachable:
		s = lang.L("Could not fetch the request from {{.Detail}}. Check your connection and try again.", detail)
		if !privateOn {
			s += " " + lang.L("For a verifier on this computer or your local network, turn on “{{.Setting}}” in Settings.", map[string]any{"Setting": lang.L(privateNetworkLabel)})
		}
	case oid4vp.UnknownClient:
		s = lang.L("The verifier names itself in a way the wallet cannot check ({{.Detail}}). Nothing was sent.", detail)
	case oid4vp.BadSignature:
		s = lang.L("The request's signature does not hold ({{.Detail}}): it may be forged. Nothing was sent.", detail)
	case oid4vp.WrongClient:
		s = lang.L("The request is not signed by the verifier it names ({{.Detail}}): it may be forged. Nothing was sent.", detail)
	case oid4vp.WrongHost:
		s = lang.L("The request would send your credentials to another site than the verifier's ({{.Detail}}). Nothing was sent.", detail)
	case oid4vp.Unsupported:
		s = lang.L("The request asks for something this wallet does not do yet: {{.Detail}}. Nothing was sent.", detail)
	case oid4vp.NoMatch:
		s = lang.L("The request asks for more than your credentials can give ({{.Detail}}). Nothing was sent.", detail)
	case oid4vp.BadChoice:
		s = lang.L("What you chose does not answer the request ({{.Detail}}). Nothing was sent.", detail)
	case oid4vp.NoEncryption:
		s = lang.L("The verifier asks for an encrypted answer but gives no key the wallet can encrypt to. Nothing was sent.")
	case oid4vp.Refused:
		s = lang.L("The verifier refused what was sent.")
		if e.Verifier != nil {
			what := map[string]any{"Code": safetext.Clip(safetext.Line(e.Verifier.Code), 80), "Words": safetext.Clip(safetext.Line(e.Verifier.Description), 200)}
			if e.Verifier.Description != "" {
				s = lang.L("The verifier refused what was sent: {{.Code}} — “{{.Words}}”.", what)
			} else {
				s = lang.L("The verifier refused what was sent: {{.Code}}.", what)
			}
		}
	case oid4vp.NoAnswer:
		s = lang.L("No answer came from {{.Detail}}: what you sent may or may not have arrived (it is in your sharing log). Ask the verifier, or answer a new request.", detail)
	default:
		return err
	}
	return reword(err, s)
}

// isRequest reports whether pasted text is a verifier's request link,
// which Paste takes to Respond.
func isRequest(text string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(text)), oid4vp.Scheme+"://")
}
