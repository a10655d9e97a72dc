// Package status checks whether the issuer of a credential has since
// revoked or suspended it: W3C Bitstring Status Lists (and their legacy
// StatusList2021 form) and 1EdTech revocation lists.
//
// A list that cannot be fetched, verified or read leaves the status
// unknown. Nothing but a readable list that says so makes a credential
// revoked.
package status

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// State is the outcome of one status check.
type State int

// States of a status check. The zero value is Unknown, so that a Result
// nobody filled in claims nothing.
const (
	Unknown     State = iota // the list could not be fetched, verified or read
	OK                       // the list says the credential stands
	Revoked                  // the list says the issuer revoked it
	Suspended                // the list says the issuer suspended it
	Unsupported              // a kind of status this package does not check
)

func (s State) String() string {
	switch s {
	case OK:
		return "ok"
	case Revoked:
		return "revoked"
	case Suspended:
		return "suspended"
	case Unsupported:
		return "unsupported"
	}
	return "unknown"
}

// Options are what a check needs from its caller.
type Options struct {
	// Fetcher gets status lists. Nil means offline with nothing saved.
	Fetcher fetch.Fetcher
	// VerifyList verifies a status list credential's own proof (JSON with
	// an embedded proof, or a VC-JWT). Nil leaves lists unverified, which
	// each Result says in Warning.
	VerifyList func(ctx context.Context, listCredential []byte) error
	// Now is the time to judge the list's validity period by; zero means
	// time.Now().
	Now time.Time
}

// Result is the outcome of one credentialStatus entry.
type Result struct {
	Type    string // the entry's type, e.g. BitstringStatusListEntry
	Purpose string // revocation, suspension, ...
	State   State
	// Message says what the check found, in plain words, caveats included.
	Message string
	// Detail is technical: the list's address, the index, why it failed.
	Detail string
	// Warning, when not empty, is a caveat of an OK, Revoked or Suspended
	// result in plain words (it is part of Message too): the list's
	// signature was not checked, or someone other than the credential's
	// issuer published it.
	Warning string
	// ListVerified is true when VerifyList accepted the list's proof.
	ListVerified bool
	AsOf         time.Time // when the list was fetched
	FromCache    bool      // the list is a saved copy: the network was not used or failed
}

// Entry types this package checks.
const (
	TypeBitstring      = "BitstringStatusListEntry"
	TypeStatusList2021 = "StatusList2021Entry"
	TypeRevocationList = "1EdTechRevocationList"
)

// Check checks every entry of the credential's credentialStatus, in order.
// A credential without credentialStatus gives no results.
func Check(ctx context.Context, credential map[string]any, opts Options) []Result {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var out []Result
	for _, e := range jsonv.List(credential["credentialStatus"]) {
		entry, ok := e.(map[string]any)
		if !ok {
			out = append(out, Result{
				State:   Unknown,
				Message: "The credential's status entry is malformed, so its status could not be checked.",
				Detail:  fmt.Sprintf("credentialStatus holds %T, not an object", e),
			})
			continue
		}
		c := checker{ctx: ctx, opts: opts, credential: credential, entry: entry}
		out = append(out, c.check())
	}
	return out
}

// checker checks one entry.
type checker struct {
	ctx        context.Context
	opts       Options
	credential map[string]any
	entry      map[string]any
}

func (c *checker) check() Result {
	types := texts(c.entry["type"])
	for _, t := range types {
		switch t {
		case TypeBitstring, TypeStatusList2021:
			return c.bitstring(t)
		case TypeRevocationList:
			return c.revocationList()
		}
	}
	r := Result{State: Unsupported, Purpose: text(c.entry["statusPurpose"])}
	switch len(types) {
	case 0:
		r.Message = "The credential's status entry has no type, so its status was not checked."
	default:
		r.Type = types[0]
		r.Message = fmt.Sprintf("The credential uses a kind of status list this wallet does not support (%s), so its status was not checked.", types[0])
	}
	r.Detail = text(c.entry["id"])
	return r
}

// fetch gets a list, turning a failure into an Unknown result.
func (c *checker) fetch(r *Result, url, what string, accept ...string) (*fetch.Response, bool) {
	if c.opts.Fetcher == nil {
		c.unknown(r, fmt.Sprintf("The wallet is offline and has no saved copy of the issuer's %s, so %s could not be checked.", what, noun(r.Purpose)), url)
		return nil, false
	}
	resp, err := c.opts.Fetcher.Get(c.ctx, url, accept...)
	var se *fetch.StatusError
	switch {
	case err == nil:
		r.AsOf, r.FromCache = resp.FetchedAt, resp.FromCache
		if r.AsOf.IsZero() {
			r.AsOf = c.opts.Now
		}
		return resp, true
	case errors.As(err, &se) && (se.Code == 404 || se.Code == 410):
		c.unknown(r, fmt.Sprintf("The issuer no longer publishes its %s, so %s could not be checked.", what, noun(r.Purpose)), err.Error())
	case errors.Is(err, fetch.ErrTooLarge):
		c.unknown(r, fmt.Sprintf("The issuer's %s is larger than this wallet reads, so %s could not be checked.", what, noun(r.Purpose)), err.Error())
	case errors.Is(err, fetch.ErrNotHTTPS):
		c.unknown(r, fmt.Sprintf("The issuer's %s is not at a secure (https) address, so %s could not be checked.", what, noun(r.Purpose)), err.Error())
	case errors.Is(err, fetch.ErrOffline):
		c.unknown(r, fmt.Sprintf("The wallet is offline and has no saved copy of the issuer's %s, so %s could not be checked.", what, noun(r.Purpose)), err.Error())
	default:
		c.unknown(r, fmt.Sprintf("Could not reach the issuer's %s, so %s could not be checked.", what, noun(r.Purpose)), err.Error())
	}
	return nil, false
}

func (c *checker) unknown(r *Result, message, detail string) {
	r.State, r.Message = Unknown, message
	r.Detail = join(r.Detail, detail)
}

// issuer is the id of the credential's issuer.
func (c *checker) issuer() string { return idOf(c.credential["issuer"]) }

// settle fills in the message of a list's answer, with its caveats.
func settle(r *Result, state State, caveats ...string) {
	r.State = state
	switch {
	case state == Revoked:
		r.Message = "The issuer has revoked this credential."
	case state == Suspended:
		r.Message = "The issuer has suspended this credential."
	case r.Purpose == "suspension":
		r.Message = "The issuer has not suspended this credential."
	default:
		r.Message = "The issuer has not revoked this credential."
	}
	for _, w := range caveats {
		if w != "" {
			r.Warning = strings.TrimSpace(r.Warning + " " + w)
		}
	}
	if r.Warning != "" {
		r.Message += " " + r.Warning
	}
}

// noun names what a purpose checks, for messages.
func noun(purpose string) string {
	if purpose == "suspension" {
		return "suspension"
	}
	return "revocation"
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

// texts returns the strings of a string-or-array value.
func texts(v any) []string {
	var out []string
	for _, x := range jsonv.List(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// idOf is the id of a string-or-object value.
func idOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		return text(m["id"])
	}
	return text(v)
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
