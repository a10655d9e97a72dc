// Package ob2 verifies Open Badges 2.0 assertions, as the specification's
// verification section describes them: a hosted assertion is fetched again
// from its id and must match, and be hosted where its issuer allows; a
// signed assertion (compact JWS) must verify with a key its issuer's
// profile lists, and not be on the issuer's revocation list. Both must be
// in date. Other Open Badges 2.0 objects (a BadgeClass, an issuer Profile)
// have their form checked, and the issuer of a BadgeClass is fetched.
//
// Each step is reported as a Check in plain words. Network trouble is
// "unknown", never a failure: the wallet says it could not check.
package ob2

import (
	"bytes"
	"context"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Status is the outcome of one check.
type Status string

// The outcomes of a check. Unknown means it could not be decided (offline,
// the issuer's site unreachable); it never means the badge is bad.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Warn    Status = "warn"
	Unknown Status = "unknown"
)

// Names of the checks.
const (
	CheckFormat     = "Format"          // context, type, required members
	CheckSignature  = "Signature"       // the hosted copy matches, or the JWS verifies
	CheckHosting    = "Hosting"         // a hosted badge is on a site its issuer allows
	CheckIssuerKey  = "Issuer key"      // the signing key is one the issuer lists
	CheckBadgeClass = "Badge class"     // the badge's description was found and is well formed
	CheckIssuer     = "Issuer"          // the issuer's profile was found and is well formed
	CheckValidity   = "Validity period" // issued, not expired
	CheckRevocation = "Revocation"      // not revoked
)

// Check is one step of verification.
type Check struct {
	Name    string
	Status  Status
	Message string // a sentence a learner understands
	Detail  string // technical detail: URLs, ids, errors
}

// Result is the outcome of verifying one object.
type Result struct {
	// Type is the Open Badges class checked: "Assertion", "BadgeClass",
	// "Issuer", ..., or "" when the input is not an Open Badges object.
	Type   string
	Checks []Check
	// Assertion is the assertion the checks are about: for a hosted badge
	// the issuer's copy when it could be fetched, else the input.
	Assertion map[string]any
	// AsOf is the latest fetch time of a document served from a cache
	// instead of the network; zero when everything came fresh.
	AsOf time.Time
}

// Verdict sums the checks up: "invalid" when one failed, else "unknown"
// when one could not be decided, else "warning" when one warned, else
// "valid".
func (r Result) Verdict() string {
	seen := map[Status]bool{}
	for _, c := range r.Checks {
		seen[c.Status] = true
	}
	switch {
	case seen[Fail]:
		return "invalid"
	case seen[Unknown]:
		return "unknown"
	case seen[Warn]:
		return "warning"
	}
	return "valid"
}

// Options are what verification may use beyond the input.
type Options struct {
	// Fetcher gets hosted assertions, badge classes, profiles, keys and
	// revocation lists. Nil: offline, and those checks are unknown.
	Fetcher fetch.Fetcher
	// Now is the verification time; zero means time.Now.
	Now time.Time
}

// verifier holds one verification's state.
type verifier struct {
	ctx  context.Context
	opts Options
	now  time.Time
	res  *Result
}

func (v *verifier) add(name string, st Status, msg, detail string) {
	v.res.Checks = append(v.res.Checks, Check{Name: name, Status: st, Message: msg, Detail: detail})
}

// Verify verifies an Open Badges 2.0 object given as JSON, or a signed
// assertion given as a compact JWS. A badge baked into an image must be
// taken out of it first.
func Verify(ctx context.Context, input []byte, opts Options) Result {
	v := &verifier{ctx: ctx, opts: opts, now: opts.Now, res: &Result{}}
	if v.now.IsZero() {
		v.now = time.Now()
	}
	if v.opts.Fetcher == nil {
		v.opts.Fetcher = fetch.Nowhere{}
	}
	text := bytes.TrimSpace(bytes.TrimPrefix(input, []byte("\xef\xbb\xbf")))
	switch {
	case len(text) > 0 && text[0] == '{':
		doc, err := jsonv.DecodeObject(text)
		if err != nil {
			v.add(CheckFormat, Fail, "The badge's JSON cannot be read.", err.Error())
			break
		}
		v.object(doc)
	case jsonv.LooksLikeJWS(text):
		v.signed(string(text))
	default:
		v.add(CheckFormat, Fail, "This is not an Open Badges 2.0 badge: expected its JSON or a signed badge (JWS).", "")
	}
	return *v.res
}

// object checks a JSON object by its class.
func (v *verifier) object(doc map[string]any) {
	class, problems := classOf(doc)
	v.res.Type = class
	if class == "Assertion" {
		v.hostedAssertion(doc)
		return
	}
	problems = append(problems, missing(doc, class)...)
	if len(problems) > 0 {
		v.add(CheckFormat, Fail, "This is not a well-formed Open Badges 2.0 object: "+joinProblems(problems)+".", contextDetail(doc))
		return
	}
	switch class {
	case "":
		v.add(CheckFormat, Pass, "This is a linked-data object of a class Open Badges does not define ("+firstType(doc)+"); only its form was checked.", contextDetail(doc))
	case "BadgeClass", "Endorsement":
		v.add(CheckFormat, Pass, "This is a well-formed Open Badges 2.0 "+class+"; it describes a badge but does not award one.", contextDetail(doc))
		v.issuer(doc["issuer"])
	case "Issuer", "Profile":
		msg := "This is a well-formed Open Badges 2.0 issuer profile."
		if w := profileWarnings(doc); w != "" {
			v.add(CheckFormat, Warn, msg+" However, "+w+".", contextDetail(doc))
			return
		}
		v.add(CheckFormat, Pass, msg, contextDetail(doc))
	default:
		v.add(CheckFormat, Pass, "This is a well-formed Open Badges 2.0 "+class+".", contextDetail(doc))
	}
}
