package wallet

import (
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/samples"
)

// WithFetchCache gives the wallet the cache its verifier's fetches go
// through, so that AddSamples can put the documents the samples'
// verification needs in it (their status list, an issuer profile and key).
func WithFetchCache(c fetch.Cache) Option { return func(w *Wallet) { w.fetchCache = c } }

// IsSample reports whether it is one of the demo credentials Learner
// Wallet ships (AddSamples), or nested in one: decided by its issuer,
// the sample issuer whose keys are public, never by what it says.
func IsSample(it Item) bool { return samples.IsIssuer(it.Summary.IssuerID) }

// AddSamples imports the sample credentials, one Result each like
// ImportPaths, after putting the documents their verification fetches in
// the wallet's fetch cache, so that they verify the same offline: the
// revoked one as revoked. Samples already in the wallet are duplicates.
func (w *Wallet) AddSamples() ([]Result, error) {
	creds, err := samples.Credentials()
	if err != nil {
		return nil, err
	}
	if w.fetchCache != nil {
		docs, err := samples.Documents()
		if err != nil {
			return nil, err
		}
		now := w.now().UTC()
		for _, d := range docs {
			if err := w.fetchCache.Put(&fetch.Response{URL: d.URL, Body: d.Body, ContentType: d.ContentType, FetchedAt: now}); err != nil {
				return nil, err
			}
		}
	}
	out := make([]Result, 0, len(creds))
	for _, c := range creds {
		out = append(out, w.ImportBytes(c.Name, c.Data))
	}
	return out, nil
}

// HasSamples reports whether any sample is in the wallet (the trash
// included).
func (w *Wallet) HasSamples() (bool, error) {
	ids, err := w.sampleIDs()
	return len(ids) > 0, err
}

// RemoveSamples deletes every sample for good, from the library and the
// trash alike, and returns how many it deleted. What else is in the wallet
// stays, even when it came from the sample issuer nested in a record of
// another: only top-level samples go.
func (w *Wallet) RemoveSamples() (int, error) {
	ids, err := w.sampleIDs()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if err := w.store.Delete(id); err != nil && !errors.Is(err, ErrNotFound) {
			return n, err
		}
		n++
	}
	return n, nil
}

// sampleIDs are the top-level samples, in the trash or not.
func (w *Wallet) sampleIDs() ([]string, error) {
	all, err := w.store.List()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, it := range all {
		if it.Parent == "" && IsSample(it) {
			ids = append(ids, it.ID)
		}
	}
	return ids, nil
}
