package wallet

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"

	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/fetch"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
	"github.com/learnerwallet/learnerwallet/wallet/schema"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

// Verifier checks credentials. The zero value checks offline with nothing
// cached: signatures whose keys travel with the credential, schemas, dates.
type Verifier struct {
	// Fetcher reaches did:web documents, JWKS, status lists and hosted
	// badges; nil means offline.
	Fetcher fetch.Fetcher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Identities are the learner's own: DIDs, e-mail addresses, names.
	Identities Identities
}

// Identities are what the learner has said identifies them, to match a
// credential's recipient against.
type Identities struct {
	DIDs   []string
	Emails []string
	Names  []string
}

// maxEndorsementDepth bounds endorsements of endorsements.
const maxEndorsementDepth = 2

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// fetcher is v.Fetcher, or one that is always offline.
func (v *Verifier) fetcher() fetch.Fetcher {
	if v.Fetcher == nil {
		return fetch.Nowhere{}
	}
	return v.Fetcher
}

func (v *Verifier) resolver() *did.Resolver {
	// FragmentKeys: the 1EdTech validator's shortcut. Such keys verify the
	// signature but are reported as not tied to the issuer.
	return &did.Resolver{Fetcher: v.fetcher(), FragmentKeys: true}
}

// VerifyBytes verifies a credential given as bytes, in any form Parse reads.
func (v *Verifier) VerifyBytes(ctx context.Context, data []byte) Report {
	r := Report{CheckedAt: v.now().UTC()}
	p, err := credential.Parse(data)
	if err != nil {
		r.add(CheckFormat, Fail, "This is not a credential the wallet can read: "+err.Error(), "")
		r.decide()
		return r
	}
	return v.verifyParsed(ctx, p, 0)
}

func (v *Verifier) verifyParsed(ctx context.Context, p *credential.Parsed, depth int) Report {
	r := Report{Name: p.Summary.Title(), CheckedAt: v.now().UTC()}
	switch p.Kind {
	case credential.KindOB2:
		v.verifyOB2(ctx, p, &r)
	default:
		v.verifyVC(ctx, p, &r, depth)
	}
	for _, c := range p.Children {
		child := v.verifyParsed(ctx, c, depth)
		r.Children = append(r.Children, child)
		if child.AsOf.After(r.AsOf) {
			r.AsOf = child.AsOf
		}
	}
	if len(p.Children) > 0 {
		bad := 0
		for _, c := range r.Children {
			if !c.Valid {
				bad++
			}
		}
		if bad == 0 {
			r.add(CheckNested, Pass, fmt.Sprintf("Each of the %d credentials in this record verifies on its own.", len(r.Children)), "")
		} else {
			// The record's own proof covers them; each one's own standing is
			// reported, not held against the record.
			r.add(CheckNested, Warn, fmt.Sprintf("%d of the %d credentials in this record do not verify on their own; they can only be shared inside the whole record.", bad, len(r.Children)), "")
		}
	}
	r.decide()
	return r
}

func (v *Verifier) verifyOB2(ctx context.Context, p *credential.Parsed, r *Report) {
	res := ob2.Verify(ctx, p.Content, ob2.Options{Fetcher: v.fetcher(), Now: v.now()})
	for _, c := range res.Checks {
		r.add(c.Name, CheckStatus(c.Status), c.Message, c.Detail)
	}
	if res.AsOf.After(r.AsOf) {
		r.AsOf = res.AsOf
	}
	if a, ok := decodeObject(p.Content); ok {
		v.checkOB2Recipient(jsonv.Obj(a["recipient"]), r)
	}
}

// checkOB2Recipient matches an OB 2.0 recipient (IdentityObject) with the
// learner's e-mail addresses or names.
func (v *Verifier) checkOB2Recipient(rec map[string]any, r *Report) {
	if rec == nil {
		return
	}
	typ := jsonv.Text(rec["type"])
	known := v.Identities.Emails
	if typ != "email" {
		known = append(slices.Clone(v.Identities.Names), v.Identities.DIDs...)
	}
	for _, k := range known {
		if identityMatches(jsonv.Text(rec["identity"]), rec["hashed"] == true, jsonv.Text(rec["salt"]), k) {
			r.add(CheckRecipient, Pass, "Issued to you ("+k+").", typ)
			return
		}
	}
	if len(v.Identities.DIDs)+len(v.Identities.Emails)+len(v.Identities.Names) == 0 {
		r.add(CheckRecipient, Unknown, "Not checked: add your e-mail address or name to the wallet to check whom credentials were issued to.", typ)
		return
	}
	r.add(CheckRecipient, Unknown, "It is not issued to any identity this wallet knows as yours.", typ)
}

func (v *Verifier) verifyVC(ctx context.Context, p *credential.Parsed, r *Report, depth int) {
	var doc map[string]any
	vcdm := "2.0"
	if p.Format == credential.FormatJWT || jsonv.LooksLikeJWS(p.Content) {
		res, err := jose.VerifyCredential(ctx, string(p.Content), jose.Options{Keys: v.resolver(), Fetcher: v.fetcher(), Now: v.now()})
		if err != nil {
			st := Fail
			var je *jose.Error
			if errors.As(err, &je) && (je.Kind == jose.Unsupported || je.Kind == jose.Unresolvable) {
				st = Unknown
			}
			r.add(CheckSignature, st, jwtMessage(err), err.Error())
			if m, ok := decodeObject(p.Content); ok {
				doc = m
			}
		} else {
			doc = res.Credential
			vcdm = res.VCDM
			r.add(CheckSignature, Pass, "The issuer's signature (VC-JWT, "+res.Alg+") is genuine: the credential has not been changed since it was issued.", "kid "+res.Kid)
			if res.KeyConfirmed {
				r.add(CheckIssuerKey, Pass, "The signing key belongs to the issuer.", res.KeyNote)
			} else {
				r.add(CheckIssuerKey, Warn, "The signing key could not be tied to the issuer: "+res.KeyNote, res.KeyNote)
			}
		}
	} else {
		m, ok := decodeObject(p.Content)
		if !ok {
			r.add(CheckFormat, Fail, "The credential's JSON cannot be read.", "")
			return
		}
		doc = m
		if ctxs := jsonv.Contexts(doc); len(ctxs) > 0 && strings.Contains(ctxs[0], "2018/credentials") {
			vcdm = "1.1"
		}
		v.checkProofs(ctx, doc, r)
	}
	if doc == nil {
		return
	}
	if ctxs := jsonv.Contexts(doc); len(ctxs) > 0 && strings.Contains(ctxs[0], "2018/credentials") {
		vcdm = "1.1"
	}
	v.checkFormat(doc, r)
	if vcdm == "1.1" {
		if len(jsonv.List(doc["credentialSchema"])) > 0 {
			r.add(CheckSchema, Unknown, "Not checked: the published schemas describe the newer (VCDM 2.0) form of this credential.", "VCDM 1.1")
		}
	} else {
		v.checkSchemas(doc, p, r)
	}
	v.checkDates(doc, r)
	v.checkStatus(ctx, doc, r)
	v.checkRecipient(doc, r)
	if depth < maxEndorsementDepth {
		v.checkEndorsements(ctx, doc, r, depth)
	}
}

func jwtMessage(err error) string {
	var je *jose.Error
	if errors.As(err, &je) {
		return je.Reason
	}
	return err.Error()
}

func decodeObject(b []byte) (map[string]any, bool) {
	m, err := credential.Document(b)
	return m, err == nil
}

func (v *Verifier) checkProofs(ctx context.Context, doc map[string]any, r *Report) {
	if doc["proof"] == nil {
		r.add(CheckSignature, Fail, "This credential carries no signature, so nothing shows who issued it or that it is unchanged.", "no proof")
		return
	}
	results := di.Verify(ctx, doc, di.Options{Resolver: v.resolver(), Purpose: "assertionMethod", Now: v.now()})
	var valid *di.Result
	for i := range results {
		if results[i].Outcome == di.Valid {
			valid = &results[i]
			break
		}
	}
	detail := proofDetail(results)
	if valid != nil {
		suite := valid.Cryptosuite
		if suite == "" {
			suite = valid.Type
		}
		msg := "The issuer's signature (" + suite + ") is genuine: the credential has not been changed since it was issued."
		if len(results) > 1 {
			msg += fmt.Sprintf(" (%d of its %d signatures were checked; see the detail.)", countValid(results), len(results))
		}
		r.add(CheckSignature, Pass, msg, detail)
		if valid.Cryptosuite == "eddsa-2022" {
			r.add(CheckSignature, Warn, "It is signed with eddsa-2022, an early name of the method now called eddsa-rdfc-2022; ask the issuer for a re-issued copy.", valid.Note)
		}
		if valid.Method != nil && valid.Method.Confirmed {
			r.add(CheckIssuerKey, Pass, "The signing key belongs to the issuer ("+valid.Method.Controller+").", valid.VerificationMethod)
		} else {
			r.add(CheckIssuerKey, Warn, "The signing key is named in the credential itself; that it belongs to the issuer could not be confirmed.", valid.VerificationMethod)
		}
		return
	}
	for _, res := range results {
		if res.Outcome == di.Invalid && errors.Is(res.Err, di.ErrKeyOwner) && !resolvableID(issuerID(doc)) {
			// The signature is right, but made with a key the credential does
			// not tie to its issuer, whose id (a urn:uuid, say) cannot be
			// looked up to say which keys are theirs.
			r.add(CheckSignature, Pass, "The signature is genuine: the credential has not been changed since it was signed.", detail)
			r.add(CheckIssuerKey, Warn, "The credential was signed with a key ("+res.VerificationMethod+") that nothing ties to the issuer "+issuerID(doc)+", whose id cannot be looked up.", res.Err.Error())
			return
		}
	}
	for _, res := range results {
		if res.Outcome == di.Invalid {
			msg := "The signature does not match: the credential was changed after it was signed, or it is forged."
			if res.Err != nil {
				msg = "The signature does not verify: " + res.Err.Error()
			}
			r.add(CheckSignature, Fail, msg, detail)
			return
		}
	}
	for _, res := range results {
		if res.Outcome == di.Unresolvable {
			msg := "The issuer's key could not be found, so the signature could not be checked"
			if res.Err != nil {
				msg += ": " + res.Err.Error()
			}
			r.add(CheckSignature, Unknown, msg, detail)
			return
		}
	}
	r.add(CheckSignature, Unknown, "The credential is signed with a method this wallet does not support (unsupported proof type), so it could not be checked.", detail)
}

// proofDetail is the technical line of a signature check: each proof's
// suite and outcome, with the reason when there is one.
func proofDetail(results []di.Result) string {
	details := make([]string, 0, len(results))
	for _, res := range results {
		name := res.Type
		if res.Cryptosuite != "" {
			name += "/" + res.Cryptosuite
		}
		why := res.Outcome.String()
		if res.Err != nil {
			why += ": " + res.Err.Error()
		}
		details = append(details, name+" "+why)
	}
	return strings.Join(details, "; ")
}

func issuerID(doc map[string]any) string { return jsonv.IDOf(doc["issuer"]) }

// resolvableID reports whether an id names something that can say which
// keys are its own: a DID or a web address.
func resolvableID(id string) bool {
	return strings.HasPrefix(id, "did:") || strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "http://")
}

func countValid(rs []di.Result) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == di.Valid {
			n++
		}
	}
	return n
}

// checkFormat checks the credential's shape: contexts in order, types, a subject.
func (v *Verifier) checkFormat(doc map[string]any, r *Report) {
	ctxs := jsonv.Contexts(doc)
	var problems []string
	if len(ctxs) == 0 || !(ctxs[0] == "https://www.w3.org/ns/credentials/v2" || ctxs[0] == "https://www.w3.org/2018/credentials/v1") {
		problems = append(problems, "its first @context is not a Verifiable Credentials context")
	}
	if !jsonv.HasType(doc, "VerifiableCredential") {
		problems = append(problems, "its type does not include VerifiableCredential")
	}
	cs := jsonv.Obj(doc["credentialSubject"])
	if cs == nil {
		problems = append(problems, "it has no credentialSubject")
	}
	noSubjectID := cs != nil && cs["id"] == nil && cs["identifier"] == nil && jsonv.HasType(doc, "OpenBadgeCredential", "AchievementCredential", "ClrCredential")
	if len(problems) > 0 {
		r.add(CheckFormat, Fail, "The credential is malformed: "+strings.Join(problems, "; ")+".", strings.Join(ctxs, " "))
		return
	}
	if noSubjectID {
		// Required by Open Badges 3.0, but verifiers in use accept it.
		r.add(CheckFormat, Warn, "The credential does not say whom it was issued to: its subject has neither an id nor an identifier.", strings.Join(ctxs, " "))
		return
	}
	r.add(CheckFormat, Pass, "The credential is well formed.", strings.Join(ctxs, " "))
}

func (v *Verifier) checkSchemas(doc map[string]any, p *credential.Parsed, r *Report) {
	var urls []string
	for _, s := range jsonv.List(doc["credentialSchema"]) {
		if sm := jsonv.Obj(s); sm != nil && jsonv.Text(sm["type"]) == "1EdTechJsonSchemaValidator2019" {
			urls = append(urls, jsonv.Text(sm["id"]))
		}
	}
	if len(urls) == 0 {
		// As the 1EdTech validator does: the schema of the credential's type.
		if u := schema.ForTypes(jsonv.Types(doc)); u != "" {
			urls = append(urls, u)
		}
	}
	content := jsonv.Canonical(doc)
	for _, url := range urls {
		err := schema.Validate(content, url)
		switch {
		case err == nil:
			r.add(CheckSchema, Pass, "The credential follows its published schema.", url)
		case errors.Is(err, schema.ErrUnknownSchema):
			r.add(CheckSchema, Unknown, "Its schema is not one this wallet knows, so it was not checked.", url)
		default:
			r.add(CheckSchema, Fail, "The credential does not follow its published schema: "+err.Error(), url)
		}
	}
}

func (v *Verifier) checkDates(doc map[string]any, r *Report) {
	now := v.now()
	from := jsonv.Time(doc["validFrom"])
	if from.IsZero() {
		from = jsonv.Time(doc["issuanceDate"])
	}
	until := jsonv.Time(doc["validUntil"])
	if until.IsZero() {
		until = jsonv.Time(doc["expirationDate"])
	}
	switch {
	case !from.IsZero() && now.Before(from):
		r.add(CheckValidity, Fail, "Not valid yet: it becomes valid on "+from.Format("2 January 2006")+".", from.Format(time.RFC3339))
	case !until.IsZero() && now.After(until):
		r.add(CheckValidity, Fail, "Expired on "+until.Format("2 January 2006")+".", until.Format(time.RFC3339))
	case !until.IsZero():
		r.add(CheckValidity, Pass, "In date: valid until "+until.Format("2 January 2006")+".", until.Format(time.RFC3339))
	default:
		r.add(CheckValidity, Pass, "In date: it does not expire.", "")
	}
}

func (v *Verifier) checkStatus(ctx context.Context, doc map[string]any, r *Report) {
	if doc["credentialStatus"] == nil {
		r.add(CheckStatusList, Pass, "The issuer publishes no revocation list for this credential.", "")
		return
	}
	verifyList := func(ctx context.Context, list []byte) error { return v.verifyListProof(ctx, list) }
	for _, res := range status.Check(ctx, doc, status.Options{Fetcher: v.fetcher(), VerifyList: verifyList, Now: v.now()}) {
		if res.FromCache && res.AsOf.After(r.AsOf) {
			r.AsOf = res.AsOf
		}
		detail := strings.TrimSpace(res.Type + " " + res.Purpose + " " + res.Detail)
		switch res.State {
		case status.OK:
			msg := res.Message
			if res.FromCache {
				msg += " (as of " + res.AsOf.Local().Format("2 Jan 2006 15:04") + ")"
			}
			st := Pass
			if res.Warning != "" {
				st = Warn
			}
			r.add(CheckStatusList, st, msg, detail)
		case status.Revoked, status.Suspended:
			r.add(CheckStatusList, Fail, res.Message, detail)
		default:
			r.add(CheckStatusList, Unknown, res.Message, detail)
		}
	}
}

// verifyListProof checks the signature of a status list credential, and
// nothing else about it (its own status would be a loop).
func (v *Verifier) verifyListProof(ctx context.Context, b []byte) error {
	b = bytes.TrimSpace(b)
	if jsonv.LooksLikeJWS(b) {
		_, err := jose.VerifyCredential(ctx, string(b), jose.Options{Keys: v.resolver(), Fetcher: v.fetcher(), Now: v.now()})
		return err
	}
	doc, ok := decodeObject(b)
	if !ok {
		return errors.New("the status list is not JSON")
	}
	if doc["proof"] == nil {
		return errors.New("the status list is not signed")
	}
	var reasons []string
	for _, res := range di.Verify(ctx, doc, di.Options{Resolver: v.resolver(), Purpose: "assertionMethod", Now: v.now()}) {
		if res.Outcome == di.Valid {
			return nil
		}
		if res.Err != nil {
			reasons = append(reasons, res.Err.Error())
		}
	}
	return fmt.Errorf("the status list's signature does not verify: %s", strings.Join(reasons, "; "))
}

// checkRecipient matches the subject against the learner's identities.
func (v *Verifier) checkRecipient(doc map[string]any, r *Report) {
	cs := jsonv.Obj(doc["credentialSubject"])
	id := jsonv.Text(cs["id"])
	for _, d := range v.Identities.DIDs {
		if id != "" && id == d {
			r.add(CheckRecipient, Pass, "Issued to you ("+d+").", id)
			return
		}
	}
	for _, idv := range jsonv.List(cs["identifier"]) {
		io := jsonv.Obj(idv)
		if io == nil {
			continue
		}
		typ := jsonv.Text(io["identityType"])
		var known []string
		switch typ {
		case "emailAddress":
			known = v.Identities.Emails
		case "name":
			known = v.Identities.Names
		}
		for _, k := range known {
			if identityMatches(jsonv.Text(io["identityHash"]), io["hashed"] == true, jsonv.Text(io["salt"]), k) {
				r.add(CheckRecipient, Pass, "Issued to you ("+k+").", typ)
				return
			}
		}
	}
	if len(v.Identities.DIDs)+len(v.Identities.Emails)+len(v.Identities.Names) == 0 {
		r.add(CheckRecipient, Unknown, "Not checked: add your e-mail address or name to the wallet to check whom credentials were issued to.", id)
		return
	}
	r.add(CheckRecipient, Unknown, "It is not issued to any identity this wallet knows as yours.", id)
}

// identityMatches compares an IdentityHash (sha256$… or md5$…) or a
// plaintext identity with a known value.
func identityMatches(identity string, hashed bool, salt, known string) bool {
	if !hashed {
		return strings.EqualFold(strings.TrimSpace(identity), strings.TrimSpace(known))
	}
	alg, want, ok := strings.Cut(identity, "$")
	if !ok {
		return false
	}
	var got string
	switch strings.ToLower(alg) {
	case "sha256":
		sum := sha256.Sum256([]byte(known + salt))
		got = hex.EncodeToString(sum[:])
	case "md5":
		sum := md5.Sum([]byte(known + salt))
		got = hex.EncodeToString(sum[:])
	default:
		return false
	}
	return strings.EqualFold(got, want)
}

// checkEndorsements verifies each endorsement on its own: a bad one is
// reported, it does not fail the credential.
func (v *Verifier) checkEndorsements(ctx context.Context, doc map[string]any, r *Report, depth int) {
	var found []any
	collect := func(m map[string]any) {
		found = append(found, jsonv.List(m["endorsement"])...)
		found = append(found, jsonv.List(m["endorsementJwt"])...)
	}
	collect(doc)
	collect(jsonv.Obj(doc["issuer"]))
	if cs := jsonv.Obj(doc["credentialSubject"]); cs != nil {
		a := jsonv.Obj(cs["achievement"])
		collect(a)
		collect(jsonv.Obj(a["creator"]))
	}
	if len(found) == 0 {
		return
	}
	good := 0
	var notes []string
	for _, e := range found {
		var b []byte
		switch t := e.(type) {
		case string:
			b = []byte(t)
		case map[string]any:
			b = jsonv.Canonical(t)
		default:
			continue
		}
		p, err := credential.Parse(b)
		if err != nil {
			notes = append(notes, "an endorsement cannot be read: "+err.Error())
			continue
		}
		rep := v.verifyParsed(ctx, p, depth+1)
		if rep.Valid {
			good++
		} else {
			notes = append(notes, fmt.Sprintf("%q by %s: %s", p.Summary.Title(), p.Summary.Issuer(), rep.Verdict))
		}
	}
	if good == len(found) {
		r.add(CheckEndorsements, Pass, fmt.Sprintf("%s verified.", plural(len(found), "endorsement", "endorsements")), "")
		return
	}
	r.add(CheckEndorsements, Warn, fmt.Sprintf("%d of %s could not be verified; this does not affect the credential itself.",
		len(found)-good, plural(len(found), "endorsement", "endorsements")), strings.Join(notes, "; "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
