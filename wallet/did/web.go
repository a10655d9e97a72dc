package did

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// WebProblem says what is wrong with a did:web DID.
type WebProblem int

const (
	NotDIDWeb      WebProblem = iota + 1 // not "did:web:" and something
	ForbiddenChar                        // a character no did:web DID has: @ / ? # \ or whitespace
	PercentEscape                        // a percent-escape other than %3A before the port
	BadHost                              // the host is not a DNS name
	IPHost                               // the host is an IP address, not a name
	BadPort                              // the port is not a number from 1 to 65535
	BadPathSegment                       // a path segment is empty, "." or "..", or has other than unreserved characters
)

var webProblems = [...]string{
	NotDIDWeb:      "is not a did:web DID",
	ForbiddenChar:  "has a character no did:web DID has",
	PercentEscape:  "has a percent-escape other than %3A before a port",
	BadHost:        "does not name a host by a DNS name",
	IPHost:         "names an IP address instead of a host name",
	BadPort:        "has a port that is not a number from 1 to 65535",
	BadPathSegment: "has a path segment that is empty, relative or not plain",
}

func (p WebProblem) String() string {
	if p > 0 && int(p) < len(webProblems) {
		return webProblems[p]
	}
	return fmt.Sprintf("WebProblem(%d)", int(p))
}

// WebDIDError is a did:web DID that WebURL refuses, and why. It wraps
// ErrBadDID.
type WebDIDError struct {
	DID     string
	Problem WebProblem
	Part    string // the offending part of DID, when there is one
}

func (e *WebDIDError) Error() string {
	msg := fmt.Sprintf("%v: %q %v", ErrBadDID, e.DID, e.Problem)
	if e.Part != "" {
		msg += fmt.Sprintf(" (%q)", e.Part)
	}
	return msg
}

// Unwrap returns ErrBadDID.
func (e *WebDIDError) Unwrap() error { return ErrBadDID }

// WebURL returns the address of the DID document of a did:web DID, per the
// did:web method (https://w3c-ccg.github.io/did-method-web/):
//
//	did:web:example.com                  https://example.com/.well-known/did.json
//	did:web:example.com%3A8443           https://example.com:8443/.well-known/did.json
//	did:web:example.com:issuers:123      https://example.com/issuers/123/did.json
//
// The method-specific id is host ["%3A" port] *(":" segment). The host is
// a DNS name (letters, digits and hyphens; IDNs as xn-- punycode),
// lower-cased in the URL; never an IP address. "%3A" (either case) before
// the port is the only percent-escape: any other, and userinfo, query,
// fragment, slashes, backslashes and whitespace, are refused, so the host
// the URL names is the host the DID names. Segments are unreserved
// characters only, and neither "." nor "..". A DID URL's fragment must be
// split off before. Errors are *WebDIDError.
func WebURL(did string) (string, error) {
	host, port, path, err := parseWeb(did)
	if err != nil {
		return "", err
	}
	if port != "" {
		host += ":" + port
	}
	if len(path) == 0 {
		return "https://" + host + "/.well-known/did.json", nil
	}
	return "https://" + host + "/" + strings.Join(path, "/") + "/did.json", nil
}

// parseWeb splits a did:web DID into its host (lower-cased), port (empty
// when not given) and path segments.
func parseWeb(did string) (host, port string, path []string, err error) {
	bad := func(p WebProblem, part string) error { return &WebDIDError{DID: did, Problem: p, Part: part} }
	id, ok := strings.CutPrefix(did, "did:web:")
	if !ok || id == "" {
		return "", "", nil, bad(NotDIDWeb, "")
	}
	if i := strings.IndexFunc(id, forbidden); i >= 0 {
		return "", "", nil, bad(ForbiddenChar, string([]rune(id[i:])[0]))
	}
	parts := strings.Split(id, ":")
	host, port, err = webHost(parts[0], bad)
	if err != nil {
		return "", "", nil, err
	}
	for _, seg := range parts[1:] {
		if i := strings.IndexByte(seg, '%'); i >= 0 {
			return "", "", nil, bad(PercentEscape, seg[i:min(i+3, len(seg))])
		}
		if seg == "" || seg == "." || seg == ".." || strings.IndexFunc(seg, notUnreserved) >= 0 {
			return "", "", nil, bad(BadPathSegment, seg)
		}
	}
	return host, port, parts[1:], nil
}

// webHost parses host ["%3A" port].
func webHost(s string, bad func(WebProblem, string) error) (host, port string, err error) {
	host = s
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if esc := s[i:min(i+3, len(s))]; !strings.EqualFold(esc, "%3A") {
			return "", "", bad(PercentEscape, esc)
		}
		host, port = s[:i], s[i+3:]
		if j := strings.IndexByte(port, '%'); j >= 0 {
			return "", "", bad(PercentEscape, port[j:min(j+3, len(port))])
		}
		if !validPort(port) {
			return "", "", bad(BadPort, port)
		}
	}
	if strings.HasPrefix(host, "[") {
		return "", "", bad(IPHost, host)
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return "", "", bad(IPHost, host)
	}
	if !dnsName(host) {
		return "", "", bad(BadHost, host)
	}
	if numericTLD(host) {
		// 127.1, 0x7f.1, 2130706433: names a resolver may read as IPv4.
		return "", "", bad(IPHost, host)
	}
	return strings.ToLower(host), port, nil
}

// forbidden reports the characters that would let a URL name another
// host, or carry userinfo, a query or a fragment, or that no DID has.
func forbidden(r rune) bool {
	return r <= ' ' || r == 0x7f || strings.ContainsRune("@/?#\\", r) || r == '\u00a0' || r == '\u2028' || r == '\u2029'
}

// notUnreserved reports the characters outside RFC 3986's unreserved set.
func notUnreserved(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_' || r == '~')
}

// validPort reports whether s is a port from 1 to 65535, written without
// leading zeros.
func validPort(s string) bool {
	if s == "" || len(s) > 5 || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
		return false
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535
}

// dnsName reports whether s is a host name of letters, digits and hyphens:
// labels of 1 to 63 characters that neither begin nor end with a hyphen,
// 253 characters in all.
func dnsName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// numericTLD reports whether the last label of s is a number (decimal, or
// hexadecimal after 0x), which no top-level domain is and which URL and
// address parsers take for part of an IPv4 address.
func numericTLD(s string) bool {
	last := s[strings.LastIndexByte(s, '.')+1:]
	if strings.Trim(last, "0123456789") == "" {
		return true
	}
	hex, ok := strings.CutPrefix(strings.ToLower(last), "0x")
	return ok && strings.Trim(hex, "0123456789abcdef") == ""
}
