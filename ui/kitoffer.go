package ui

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

const kitOfferText = "Protect these credentials: make a recovery kit, so a backup can be opened even if you forget its passphrase."

// offerKit offers, once and gently, to make a recovery kit when a wallet
// without one got its first credentials: a notice above the library, never
// a dialog over the import's summary. It is not offered over another
// notice, and the wallet remembers it was offered so it is not repeated.
func (u *UI) offerKit() {
	if u.notice.Visible() {
		return
	}
	var offer bool
	var err error
	u.run(func() {
		offer, err = u.wallet.ShouldOfferKit()
		if err == nil && offer {
			err = u.wallet.MarkKitOffered()
		}
	}, func() {
		if err != nil || !offer || u.notice.Visible() {
			return
		}
		u.showNotice(lang.L(kitOfferText), widget.MediumImportance, lang.L("Make a recovery kit…"), func() { u.showRecoveryKit() })
		u.noticeLater.Show()
		u.kitOffered = true
	})
}

// endKitOffer takes the offer away once a recovery kit is made.
func (u *UI) endKitOffer() {
	if u.kitOffered {
		u.hideNotice()
	}
}
