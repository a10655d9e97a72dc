package wallet

// settingKitOffered records that the window offered, once, to make a
// recovery kit when the wallet got its first credentials ("true").
const settingKitOffered = "recovery-kit-offered"

// KitOffered reports whether the learner was already offered a recovery
// kit, so the offer is not repeated.
func (w *Wallet) KitOffered() bool {
	b, err := w.store.Setting(settingKitOffered)
	return err == nil && string(b) == "true"
}

// MarkKitOffered remembers that the learner was offered a recovery kit.
func (w *Wallet) MarkKitOffered() error {
	return w.store.UpdateSetting(settingKitOffered, func([]byte) ([]byte, error) { return []byte("true"), nil })
}

// ShouldOfferKit reports whether to offer a recovery kit now: the wallet
// holds credentials, has no recovery kit, and never offered one.
func (w *Wallet) ShouldOfferKit() (bool, error) {
	if w.KitOffered() {
		return false, nil
	}
	kits, err := w.RecoveryKits()
	if err != nil || len(kits) > 0 {
		return false, err
	}
	items, err := w.store.List()
	if err != nil {
		return false, err
	}
	return len(items) > 0, nil
}
