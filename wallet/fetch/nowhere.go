package fetch

import "context"

// Nowhere is the Fetcher of a machine that is offline with nothing cached:
// every Get fails with ErrOffline.
type Nowhere struct{}

// Get implements Fetcher.
func (Nowhere) Get(context.Context, string, ...string) (*Response, error) { return nil, ErrOffline }
