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

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Result is the outcome of verifying one object.
type Result struct {
	// Type is the Open Badges class checked: "Assertion", "BadgeClass",
	// "Issuer", ..., or "" when the input is not an Open Badges object.
	Type   string
	Checks []check.Check
	// Assertion is the assertion the checks are about: for a hosted badge
	// the issuer's copy when it could be fetched, else the input.
	Assertion map[string]any
	// AsOf is the latest fetch time of a document served from a cache
	// instead of the network; zero when everything came fresh.
	AsOf time.Time
	// Badge and Issuer are an assertion's BadgeClass and its issuer
	// Profile, fetched or embedded, when they were had and well formed;
	// nil otherwise.
	Badge, Issuer map[string]any
}

// Verdict sums the checks up: "invalid" when one failed, else "unknown"
// when one could not be decided, else "warning" when one warned, else
// "valid".
func (r Result) Verdict() string {
	seen := map[check.Status]bool{}
	for _, c := range r.Checks {
		seen[c.Status] = true
	}
	switch {
	case seen[check.Fail]:
		return "invalid"
	case seen[check.Unknown]:
		return "unknown"
	case seen[check.Warn]:
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

func (v *verifier) add(id check.ID, st check.Status, reason check.Reason, args check.Args, detail string) {
	v.res.Checks = append(v.res.Checks, check.Check{ID: id, Status: st, Reason: reason, Args: args, Detail: detail})
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
			v.add(check.Format, check.Fail, ReasonUnreadable, check.Args{}, err.Error())
			break
		}
		v.object(doc)
	case jsonv.LooksLikeJWS(text):
		v.signed(string(text))
	default:
		v.add(check.Format, check.Fail, ReasonNotBadge, check.Args{}, "")
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
		v.add(check.Format, check.Fail, ReasonMalformed, check.Args{Value: class, Items: problems}, contextDetail(doc))
		return
	}
	switch class {
	case "":
		v.add(check.Format, check.Pass, ReasonUnknownClass, check.Args{Value: firstType(doc)}, contextDetail(doc))
	case "BadgeClass", "Endorsement":
		v.add(check.Format, check.Pass, ReasonDescribesBadge, check.Args{Value: class}, contextDetail(doc))
		v.issuer(doc["issuer"])
	case "Issuer", "Profile":
		if lack := profileLacks(doc); len(lack) > 0 {
			v.add(check.Format, check.Warn, ReasonProfileLacks, check.Args{Value: class, Items: lack}, contextDetail(doc))
			return
		}
		v.add(check.Format, check.Pass, ReasonWellFormed, check.Args{Value: class}, contextDetail(doc))
	default:
		v.add(check.Format, check.Pass, ReasonWellFormed, check.Args{Value: class}, contextDetail(doc))
	}
}
