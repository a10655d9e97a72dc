package fetch_test

import (
	"context"
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

	cache := &fetch.Memory{}
	online := fetch.NewClient(fetch.ClientOptions{Cache: cache, Transport: srv.Client().Transport})
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
