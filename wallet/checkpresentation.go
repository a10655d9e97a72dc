package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/did"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/jose"
)

// PresentationOptions are what the one who receives a presentation asked
// for. Empty values are not checked; what the presentation says is shown.
type PresentationOptions struct {
	// Challenge is the nonce the recipient gave the holder.
	Challenge string
	// Domain is who the presentation must be meant for.
	Domain string
}

// PresentationReport is the outcome of checking a presentation: its own
// checks (the holder's signature, challenge, domain, expiry) in Report,
// and a full report for every credential in it. Valid only when the
// presentation and every credential in it are valid.
type PresentationReport struct {
	Report
	// Holder is the DID that presents (and signed).
	Holder string `json:"holder"`
	// Challenge and Domain are what the presentation says it was made for.
	Challenge string `json:"challenge"`
	Domain    string `json:"domain"`
	// Expires is when the presentation stops being valid; zero if never.
	Expires time.Time `json:"expires,omitzero"`
	// Credentials has one report per credential presented, in order.
	Credentials []Report `json:"credentials"`
}

// Names of the checks made on a presentation only.
const (
	CheckChallenge     = "Challenge"
	CheckDomain        = "Domain"
	CheckHolderBinding = "Holder binding"
)

// CheckPresentation verifies a presentation received as Data Integrity
// JSON (VCDM 2.0 or 1.1) or as a VP-JWT, and every credential in it.
func (v *Verifier) CheckPresentation(ctx context.Context, data []byte, opts PresentationOptions) PresentationReport {
	pr := PresentationReport{Report: Report{CheckedAt: v.now().UTC()}}
	text := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var creds []any
	switch {
	case len(text) > credential.MaxInputSize:
		pr.add(CheckFormat, Fail, fmt.Sprintf("The presentation is larger than %d MB.", credential.MaxInputSize>>20), "")
	case jsonv.LooksLikeJWS(text):
		creds = v.checkVPJWT(ctx, string(text), opts, &pr)
	default:
		doc, err := jsonv.DecodeObject(text)
		if err != nil {
			pr.add(CheckFormat, Fail, "This is not a presentation the wallet can read: expected JSON or a JWT.", err.Error())
			break
		}
		creds = v.checkVPDataIntegrity(ctx, doc, opts, &pr)
	}
	for _, c := range creds {
		rep, subject := v.checkPresented(ctx, c)
		pr.Credentials = append(pr.Credentials, rep)
		pr.holderBinding(rep, subject)
	}
	pr.decide()
	pr.summarise()
	return pr
}

// holderResolver resolves holders' keys: without the validator's shortcut
// for keys named in a URL's fragment, which would let anyone sign as any
// web address.
func (v *Verifier) holderResolver() *did.Resolver {
	return &did.Resolver{Fetcher: v.fetcher()}
}

// checkVPDataIntegrity checks a presentation with an embedded proof and
// returns the credentials it holds.
func (v *Verifier) checkVPDataIntegrity(ctx context.Context, doc map[string]any, opts PresentationOptions, pr *PresentationReport) []any {
	if !v.presentationFormat(doc, pr) {
		return nil
	}
	pr.Holder = jsonv.IDOf(doc["holder"])
	creds := jsonv.List(doc["verifiableCredential"])
	proofs := jsonv.List(doc["proof"])
	if len(proofs) == 0 {
		pr.add(CheckSignature, Fail, "The presentation is unsigned: anyone could have assembled it, so nothing shows that the one who sent it holds these credentials.", "no proof")
		return creds
	}
	// Expiry is judged below, against the verifier's clock, as a check of
	// its own: the proof is verified as at its own expiry.
	at := v.now()
	for _, p := range proofs {
		if e := jsonv.Time(jsonv.Obj(p)["expires"]); !e.IsZero() {
			at = e
		}
	}
	results := di.Verify(ctx, doc, di.Options{Resolver: v.holderResolver(), Purpose: "authentication", Controller: pr.Holder, Now: at})
	var valid map[string]any
	for i, res := range results {
		if res.Outcome == di.Valid {
			valid = jsonv.Obj(proofs[i])
			break
		}
	}
	detail := proofDetail(results)
	if valid == nil {
		v.proofFailure(results, detail, pr)
		return creds
	}
	pr.add(CheckSignature, Pass, "The holder's signature is genuine: "+pr.Holder+" made this presentation, and it has not been changed since.", detail)
	pr.Challenge = jsonv.Text(valid["challenge"])
	var domains []string
	for _, d := range jsonv.List(valid["domain"]) {
		if s := jsonv.Text(d); s != "" {
			domains = append(domains, s)
		}
	}
	pr.Domain = strings.Join(domains, " ")
	pr.checkChallenge(opts.Challenge)
	pr.checkDomain(opts.Domain, domains)
	pr.Expires = jsonv.Time(valid["expires"])
	pr.checkDates(time.Time{}, pr.Expires, v.now())
	return creds
}

// proofFailure reports why no proof of a presentation holds.
func (v *Verifier) proofFailure(results []di.Result, detail string, pr *PresentationReport) {
	for _, res := range results {
		if res.Outcome == di.Invalid {
			msg := "The holder's signature does not verify: the presentation was changed after it was signed, or it was signed by someone else."
			if errors.Is(res.Err, di.ErrKeyOwner) {
				msg = "The presentation was signed with a key that is not the holder's (" + pr.Holder + "): " + res.Err.Error()
			} else if res.Err != nil && !errors.Is(res.Err, di.ErrSignature) {
				msg = "The holder's signature does not verify: " + res.Err.Error()
			}
			pr.add(CheckSignature, Fail, msg, detail)
			return
		}
	}
	for _, res := range results {
		if res.Outcome == di.Unresolvable {
			pr.add(CheckSignature, Unknown, "The holder's key could not be found, so the signature could not be checked: "+res.Err.Error(), detail)
			return
		}
	}
	pr.add(CheckSignature, Unknown, "The presentation is signed with a method this wallet does not support, so it could not be checked.", detail)
}

// checkVPJWT checks a VP-JWT and returns the credentials it holds.
func (v *Verifier) checkVPJWT(ctx context.Context, compact string, opts PresentationOptions, pr *PresentationReport) []any {
	res, err := jose.VerifyPresentation(ctx, compact, jose.Options{Keys: v.holderResolver(), Fetcher: v.fetcher(), Now: v.now()})
	if err != nil {
		st := Fail
		var je *jose.Error
		if errors.As(err, &je) && (je.Kind == jose.Unsupported || je.Kind == jose.Unresolvable) {
			st = Unknown
		}
		pr.add(CheckSignature, st, "The presentation does not verify: "+jwtMessage(err), err.Error())
		return nil
	}
	pr.Holder = res.Holder
	if !v.presentationFormat(res.Presentation, pr) {
		return nil
	}
	pr.add(CheckSignature, Pass, "The holder's signature (VP-JWT, "+res.Alg+") is genuine: "+res.Holder+" made this presentation, and it has not been changed since.", "kid "+res.Kid)
	pr.Challenge = res.Nonce
	pr.Domain = strings.Join(res.Audience, " ")
	pr.checkChallenge(opts.Challenge)
	pr.checkDomain(opts.Domain, res.Audience)
	pr.Expires = res.Expires
	pr.checkDates(res.NotBefore, res.Expires, v.now())
	return jsonv.List(res.Presentation["verifiableCredential"])
}

// presentationFormat checks the presentation's shape.
func (v *Verifier) presentationFormat(doc map[string]any, pr *PresentationReport) bool {
	ctxs := jsonv.Contexts(doc)
	var problems []string
	if len(ctxs) == 0 || ctxs[0] != "https://www.w3.org/ns/credentials/v2" && ctxs[0] != "https://www.w3.org/2018/credentials/v1" {
		problems = append(problems, "its first @context is not a Verifiable Credentials context")
	}
	if !jsonv.HasType(doc, "VerifiablePresentation") {
		problems = append(problems, "its type does not include VerifiablePresentation")
	}
	if len(problems) > 0 {
		pr.add(CheckFormat, Fail, "This is not a well-formed presentation: "+strings.Join(problems, "; ")+".", strings.Join(ctxs, " "))
		return false
	}
	pr.add(CheckFormat, Pass, "The presentation is well formed.", strings.Join(ctxs, " "))
	return true
}

func (pr *PresentationReport) checkChallenge(want string) {
	switch {
	case want != "" && pr.Challenge == want:
		pr.add(CheckChallenge, Pass, "It answers the challenge that was asked for.", pr.Challenge)
	case want != "" && pr.Challenge == "":
		pr.add(CheckChallenge, Fail, fmt.Sprintf("It answers no challenge, but the challenge %q was expected: it may be a replay.", want), "")
	case want != "":
		pr.add(CheckChallenge, Fail, fmt.Sprintf("It was made for another challenge (%q, not %q): it may be a replay.", pr.Challenge, want), pr.Challenge)
	case pr.Challenge != "":
		pr.add(CheckChallenge, Warn, fmt.Sprintf("It says it answers the challenge %q, but no challenge was expected, so this could be a replay.", pr.Challenge), pr.Challenge)
	default:
		pr.add(CheckChallenge, Warn, "It answers no challenge and no challenge was expected, so this could be a replay.", "")
	}
}

func (pr *PresentationReport) checkDomain(want string, got []string) {
	switch {
	case want != "" && slices.Contains(got, want):
		pr.add(CheckDomain, Pass, "It was made for "+want+".", pr.Domain)
	case want != "" && len(got) == 0:
		pr.add(CheckDomain, Fail, "It does not say whom it was made for, but it was expected to be made for "+want+".", "")
	case want != "":
		pr.add(CheckDomain, Fail, "It was made for "+pr.Domain+", not for "+want+".", pr.Domain)
	case len(got) > 0:
		pr.add(CheckDomain, Pass, "It says it was made for "+pr.Domain+".", pr.Domain)
	}
}

func (pr *PresentationReport) checkDates(from, until, now time.Time) {
	switch {
	case !from.IsZero() && now.Before(from):
		pr.add(CheckValidity, Fail, "Not valid yet: the presentation becomes valid on "+from.UTC().Format("2 January 2006 15:04 MST")+".", from.Format(time.RFC3339))
	case !until.IsZero() && now.After(until):
		pr.add(CheckValidity, Fail, "The presentation expired on "+until.UTC().Format("2 January 2006 15:04 MST")+".", until.Format(time.RFC3339))
	case !until.IsZero():
		pr.add(CheckValidity, Pass, "In date: the presentation is valid until "+until.UTC().Format("2 January 2006 15:04 MST")+".", until.Format(time.RFC3339))
	default:
		pr.add(CheckValidity, Warn, "The presentation does not expire, so it could be replayed at any time.", "")
	}
}

// checkPresented verifies one credential of a presentation on its own and
// returns its report and its subject's id.
func (v *Verifier) checkPresented(ctx context.Context, c any) (Report, string) {
	var b []byte
	switch t := c.(type) {
	case string:
		b = []byte(strings.TrimSpace(t))
	case map[string]any:
		b = jsonv.Canonical(t)
		if jsonv.HasType(t, "EnvelopedVerifiableCredential") {
			data, mediaType, ok := jsonv.DataURI(jsonv.IDOf(t))
			if !ok || !strings.Contains(mediaType, "jwt") {
				r := Report{CheckedAt: v.now().UTC()}
				r.add(CheckFormat, Fail, "An enveloped credential in the presentation is not a data: URL of a VC-JWT.", credential.Shorten(jsonv.IDOf(t), 80))
				r.decide()
				return r, ""
			}
			b = bytes.TrimSpace(data)
		}
	}
	if len(b) == 0 {
		r := Report{CheckedAt: v.now().UTC()}
		r.add(CheckFormat, Fail, "An item of the presentation's verifiableCredential is neither a credential nor a JWT.", fmt.Sprintf("%T", c))
		r.decide()
		return r, ""
	}
	rep := v.VerifyBytes(ctx, b)
	// Whom a presented credential was issued to is the holder binding's
	// question; "add your e-mail address" would be advice for the wrong one.
	rep.Checks = slices.DeleteFunc(rep.Checks, func(c Check) bool { return c.Name == CheckRecipient && c.Status == Unknown })
	var subject string
	if doc, ok := decodeObject(b); ok {
		subject = jsonv.IDOf(doc["credentialSubject"])
	}
	return rep, subject
}

// holderBinding notes whether a credential was issued to the presenter.
func (pr *PresentationReport) holderBinding(rep Report, subject string) {
	if !strings.HasPrefix(subject, "did:") || pr.Holder == "" {
		return
	}
	name := rep.Name
	if name == "" {
		name = "A credential"
	} else {
		name = "“" + name + "”"
	}
	if subject == pr.Holder {
		pr.add(CheckHolderBinding, Pass, name+" was issued to the presenter.", subject)
		return
	}
	pr.add(CheckHolderBinding, Warn, name+" was issued to someone else ("+subject+"), not to the presenter.", subject)
}

// summarise combines the presentation's own verdict with its credentials'.
func (pr *PresentationReport) summarise() {
	holder := pr.Holder
	if holder == "" {
		holder = "an unnamed holder"
	}
	var bad []string
	for _, c := range pr.Credentials {
		if !c.Valid {
			name := c.Name
			if name == "" {
				name = "a credential"
			}
			bad = append(bad, fmt.Sprintf("%q (%s)", name, c.Verdict))
		}
	}
	n := len(pr.Credentials)
	if !pr.Valid {
		if len(bad) > 0 {
			pr.Verdict += fmt.Sprintf(" Also, %s not valid.", plural(len(bad), "credential in it is", "credentials in it are"))
		}
		return
	}
	var notes []string
	for _, c := range pr.Checks {
		if c.Status == Warn || c.Status == Unknown {
			notes = append(notes, strings.ToLower(c.Name[:1])+c.Name[1:])
		}
	}
	defer func() {
		if len(notes) > 0 {
			pr.Verdict += " Notes on " + joinAnd(notes) + "."
		}
	}()
	switch {
	case len(bad) > 0:
		pr.Valid = false
		pr.Verdict = fmt.Sprintf("Presented by %s: %d of %s not valid: %s.", holder, len(bad), plural(n, "credential is", "credentials are"), strings.Join(bad, "; "))
	case n == 0:
		pr.Verdict = "Presented by " + holder + ": no credentials; it only shows that the presenter controls this DID."
	case n == 1:
		pr.Verdict = "Presented by " + holder + ": 1 credential, valid."
	default:
		pr.Verdict = fmt.Sprintf("Presented by %s: %d credentials, all valid.", holder, n)
	}
}
