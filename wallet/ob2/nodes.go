package ob2

import (
	"context"
	"errors"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// accept is the Accept header for Open Badges documents.
var accept = []string{"application/ld+json", "application/json"}

// trouble is why a linked document could not be had: phrase completes a
// sentence about the document ("... answered HTTP 404").
type trouble struct {
	st     Status
	phrase string
	detail string
	code   int // HTTP status, or 0
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
		return nil, &trouble{st: Fail, phrase: "is not an Open Badges document (the answer from its address is not JSON)", detail: url + ": " + err.Error()}
	}
	return doc, nil
}

func describe(err error, url string) *trouble {
	t := &trouble{st: Unknown, detail: url + ": " + err.Error()}
	var se *fetch.StatusError
	switch {
	case errors.As(err, &se):
		t.code = se.Code
		t.phrase = fmt.Sprintf("could not be fetched: the site answered with an error (HTTP %d)", se.Code)
		switch se.Code {
		case 404:
			t.st, t.phrase = Fail, "is no longer at its address (HTTP 404 Not Found)"
		case 410:
			t.st, t.phrase = Fail, "has been withdrawn (HTTP 410 Gone)"
		case 401, 403, 408, 429:
		default:
			if se.Code >= 400 && se.Code < 500 {
				t.st = Fail
			}
		}
	case errors.Is(err, fetch.ErrOffline):
		t.phrase = "could not be fetched: the wallet is offline and has no saved copy"
	case errors.Is(err, fetch.ErrNotHTTPS):
		t.phrase = "is at an address that is not secure (http), which the wallet does not fetch"
	case errors.Is(err, fetch.ErrTooLarge):
		t.phrase = "could not be fetched: the answer is larger than the wallet accepts"
	case errors.Is(err, context.DeadlineExceeded):
		t.phrase = "could not be fetched: the site took too long to answer"
	default:
		t.phrase = "could not be fetched: the site could not be reached"
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
		return nil, &trouble{st: Fail, phrase: "is missing"}
	case !isWebURL(id):
		return nil, &trouble{st: Fail, phrase: fmt.Sprintf("is given as %q, which is not a web address the wallet can fetch", id), detail: id}
	}
	doc, t := v.get(id)
	if t != nil {
		return nil, t
	}
	return &node{doc: doc, url: id, id: text(doc["id"])}, nil
}

// movedNote is said when a fetched document declares another id than the
// address it came from (the validator's "redirection" warning).
func (n *node) movedNote(what string) string {
	if n.url == "" || n.id == n.url {
		return ""
	}
	return fmt.Sprintf(" However, %s was fetched from %s but says its address is %q.", what, n.url, n.id)
}

// badgeClass loads and checks the BadgeClass an assertion awards.
func (v *verifier) badgeClass(value any) *node {
	const what = "The badge's description (its BadgeClass)"
	n, t := v.load(value)
	if t != nil {
		v.add(CheckBadgeClass, t.st, what+" "+t.phrase+".", t.detail)
		return nil
	}
	problems := missing(n.doc, "BadgeClass")
	if !hasType(n.doc, "BadgeClass") {
		problems = append([]string{fmt.Sprintf("it is not a BadgeClass (its type is %v)", n.doc["type"])}, problems...)
	}
	if len(problems) > 0 {
		v.add(CheckBadgeClass, Fail, what+" is not well formed: "+joinProblems(problems)+".", n.where())
		return nil
	}
	msg := fmt.Sprintf("The badge's description was found: %q.", text(n.doc["name"]))
	if note := n.movedNote("the description"); note != "" {
		v.add(CheckBadgeClass, Warn, msg+note, n.where())
		return n
	}
	v.add(CheckBadgeClass, Pass, msg, n.where())
	return n
}

// issuer loads and checks the issuer Profile a BadgeClass names.
func (v *verifier) issuer(value any) *node {
	const what = "The issuer's profile"
	n, t := v.load(value)
	if t != nil {
		v.add(CheckIssuer, t.st, what+" "+t.phrase+".", t.detail)
		return nil
	}
	problems := missing(n.doc, "Profile")
	if !hasType(n.doc, "Issuer", "Profile") {
		problems = append([]string{fmt.Sprintf("it is not an issuer profile (its type is %v)", n.doc["type"])}, problems...)
	}
	if len(problems) > 0 {
		v.add(CheckIssuer, Fail, what+" is not well formed: "+joinProblems(problems)+".", n.where())
		return nil
	}
	msg := fmt.Sprintf("The issuer's profile was found: %s (%s).", text(n.doc["name"]), n.id)
	note := n.movedNote("the profile")
	if w := profileWarnings(n.doc); w != "" {
		note += " However, " + w + "."
	}
	if note != "" {
		v.add(CheckIssuer, Warn, msg+note, n.where())
		return n
	}
	v.add(CheckIssuer, Pass, msg, n.where())
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
		v.add(CheckIssuer, Fail, fmt.Sprintf("The badge says it was issued by %s, but its badge class is issued by %s.", a, b), "")
	}
}
