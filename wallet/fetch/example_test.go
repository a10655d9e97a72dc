package fetch_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

func ExampleNewClient() {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"revokedCredential":[]}`)
	}))
	defer srv.Close()

	// The server is on this computer, with a certificate of its own: the
	// scope must reach loopback, and the certificate be trusted. A wallet
	// leaves both at their defaults (Public, the system's roots).
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	cache := &fetch.Memory{}
	online := fetch.NewClient(fetch.ClientOptions{Cache: cache, Scope: fetch.PublicAndPrivate, RootCAs: roots})
	r, err := online.Get(context.Background(), srv.URL+"/revocations", "application/json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(r.Body), r.FromCache)

	// Later, without a network: the cached copy, with the time it was fetched.
	offline := fetch.NewClient(fetch.ClientOptions{Cache: cache, Offline: true})
	r, err = offline.Get(context.Background(), srv.URL+"/revocations")
	fmt.Println(string(r.Body), r.FromCache, err)
	// Output:
	// {"revokedCredential":[]} false
	// {"revokedCredential":[]} true <nil>
}

func ExampleAddressError() {
	// Whatever a credential or a QR code names, the default client reaches
	// the internet only: not this computer, not the local network, never
	// the cloud metadata service, however the address is written.
	c := fetch.NewClient(fetch.ClientOptions{})
	for _, u := range []string{
		"https://127.0.0.1/status/1",
		"https://[::ffff:10.0.0.1]/did.json",
		"https://169.254.169.254/latest/meta-data/",
	} {
		_, err := c.Get(context.Background(), u)
		var refused *fetch.AddressError
		if errors.As(err, &refused) {
			fmt.Printf("%v: %v\n", refused.Kind, errors.Is(err, fetch.ErrForbiddenAddress))
		}
		fmt.Println(err)
	}
	// Output:
	// a loopback address (this computer): true
	// https://127.0.0.1/status/1: 127.0.0.1 is a loopback address (this computer), which the wallet does not connect to unless the private network is allowed
	// a private address (a local network): true
	// https://[::ffff:10.0.0.1]/did.json: ::ffff:10.0.0.1 (10.0.0.1) is a private address (a local network), which the wallet does not connect to unless the private network is allowed
	// a link-local address: true
	// https://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local address, which the wallet never connects to
}
