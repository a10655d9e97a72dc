package verify

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/status"
)

// This file is the one place where reports become words, for the window
// and the command line alike. Everything in Args came from a credential or
// the network: it goes through safe before it is said.
//
// Every sentence is an English format string passed through Words.t (or
// Words.f, Words.plural), which looks it up in the language's catalog:
// words_es.json maps each English format string to its Spanish, with the
// same verbs in the same order. TestSpanishCatalog keeps the catalog and
// this file in step.

// Words says reports in one language. Its zero value, like English, says
// them in English. A Words is never changed once made, so it can be shared.
type Words struct {
	code   string
	cat    map[string]string // English format string → this language's; nil for English
	and    string            // the last separator of a list: " and "
	or     string            // " or "
	class  string            // a class named by its name, "un %s"; "" for the name alone
	months [12]string        // January…, for days
	short  [12]string        // Jan…, for times
}

//go:embed words_es.json
var spanishCatalog []byte

// English says reports in English, as lw does.
var English = Words{code: "en", and: " and ", or: " or "}

// Spanish says reports in Spanish.
var Spanish = newSpanish()

func newSpanish() Words {
	var cat map[string]string
	if err := json.Unmarshal(spanishCatalog, &cat); err != nil {
		panic("verify: words_es.json: " + err.Error())
	}
	return Words{code: "es", cat: cat, and: " y ", or: " o ", class: "un %s",
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		short:  [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	}
}

// WordsFor is the Words of a language code: Spanish for "es", English for
// any other.
func WordsFor(code string) Words {
	if code == "es" {
		return Spanish
	}
	return English
}

// Code is the language code of w: "en" or "es".
func (w Words) Code() string {
	if w.code == "" {
		return "en"
	}
	return w.code
}

// t is an English sentence or fragment in w's language.
func (w Words) t(s string) string {
	if out, ok := w.cat[s]; ok {
		return out
	}
	return s
}

// f formats an English format string in w's language.
func (w Words) f(format string, args ...any) string {
	return fmt.Sprintf(w.t(format), args...)
}

// plural formats one when n is 1, else many, in w's language.
func (w Words) plural(n int, one, many string, args ...any) string {
	if n == 1 {
		return fmt.Sprintf(w.t(one), args...)
	}
	return fmt.Sprintf(w.t(many), args...)
}

// String is the verdict as people read it, in English.
func (v Verdict) String() string { return English.Verdict(v) }

// Label is the name of a check as people read it, in English.
func Label(id check.ID) string { return English.Label(id) }

// Headline sums a report up in a sentence, in English.
func Headline(r Report) string { return English.Headline(r) }

// AsOfNote is English.AsOfNote.
func AsOfNote(r Report) string { return English.AsOfNote(r) }

// NetworkNote is English.NetworkNote.
func NetworkNote(r Report) string { return English.NetworkNote(r) }

// PresentationHeadline sums up a presentation, in English.
func PresentationHeadline(pr PresentationReport) string { return English.PresentationHeadline(pr) }

// Describe says one check in a sentence, in English.
func Describe(c check.Check) string { return English.Describe(c) }

// Verdict is the verdict as people read it.
func (w Words) Verdict(v Verdict) string {
	switch v {
	case Valid:
		return w.t("Valid")
	case ValidWithNotes:
		return w.t("Valid, with notes")
	case IssuerNotConfirmed:
		return w.t("Issuer not confirmed")
	case CouldNotCheck:
		return w.t("Could not check")
	case NotValid:
		return w.t("Not valid")
	}
	return w.t("Not yet verified")
}

// Label is the name of a check as people read it.
func (w Words) Label(id check.ID) string {
	switch id {
	case check.Format:
		return w.t("Format")
	case check.Signature:
		return w.t("Signature")
	case check.IssuerKey:
		return w.t("Issuer key")
	case check.Schema:
		return w.t("Schema")
	case check.Validity:
		return w.t("Validity period")
	case check.Revocation:
		return w.t("Revocation")
	case check.Recipient:
		return w.t("Recipient")
	case check.Endorsements:
		return w.t("Endorsements")
	case check.Nested:
		return w.t("Nested credentials")
	case check.Hosting:
		return w.t("Hosting")
	case check.BadgeClass:
		return w.t("Badge class")
	case check.IssuerCheck:
		return w.t("Issuer")
	case check.Challenge:
		return w.t("Challenge")
	case check.Domain:
		return w.t("Domain")
	case check.Holder:
		return w.t("Holder binding")
	}
	return safe(string(id))
}

// Headline sums a report up in a sentence: its verdict and what decided it.
func (w Words) Headline(r Report) string {
	var s string
	cause, ok := r.Cause()
	switch {
	case r.Verdict == Valid:
		s = w.t("Valid: genuine, unchanged, in date and not revoked.")
	case r.Verdict == ValidWithNotes:
		var notes []string
		for _, id := range r.Notes() {
			notes = append(notes, strings.ToLower(w.Label(id)))
		}
		s = w.f("Valid, with notes on %s.", w.joinAnd(notes))
	case ok:
		s = w.Verdict(r.Verdict) + ": " + w.Describe(cause)
	default:
		s = w.Verdict(r.Verdict) + "."
	}
	return s + w.AsOfNote(r)
}

// AsOfNote says, when a report relied on saved copies, as of when; "" when
// it did not. A saved list that says "revoked" is as dated as one that says
// "not revoked".
func (w Words) AsOfNote(r Report) string {
	if r.AsOf.IsZero() {
		return ""
	}
	return " " + w.f("(Online checks as of %s.)", w.stamp(r.AsOf))
}

// NetworkNote says that a verification could reach private addresses, or
// "" when it could not.
func (w Words) NetworkNote(r Report) string {
	if !r.PrivateNetwork {
		return ""
	}
	return w.t("Checked with the private network allowed: documents could come from this computer or its local network, not only from the internet.")
}

// PresentationHeadline sums up a presentation and the credentials in it.
func (w Words) PresentationHeadline(pr PresentationReport) string {
	holder := safe(pr.Holder)
	if holder == "" {
		holder = w.t("an unnamed holder")
	}
	own := pr.Report
	own.Verdict = pr.Own
	if !pr.Own.OK() {
		s := w.Headline(own)
		if bad := badCredentials(pr); bad > 0 {
			s += " " + w.plural(bad, "Also, %d credential in it is not valid.", "Also, %d credentials in it are not valid.", bad)
		}
		return s
	}
	n := len(pr.Credentials)
	var s string
	switch bad := badCredentials(pr); {
	case bad > 0:
		var names []string
		for _, c := range pr.Credentials {
			if !c.Valid() {
				names = append(names, fmt.Sprintf("“%s” (%s)", nameOr(c.Name, w.t("a credential")), w.Verdict(c.Verdict)))
			}
		}
		s = w.plural(n, "%s, presented by %s: %d of %d credential is not valid: %s.", "%s, presented by %s: %d of %d credentials are not valid: %s.",
			w.Verdict(pr.Verdict), holder, bad, n, strings.Join(names, "; "))
	case n == 0:
		s = w.f("Presented by %s: no credentials; it only shows that the presenter controls this DID.", holder)
	case n == 1:
		s = w.f("Presented by %s: 1 credential, valid.", holder)
	default:
		s = w.f("Presented by %s: %d credentials, all valid.", holder, n)
	}
	if notes := own.Notes(); len(notes) > 0 && pr.Verdict.OK() {
		var words []string
		for _, id := range notes {
			words = append(words, strings.ToLower(w.Label(id)))
		}
		s += " " + w.f("Notes on %s.", w.joinAnd(words))
	}
	return s + w.AsOfNote(pr.Report)
}

func badCredentials(pr PresentationReport) int {
	n := 0
	for _, c := range pr.Credentials {
		if !c.Valid() {
			n++
		}
	}
	return n
}

// Describe says one check in a sentence.
func (w Words) Describe(c check.Check) string {
	a := c.Args
	switch c.Reason {
	// Format
	case FormatOK:
		return w.t("The credential is well formed.")
	case FormatUnreadable:
		return w.f("This is not a credential the wallet can read: %s.", safe(strings.TrimSuffix(c.Detail, ".")))
	case FormatDuplicateKey:
		if a.Where != "" {
			return w.f("The JSON has the key %q twice (in %s). Programs disagree on which value counts, so what was signed cannot be told: it is refused.", safe(a.Value), safe(a.Where))
		}
		return w.f("The JSON has the key %q twice. Programs disagree on which value counts, so what was signed cannot be told: it is refused.", safe(a.Value))
	case FormatTooDeep:
		return w.t("The JSON is nested deeper than any credential is; it was not read.")
	case FormatTooLarge:
		return w.f("It is larger than %d MB.", a.N)
	case FormatMalformed:
		return w.f("The credential is malformed: %s.", w.problems(a.Items))
	case FormatNoSubjectID:
		return w.t("The credential does not say whom it was issued to: its subject has neither an id nor an identifier.")
	case FormatJWTLayout:
		return w.f("The JWT carries its credential in a layout no specification defines (%s); its signature and content were checked all the same.", w.layoutWords(a.Cause))
	case FormatJWTClaims:
		return w.f("The JWT's claims contradict the credential it carries (its issuer, subject, id or dates): %s.", safe(c.Detail))
	case FormatPresentationOK:
		return w.t("The presentation is well formed.")
	case FormatNotPresentation:
		return w.f("This is not a well-formed presentation: %s.", w.problems(a.Items))
	case FormatBadEnvelope:
		return w.t("An enveloped credential in the presentation is not a data: URL of a VC-JWT.")
	case FormatNotCredentialVal:
		return w.t("An item of the presentation's verifiableCredential is neither a credential nor a JWT.")
	case FormatUnsupportedToken:
		return w.f("The token is of a kind the wallet does not read: %s.", safe(c.Detail))

	// Signature
	case SignatureValid:
		s := w.f("The issuer's signature (%s) is genuine: the credential has not been changed since it was issued.", safe(a.Suite))
		if a.Of > 1 {
			s += " " + w.f("(%d of its %d signatures verify; see the detail.)", a.N, a.Of)
		}
		return s
	case SignatureHolderValid:
		return w.f("The holder's signature (%s) is genuine: %s made this presentation, and it has not been changed since.", safe(a.Suite), safe(a.Who))
	case SignatureDeprecated:
		return w.f("It is signed with %s, an early name of the method now called eddsa-rdfc-2022; ask the issuer for a re-issued copy.", safe(a.Suite))
	case SignatureMissing:
		return w.t("This credential carries no signature, so nothing shows who issued it or that it is unchanged.")
	case SignatureHolderMissing:
		return w.t("The presentation is unsigned: anyone could have assembled it, so nothing shows that the one who sent it holds these credentials.")
	case SignatureMismatch:
		return w.t("The signature does not match: it was changed after it was signed, or it is forged.")
	case SignatureWrongPurpose:
		return w.f("The signature was made for another purpose, challenge or domain than this one: %s.", safe(c.Detail))
	case SignatureMalformed:
		return w.f("The signature is malformed: %s.", safe(c.Detail))
	case SignatureExpired:
		return w.t("The signature has expired.")
	case SignatureUndefinedTerms:
		if a.Value != "" {
			return w.f("It uses the term %q, which its JSON-LD contexts do not define: a signature would not cover what it says, so it is refused.", safe(a.Value))
		}
		return w.t("It holds terms its JSON-LD contexts do not define (or names contexts the wallet does not have): a signature would not cover them, so it is refused.")
	case SignatureRelativeIRI:
		return w.f("It uses %q as an identifier, which is not an absolute IRI: a signature would not cover what it says with it, so it is refused.", safe(a.Value))
	case SignatureContextOverride:
		if a.Value != "" {
			return w.f("Its own JSON-LD context redefines %q, a term of the published contexts it names: it could say something other than what was signed, so it is refused.", safe(a.Value))
		}
		return w.t("Its own JSON-LD context sets aside the published contexts it names: it could say something other than what was signed, so it is refused.")
	case SignatureMalformedValue:
		switch a.Cause {
		case "IRI":
			return w.f("It uses %q, which is not a well-formed IRI: a signature would not cover what it says with it, so it is refused.", safe(a.Value))
		case "language tag":
			return w.f("It gives %q as a language, which is not a well-formed language tag: a signature would not cover that text, so it is refused.", safe(a.Value))
		case "number":
			return w.f("It holds the number %s, which a signature cannot cover exactly as written, so it is refused.", safe(a.Value))
		}
		return w.f("It holds %q, which is malformed: a signature would not cover it, so it is refused.", safe(a.Value))
	case SignatureTooCostly:
		return w.t("It is built so that checking its signature would take far longer than any real credential needs: it looks made to slow the wallet down, so it was not checked.")
	case SignatureUnsupportedJSONLD:
		return w.f("It uses a JSON-LD feature this wallet does not handle (%s), so its signature could not be checked.", safe(a.Value))
	case SignatureKeyUnusable:
		return w.f("The signing key %s is not a usable public key.", safe(a.Key))
	case SignatureWrongKeyType:
		return w.f("The signing key %s is of the wrong kind for this signature.", safe(a.Key))
	case SignatureKeyNotIssuers:
		if a.Who != "" {
			return w.f("It was signed with a key of %s, not of the issuer %s: anyone can sign with a key of their own.", safe(a.Who), safe(a.Want))
		}
		return w.f("It was signed with a key that is not the issuer's (%s): %s.", safe(a.Want), safe(c.Detail))
	case SignatureKeyNotHolders:
		if a.Who != "" {
			return w.f("The presentation was signed with a key of %s, not of its holder %s.", safe(a.Who), safe(a.Want))
		}
		return w.f("The presentation was signed with a key that is not its holder's: %s.", safe(c.Detail))
	case SignatureKeyUnavailable:
		return w.f("The signing key could not be obtained, so the signature could not be checked: %s.", w.fetchTrouble(a))
	case SignatureBadDID:
		return w.f("The signing key is named by a malformed DID (%s), which no one can look up as written: it was not fetched. It is how a forger makes a DID look like another's (an address hidden behind \"@\" or \"%%40\", an IP address).", safe(a.Key))
	case SignatureUnsupportedDID:
		return w.t("The signing key is named by a kind of DID this wallet cannot look up (it reads did:key, did:jwk and did:web), so the signature could not be checked.")
	case SignatureUnsupported:
		if a.Suite != "" {
			return w.f("It is signed with a method this wallet does not check (%s), so it could not be checked.", safe(a.Suite))
		}
		return w.t("It is signed with a method this wallet does not check, so it could not be checked.")
	case SignatureJWTRefused:
		return w.f("The JWT uses something the wallet refuses for safety (no algorithm, a shared secret, a key fetched from an address the token names, or a private key): %s.", safe(c.Detail))
	case SignatureJWTMalformed:
		return w.f("The JWT is malformed: %s.", safe(c.Detail))

	// Issuer key
	case IssuerKeySelf:
		return w.f("The signing key is the issuer's own identifier (%s).", safe(a.Who))
	case IssuerKeyListed:
		s := w.f("The issuer (%s) lists the signing key as its own.", safe(a.Who))
		if !a.When.IsZero() {
			s += " " + w.f("(As of %s.)", w.stamp(a.When))
		}
		return s
	case IssuerKeyJWKS:
		return w.f("The signing key is in the key set the issuer publishes (%s).", safe(a.Who))
	case IssuerKeyUnbound:
		return w.unboundWords(a)
	case IssuerKeyNotChecked:
		return w.t("No signature held, so no key could be tied to the issuer.")

	// Schema
	case SchemaOK:
		return w.t("The credential follows its published schema.")
	case SchemaInvalid:
		return w.f("The credential does not follow its published schema: %s", safe(c.Detail))
	case SchemaUnknown:
		return w.t("Its schema is not one this wallet knows, so it was not checked.")
	case SchemaVCDM1:
		return w.t("Not checked: the published schemas describe the newer (VCDM 2.0) form of this credential.")
	case SchemaNoSchema:
		return w.t("It names no schema this wallet knows.")

	// Validity
	case ValidityUntil:
		return w.f("In date: valid until %s.", w.day(a.When))
	case ValidityForever:
		return w.t("In date: it does not expire.")
	case ValidityExpired:
		return w.f("Expired on %s.", w.day(a.When))
	case ValidityNotYet:
		return w.f("Not valid yet: it becomes valid on %s.", w.day(a.When))
	case ValidityVPUntil:
		return w.f("In date: the presentation is valid until %s.", w.minute(a.When))
	case ValidityVPExpired:
		return w.f("The presentation expired on %s.", w.minute(a.When))
	case ValidityVPNotYet:
		return w.f("Not valid yet: the presentation becomes valid on %s.", w.minute(a.When))
	case ValidityVPForever:
		return w.t("The presentation does not expire, so it could be replayed at any time.")
	case ValidityVPFuture:
		return w.f("The presentation says it was made on %s, which is still to come: its date is false.", w.minute(a.When))

	// Revocation
	case RevocationNone:
		return w.t("The issuer publishes no revocation list for this credential.")
	case RevocationStands:
		s := w.t("The issuer has not revoked this credential.")
		if a.Value == "suspension" {
			s = w.t("The issuer has not suspended this credential.")
		}
		return s + w.caveatWords(a) + w.asOfWords(a.When)
	case RevocationRevoked:
		s := w.t("The issuer has revoked this credential.")
		if a.Value != "" {
			s += " " + w.f("The reason given: %s", safe(a.Value))
		}
		return s + w.caveatWords(a) + w.asOfWords(a.When)
	case RevocationSuspended:
		return w.t("The issuer has suspended this credential.") + w.caveatWords(a) + w.asOfWords(a.When)
	case RevocationUnknown:
		return w.statusWords(a)
	case RevocationUnsupported:
		if a.Cause == string(status.CauseUnsupportedPurpose) {
			return w.f("The credential's status list is for %q, which this wallet does not check.", safe(a.Value))
		}
		if a.Value == "" {
			return w.t("The credential's status entry has no type, so its status was not checked.")
		}
		return w.f("The credential uses a kind of status list this wallet does not support (%s), so its status was not checked.", safe(a.Value))

	// Recipient
	case RecipientYou:
		return w.f("Issued to you (%s).", safe(a.Value))
	case RecipientNoIdentities:
		return w.t("Not checked: add your e-mail address or name to the wallet to check whom credentials were issued to.")
	case RecipientNotYours:
		return w.t("It is not issued to any identity this wallet knows as yours.")

	// Endorsements
	case EndorsementsOK:
		return w.plural(a.N, "%d endorsement verified.", "%d endorsements verified.", a.N)
	case EndorsementsSome:
		return w.plural(a.Of, "%d of %d endorsement could not be verified; this does not affect the credential itself.",
			"%d of %d endorsements could not be verified; this does not affect the credential itself.", a.N, a.Of)

	// Nested
	case NestedOK:
		return w.f("Each of the %d credentials in this record verifies on its own.", a.N)
	case NestedProofFailed:
		return w.f("%d of the %d credentials in this record carry a signature that does not hold (%s): the record holds forged or changed credentials.", a.N, a.Of, w.names(a.Items))
	case NestedNoOwnProof:
		return w.f("%d of the %d credentials in this record carry no signature of their own; only the whole record vouches for them, so they can only be shared inside it.", a.N, a.Of)
	case NestedNotValid:
		return w.f("%d of the %d credentials in this record are not valid on their own (%s); see each one.", a.N, a.Of, w.names(a.Items))

	// Presentations
	case ChallengeOK:
		return w.t("It answers the challenge that was asked for.")
	case ChallengeMissing:
		return w.f("It answers no challenge, but the challenge %q was expected: it may be a replay.", safe(a.Want))
	case ChallengeOther:
		return w.f("It was made for another challenge (%q, not %q): it may be a replay.", safe(a.Value), safe(a.Want))
	case ChallengeUnasked:
		return w.f("It says it answers the challenge %q, but no challenge was expected, so this could be a replay.", safe(a.Value))
	case ChallengeNone:
		return w.t("It answers no challenge and no challenge was expected, so this could be a replay.")
	case DomainOK:
		return w.f("It was made for %s.", safe(a.Want))
	case DomainMissing:
		return w.f("It does not say whom it was made for, but it was expected to be made for %s.", safe(a.Want))
	case DomainOther:
		return w.f("It was made for %s, not for %s.", safe(a.Value), safe(a.Want))
	case DomainStated:
		return w.f("It says it was made for %s.", safe(a.Value))
	case HolderBound:
		return w.f("%s was issued to the presenter (%s).", w.quoted(a.Name), safe(a.Who))
	case HolderEarlierDID:
		return w.f("%s was issued to %s, another identifier the presenter proved to control in this presentation (a key they used before).", w.quoted(a.Name), safe(a.Who))
	case HolderOther:
		return w.f("%s was issued to someone else (%s), not to the presenter (%s): it is not theirs to present.", w.quoted(a.Name), safe(a.Who), safe(a.Want))
	case HolderUnbound:
		return w.f("%s is not bound to the presenter: its subject has no DID, so anyone holding a copy could present it. Compare whom it names with whom you expect (lw check-presentation --expect-identity).", w.quoted(a.Name))
	case HolderNoHolder:
		return w.f("%s cannot be tied to a presenter: the presentation names no holder.", w.quoted(a.Name))
	case HolderIdentityMatch:
		return w.f("%s names %s, as expected.", w.quoted(a.Name), safe(a.Value))
	case HolderIdentityMismatch:
		return w.f("%s does not name %s: it may be someone else's.", w.quoted(a.Name), safe(a.Value))
	}
	if s, ok := w.ob2Words(c); ok {
		return s
	}
	return w.f("Check %s: %s.", safe(string(c.Reason)), string(c.Status))
}

// problems says the problems of a malformed document.
func (w Words) problems(items []string) string {
	var out []string
	for _, p := range items {
		switch p {
		case ProblemContext:
			out = append(out, w.t("its first @context is not a Verifiable Credentials context"))
		case ProblemType:
			out = append(out, w.t("its type does not include VerifiableCredential (or VerifiablePresentation)"))
		case ProblemSubject:
			out = append(out, w.t("it has no credentialSubject"))
		case ProblemIssuer:
			out = append(out, w.t("it names no issuer"))
		default:
			out = append(out, w.ob2Problem(p))
		}
	}
	return strings.Join(out, "; ")
}

func (w Words) layoutWords(l string) string {
	switch credential.Layout(l) {
	case credential.LayoutVCClaim20:
		return w.t("a VCDM 2.0 credential inside a VCDM 1.1 \"vc\" claim")
	case credential.LayoutPayload11:
		return w.t("a VCDM 1.1 credential as the payload, without the \"vc\" claim")
	}
	return safe(l)
}

// fetchTrouble says why a document could not be had.
func (w Words) fetchTrouble(a check.Args) string {
	switch a.Cause {
	case CauseOffline:
		return w.t("the wallet is offline and has no saved copy")
	case CauseGone:
		return w.t("its address answers that it is not there")
	case CauseHTTP:
		return w.f("the site answered with an error (HTTP %d)", a.N)
	case CauseNotHTTPS:
		return w.t("it is not at a secure (https) address")
	case CauseRefused:
		return w.refusedWords(a)
	case CauseTooLarge:
		return w.t("the answer is larger than the wallet reads")
	case CauseTimeout:
		return w.t("the site took too long to answer")
	case CauseUnreachable:
		return w.t("the site could not be reached")
	case CauseNotFound:
		return w.t("the issuer's document does not list it")
	case CauseBudget:
		return w.t("the credential asks for more documents than one check fetches")
	}
	return w.t("it could not be found")
}

// refusedWords says why an address was not reached.
func (w Words) refusedWords(a check.Args) string {
	what := safe(a.Value)
	if a.URL != "" && a.URL != a.Value {
		what = safe(a.URL) + " (" + safe(a.Value) + ")"
	}
	if what == "" {
		return w.t("its address is one the wallet does not reach")
	}
	switch a.Want {
	case "loopback":
		return w.f("%s is a loopback address (this computer), which the wallet does not connect to unless you allow the private network (in Settings, or lw --allow-private-network)", what)
	case "private":
		return w.f("%s is a private address (a local network), which the wallet does not connect to unless you allow the private network (in Settings, or lw --allow-private-network)", what)
	case "link-local":
		return w.f("%s is a link-local address, which the wallet never connects to", what)
	case "multicast":
		return w.f("%s is a multicast address, which the wallet never connects to", what)
	case "unspecified":
		return w.f("%s is the unspecified address, which the wallet never connects to", what)
	case "reserved":
		return w.f("%s is a reserved address, which the wallet never connects to", what)
	}
	return w.f("%s is an address the wallet does not connect to", what)
}

// unboundWords says why a signing key could not be tied to the issuer.
func (w Words) unboundWords(a check.Args) string {
	who := safe(a.Who)
	switch a.Cause {
	case CauseNotListed:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's own document does not list it. Anyone can write a key into the credential itself.", who)
	case CauseNoDocument:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's id cannot be looked up to say which keys are its own, so anyone could have signed it in the issuer's name.", who)
	case CauseOther:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the key is someone else's (%s), and the issuer's id cannot be looked up to say it is theirs.", who, safe(a.Key))
	case CauseNoKeySet:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's published key set could not be read.", who)
	case CauseNotInKeySet:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the key is not among the keys the issuer publishes.", who)
	case CauseNotFound:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's site does not publish a document listing it.", who)
	case CauseOffline:
		return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's document could not be fetched (offline, no saved copy). Verify again online.", who)
	}
	return w.f("The signature holds, but nothing ties its key to the issuer %s: the issuer's document could not be fetched: %s.", who, w.fetchTrouble(a))
}

// statusWords says why a status could not be checked.
func (w Words) statusWords(a check.Args) string {
	what := w.t("revocation")
	if a.Value == "suspension" {
		what = w.t("suspension")
	}
	switch status.Cause(a.Cause) {
	case status.CauseMalformedEntry:
		return w.t("The credential's status entry is malformed, so its status could not be checked.")
	case status.CauseNoCredentialID:
		return w.f("The credential has no id to look up in the issuer's revocation list, so %s could not be checked.", what)
	case status.CauseOffline:
		return w.f("The wallet is offline and has no saved copy of the issuer's status list, so %s could not be checked.", what)
	case status.CauseGone:
		return w.f("The issuer no longer publishes its status list, so %s could not be checked.", what)
	case status.CauseTooLarge:
		return w.f("The issuer's status list is larger than this wallet reads, so %s could not be checked.", what)
	case status.CauseNotHTTPS:
		return w.f("The issuer's status list is not at a secure (https) address, so %s could not be checked.", what)
	case status.CauseRefused:
		return w.f("The issuer's status list is on an address the wallet does not reach, so %s could not be checked.", what)
	case status.CauseListInvalid:
		return w.f("The issuer's status list could not be verified, so %s could not be checked.", what)
	case status.CauseUnreadable:
		return w.f("The issuer's status list could not be read, so %s could not be checked.", what)
	case status.CauseListExpired:
		return w.f("The issuer's status list expired on %s, so %s could not be checked.", w.day(a.When), what)
	case status.CauseListNotYetValid:
		return w.f("The issuer's status list is not valid yet, so %s could not be checked.", what)
	case status.CauseWrongPurpose:
		return w.f("The issuer's status list is not a %s list, so %s could not be checked.", what, what)
	case status.CauseTooManyLists:
		return w.t("The credential names more status lists than the wallet checks for one credential; the rest were not fetched.")
	}
	return w.f("Could not reach the issuer's status list, so %s could not be checked.", what)
}

func (w Words) caveatWords(a check.Args) string {
	var s string
	for _, c := range a.Items {
		switch status.Caveat(c) {
		case status.CaveatListUnverified:
			s += " " + w.t("The status list's own signature was not checked.")
		case status.CaveatOtherPublisher:
			s += " " + w.f("The status list was published by %s, not by the credential's issuer.", safe(a.Who))
		}
	}
	return s
}

func (w Words) asOfWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " " + w.f("(as of %s)", w.stamp(t))
}

// ob2Words says the checks of an Open Badges 2.0 badge.
func (w Words) ob2Words(c check.Check) (string, bool) {
	a := c.Args
	var s string
	switch c.Reason {
	case ob2.ReasonUnreadable:
		s = w.t("The badge's JSON cannot be read.")
	case ob2.ReasonNotBadge:
		s = w.t("This is not an Open Badges 2.0 badge: expected its JSON or a signed badge (JWS).")
	case ob2.ReasonMalformed:
		s = w.f("This is not a well-formed Open Badges 2.0 %s: %s.", w.className(a.Value), w.problems(a.Items))
	case ob2.ReasonWellFormed:
		s = w.f("This is a well-formed Open Badges 2.0 %s.", w.className(a.Value))
	case ob2.ReasonUnknownClass:
		s = w.f("This is a linked-data object of a class Open Badges does not define (%s); only its form was checked.", safe(a.Value))
	case ob2.ReasonDescribesBadge:
		s = w.f("This is a well-formed Open Badges 2.0 %s; it describes a badge but does not award one.", w.className(a.Value))
	case ob2.ReasonProfileLacks:
		s = w.f("This is a well-formed Open Badges 2.0 issuer profile. However, it gives no %s.", w.joinOr(a.Items))
	case ob2.ReasonHeaderUnreadable:
		s = w.t("The signed badge's header cannot be read.")
	case ob2.ReasonPayloadUnreadable:
		s = w.t("The signed badge's content cannot be read: it is not a JSON assertion.")
	case ob2.ReasonSignedButPlain:
		s = w.t("This badge is meant to be signed, but this copy carries no signature. Import the signed badge (the .jwt file or the baked image) instead.")
	case ob2.ReasonHostedNoAddress:
		s = w.f("A hosted badge must have as its id the web address where its issuer publishes it; this one has %q, so it cannot be verified.", safe(a.Value))
	case ob2.ReasonHostedUnfetched:
		s = w.f("The issuer's copy of this badge %s; the badge could not be checked.", w.ob2Trouble(a))
	case ob2.ReasonHostedDiffers:
		s = w.f("The issuer's copy of this badge differs from this one (%s): this copy was changed, or is not the issuer's.", w.diffWords(a.Items))
	case ob2.ReasonHostedMatches:
		s = w.t("The issuer's site publishes this badge, unchanged, at its address.")
	case ob2.ReasonSignedWrongType:
		s = w.f("This badge is signed, but says it is verified another way (verification type %q); it is not a valid signed badge.", safe(a.Value))
	case ob2.ReasonAlgNone:
		s = w.t("The badge is not signed at all (no signature algorithm), so anyone could have written it.")
	case ob2.ReasonAlgHMAC:
		s = w.f("The badge is sealed with a shared secret (%s), which cannot show that its issuer signed it.", safe(a.Suite))
	case ob2.ReasonHeaderRefused:
		s = w.f("The signed badge's header uses %q, which the wallet refuses: a badge's key comes from its issuer's profile.", safe(a.Value))
	case ob2.ReasonAlgUnsupported:
		s = w.f("The badge is signed with the %q algorithm, which this wallet does not check for Open Badges 2.0 (it checks RSA signatures).", safe(a.Suite))
	case ob2.ReasonNoProfile:
		s = w.t("The issuer's profile could not be read, so the key that signed the badge could not be found.")
	case ob2.ReasonNoKeys:
		s = w.t("The signature could not be checked: the issuer's profile lists no keys.")
	case ob2.ReasonKeyNotIssuers:
		s = w.t("The signature was not checked: its key is not one of the issuer's.")
	case ob2.ReasonSigned:
		s = w.f("The issuer's signature (%s) is genuine: the badge has not been changed since it was signed.", safe(a.Suite))
	case ob2.ReasonSignatureInvalid:
		s = w.t("The signature does not match the issuer's key: the badge was changed after it was signed, or it is forged.")
	case ob2.ReasonKeyUnfetched:
		s = w.f("The issuer's key %s; the signature could not be checked.", w.ob2Trouble(a))
	case ob2.ReasonProfileNoKeys:
		s = w.t("The issuer's profile lists no public keys, so nothing shows the badge was signed by the issuer.")
	case ob2.ReasonCreatorUnlisted:
		s = w.f("The badge was signed with the key %s, which the issuer's profile does not list.", safe(a.Key))
	case ob2.ReasonKeyListed:
		s = w.f("The signing key is listed in the issuer's profile (%s).", safe(a.Who))
	case ob2.ReasonKeyOwner:
		s = w.f("The signing key belongs to %s, not to the issuer %s.", safe(a.Who), safe(a.Want))
	case ob2.ReasonKeyUnusable:
		s = w.f("The signing key %s is not a usable RSA public key.", safe(a.Key))
	case ob2.ReasonWithdrawn:
		s = w.t("The issuer has withdrawn this badge: its address answers \"410 Gone\".")
	case ob2.ReasonRevoked:
		s = w.t("The issuer has revoked this badge.")
		if a.Value != "" {
			s = w.f("The issuer has revoked this badge: %s.", safe(a.Value))
		}
	case ob2.ReasonNotMarkedRevoked:
		s = w.t("The issuer's copy does not mark the badge revoked.")
	case ob2.ReasonNoRevocationList:
		s = w.t("The issuer publishes no revocation list, so nothing says this badge was revoked.")
	case ob2.ReasonRevocationListUnread:
		s = w.f("The issuer's revocation list %s; whether the badge was revoked is unknown.", w.ob2Trouble(a))
	case ob2.ReasonRevocationListNotAList:
		s = w.t("The issuer's revocation list is not a RevocationList; whether the badge was revoked is unknown.")
	case ob2.ReasonNotOnRevocationList:
		s = w.t("The badge is not on the issuer's revocation list.")
	case ob2.ReasonHostingOutsidePrefix:
		s = w.f("The badge is published at %s, which is not where its issuer says its badges are published (addresses starting with %s): it may not be the issuer's.", safe(a.URL), safeJoin(a.Items, w.orWord()))
	case ob2.ReasonHostingNoWebAddress:
		s = w.f("The issuer's profile has no web address (its id is %q), so nothing shows the badge is published on the issuer's own site.", safe(a.Who))
	case ob2.ReasonHostingAllowed:
		s = w.f("The badge is published on a site its issuer uses (%s).", safe(a.Value))
	case ob2.ReasonHostingOther:
		s = w.f("The badge is published on %s, which is not a site its issuer uses (%s): it may not be the issuer's.", safe(a.Value), safeJoin(a.Items, ", "))
	case ob2.ReasonIssuedInFuture:
		s = w.f("Issued in the future (%s): the badge cannot have been awarded yet.", w.day(a.When))
	case ob2.ReasonExpired:
		s = w.f("Expired on %s.", w.day(a.When))
	case ob2.ReasonExpiresBeforeIssued:
		s = w.f("It expires (%s) before it was issued (%s), which cannot be right.", w.day(a.When), w.day(a.Other))
	case ob2.ReasonInDate:
		if a.Other.IsZero() {
			s = w.f("In date: issued %s; it does not expire.", w.day(a.When))
		} else {
			s = w.f("In date: issued %s; expires %s.", w.day(a.When), w.day(a.Other))
		}
	case ob2.ReasonClassUnfetched:
		s = w.f("The badge's description (its BadgeClass) %s.", w.ob2Trouble(a))
	case ob2.ReasonClassMalformed:
		s = w.f("The badge's description (its BadgeClass) is not well formed: %s.", w.problems(a.Items))
	case ob2.ReasonClassFound:
		s = w.f("The badge's description was found: %q.", safe(a.Name))
		if a.URL != "" {
			s += " " + w.f("However, the description was fetched from %s but says its address is %q.", safe(a.URL), safe(a.Value))
		}
	case ob2.ReasonProfileUnfetched:
		s = w.f("The issuer's profile %s.", w.ob2Trouble(a))
	case ob2.ReasonProfileMalformed:
		s = w.f("The issuer's profile is not well formed: %s.", w.problems(a.Items))
	case ob2.ReasonProfileFound:
		s = w.f("The issuer's profile was found: %s (%s).", safe(a.Name), safe(a.Who))
		if a.URL != "" {
			s += " " + w.f("However, the profile was fetched from %s but says its address is %q.", safe(a.URL), safe(a.Value))
		}
		if len(a.Items) > 0 {
			s += " " + w.f("However, the issuer's profile gives no %s.", w.joinOr(a.Items))
		}
	case ob2.ReasonIssuerMismatch:
		s = w.f("The badge says it was issued by %s, but its badge class is issued by %s.", safe(a.Who), safe(a.Want))
	default:
		return "", false
	}
	return s, true
}

// className names a class of Open Badges 2.0 document, with whatever a
// language puts before it ("un perfil de emisor").
func (w Words) className(c string) string {
	switch c {
	case "Issuer", "Profile":
		return w.t("issuer profile")
	case "Assertion":
		return w.t("assertion")
	case "":
		return w.t("object")
	}
	if w.class != "" {
		return fmt.Sprintf(w.class, safe(c))
	}
	return safe(c)
}

// ob2Trouble completes a sentence about a document that could not be had.
func (w Words) ob2Trouble(a check.Args) string {
	switch a.Cause {
	case ob2.CauseGone:
		return w.t("is no longer at its address (HTTP 404 Not Found)")
	case ob2.CauseWithdrawn:
		return w.t("has been withdrawn (HTTP 410 Gone)")
	case ob2.CauseHTTP:
		return w.f("could not be fetched: the site answered with an error (HTTP %d)", a.N)
	case ob2.CauseOffline:
		return w.t("could not be fetched: the wallet is offline and has no saved copy")
	case ob2.CauseNotHTTPS:
		return w.t("is at an address that is not secure (http), which the wallet does not fetch")
	case ob2.CauseTooLarge:
		return w.t("could not be fetched: the answer is larger than the wallet accepts")
	case ob2.CauseTimeout:
		return w.t("could not be fetched: the site took too long to answer")
	case ob2.CauseRefused:
		return w.t("is on this computer or a private network, which the wallet does not reach")
	case ob2.CauseNotJSON:
		return w.t("is not an Open Badges document (the answer from its address is not JSON)")
	case ob2.CauseMissing:
		return w.t("is missing")
	case ob2.CauseNotWebAddress:
		return w.f("is given as %q, which is not a web address the wallet can fetch", safe(a.Value))
	}
	return w.t("could not be fetched: the site could not be reached")
}

// ob2Problem says one problem of a malformed Open Badges 2.0 document.
func (w Words) ob2Problem(p string) string {
	code, value, _ := strings.Cut(p, ":")
	switch code {
	case ob2.ProblemNoID:
		return w.t("it has no id")
	case ob2.ProblemIDNotIRI:
		return w.f("its id %q is not an IRI", safe(value))
	case ob2.ProblemNoRecipient:
		return w.t("it names no recipient")
	case ob2.ProblemRecipientIncomplete:
		return w.t("its recipient has no identity, or no identity type")
	case ob2.ProblemNoBadge:
		return w.t("it names no badge class")
	case ob2.ProblemNoIssuedOn:
		return w.t("its issue date (issuedOn) is missing or not a date")
	case ob2.ProblemBadExpires:
		return w.t("its expiry date (expires) is not a date")
	case ob2.ProblemNoVerification:
		return w.t("it does not say how it is verified (verification type hosted or signed)")
	case ob2.ProblemDataImage:
		return w.t("its image is embedded as data (a data: URI), which an assertion may not do; only a badge class may")
	case ob2.ProblemNotAssertion:
		return w.t("it is not an Assertion")
	case ob2.ProblemContext:
		return w.f("its @context is %q, not the Open Badges 2.0 context", safe(value))
	case ob2.ProblemInlineContext:
		return w.t("its inline @context is not the Open Badges 2.0 context")
	case ob2.ProblemNoContext:
		return w.t("it has no @context")
	case ob2.ProblemBadContext:
		return w.t("its @context is not the Open Badges 2.0 context")
	case ob2.ProblemTypeNotText:
		return w.t("its type is not text")
	case ob2.ProblemNoType:
		return w.t("it has no type")
	case ob2.ProblemUndefinedType:
		return w.f("its type %q is not defined by the Open Badges context", safe(value))
	case ob2.ProblemMissing:
		return w.f("it has no %s", safe(value))
	case ob2.ProblemNotClass:
		if value == "Profile" {
			return w.t("it is not an issuer profile")
		}
		return w.f("it is not a %s", safe(value))
	case ob2.ProblemCopyNotAssertion:
		return w.t("the issuer's copy is not an assertion")
	}
	return safe(p)
}

func (w Words) diffWords(items []string) string {
	var out []string
	for _, d := range items {
		switch d {
		case ob2.ProblemCopyNotAssertion:
			out = append(out, w.t("the issuer's copy is not an assertion"))
		case "issue date":
			out = append(out, w.t("issue date"))
		default:
			out = append(out, safe(d))
		}
	}
	return strings.Join(out, ", ")
}

// day is a day, in UTC: "2 January 2006", "2 de enero de 2006".
func (w Words) day(t time.Time) string {
	t = t.UTC()
	if w.months[0] == "" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d de %s de %d", t.Day(), w.months[t.Month()-1], t.Year())
}

// minute is a time to the minute, in UTC: "2 January 2006 15:04 UTC".
func (w Words) minute(t time.Time) string {
	t = t.UTC()
	if w.months[0] == "" {
		return t.Format("2 January 2006 15:04 MST")
	}
	return w.day(t) + ", " + t.Format("15:04 MST")
}

// stamp is when a copy was fetched, in local time: "2 Jan 2006 15:04",
// "2 dic 2026 15:04".
func (w Words) stamp(t time.Time) string {
	t = t.Local()
	if w.short[0] == "" {
		return t.Format("2 Jan 2006 15:04")
	}
	return fmt.Sprintf("%d %s %d %s", t.Day(), w.short[t.Month()-1], t.Year(), t.Format("15:04"))
}

func (w Words) quoted(name string) string {
	return "“" + nameOr(safe(name), w.t("A credential")) + "”"
}

func nameOr(name, or string) string {
	if strings.TrimSpace(name) == "" {
		return or
	}
	return name
}

func (w Words) names(items []string) string {
	if len(items) > 3 {
		return w.f("%s and %d more", safeJoin(items[:3], ", "), len(items)-3)
	}
	return safeJoin(items, ", ")
}

func safeJoin(items []string, sep string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = safe(s)
	}
	return strings.Join(out, sep)
}

// joinAnd lists words: "a, b and c", "a, b y c".
func (w Words) joinAnd(ss []string) string {
	if w.and == "" {
		return w.join(ss, " and ")
	}
	return w.join(ss, w.and)
}

// joinOr lists alternatives: "a or b", "a o b".
func (w Words) joinOr(ss []string) string {
	return w.join(ss, w.orWord())
}

func (w Words) orWord() string {
	if w.or == "" {
		return " or "
	}
	return w.or
}

func (w Words) join(ss []string, last string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	end := ss[len(ss)-1]
	if w.code == "es" {
		// Spanish says "e" before an i sound, "u" before an o sound:
		// "firma e identidad", "siete u ocho".
		lower := strings.ToLower(end)
		switch {
		case last == " y " && (strings.HasPrefix(lower, "i") || strings.HasPrefix(lower, "hi")) && !strings.HasPrefix(lower, "hie") && !strings.HasPrefix(lower, "hia"):
			last = " e "
		case last == " o " && (strings.HasPrefix(lower, "o") || strings.HasPrefix(lower, "ho")):
			last = " u "
		}
	}
	return strings.Join(ss[:len(ss)-1], ", ") + last + end
}

// safe makes text from a credential or the network fit to show.
func safe(s string) string { return safetext.Line(s) }
