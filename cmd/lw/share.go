package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
	"github.com/learnerwallet/learnerwallet/wallet/qr"
)

// shareCmd: lw share [--network NAME|IP] [--minutes N] [--again S]
// [--qr PNG] FILE. It serves FILE once on the local network, prints the
// link and its QR code, and waits until the link is used (then S seconds
// more, in which only the device that fetched it may fetch it again), its
// time is up or Ctrl+C. Exit 0 when the file was fetched, 1 when not.
func (c *cli) shareCmd(args []string) int {
	fs := c.flags("share")
	network := fs.String("network", "", "")
	minutes := fs.Float64("minutes", lanshare.DefaultTTL.Minutes(), "")
	qrOut := fs.String("qr", "", "")
	again := fs.Float64("again", 20, "")
	rest, err := parse(fs, args)
	if err != nil {
		return c.parseError(err)
	}
	if len(rest) != 1 {
		return c.usageError("share needs exactly one FILE")
	}
	ttl := time.Duration(*minutes * float64(time.Minute))
	if ttl <= 0 || ttl > lanshare.MaxTTL {
		return c.usageError(fmt.Sprintf("--minutes must be more than 0 and at most %v", lanshare.MaxTTL.Minutes()))
	}
	if *again < 0 || *again > 300 {
		return c.usageError("--again must be between 0 and 300 seconds")
	}
	file := rest[0]
	body, err := readLimited(file)
	if err != nil {
		return c.fail(fmt.Errorf("%s: %w", file, err))
	}
	iface, err := chooseNetwork(*network)
	if err != nil {
		return c.fail(err)
	}
	if *network == "" && iface.Warn() {
		// Picked for the learner, as the window would show it: say so.
		printf(c.stderr, "lw: warning: sharing on %s, which is reachable from %s; choose another network with --network if there is one\n",
			iface, iface.Reachable())
	}
	contentType := "application/json"
	if strings.HasSuffix(file, ".jwt") {
		contentType = "application/vp+jwt"
	}
	s, err := lanshare.Start(body, lanshare.Options{IP: iface.IP, TTL: ttl, ContentType: contentType, Filename: filepath.Base(file),
		Again: time.Duration(*again * float64(time.Second))})
	if err != nil {
		return c.fail(err)
	}
	defer s.Stop()
	if *qrOut != "" {
		img, err := qr.TextPNG(s.URL(), -8)
		if err == nil {
			err = writeFileNew(*qrOut, img)
		}
		if err != nil {
			return c.fail(err)
		}
	}
	printf(c.stdout, "Sharing %s once on %s until %s, at\n\n  %s\n\n", file, iface, s.Expires().Local().Format("15:04"), s.URL())
	if code, err := qrcode.New(s.URL(), qrcode.Medium); err == nil {
		fmt.Fprintln(c.stdout, code.ToSmallString(false)) // drawn by us, of our URL
	}
	printf(c.stdout, "Waiting for the recipient (Ctrl+C stops sharing)…\n")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	select {
	case <-s.Fetched():
	case <-s.Done():
	case <-ctx.Done():
		s.Stop()
	}
	r := s.Result()
	switch r.State {
	case lanshare.Fetched:
		printf(c.stdout, "Fetched by %s at %s. No one else can fetch it now.\n", r.By, r.At.Local().Format("15:04:05"))
		select {
		case <-s.Done():
		case <-ctx.Done():
			s.Stop()
		}
		printf(c.stdout, "Sharing has stopped.\n")
		return exitOK
	case lanshare.Expired:
		printf(c.stderr, "lw: nobody fetched it in time; sharing has stopped\n")
	case lanshare.Failed:
		printf(c.stderr, "lw: sharing failed: %s\n", r.Err)
	default:
		printf(c.stderr, "lw: sharing stopped; nobody had fetched it\n")
	}
	return exitFailed
}

// interfaces lists where a share can listen; tests replace it.
var interfaces = lanshare.Interfaces

// chooseNetwork finds the interface to share on: the one named (by its
// name or address), or the first that a phone on the network can reach.
// A loopback address is allowed when given, for trying it on one machine.
func chooseNetwork(want string) (lanshare.Interface, error) {
	ifaces, err := interfaces()
	if err != nil {
		return lanshare.Interface{}, err
	}
	if want == "" {
		if len(ifaces) == 0 {
			return lanshare.Interface{}, errors.New("this computer is not connected to any network; send the file itself instead")
		}
		return ifaces[0], nil
	}
	var names []string
	for _, f := range ifaces {
		if f.Name == want || f.IP.String() == want {
			return f, nil
		}
		names = append(names, f.String())
	}
	if ip := net.ParseIP(want); ip != nil && ip.IsLoopback() {
		return lanshare.Interface{Name: "loopback", IP: ip}, nil
	}
	if len(names) == 0 {
		return lanshare.Interface{}, fmt.Errorf("there is no network %q: this computer is not connected to any network", want)
	}
	return lanshare.Interface{}, fmt.Errorf("there is no network %q here; choose one of: %s", want, strings.Join(names, ", "))
}
