package obapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Bounds on one sync of one API.
const (
	PageSize = 20       // the limit asked for: 20 CLRs fit the network client's 2 MB
	MaxPages = 100      // pages followed
	MaxItems = 2000     // credentials taken
	MaxBytes = 64 << 20 // the pages' bytes together
	// MaxWait is the longest Retry-After waited, once; a longer one is
	// Busy, saying when to try again.
	MaxWait = 10 * time.Second
)

// Session reads the learner's credentials from a provider: the access
// token in memory only, got and renewed with the refresh token.
type Session struct {
	Net      Network
	Provider *Provider
	Client   *Client
	// RefreshToken is the learner's refresh token; a new one the provider
	// sends replaces it here (the caller keeps it).
	RefreshToken string
	// Sleep waits d or until ctx ends; nil waits on a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock Retry-After dates are read by; nil is time.Now.
	Now func() time.Time

	access     string
	reSignedIn bool // the access token was renewed once after a 401
}

// Refresh gets a fresh access token with the refresh token.
func (s *Session) Refresh(ctx context.Context) error {
	t, err := Refresh(ctx, s.Net, s.Provider, s.Client, s.RefreshToken)
	if err != nil {
		return err
	}
	s.access = t.AccessToken
	if t.RefreshToken != "" {
		s.RefreshToken = t.RefreshToken
	}
	return nil
}

// Credentials gets every credential the provider holds for the learner in
// one API (OB or CLR), following the pages' Link rel="next" on the API's
// origin: JSON credentials, and VC-JWT ones as their compact strings.
func (s *Session) Credentials(ctx context.Context, api string) ([][]byte, error) {
	a, ok := s.Provider.APIs[api]
	if !ok {
		return nil, &Error{Code: NotProvider, Detail: "no " + api + " API"}
	}
	origin := Origin(a.Base)
	next := fmt.Sprintf("%s/credentials?limit=%d&offset=0", a.Base, PageSize)
	var out [][]byte
	size := 0
	for pages := 0; next != ""; pages++ {
		if pages == MaxPages {
			return nil, &Error{Code: TooMany, Detail: fmt.Sprintf("more than %d pages", MaxPages)}
		}
		r, err := s.get(ctx, next)
		if err != nil {
			return nil, err
		}
		if size += len(r.Body); size > MaxBytes {
			return nil, &Error{Code: TooMany, Detail: fmt.Sprintf("more than %d MB", MaxBytes>>20)}
		}
		got, err := ParsePage(r.Body)
		if err != nil {
			return nil, err
		}
		if out = append(out, got...); len(out) > MaxItems {
			return nil, &Error{Code: TooMany, Detail: fmt.Sprintf("more than %d credentials", MaxItems)}
		}
		if next, err = nextPage(r, origin); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// get gets one page with the access token: renewed once when refused
// (401), and a short Retry-After waited once.
func (s *Session) get(ctx context.Context, where string) (*fetch.Response, error) {
	waited := false
	for {
		if s.access == "" {
			if err := s.Refresh(ctx); err != nil {
				return nil, err
			}
		}
		r, err := s.Net.GetWith(ctx, where, http.Header{"Authorization": {"Bearer " + s.access}}, "application/json")
		var st *fetch.StatusError
		switch {
		case err == nil:
			return r, nil
		case !errors.As(err, &st):
			return nil, unreachable(where, err)
		case st.Code == http.StatusUnauthorized && !s.reSignedIn:
			s.access, s.reSignedIn = "", true
			continue
		case st.Code == http.StatusUnauthorized:
			// Refused again with a token just granted: the provider no
			// longer takes the wallet's access.
			return nil, &Error{Code: Refused, Detail: where, OAuth: &OAuthError{Code: "invalid_token"}, Err: err}
		case st.Code == http.StatusTooManyRequests || st.Code == http.StatusServiceUnavailable:
			d, ok := s.retryAfter(st.Header.Get("Retry-After"))
			if !ok {
				return nil, refusal(where, err)
			}
			if waited || d > MaxWait {
				return nil, &Error{Code: Busy, Detail: where, RetryAt: s.now().Add(d).Truncate(time.Second), Err: err}
			}
			waited = true
			if err := s.sleep(ctx, d); err != nil {
				return nil, unreachable(where, err)
			}
			continue
		}
		return nil, refusal(where, err)
	}
}

func (s *Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Session) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep != nil {
		return s.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryAfter reads a Retry-After: seconds, or an HTTP date.
func (s *Session) retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(min(n, 7*24*3600)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(s.now()), 0), true
	}
	return 0, false
}

// linkNext matches one link-value of a Link header whose rel is next.
var linkNext = regexp.MustCompile(`<([^>]*)>\s*((?:;\s*[^;,]*)*)`)

// nextPage is the page a Link rel="next" names, resolved against the
// page's URL; it must be https on origin. "" when there is none.
func nextPage(r *fetch.Response, origin string) (string, error) {
	var next string
	for _, v := range r.Header.Values("Link") {
		for _, m := range linkNext.FindAllStringSubmatch(v, 16) {
			for _, param := range strings.Split(m[2], ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(param), "=")
				if strings.EqualFold(k, "rel") && hasToken(strings.Trim(val, `"`), "next") {
					next = m[1]
				}
			}
		}
	}
	if next == "" {
		return "", nil
	}
	base, err := url.Parse(r.URL)
	if err != nil {
		return "", &Error{Code: Malformed, Detail: r.URL}
	}
	u, err := base.Parse(next)
	if err != nil {
		return "", &Error{Code: Malformed, Detail: "a next page at " + next}
	}
	if err := CheckHTTPS(u.String()); err != nil {
		return "", err
	}
	if Origin(u.String()) != origin {
		return "", &Error{Code: OtherOrigin, Detail: u.String()}
	}
	return u.String(), nil
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// compactJWS is a compact JWS: three base64url parts.
var compactJWS = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$`)

// ParsePage reads one page of a getCredentials answer: the credentials
// in "credential" (an object or an array of them), and the VC-JWT ones in
// "compactJwsString" (the schema's name) or "compactJwsStrings" (the
// prose's), a string or an array of them. Each comes back as its bytes.
func ParsePage(b []byte) ([][]byte, error) {
	if _, err := jsonv.DecodeObject(b); err != nil {
		return nil, &Error{Code: Malformed, Detail: err.Error()}
	}
	var page map[string]json.RawMessage
	if err := json.Unmarshal(b, &page); err != nil {
		return nil, &Error{Code: Malformed, Detail: err.Error()}
	}
	var out [][]byte
	for _, raw := range oneOrMany(page["credential"]) {
		if !bytes.HasPrefix(raw, []byte("{")) {
			return nil, &Error{Code: Malformed, Detail: "a credential that is not an object"}
		}
		out = append(out, raw)
	}
	for _, key := range []string{"compactJwsString", "compactJwsStrings"} {
		for _, raw := range oneOrMany(page[key]) {
			var s string
			if json.Unmarshal(raw, &s) != nil || !compactJWS.MatchString(s) {
				return nil, &Error{Code: Malformed, Detail: "a " + key + " entry that is not a compact JWS"}
			}
			out = append(out, []byte(s))
		}
	}
	return out, nil
}

// oneOrMany is a JSON value's elements when it is an array, else the value.
func oneOrMany(raw json.RawMessage) []json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var many []json.RawMessage
	if raw[0] == '[' && json.Unmarshal(raw, &many) == nil {
		return many
	}
	return []json.RawMessage{raw}
}

// statusInfo reads an Imsx_StatusInfo from a refusal's body; nil when it
// is not one.
func statusInfo(b []byte) *StatusInfo {
	var v struct {
		CodeMajor   string          `json:"imsx_codeMajor"`
		Severity    string          `json:"imsx_severity"`
		Description json.RawMessage `json:"imsx_description"`
		CodeMinor   struct {
			Fields []struct {
				Name  string `json:"imsx_codeMinorFieldName"`
				Value string `json:"imsx_codeMinorFieldValue"`
			} `json:"imsx_codeMinorField"`
		} `json:"imsx_codeMinor"`
	}
	if json.Unmarshal(b, &v) != nil || v.CodeMajor == "" {
		return nil
	}
	s := &StatusInfo{CodeMajor: v.CodeMajor, Severity: v.Severity}
	var words string
	var byLang map[string]string
	switch {
	case json.Unmarshal(v.Description, &words) == nil:
		s.Description = words
	case json.Unmarshal(v.Description, &byLang) == nil:
		s.Description = byLang["en"]
		for _, w := range byLang {
			if s.Description == "" {
				s.Description = w
			}
		}
	}
	for _, f := range v.CodeMinor.Fields {
		s.CodeMinor = append(s.CodeMinor, f.Value)
	}
	return s
}
