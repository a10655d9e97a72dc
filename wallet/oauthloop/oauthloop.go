// Package oauthloop is the learner's side of an OAuth authorization code
// flow in a desktop app: a PKCE S256 verifier (RFC 7636) and a loopback
// redirect (RFC 8252) that takes only the answer carrying its own state.
// OpenID4VCI receiving and the Open Badges / CLR API connections share it.
package oauthloop

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// CallbackPath is the path of the loopback redirect.
const CallbackPath = "/callback"

// RegisteredRedirect is the loopback redirect as registered with a server:
// without a port, which RFC 8252 §7.3 says the server must let vary.
const RegisteredRedirect = "http://127.0.0.1" + CallbackPath

// Errors of Wait.
var (
	// ErrNoCode is an answer with our state but neither a code nor an error.
	ErrNoCode = errors.New("no code in the redirect")
	// ErrNoAnswer is no answer in the time given (Wait's ctx ended).
	ErrNoAnswer = errors.New("no answer from the sign-in page in time")
)

// Refused is the server's refusal, sent back to the redirect: an OAuth
// error code ("access_denied") and its words (the server's: sanitize to show).
type Refused struct {
	Code        string
	Description string
}

func (e *Refused) Error() string { return "the sign-in was refused: " + e.Code }

// Loop is a loopback redirect waiting for one answer, with the PKCE
// verifier and the state of the request it answers.
type Loop struct {
	// Redirect is the redirect_uri of this request: http://127.0.0.1:PORT/callback.
	Redirect string
	// State is the request's state; answers without it are ignored.
	State string
	// Verifier is the PKCE code verifier, sent with the code.
	Verifier string

	srv  *http.Server
	done chan answer
	once sync.Once
}

type answer struct {
	code string
	err  error
}

// Listen starts listening on a loopback port for the redirect.
func Listen() (*Loop, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &Loop{
		Redirect: fmt.Sprintf("http://%s%s", ln.Addr(), CallbackPath),
		State:    randomString(16),
		Verifier: oauth2.GenerateVerifier(),
		done:     make(chan answer, 1),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+CallbackPath, l.callback)
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	go l.srv.Serve(ln)
	return l, nil
}

// Challenge is the PKCE S256 code challenge of the verifier.
func (l *Loop) Challenge() string { return oauth2.S256ChallengeFromVerifier(l.Verifier) }

func (l *Loop) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var a answer
	switch {
	case q.Get("state") != l.State:
		// Not the answer to this request: someone else's page, or a
		// forgery. Ignored; the flow goes on waiting.
		http.Error(w, "This is not the answer Learner Wallet is waiting for.", http.StatusBadRequest)
		return
	case q.Get("error") != "":
		a.err = &Refused{Code: q.Get("error"), Description: q.Get("error_description")}
	case q.Get("code") == "":
		a.err = ErrNoCode
	default:
		a.code = q.Get("code")
	}
	fmt.Fprintln(w, "Learner Wallet has the answer. You can close this page and go back to the wallet.")
	l.once.Do(func() { l.done <- a })
}

// Wait returns the code the server sent back, or why not: a *Refused,
// ErrNoCode, or ErrNoAnswer once ctx ends (wrapping its error). It stops
// listening either way.
func (l *Loop) Wait(ctx context.Context) (string, error) {
	defer l.Close()
	select {
	case a := <-l.done:
		return a.code, a.err
	case <-ctx.Done():
		return "", fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
	}
}

// Close stops listening.
func (l *Loop) Close() error { return l.srv.Close() }

// randomString is n random bytes, base64url.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(errors.New("crypto/rand failed"))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
