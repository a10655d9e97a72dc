package status

import (
	"encoding/json"
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// revocationList checks a 1EdTechRevocationList entry: the list at the
// entry's id names revoked credentials by id. It carries no proof of its
// own; it is as trustworthy as the https connection it came over.
func (c *checker) revocationList() Result {
	r := Result{Type: TypeRevocationList, Purpose: "revocation"}
	url := jsonv.String(c.entry["id"])
	if url == "" {
		c.unknown(&r, CauseMalformedEntry, "the 1EdTechRevocationList entry has no id")
		return r
	}
	r.Detail = url
	id := jsonv.String(c.credential["id"])
	if id == "" {
		c.unknown(&r, CauseNoCredentialID, "")
		return r
	}
	resp, ok := c.fetch(&r, url, "application/json", "application/ld+json")
	if !ok {
		return r
	}
	entries, err := revokedEntries(resp.Body)
	if err != nil {
		c.unknown(&r, CauseUnreadable, err.Error())
		return r
	}
	for _, e := range entries {
		if e.ID != id || (e.Revoked != nil && !*e.Revoked) {
			continue
		}
		settle(&r, Revoked)
		r.Reason = e.Reason
		return r
	}
	settle(&r, OK)
	return r
}

// revoked is one entry of a 1EdTech revocation list.
type revoked struct {
	ID      string `json:"id"`
	Revoked *bool  `json:"revoked"`
	Reason  string `json:"revocationReason"`
}

// revokedEntries reads the revokedCredential entries of a list, found at
// its top level or (as some issuers wrap it) in its credentialSubject.
func revokedEntries(body []byte) ([]revoked, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("the list is not a JSON object: %v", err)
	}
	raw, ok := doc["revokedCredential"]
	if !ok {
		var subject map[string]json.RawMessage
		if json.Unmarshal(doc["credentialSubject"], &subject) == nil {
			raw, ok = subject["revokedCredential"]
		}
	}
	if !ok {
		return nil, fmt.Errorf("the list has no revokedCredential")
	}
	var entries []revoked
	if err := json.Unmarshal(raw, &entries); err != nil {
		var one revoked
		if json.Unmarshal(raw, &one) != nil {
			return nil, fmt.Errorf("revokedCredential is not a list of {id, revoked, revocationReason}: %v", err)
		}
		entries = []revoked{one}
	}
	return entries, nil
}
