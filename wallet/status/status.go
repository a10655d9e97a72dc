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
	// Cause says why the State is Unknown or Unsupported; "" otherwise.
	Cause Cause
	// Caveats qualify an OK, Revoked or Suspended answer: the list's own
	// signature was not checked, or someone other than the credential's
	// issuer published it (Publisher).
	Caveats []Caveat
	// Publisher is the issuer of the status list, when it is not the
	// credential's issuer (CaveatOtherPublisher).
	Publisher string
	// Reason is the reason the issuer gave for a revocation, if any: text
	// from the network, to be shown sanitized.
	Reason string
	// Until is when the list stopped being valid (CauseListExpired).
	Until time.Time
	// Detail is technical: the list's address, the index, why it failed.
	Detail string
	// ListVerified is true when VerifyList accepted the list's proof.
	ListVerified bool
	AsOf         time.Time // when the list was fetched
	FromCache    bool      // the list is a saved copy: the network was not used or failed
}

// Cause says why a status could not be checked.
type Cause string

// Causes of an Unknown or Unsupported result.
const (
	CauseMalformedEntry     Cause = "malformed-entry"     // the credentialStatus entry is malformed
	CauseNoType             Cause = "no-type"             // the entry has no type
	CauseUnsupportedType    Cause = "unsupported-type"    // a kind of status this package does not check
	CauseUnsupportedPurpose Cause = "unsupported-purpose" // a statusPurpose other than revocation or suspension
	CauseNoCredentialID     Cause = "no-credential-id"    // a revocation list names credentials by id, and this one has none
	CauseOffline            Cause = "offline"             // offline, and no saved copy of the list
	CauseGone               Cause = "gone"                // the list's address answers 404 or 410
	CauseTooLarge           Cause = "too-large"           // the list is larger than the wallet reads
	CauseNotHTTPS           Cause = "not-https"           // the list is not at an https address
	CauseRefused            Cause = "refused-address"     // the list's address is one the wallet may not reach
	CauseUnreachable        Cause = "unreachable"         // the network failed
	CauseListInvalid        Cause = "list-invalid"        // the list's own signature does not verify
	CauseUnreadable         Cause = "unreadable"          // the list is not a status list the wallet can read
	CauseListExpired        Cause = "list-expired"        // the list's validity ended (Until)
	CauseListNotYetValid    Cause = "list-not-yet-valid"  // the list is not valid yet
	CauseWrongPurpose       Cause = "wrong-purpose"       // the list is for another statusPurpose
	CauseTooManyLists       Cause = "too-many-lists"      // the credential names more lists than one check fetches
)

// Caveat qualifies an answer of a status list.
type Caveat string

// Caveats of an answer.
const (
	CaveatListUnverified Caveat = "list-unverified" // the list's own signature was not checked
	CaveatOtherPublisher Caveat = "other-publisher" // the list was published by someone other than the issuer
)

// Entry types this package checks.
const (
	TypeBitstring      = "BitstringStatusListEntry"
	TypeStatusList2021 = "StatusList2021Entry"
	TypeRevocationList = "1EdTechRevocationList"
)

// Bounds on the work one credential can ask for.
const (
	// MaxLists is how many distinct status lists one check fetches.
	MaxLists = 4
	// MaxEntries is how many credentialStatus entries are looked at.
	MaxEntries = 16
)

// Check checks every entry of the credential's credentialStatus, in order.
// A credential without credentialStatus gives no results.
func Check(ctx context.Context, credential map[string]any, opts Options) []Result {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var out []Result
	lists := map[string]bool{}
	for i, e := range jsonv.List(credential["credentialStatus"]) {
		entry, ok := e.(map[string]any)
		switch {
		case i >= MaxEntries:
			out = append(out, Result{State: Unknown, Cause: CauseTooManyLists,
				Detail: fmt.Sprintf("only the first %d of %d status entries are checked", MaxEntries, len(jsonv.List(credential["credentialStatus"])))})
			return out
		case !ok:
			out = append(out, Result{
				State:  Unknown,
				Cause:  CauseMalformedEntry,
				Detail: fmt.Sprintf("credentialStatus holds %T, not an object", e),
			})
			continue
		}
		// Each distinct list is a fetch: a credential cannot make one
		// check fetch more than MaxLists of them.
		url := jsonv.String(entry["statusListCredential"])
		if url == "" {
			url = jsonv.String(entry["id"])
		}
		if !lists[url] && len(lists) >= MaxLists {
			out = append(out, Result{State: Unknown, Cause: CauseTooManyLists, Type: jsonv.String(entry["type"]),
				Detail: fmt.Sprintf("the credential names more than %d status lists; %s was not fetched", MaxLists, url)})
			continue
		}
		lists[url] = true
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
	types := jsonv.Strings(c.entry["type"])
	for _, t := range types {
		switch t {
		case TypeBitstring, TypeStatusList2021:
			return c.bitstring(t)
		case TypeRevocationList:
			return c.revocationList()
		}
	}
	r := Result{State: Unsupported, Purpose: jsonv.String(c.entry["statusPurpose"]), Cause: CauseNoType}
	if len(types) > 0 {
		r.Type, r.Cause = types[0], CauseUnsupportedType
	}
	r.Detail = jsonv.String(c.entry["id"])
	return r
}

// fetch gets a list, turning a failure into an Unknown result.
func (c *checker) fetch(r *Result, url string, accept ...string) (*fetch.Response, bool) {
	if c.opts.Fetcher == nil {
		c.unknown(r, CauseOffline, url)
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
		c.unknown(r, CauseGone, err.Error())
	case errors.Is(err, fetch.ErrTooLarge):
		c.unknown(r, CauseTooLarge, err.Error())
	case errors.Is(err, fetch.ErrNotHTTPS):
		c.unknown(r, CauseNotHTTPS, err.Error())
	case errors.Is(err, fetch.ErrForbiddenAddress), errors.Is(err, fetch.ErrTooManyRedirects):
		c.unknown(r, CauseRefused, err.Error())
	case errors.Is(err, fetch.ErrOffline):
		c.unknown(r, CauseOffline, err.Error())
	default:
		c.unknown(r, CauseUnreachable, err.Error())
	}
	return nil, false
}

func (c *checker) unknown(r *Result, cause Cause, detail string) {
	r.State, r.Cause = Unknown, cause
	r.Detail = join(r.Detail, detail)
}

// issuer is the id of the credential's issuer.
func (c *checker) issuer() string { return jsonv.ID(c.credential["issuer"]) }

// settle records a list's answer, with its caveats.
func settle(r *Result, state State, caveats ...Caveat) {
	r.State = state
	r.Caveats = append(r.Caveats, caveats...)
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
