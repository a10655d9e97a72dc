package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/bake"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

// CheckPresentation checks a presentation the learner received, or made,
// with the wallet's verifier. The learner's own identities play no part:
// the credentials must be about the presentation's holder.
func (w *Wallet) CheckPresentation(ctx context.Context, data []byte, opts verify.PresentationOptions) verify.PresentationReport {
	return w.currentVerifier().Presentation(ctx, data, opts)
}

// Received is what a presentation arrived as, unwrapped.
type Received struct {
	// Presentation is the presentation itself (JSON or a VP-JWT), when it
	// was in what was received.
	Presentation []byte
	// Link is a one-time share link (http://…) that a QR code or a pasted
	// text held instead; fetch it to get the presentation.
	Link string
	// Via says how it was carried: "file", "QR code text", "QR code image",
	// "VPQR code text", "VPQR code image".
	Via string
}

// ErrNotPresentation means what was received holds no presentation.
var ErrNotPresentation = errors.New("this holds no presentation")

// Unwrap finds the presentation in what was received: the presentation
// itself, the text of a Learner Wallet QR code ("LW1:…") or of a VPQR code
// ("VP1-…", as Digital Bazaar's vpqr and the wallets built on it make
// them), a picture of either (PNG, JPEG or GIF), or a one-time share link.
func Unwrap(data []byte) (Received, error) {
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case len(text) == 0:
		return Received{}, fmt.Errorf("%w: it is empty", ErrNotPresentation)
	case bytes.HasPrefix(text, []byte(qr.Prefix)):
		return unwrapText(string(text), "QR code text")
	case bytes.HasPrefix(text, []byte(vpqr.Prefix)):
		return unwrapText(string(text), "VPQR code text")
	case isLink(string(text)):
		if _, err := checkShareLink(string(text)); err != nil {
			return Received{}, err
		}
		return Received{Link: string(text), Via: "link"}, nil
	case bake.IsPNG(text) || bytes.HasPrefix(text, []byte("\xff\xd8\xff")) || bytes.HasPrefix(text, []byte("GIF8")):
		s, err := qr.Scan(text)
		if err != nil {
			return Received{}, err
		}
		if strings.HasPrefix(s, vpqr.Prefix) {
			return unwrapText(s, "VPQR code image")
		}
		return unwrapText(s, "QR code image")
	}
	return Received{Presentation: text, Via: "file"}, nil
}

func unwrapText(s, via string) (Received, error) {
	s = strings.TrimSpace(s)
	if isLink(s) {
		if _, err := checkShareLink(s); err != nil {
			return Received{}, err
		}
		return Received{Link: s, Via: via}, nil
	}
	if strings.HasPrefix(s, vpqr.Prefix) {
		b, err := vpqr.Decode(s)
		if err != nil {
			return Received{}, err
		}
		return Received{Presentation: b, Via: via}, nil
	}
	if !strings.HasPrefix(s, qr.Prefix) {
		return Received{}, fmt.Errorf("%w: the QR code holds %q, which is neither a Learner Wallet code, a VPQR code nor a share link", ErrNotPresentation, credential.Shorten(s, 60))
	}
	b, err := qr.Decode(s)
	if err != nil {
		return Received{}, err
	}
	return Received{Presentation: b, Via: via}, nil
}

// shareLinkPath is the path of a one-time share link: /s/ and the token,
// 26 characters of lower-case base32 (see wallet/lanshare).
var shareLinkPath = regexp.MustCompile(`^/s/[a-z2-7]{26}$`)

// isLink reports whether s looks like one web address.
func isLink(s string) bool {
	return (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && !strings.ContainsAny(s, " \t\r\n")
}

// checkShareLink accepts only the links a one-time share makes: plain HTTP
// to an IP address on the local network and the share's path, nothing else.
// A QR code or a pasted text comes from someone else, and must not make the
// wallet fetch any address they like.
func checkShareLink(link string) (*url.URL, error) {
	u, err := url.Parse(link)
	notShare := fmt.Errorf("%w: %q is a web address but not a Learner Wallet share link (http://ADDRESS:PORT/s/…); "+
		"the wallet fetches only those — open other links in a browser if you trust them", ErrNotPresentation, credential.Shorten(link, 80))
	if err != nil || u.Scheme != "http" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !shareLinkPath.MatchString(u.Path) {
		return nil, notShare
	}
	// An IP address of this computer or the local network, written as
	// the sharing wallet writes it (never an IPv4 address in IPv6 dress):
	// a share is served there and nowhere else.
	ip, err := netip.ParseAddr(u.Hostname())
	if err != nil || u.Port() == "" || ip.Is4In6() || !fetch.LocalAndLoopback.Permits(ip) {
		return nil, notShare
	}
	return u, nil
}

// FetchTimeout bounds fetching a one-time share link.
const FetchTimeout = 30 * time.Second

// ErrShareEnded means a one-time share link was already used, or its time
// ran out.
var ErrShareEnded = errors.New("this share link has been used already or has ended: ask the one who shared it to share it again")

// ErrShareOnThisComputer is a share link to this same computer, fetched
// only when the learner allows the private network.
var ErrShareOnThisComputer = errors.New("this share link points at this computer, which the wallet reaches only when you allow the private network")

// FetchShared downloads the presentation behind a one-time share link. The
// link works once: a second fetch gets ErrShareEnded. It goes through the
// one fetch client, held to the local network: a link to any other address
// is refused before anything is sent, whatever a QR code says, and so is
// one to this computer unless allowLoopback (the learner's
// --allow-private-network, for a share made on this same computer).
func FetchShared(ctx context.Context, link string, allowLoopback bool) ([]byte, error) {
	u, err := checkShareLink(link)
	if err != nil {
		return nil, err
	}
	scope := fetch.LocalNetwork
	if allowLoopback {
		scope = fetch.LocalAndLoopback
	}
	client := fetch.NewClient(fetch.ClientOptions{Scope: scope, Timeout: FetchTimeout, MaxBytes: credential.MaxInputSize})
	resp, err := client.Get(ctx, u.String(), "application/json", "application/jwt", "*/*")
	var se *fetch.StatusError
	var ae *fetch.AddressError
	switch {
	case err == nil:
		return resp.Body, nil
	case errors.Is(err, syscall.ECONNREFUSED):
		// Nothing listens there any more: a share closes when it ends.
		return nil, fmt.Errorf("%w (nothing answers at %s; if the share is still on, check the address)", ErrShareEnded, u.Host)
	case errors.As(err, &ae) && ae.Kind == fetch.KindLoopback:
		return nil, ErrShareOnThisComputer
	case errors.As(err, &ae):
		return nil, fmt.Errorf("%w: %s is not on your local network, so the wallet does not fetch it (%s)", ErrNotPresentation, u.Host, ae.Kind)
	case errors.As(err, &se) && se.Code == http.StatusGone:
		return nil, ErrShareEnded
	case errors.As(err, &se) && se.Code == http.StatusNotFound:
		return nil, fmt.Errorf("%s shares nothing at this link: check that it was copied whole", u.Host)
	case errors.As(err, &se):
		// The code only: the reason phrase is the server's own text.
		return nil, fmt.Errorf("%s answered with HTTP status %d, not the presentation", u.Host, se.Code)
	case errors.Is(err, fetch.ErrTooManyRedirects):
		return nil, fmt.Errorf("%s answered with a redirect, which a share link never does; nothing was fetched", u.Host)
	case errors.Is(err, fetch.ErrTooLarge):
		return nil, fmt.Errorf("%s sent more than %d MB, which is no presentation", u.Host, credential.MaxInputSize>>20)
	}
	return nil, fmt.Errorf("could not fetch from %s: %w; check that you are on the same network as the one sharing, and that they are still sharing", u.Host, err)
}
