package wallet

import (
	"encoding/json"
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
)

// settingSummaryVersion is the credential.SummaryVersion every stored
// summary was made with; a wallet without it may hold older ones.
const settingSummaryVersion = "summary-version"

// RefreshSummaries summarizes the stored credentials again, from their
// original bytes, when they were summarized by an older version of this
// program (one that, say, did not read alignments); it returns how many
// were. A credential that no longer parses keeps its summary.
func (w *Wallet) RefreshSummaries() (int, error) {
	var version int
	if err := readJSON(w.store, settingSummaryVersion, "the summary version", &version); err != nil {
		return 0, err
	}
	if version >= credential.SummaryVersion {
		return 0, nil
	}
	all, err := w.store.List()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range all {
		if it.Parent != "" {
			continue
		}
		b, err := w.store.Original(it.ID)
		if err != nil {
			return n, err
		}
		p, err := credential.Parse(b)
		if err != nil || len(p.Children) != len(it.Children) {
			continue
		}
		summaries := map[string]credential.Summary{it.ID: p.Summary}
		for i, c := range it.Children {
			summaries[c] = p.Children[i].Summary
		}
		ids := append([]string{it.ID}, it.Children...)
		err = w.store.UpdateItems(ids, func(it *Item) error {
			it.Summary = summaries[it.ID]
			if it.Report != nil && it.Report.BadgeClass != nil {
				it.Summary = it.Summary.WithBadgeClass(*it.Report.BadgeClass)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrNotFound) {
			return n, err
		}
		n++
	}
	v, err := json.Marshal(credential.SummaryVersion)
	if err != nil {
		return n, err
	}
	return n, w.store.SetSetting(settingSummaryVersion, v)
}

// summariesMayBeOld says, after items came from elsewhere (a backup), that
// the next RefreshSummaries must look at them.
func (w *Wallet) summariesMayBeOld() error {
	return w.store.SetSetting(settingSummaryVersion, []byte("0"))
}
