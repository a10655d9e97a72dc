package oauthloop_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/oauthloop"
)

func answer(t *testing.T, l *oauthloop.Loop, q url.Values) int {
	t.Helper()
	resp, err := http.Get(l.Redirect + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestLoop: an answer without the request's state is ignored, the one with
// it is taken; a refusal is a *Refused; no answer in time is ErrNoAnswer.
func TestLoop(t *testing.T) {
	l, err := oauthloop.Listen()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.Redirect, "http://127.0.0.1:") || !strings.HasSuffix(l.Redirect, oauthloop.CallbackPath) {
		t.Errorf("redirect %s", l.Redirect)
	}
	if got := answer(t, l, url.Values{"code": {"forged"}, "state": {"other"}}); got != http.StatusBadRequest {
		t.Errorf("another state: HTTP %d", got)
	}
	answer(t, l, url.Values{"code": {"c1"}, "state": {l.State}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if code, err := l.Wait(ctx); code != "c1" || err != nil {
		t.Errorf("Wait = %q, %v", code, err)
	}

	l, _ = oauthloop.Listen()
	answer(t, l, url.Values{"error": {"access_denied"}, "state": {l.State}})
	var refused *oauthloop.Refused
	if _, err := l.Wait(ctx); !errors.As(err, &refused) || refused.Code != "access_denied" {
		t.Errorf("a refusal: %v", err)
	}

	l, _ = oauthloop.Listen()
	short, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	if _, err := l.Wait(short); !errors.Is(err, oauthloop.ErrNoAnswer) {
		t.Errorf("no answer: %v", err)
	}
}
