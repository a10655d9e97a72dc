package wallet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
	"github.com/learnerwallet/learnerwallet/wallet/verify/attacktest"
	"github.com/learnerwallet/learnerwallet/wallet/vpqr"
)

func TestUnwrap(t *testing.T) {
	vp := []byte(`{"type":["VerifiablePresentation"]}`)
	text, err := qr.Encode(vp)
	if err != nil {
		t.Fatal(err)
	}
	img, err := qr.PNG(vp, -4)
	if err != nil {
		t.Fatal(err)
	}
	link := "http://192.168.1.20:41234/s/abcdefghijklmnopqrstuvwxyz"
	linkImg, err := qr.TextPNG(link, -4)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		in        []byte
		want, via string
		link      string
	}{
		{"file", append([]byte("\xef\xbb\xbf"), vp...), string(vp), "file", ""},
		{"QR text", []byte(text + "\n"), string(vp), "QR code text", ""},
		{"QR image", img, string(vp), "QR code image", ""},
		{"link", []byte(link + "\n"), "", "link", link},
		{"QR image of a link", linkImg, "", "QR code image", link},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := wallet.Unwrap(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Presentation) != c.want || r.Via != c.via || r.Link != c.link {
				t.Errorf("got %q via %q link %q", r.Presentation, r.Via, r.Link)
			}
		})
	}

	otherImg, err := qr.TextPNG("WIFI:S:home;;", -4)
	if err != nil {
		t.Fatal(err)
	}
	otherLink, err := qr.TextPNG("http://192.168.1.1/admin/reboot", -4)
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{
		"empty": []byte(" \n"), "other QR code": otherImg, "QR code of another link": otherLink,
		"a web site":    []byte("https://example.com/s/abcdefghijklmnopqrstuvwxyz"),
		"a host name":   []byte("http://router.local:80/s/abcdefghijklmnopqrstuvwxyz"),
		"a query":       []byte("http://192.168.1.20:41234/s/abcdefghijklmnopqrstuvwxyz?x=1"),
		"a user":        []byte("http://u@192.168.1.20:41234/s/abcdefghijklmnopqrstuvwxyz"),
		"no port":       []byte("http://192.168.1.20/s/abcdefghijklmnopqrstuvwxyz"),
		"another path":  []byte("http://192.168.1.20:41234/s/../admin"),
		"a short token": []byte("http://192.168.1.20:41234/s/abc"),
	} {
		if _, err := wallet.Unwrap(in); !errors.Is(err, wallet.ErrNotPresentation) {
			t.Errorf("%s: err = %v, want ErrNotPresentation", name, err)
		}
	}
	if _, err := wallet.Unwrap([]byte("VP1-B!!")); !errors.Is(err, vpqr.ErrFormat) {
		t.Errorf("broken VPQR text: err = %v, want vpqr.ErrFormat", err)
	}
	if _, err := wallet.Unwrap([]byte("LW1:!!")); !errors.Is(err, qr.ErrFormat) {
		t.Errorf("broken QR text: err = %v, want qr.ErrFormat", err)
	}
	if _, err := wallet.Unwrap(bytes.Repeat([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 2)); !errors.Is(err, qr.ErrNoCode) {
		t.Errorf("broken PNG: err = %v, want qr.ErrNoCode", err)
	}
}

func TestFetchSharedOnce(t *testing.T) {
	vp := []byte(`{"type":["VerifiablePresentation"]}`)
	s, err := lanshare.Start(vp, lanshare.Options{IP: net.IPv4(127, 0, 0, 1), ContentType: "application/json"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx := context.Background()
	// A share on this computer is fetched only when the learner allows
	// the private network (as lw --allow-private-network does).
	if _, err := wallet.FetchShared(ctx, s.URL(), false); !errors.Is(err, wallet.ErrShareOnThisComputer) {
		t.Fatalf("a loopback link without the private network allowed: %v", err)
	}
	got, err := wallet.FetchShared(ctx, s.URL(), true)
	if err != nil || !bytes.Equal(got, vp) {
		t.Fatalf("FetchShared = %q, %v", got, err)
	}
	<-s.Done()
	if _, err := wallet.FetchShared(ctx, s.URL(), true); !errors.Is(err, wallet.ErrShareEnded) {
		t.Errorf("second fetch: err = %v, want ErrShareEnded", err)
	}
	for _, link := range []string{
		"ftp://example.org/x",
		"http://169.254.169.254:80/s/abcdefghijklmnopqrstuvwxyz", // cloud metadata
		"http://8.8.8.8:80/s/abcdefghijklmnopqrstuvwxyz",         // the internet
		"http://[::ffff:127.0.0.1]:80/s/abcdefghijklmnopqrstuvwxyz",
		"http://0.0.0.0:80/s/abcdefghijklmnopqrstuvwxyz",
	} {
		if _, err := wallet.FetchShared(ctx, link, true); err == nil || errors.Is(err, wallet.ErrShareEnded) {
			t.Errorf("%s: %v", link, err)
		}
	}
}

// TestFetchSharedStatusIsOnlyACode: what a server says besides its status
// code (here, a reason phrase that would clear the terminal) is not repeated.
func TestFetchSharedStatusIsOnlyACode(t *testing.T) {
	link := attacktest.ServeRaw(t, []byte("HTTP/1.1 418 I am \x1b[2J\x1b]0;pwned\x07 a teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	_, err := wallet.FetchShared(context.Background(), link, true)
	if err == nil {
		t.Fatal("a 418 answer was taken for the presentation")
	}
	if msg := err.Error(); !strings.Contains(msg, "HTTP status 418") || strings.ContainsAny(msg, "\x1b\x07") || strings.Contains(msg, "teapot") {
		t.Errorf("error %q", msg)
	}
}

// VPQR codes, as Digital Bazaar's vpqr makes them (base32 and base45,
// CBOR-LD entries 0 and 1), as text and as a picture.
func TestUnwrapVPQR(t *testing.T) {
	var vectors []struct {
		File   string `json:"file"`
		Entry  int    `json:"entry"`
		Base32 string `json:"base32"`
		Base45 string `json:"base45"`
	}
	b, err := os.ReadFile(filepath.Join("..", "testdata", "vpqr", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &vectors); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range vectors {
		if v.File != "testdata/vpqr/small-v2.json" && v.File != "testdata/vpqr/codecs-v1.json" {
			continue
		}
		want, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(v.File)))
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{v.Base32, v.Base45} {
			if text == "" {
				continue
			}
			img, err := vpqr.PNG(text, -2)
			if err != nil {
				t.Fatal(err)
			}
			for via, in := range map[string][]byte{"VPQR code text": []byte(text + "\n"), "VPQR code image": img} {
				r, err := wallet.Unwrap(in)
				if err != nil {
					t.Fatalf("%s entry %d %.5s as %s: %v", v.File, v.Entry, text, via, err)
				}
				var got, exp any
				_ = json.Unmarshal(r.Presentation, &got)
				_ = json.Unmarshal(want, &exp)
				if r.Via != via || !reflect.DeepEqual(got, exp) {
					t.Errorf("%s entry %d %.5s as %s: got it via %q, same: %v", v.File, v.Entry, text, via, r.Via, reflect.DeepEqual(got, exp))
				}
				n++
			}
		}
	}
	if n != 12 {
		t.Errorf("%d codes read, want 12 (entries 0 and 1, base32 and base45, text and picture)", n)
	}
}
