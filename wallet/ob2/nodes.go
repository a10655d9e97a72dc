package ob2

import (
	"context"
	"errors"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// accept is the Accept header for Open Badges documents.
var accept = []string{"application/ld+json", "application/json"}

// trouble is why a linked document could not be had.
type trouble struct {
	st     check.Status
	cause  string // one of the Cause constants
	code   int    // HTTP status, or 0
	url    string // where it was looked for
	value  string // what named it, when that is not a web address
	detail string
}

// args are the check.Args that say a trouble.
func (t *trouble) args() check.Args {
	return check.Args{Cause: t.cause, N: t.code, URL: t.url, Value: t.value}
}

// get fetches a JSON document. Network trouble is Unknown; an answer that
// says the document is not there (404, 410), or that is not JSON, is Fail.
func (v *verifier) get(url string) (map[string]any, *trouble) {
	resp, err := v.opts.Fetcher.Get(v.ctx, url, accept...)
	if err != nil {
		return nil, describe(err, url)
	}
	if resp.FromCache && resp.FetchedAt.After(v.res.AsOf) {
		v.res.AsOf = resp.FetchedAt
	}
	doc, err := jsonv.DecodeObject(resp.Body)
	if err != nil {
		return nil, &trouble{st: check.Fail, cause: CauseNotJSON, url: url, detail: url + ": " + err.Error()}
	}
	return doc, nil
}

func describe(err error, url string) *trouble {
	t := &trouble{st: check.Unknown, url: url, detail: url + ": " + err.Error()}
	var se *fetch.StatusError
	switch {
	case errors.As(err, &se):
		t.code, t.cause = se.Code, CauseHTTP
		switch se.Code {
		case 404:
			t.st, t.cause = check.Fail, CauseGone
		case 410:
			t.st, t.cause = check.Fail, CauseWithdrawn
		case 401, 403, 408, 429:
		default:
			if se.Code >= 400 && se.Code < 500 {
				t.st = check.Fail
			}
		}
	case errors.Is(err, fetch.ErrOffline):
		t.cause = CauseOffline
	case errors.Is(err, fetch.ErrNotHTTPS):
		t.cause = CauseNotHTTPS
	case errors.Is(err, fetch.ErrTooLarge):
		t.cause = CauseTooLarge
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, fetch.ErrTimeout):
		t.cause = CauseTimeout
	default:
		t.cause = CauseUnreachable
	}
	return t
}

// node is an object that a document links to or embeds.
type node struct {
	doc map[string]any
	url string // where it was fetched from; "" when embedded
	id  string // the id it declares
}

// load follows a link, or takes an embedded object as it is.
func (v *verifier) load(value any) (*node, *trouble) {
	id, emb := ref(value)
	switch {
	case emb != nil:
		return &node{doc: emb, id: id}, nil
	case id == "":
		return nil, &trouble{st: check.Fail, cause: CauseMissing}
	case !isWebURL(id):
		return nil, &trouble{st: check.Fail, cause: CauseNotWebAddress, value: id, detail: id}
	}
	doc, t := v.get(id)
	if t != nil {
		return nil, t
	}
	return &node{doc: doc, url: id, id: jsonv.String(doc["id"])}, nil
}

// moved reports whether a fetched document declares another id than the
// address it came from (the validator's "redirection" warning).
func (n *node) moved() bool { return n.url != "" && n.id != n.url }

// foundArgs says where a node was found, and its declared id when it moved.
func (n *node) foundArgs() check.Args {
	a := check.Args{Name: jsonv.String(n.doc["name"]), Who: n.id}
	if n.moved() {
		a.URL, a.Value = n.url, n.id
	}
	return a
}

// badgeClass loads and checks the BadgeClass an assertion awards.
func (v *verifier) badgeClass(value any) *node {
	n, t := v.load(value)
	if t != nil {
		v.add(check.BadgeClass, t.st, ReasonClassUnfetched, t.args(), t.detail)
		return nil
	}
	problems := missing(n.doc, "BadgeClass")
	if !hasType(n.doc, "BadgeClass") {
		problems = append([]string{ProblemNotClass + ":BadgeClass"}, problems...)
	}
	if len(problems) > 0 {
		v.add(check.BadgeClass, check.Fail, ReasonClassMalformed, check.Args{Items: problems}, n.where())
		return nil
	}
	st := check.Pass
	if n.moved() {
		st = check.Warn
	}
	v.add(check.BadgeClass, st, ReasonClassFound, n.foundArgs(), n.where())
	return n
}

// issuer loads and checks the issuer Profile a BadgeClass names.
func (v *verifier) issuer(value any) *node {
	n, t := v.load(value)
	if t != nil {
		v.add(check.IssuerCheck, t.st, ReasonProfileUnfetched, t.args(), t.detail)
		return nil
	}
	problems := missing(n.doc, "Profile")
	if !hasType(n.doc, "Issuer", "Profile") {
		problems = append([]string{ProblemNotClass + ":Profile"}, problems...)
	}
	if len(problems) > 0 {
		v.add(check.IssuerCheck, check.Fail, ReasonProfileMalformed, check.Args{Items: problems}, n.where())
		return nil
	}
	args := n.foundArgs()
	args.Items = profileLacks(n.doc)
	st := check.Pass
	if n.moved() || len(args.Items) > 0 {
		st = check.Warn
	}
	v.add(check.IssuerCheck, st, ReasonProfileFound, args, n.where())
	return n
}

// where says where a node came from, for details.
func (n *node) where() string {
	switch {
	case n.url == "":
		return "embedded, id " + n.id
	case n.id != n.url:
		return n.url + " (declares id " + n.id + ")"
	}
	return n.url
}

// issuerID is the id an issuer profile declares, else where it came from.
func (n *node) issuerID() string {
	if n.id != "" {
		return n.id
	}
	return n.url
}

// sameIssuer checks an issuer the assertion itself names (a member some
// issuers add) against the BadgeClass's.
func (v *verifier) sameIssuer(doc map[string]any, badge *node) {
	if doc["issuer"] == nil {
		return
	}
	a, _ := ref(doc["issuer"])
	b, _ := ref(badge.doc["issuer"])
	if a != b {
		v.add(check.IssuerCheck, check.Fail, ReasonIssuerMismatch, check.Args{Who: a, Want: b}, "")
	}
}
