package status

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

const (
	// minListBytes is the shortest list the W3C specification allows
	// (131,072 entries), so that one index says little about who holds it.
	// Shorter lists are read all the same (DCC's test lists are 100,000
	// entries long); Detail mentions it.
	minListBytes = 16 << 10
	// maxStatusSize bounds the bits of one entry, so a value fits a uint64.
	maxStatusSize = 32
)

// maxListBytes caps a decompressed list: 134 million one-bit entries.
// A gzip bomb in encodedList stops here. A variable for tests.
var maxListBytes = 16 << 20

// listAccept are the media types a status list credential is served as.
var listAccept = []string{
	"application/vc+ld+json", "application/vc", "application/ld+json",
	"application/json", "application/vc+jwt", "application/jwt",
}

// bitEntry is what a BitstringStatusListEntry points at.
type bitEntry struct {
	url         string
	index, size uint64
}

// bitstring checks a BitstringStatusListEntry or a StatusList2021Entry.
func (c *checker) bitstring(typ string) Result {
	r := Result{Type: typ, Purpose: strings.ToLower(jsonv.String(c.entry["statusPurpose"]))}
	if r.Purpose != "" && r.Purpose != "revocation" && r.Purpose != "suspension" {
		r.State, r.Cause = Unsupported, CauseUnsupportedPurpose
		r.Detail = jsonv.String(c.entry["statusListCredential"])
		return r
	}
	e, err := c.bitEntry()
	if err != nil {
		c.unknown(&r, CauseMalformedEntry, err.Error())
		return r
	}
	r.Detail = fmt.Sprintf("%s index %d", e.url, e.index)
	if e.size != 1 {
		r.Detail += fmt.Sprintf(" (%d bits)", e.size)
	}
	resp, ok := c.fetch(&r, e.url, listAccept...)
	if !ok {
		return r
	}
	lc, subject, cause, why := c.statusList(resp.Body, r.Purpose)
	if cause != "" {
		c.unknown(&r, cause, why)
		if cause == CauseListExpired {
			r.Until, _ = date(lc, "validUntil", "expirationDate")
		}
		return r
	}

	var caveats []Caveat
	if c.opts.VerifyList == nil {
		caveats = append(caveats, CaveatListUnverified)
	} else if err := c.opts.VerifyList(c.ctx, resp.Body); err != nil {
		c.unknown(&r, CauseListInvalid, err.Error())
		return r
	} else {
		r.ListVerified = true
	}
	if li, ci := jsonv.ID(lc["issuer"]), c.issuer(); li != "" && ci != "" && li != ci {
		caveats = append(caveats, CaveatOtherPublisher)
		r.Publisher = li
	}

	bits, err := decodeList(jsonv.String(subject["encodedList"]))
	var value uint64
	if err == nil {
		value, err = entryValue(bits, e.index, e.size)
	}
	if err != nil {
		c.unknown(&r, CauseUnreadable, err.Error())
		return r
	}
	r.Detail += fmt.Sprintf(": value %d", value)
	if len(bits) < minListBytes {
		r.Detail += fmt.Sprintf("; the list has %d entries, fewer than the 131,072 the specification asks for", uint64(len(bits))*8/e.size)
	}
	switch {
	case value == 0:
		settle(&r, OK, caveats...)
	case r.Purpose == "suspension":
		settle(&r, Suspended, caveats...)
	default:
		settle(&r, Revoked, caveats...)
	}
	return r
}

// bitEntry reads the entry's list address, index and entry size.
func (c *checker) bitEntry() (bitEntry, error) {
	e := bitEntry{url: jsonv.String(c.entry["statusListCredential"]), size: 1}
	if jsonv.String(c.entry["statusPurpose"]) == "" {
		return e, errors.New("the entry has no statusPurpose")
	}
	var err error
	if e.index, err = integer(c.entry["statusListIndex"]); err != nil {
		return e, fmt.Errorf("statusListIndex: %v", err)
	}
	if v, ok := c.entry["statusSize"]; ok {
		if e.size, err = integer(v); err != nil || e.size == 0 || e.size > maxStatusSize {
			return e, fmt.Errorf("statusSize %v is not a whole number from 1 to %d", v, maxStatusSize)
		}
	}
	if e.index >= uint64(maxListBytes)*8/e.size {
		return e, fmt.Errorf("statusListIndex %d is beyond any list this wallet reads", e.index)
	}
	if e.url == "" {
		return e, errors.New("the entry has no statusListCredential")
	}
	return e, nil
}

// statusList reads a fetched status list credential and its subject, or
// says why it cannot be used for purpose. lc is set whenever the list could
// be read, also when it is out of date.
func (c *checker) statusList(body []byte, purpose string) (lc, subject map[string]any, cause Cause, detail string) {
	lc, err := parseListCredential(body)
	if err != nil {
		return nil, nil, CauseUnreadable, err.Error()
	}
	if !slices.ContainsFunc(jsonv.Strings(lc["type"]), func(t string) bool {
		return t == "BitstringStatusListCredential" || t == "StatusList2021Credential"
	}) {
		return nil, nil, CauseUnreadable, fmt.Sprintf("the document's type is %v, not BitstringStatusListCredential", lc["type"])
	}
	if cause, why := c.outOfDate(lc); cause != "" {
		return lc, nil, cause, why
	}
	for _, s := range jsonv.List(lc["credentialSubject"]) {
		if subject, _ = s.(map[string]any); subject != nil {
			break
		}
	}
	if subject == nil {
		return nil, nil, CauseUnreadable, "the list has no credentialSubject"
	}
	purposes := jsonv.Strings(subject["statusPurpose"])
	if !slices.ContainsFunc(purposes, func(p string) bool { return strings.EqualFold(p, purpose) }) {
		return nil, nil, CauseWrongPurpose, fmt.Sprintf("the entry's statusPurpose is %q, the list's %q", purpose, strings.Join(purposes, ", "))
	}
	return lc, subject, "", ""
}

// outOfDate says why a list cannot be relied on at opts.Now, if it cannot.
func (c *checker) outOfDate(lc map[string]any) (Cause, string) {
	from, err1 := date(lc, "validFrom", "issuanceDate")
	until, err2 := date(lc, "validUntil", "expirationDate")
	if err := errors.Join(err1, err2); err != nil {
		return CauseUnreadable, err.Error()
	}
	switch {
	case !until.IsZero() && c.opts.Now.After(until):
		return CauseListExpired, "the list is valid until " + until.Format(time.RFC3339)
	case !from.IsZero() && c.opts.Now.Before(from):
		return CauseListNotYetValid, "the list is valid from " + from.Format(time.RFC3339)
	}
	return "", ""
}

// date reads the first of keys present in m as an RFC 3339 time.
func date(m map[string]any, keys ...string) (time.Time, error) {
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339, jsonv.String(v))
		if err != nil {
			return time.Time{}, fmt.Errorf("the list's %s %v is not a date", k, v)
		}
		return t, nil
	}
	return time.Time{}, nil
}

// parseListCredential reads a status list credential: JSON, or the
// payload of a VC-JWT (whose signature VerifyList checks).
func parseListCredential(body []byte) (map[string]any, error) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '{' {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, fmt.Errorf("the status list is not valid JSON: %v", err)
		}
		return m, nil
	}
	parts := strings.Split(string(body), ".")
	if len(parts) != 3 {
		return nil, errors.New("the status list is neither JSON nor a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("the status list JWT's payload is not base64url: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		return nil, fmt.Errorf("the status list JWT's payload is not JSON: %v", err)
	}
	vc, ok := claims["vc"].(map[string]any)
	if !ok {
		return claims, nil // VCDM 2.0: the payload is the credential
	}
	if vc["issuer"] == nil && claims["iss"] != nil {
		vc["issuer"] = claims["iss"]
	}
	if exp, ok := claims["exp"].(float64); ok && vc["expirationDate"] == nil && vc["validUntil"] == nil {
		vc["expirationDate"] = time.Unix(int64(exp), 0).UTC().Format(time.RFC3339)
	}
	return vc, nil
}

// decodeList decodes encodedList: GZIP, then base64url without padding,
// with or without the multibase prefix "u". Other base64 alphabets and
// padding are accepted too, as older StatusList2021 lists use them.
func decodeList(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("the list has no encodedList")
	}
	s = strings.TrimPrefix(s, "u") // base64 of GZIP starts "H4sI", never "u"
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, errors.New("encodedList is not base64")
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, errors.New("encodedList is not GZIP-compressed")
	}
	bits, err := io.ReadAll(io.LimitReader(zr, int64(maxListBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("encodedList does not decompress: %v", err)
	}
	if len(bits) > maxListBytes {
		return nil, fmt.Errorf("encodedList decompresses to more than %d bytes", maxListBytes)
	}
	if len(bits) == 0 {
		return nil, errors.New("encodedList is empty")
	}
	return bits, nil
}

// entryValue reads size bits from bit index*size on, most significant
// first; bit 0 is the most significant bit of the first byte.
func entryValue(bits []byte, index, size uint64) (uint64, error) {
	start := index * size
	if start+size > uint64(len(bits))*8 {
		return 0, fmt.Errorf("index %d is beyond the end of the list (%d entries)", index, uint64(len(bits))*8/size)
	}
	var v uint64
	for i := start; i < start+size; i++ {
		v = v<<1 | uint64(bits[i/8]>>(7-i%8)&1)
	}
	return v, nil
}

// integer reads a non-negative whole number given as a JSON number or a
// string of decimal digits.
func integer(v any) (uint64, error) {
	switch v := v.(type) {
	case string:
		n, err := strconv.ParseUint(v, 10, 63)
		if err != nil {
			return 0, fmt.Errorf("%q is not a whole number", v)
		}
		return n, nil
	case float64:
		if v < 0 || v != math.Trunc(v) || v > 1<<53 {
			return 0, fmt.Errorf("%v is not a whole number", v)
		}
		return uint64(v), nil
	case json.Number:
		return integer(v.String())
	case nil:
		return 0, errors.New("missing")
	}
	return 0, fmt.Errorf("%v is not a whole number", v)
}
