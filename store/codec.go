package store

import (
	"encoding/json"
	"runtime"
	"sync"

	"github.com/fxamacker/cbor/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/check"
)

// Envelopes are kept in CBOR (RFC 8949), under their JSON field names:
// decoding 10,000 of them, which listing a wallet does, takes a fifth of
// the time encoding/json takes. Times are RFC 3339 text, as in JSON, so
// that an item reads back as it was written, its time zone included.
var (
	envEncode cbor.EncMode
	envDecode cbor.DecMode
)

func init() {
	var err error
	if envEncode, err = (cbor.EncOptions{Time: cbor.TimeRFC3339Nano}).EncMode(); err != nil {
		panic(err)
	}
	if envDecode, err = (cbor.DecOptions{}).DecMode(); err != nil {
		panic(err)
	}
}

func encodeEnvelope(env envelope) ([]byte, error) { return envEncode.Marshal(env) }

// envelopeRef decodes an envelope into an item (and index) kept elsewhere,
// such as in the slice a list returns, so that it is not copied there.
type envelopeRef struct {
	Item  *wallet.Item `json:"item"`
	Index *[]byte      `json:"index,omitempty"`
	Cause check.Reason `json:"cause,omitempty"`
}

func decodeEnvelope(plain []byte, env *envelopeRef) error { return envDecode.Unmarshal(plain, env) }

// envelopesToCBOR re-encodes each item's envelope, JSON until schema 6,
// in CBOR.
func (d *DB) envelopesToCBOR(tx *bolt.Tx) error {
	return d.resealItems(tx, func(_ string, plain []byte) ([]byte, error) {
		var env envelope
		if err := json.Unmarshal(plain, &env); err != nil {
			return nil, err
		}
		return envEncode.Marshal(env)
	})
}

// inParallel calls fn(i, buf) for each i below n, on as many goroutines
// as there are processors (one when n is small), and returns the first
// error. buf is a buffer of the goroutine's own, for fn to reuse.
func inParallel(n int, fn func(i int, buf *[]byte) error) error {
	workers := min(runtime.GOMAXPROCS(0), 1+n/64)
	if workers <= 1 {
		var buf []byte
		for i := range n {
			if err := fn(i, &buf); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf []byte
			for i := w; i < n; i += workers {
				if err := fn(i, &buf); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
