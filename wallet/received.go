package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
)

// CheckPresentation checks a presentation the learner received, or made,
// with the wallet's verifier. The learner's own identities play no part:
// the credentials must be about the presentation's holder.
func (w *Wallet) CheckPresentation(ctx context.Context, data []byte, opts PresentationOptions) PresentationReport {
	return w.verifier.CheckPresentation(ctx, data, opts)
}

// Received is what a presentation arrived as, unwrapped.
type Received struct {
	// Presentation is the presentation itself (JSON or a VP-JWT), when it
	// was in what was received.
	Presentation []byte
	// Link is a one-time share link (http://…) that a QR code or a pasted
	// text held instead; fetch it to get the presentation.
	Link string
	// Via says how it was carried: "file", "QR code text", "QR code image".
	Via string
}

// ErrNotPresentation means what was received holds no presentation.
var ErrNotPresentation = errors.New("this holds no presentation")

// Unwrap finds the presentation in what was received: the presentation
// itself, the text of a Learner Wallet QR code ("LW1:…"), a picture of
// that QR code (PNG, JPEG or GIF), or a one-time share link.
func Unwrap(data []byte) (Received, error) {
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case len(text) == 0:
		return Received{}, fmt.Errorf("%w: it is empty", ErrNotPresentation)
	case bytes.HasPrefix(text, []byte(qr.Prefix)):
		return unwrapText(string(text), "QR code text")
	case isShareLink(string(text)):
		return Received{Link: string(text), Via: "link"}, nil
	case bake.IsPNG(text) || bytes.HasPrefix(text, []byte("\xff\xd8\xff")) || bytes.HasPrefix(text, []byte("GIF8")):
		s, err := qr.Scan(text)
		if err != nil {
			return Received{}, err
		}
		return unwrapText(s, "QR code image")
	}
	return Received{Presentation: text, Via: "file"}, nil
}

func unwrapText(s, via string) (Received, error) {
	s = strings.TrimSpace(s)
	if isShareLink(s) {
		return Received{Link: s, Via: via}, nil
	}
	if !strings.HasPrefix(s, qr.Prefix) {
		return Received{}, fmt.Errorf("%w: the QR code holds %q, which is neither a Learner Wallet code nor a share link", ErrNotPresentation, shorten(s, 60))
	}
	b, err := qr.Decode(s)
	if err != nil {
		return Received{}, err
	}
	return Received{Presentation: b, Via: via}, nil
}

// isShareLink reports whether s is a single http(s) URL.
func isShareLink(s string) bool {
	return (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !strings.ContainsAny(s, " \t\r\n")
}

// FetchTimeout bounds fetching a one-time share link.
const FetchTimeout = 30 * time.Second

// ErrShareEnded means a one-time share link was already used, or its time
// ran out.
var ErrShareEnded = errors.New("this share link has been used already or has ended: ask the one who shared it to share it again")

// FetchShared downloads the presentation behind a one-time share link. The
// link works once: a second fetch gets ErrShareEnded.
func FetchShared(ctx context.Context, link string) ([]byte, error) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not a share link (http://…)", shorten(link, 80))
	}
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if errors.Is(err, syscall.ECONNREFUSED) {
		// Nothing listens there any more: a share closes when it ends.
		return nil, ErrShareEnded
	}
	if err != nil {
		return nil, fmt.Errorf("could not reach %s: %w; check that you are on the same network as the one sharing, and that they are still sharing", u.Host, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusGone || resp.StatusCode == http.StatusNotFound:
		return nil, ErrShareEnded
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s answered %s", u.Host, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("the download from %s broke off: %w", u.Host, err)
	}
	if len(b) > MaxInputSize {
		return nil, fmt.Errorf("%s sent more than %d MB, which is no presentation", u.Host, MaxInputSize>>20)
	}
	return b, nil
}
