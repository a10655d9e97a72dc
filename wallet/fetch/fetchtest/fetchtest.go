// Package fetchtest points a fetch.Client at test servers on this computer
// the way the client itself allows: the server's certificate trusted
// through RootCAs, names resolved through LookupIP, loopback reached under
// the PublicAndPrivate scope. Nothing here weakens the client's policy.
package fetchtest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Options returns options for a Client that fetches from srv, an httptest
// TLS server on loopback: scope PublicAndPrivate, srv's certificate
// trusted, a 2 s timeout, and each of names resolving to srv's address.
// httptest's certificate is valid for 127.0.0.1, ::1, example.com and
// *.example.com, so the names should be those.
func Options(srv *httptest.Server, names ...string) fetch.ClientOptions {
	hosts := map[string]string{}
	if ap, err := netip.ParseAddrPort(srv.Listener.Addr().String()); err == nil {
		for _, n := range names {
			hosts[n] = ap.Addr().String()
		}
	}
	return fetch.ClientOptions{
		Scope:    fetch.PublicAndPrivate,
		RootCAs:  Trust(srv),
		LookupIP: Hosts(hosts),
		Timeout:  2 * time.Second,
	}
}

// Trust returns a pool holding the certificate of srv, an httptest TLS
// server, for ClientOptions.RootCAs.
func Trust(srv *httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	if c := srv.Certificate(); c != nil {
		pool.AddCert(c)
	}
	return pool
}

// Hosts returns a ClientOptions.LookupIP that answers from hosts (a name
// and its address) and finds no other name, so that a test never asks the
// real DNS. It panics on an address that does not parse.
func Hosts(hosts map[string]string) func(context.Context, string) ([]netip.Addr, error) {
	table := make(map[string][]netip.Addr, len(hosts))
	for name, addr := range hosts {
		table[name] = []netip.Addr{netip.MustParseAddr(addr)}
	}
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		if addrs, ok := table[host]; ok {
			return addrs, nil
		}
		return nil, &net.DNSError{Err: "no such host (fetchtest.Hosts)", Name: host, IsNotFound: true}
	}
}

// Loopback returns options for a Client that reaches a test server on
// loopback by any name (each resolves to 127.0.0.1), its certificate in
// roots trusted: for servers that name themselves https://example.com:PORT.
func Loopback(roots *x509.CertPool) fetch.ClientOptions {
	return fetch.ClientOptions{Scope: fetch.PublicAndPrivate, RootCAs: roots, LookupIP: func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}}
}

// Browser opens page as a learner's browser would, following redirects
// (a sign-in page's, back to the wallet's loopback port); example.com is
// loopback, and roots are trusted. A page that does not end in 200 OK is
// an error.
func Browser(roots *x509.CertPool, page string) error {
	c := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if _, port, err := net.SplitHostPort(addr); err == nil && strings.HasPrefix(addr, "example.com:") {
				addr = "127.0.0.1:" + port
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	resp, err := c.Get(page)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the page answered %s", resp.Status)
	}
	return nil
}
