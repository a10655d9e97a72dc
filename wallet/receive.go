package wallet

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vci"
)

// Receive receives the credentials an issuer offers (OpenID4VCI), each
// issued to the learner's key, and imports them as any other: verified,
// then stored with their reports. txCode is the code the issuer sent the
// learner, when the offer asks for one; open shows the learner the
// issuer's sign-in page, when the offer needs them to sign in. ctx bounds
// the whole. Nothing is stored unless every credential came as asked;
// once they are being stored, a cancelled ctx stops before the next, and
// the results so far are returned with its error.
func (w *Wallet) Receive(ctx context.Context, n oid4vci.Network, p *oid4vci.Proposal, txCode string, open func(page string) error) ([]Result, error) {
	key, err := w.HolderKey()
	if err != nil {
		return nil, err
	}
	creds, err := p.Receive(ctx, n, key, txCode, open, w.now())
	if err != nil {
		return nil, err
	}
	source := "received from " + hostOf(p.Offer.CredentialIssuer)
	out := make([]Result, 0, len(creds))
	for _, b := range creds {
		if err := ctx.Err(); err != nil {
			return out, err // those stored so far stay
		}
		out = append(out, w.ImportBytes(source, b))
	}
	return out, nil
}

// ErrNotHTTPS is Download's refusal of an address that is not https.
var ErrNotHTTPS = errors.New("only https addresses are fetched")

// Download fetches a credential file from an https address (a badge
// page's download link) and imports it as any other.
func (w *Wallet) Download(ctx context.Context, f fetch.Fetcher, address string) (Result, error) {
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "https" || !strings.HasPrefix(address, "https://") || u.Host == "" || u.User != nil {
		return Result{}, ErrNotHTTPS
	}
	r, err := f.Get(ctx, address, "application/ld+json", "application/json", "application/vc+jwt", "image/png", "image/svg+xml", "*/*;q=0.1")
	if err != nil {
		return Result{}, err
	}
	return w.ImportBytes("downloaded from "+u.Host, r.Body), nil
}

// ReadInput reads a file as an import does: a regular file, no larger
// than any credential may be; what is wrong is said in words.
func ReadInput(path string) ([]byte, error) { return readInput(path) }

// ReceiveTimeout bounds receiving from an issuer, without signing in;
// SignInTimeout when the learner signs in first.
const (
	ReceiveTimeout = 2 * time.Minute
	SignInTimeout  = 10 * time.Minute
)
