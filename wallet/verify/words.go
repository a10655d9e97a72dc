package verify

import (
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

// String is the verdict as people read it.
func (v Verdict) String() string {
	switch v {
	case Valid:
		return "Valid"
	case ValidWithNotes:
		return "Valid, with notes"
	case IssuerNotConfirmed:
		return "Issuer not confirmed"
	case CouldNotCheck:
		return "Could not check"
	case NotValid:
		return "Not valid"
	}
	return "Not yet verified"
}

// Label is the name of a check as people read it.
func Label(id check.ID) string {
	switch id {
	case check.Format:
		return "Format"
	case check.Signature:
		return "Signature"
	case check.IssuerKey:
		return "Issuer key"
	case check.Schema:
		return "Schema"
	case check.Validity:
		return "Validity period"
	case check.Revocation:
		return "Revocation"
	case check.Recipient:
		return "Recipient"
	case check.Endorsements:
		return "Endorsements"
	case check.Nested:
		return "Nested credentials"
	case check.Hosting:
		return "Hosting"
	case check.BadgeClass:
		return "Badge class"
	case check.IssuerCheck:
		return "Issuer"
	case check.Challenge:
		return "Challenge"
	case check.Domain:
		return "Domain"
	case check.Holder:
		return "Holder binding"
	}
	return safe(string(id))
}

// Headline sums a report up in a sentence: its verdict and what decided it.
func Headline(r Report) string {
	var s string
	cause, ok := r.Cause()
	switch {
	case r.Verdict == Valid:
		s = "Valid: genuine, unchanged, in date and not revoked."
	case r.Verdict == ValidWithNotes:
		var notes []string
		for _, id := range r.Notes() {
			notes = append(notes, strings.ToLower(Label(id)))
		}
		s = "Valid, with notes on " + joinAnd(notes) + "."
	case ok:
		s = r.Verdict.String() + ": " + Describe(cause)
	default:
		s = r.Verdict.String() + "."
	}
	return s + AsOfNote(r)
}

// AsOfNote says, when a report relied on saved copies, as of when; "" when
// it did not. A saved list that says "revoked" is as dated as one that says
// "not revoked".
func AsOfNote(r Report) string {
	if r.AsOf.IsZero() {
		return ""
	}
	return " (Online checks as of " + r.AsOf.Local().Format("2 Jan 2006 15:04") + ".)"
}

// NetworkNote says that a verification could reach private addresses, or
// "" when it could not.
func NetworkNote(r Report) string {
	if !r.PrivateNetwork {
		return ""
	}
	return "Checked with the private network allowed: documents could come from this computer or its local network, not only from the internet."
}

// PresentationHeadline sums up a presentation and the credentials in it.
func PresentationHeadline(pr PresentationReport) string {
	holder := safe(pr.Holder)
	if holder == "" {
		holder = "an unnamed holder"
	}
	own := pr.Report
	own.Verdict = pr.Own
	if !pr.Own.OK() {
		s := Headline(own)
		if bad := badCredentials(pr); bad > 0 {
			s += fmt.Sprintf(" Also, %s.", plural(bad, "credential in it is not valid", "credentials in it are not valid"))
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
				names = append(names, fmt.Sprintf("“%s” (%s)", nameOr(c.Name, "a credential"), c.Verdict))
			}
		}
		s = fmt.Sprintf("%s, presented by %s: %d of %s: %s.", pr.Verdict, holder, bad,
			plural(n, "credential is not valid", "credentials are not valid"), strings.Join(names, "; "))
	case n == 0:
		s = "Presented by " + holder + ": no credentials; it only shows that the presenter controls this DID."
	case n == 1:
		s = "Presented by " + holder + ": 1 credential, valid."
	default:
		s = fmt.Sprintf("Presented by %s: %d credentials, all valid.", holder, n)
	}
	if notes := own.Notes(); len(notes) > 0 && pr.Verdict.OK() {
		var words []string
		for _, id := range notes {
			words = append(words, strings.ToLower(Label(id)))
		}
		s += " Notes on " + joinAnd(words) + "."
	}
	return s + AsOfNote(pr.Report)
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
func Describe(c check.Check) string {
	a := c.Args
	switch c.Reason {
	// Format
	case FormatOK:
		return "The credential is well formed."
	case FormatUnreadable:
		return "This is not a credential the wallet can read: " + safe(strings.TrimSuffix(c.Detail, ".")) + "."
	case FormatDuplicateKey:
		where := ""
		if a.Where != "" {
			where = " (in " + safe(a.Where) + ")"
		}
		return fmt.Sprintf("The JSON has the key %q twice%s. Programs disagree on which value counts, so what was signed cannot be told: it is refused.", safe(a.Value), where)
	case FormatTooDeep:
		return "The JSON is nested deeper than any credential is; it was not read."
	case FormatTooLarge:
		return fmt.Sprintf("It is larger than %d MB.", a.N)
	case FormatMalformed:
		return "The credential is malformed: " + problems(a.Items) + "."
	case FormatNoSubjectID:
		return "The credential does not say whom it was issued to: its subject has neither an id nor an identifier."
	case FormatJWTLayout:
		return "The JWT carries its credential in a layout no specification defines (" + layoutWords(a.Cause) + "); its signature and content were checked all the same."
	case FormatJWTClaims:
		return "The JWT's claims contradict the credential it carries (its issuer, subject, id or dates): " + safe(c.Detail) + "."
	case FormatPresentationOK:
		return "The presentation is well formed."
	case FormatNotPresentation:
		return "This is not a well-formed presentation: " + problems(a.Items) + "."
	case FormatBadEnvelope:
		return "An enveloped credential in the presentation is not a data: URL of a VC-JWT."
	case FormatNotCredentialVal:
		return "An item of the presentation's verifiableCredential is neither a credential nor a JWT."
	case FormatUnsupportedToken:
		return "The token is of a kind the wallet does not read: " + safe(c.Detail) + "."

	// Signature
	case SignatureValid:
		s := "The issuer's signature (" + safe(a.Suite) + ") is genuine: the credential has not been changed since it was issued."
		if a.Of > 1 {
			s += fmt.Sprintf(" (%d of its %d signatures verify; see the detail.)", a.N, a.Of)
		}
		return s
	case SignatureHolderValid:
		return "The holder's signature (" + safe(a.Suite) + ") is genuine: " + safe(a.Who) + " made this presentation, and it has not been changed since."
	case SignatureDeprecated:
		return "It is signed with " + safe(a.Suite) + ", an early name of the method now called eddsa-rdfc-2022; ask the issuer for a re-issued copy."
	case SignatureMissing:
		return "This credential carries no signature, so nothing shows who issued it or that it is unchanged."
	case SignatureHolderMissing:
		return "The presentation is unsigned: anyone could have assembled it, so nothing shows that the one who sent it holds these credentials."
	case SignatureMismatch:
		return "The signature does not match: it was changed after it was signed, or it is forged."
	case SignatureWrongPurpose:
		return "The signature was made for another purpose, challenge or domain than this one: " + safe(c.Detail) + "."
	case SignatureMalformed:
		return "The signature is malformed: " + safe(c.Detail) + "."
	case SignatureExpired:
		return "The signature has expired."
	case SignatureUndefinedTerms:
		if a.Value != "" {
			return fmt.Sprintf("It uses the term %q, which its JSON-LD contexts do not define: a signature would not cover what it says, so it is refused.", safe(a.Value))
		}
		return "It holds terms its JSON-LD contexts do not define (or names contexts the wallet does not have): a signature would not cover them, so it is refused."
	case SignatureRelativeIRI:
		return fmt.Sprintf("It uses %q as an identifier, which is not an absolute IRI: a signature would not cover what it says with it, so it is refused.", safe(a.Value))
	case SignatureContextOverride:
		if a.Value != "" {
			return fmt.Sprintf("Its own JSON-LD context redefines %q, a term of the published contexts it names: it could say something other than what was signed, so it is refused.", safe(a.Value))
		}
		return "Its own JSON-LD context sets aside the published contexts it names: it could say something other than what was signed, so it is refused."
	case SignatureMalformedValue:
		switch a.Cause {
		case "IRI":
			return fmt.Sprintf("It uses %q, which is not a well-formed IRI: a signature would not cover what it says with it, so it is refused.", safe(a.Value))
		case "language tag":
			return fmt.Sprintf("It gives %q as a language, which is not a well-formed language tag: a signature would not cover that text, so it is refused.", safe(a.Value))
		case "number":
			return fmt.Sprintf("It holds the number %s, which a signature cannot cover exactly as written, so it is refused.", safe(a.Value))
		}
		return fmt.Sprintf("It holds %q, which is malformed: a signature would not cover it, so it is refused.", safe(a.Value))
	case SignatureTooCostly:
		return "It is built so that checking its signature would take far longer than any real credential needs: it looks made to slow the wallet down, so it was not checked."
	case SignatureUnsupportedJSONLD:
		return fmt.Sprintf("It uses a JSON-LD feature this wallet does not handle (%s), so its signature could not be checked.", safe(a.Value))
	case SignatureKeyUnusable:
		return "The signing key " + safe(a.Key) + " is not a usable public key."
	case SignatureWrongKeyType:
		return "The signing key " + safe(a.Key) + " is of the wrong kind for this signature."
	case SignatureKeyNotIssuers:
		if a.Who != "" {
			return "It was signed with a key of " + safe(a.Who) + ", not of the issuer " + safe(a.Want) + ": anyone can sign with a key of their own."
		}
		return "It was signed with a key that is not the issuer's (" + safe(a.Want) + "): " + safe(c.Detail) + "."
	case SignatureKeyNotHolders:
		if a.Who != "" {
			return "The presentation was signed with a key of " + safe(a.Who) + ", not of its holder " + safe(a.Want) + "."
		}
		return "The presentation was signed with a key that is not its holder's: " + safe(c.Detail) + "."
	case SignatureKeyUnavailable:
		return "The signing key could not be obtained, so the signature could not be checked: " + fetchTrouble(a) + "."
	case SignatureBadDID:
		return "The signing key is named by a malformed DID (" + safe(a.Key) + "), which no one can look up as written: it was not fetched. It is how a forger makes a DID look like another's (an address hidden behind \"@\" or \"%40\", an IP address)."
	case SignatureUnsupportedDID:
		return "The signing key is named by a kind of DID this wallet cannot look up (it reads did:key, did:jwk and did:web), so the signature could not be checked."
	case SignatureUnsupported:
		s := "It is signed with a method this wallet does not check"
		if a.Suite != "" {
			s += " (" + safe(a.Suite) + ")"
		}
		return s + ", so it could not be checked."
	case SignatureJWTRefused:
		return "The JWT uses something the wallet refuses for safety (no algorithm, a shared secret, a key fetched from an address the token names, or a private key): " + safe(c.Detail) + "."
	case SignatureJWTMalformed:
		return "The JWT is malformed: " + safe(c.Detail) + "."

	// Issuer key
	case IssuerKeySelf:
		return "The signing key is the issuer's own identifier (" + safe(a.Who) + ")."
	case IssuerKeyListed:
		s := "The issuer (" + safe(a.Who) + ") lists the signing key as its own."
		if !a.When.IsZero() {
			s += " (As of " + a.When.Local().Format("2 Jan 2006 15:04") + ".)"
		}
		return s
	case IssuerKeyJWKS:
		return "The signing key is in the key set the issuer publishes (" + safe(a.Who) + ")."
	case IssuerKeyUnbound:
		return unboundWords(a)
	case IssuerKeyNotChecked:
		return "No signature held, so no key could be tied to the issuer."

	// Schema
	case SchemaOK:
		return "The credential follows its published schema."
	case SchemaInvalid:
		return "The credential does not follow its published schema: " + safe(c.Detail)
	case SchemaUnknown:
		return "Its schema is not one this wallet knows, so it was not checked."
	case SchemaVCDM1:
		return "Not checked: the published schemas describe the newer (VCDM 2.0) form of this credential."
	case SchemaNoSchema:
		return "It names no schema this wallet knows."

	// Validity
	case ValidityUntil:
		return "In date: valid until " + day(a.When) + "."
	case ValidityForever:
		return "In date: it does not expire."
	case ValidityExpired:
		return "Expired on " + day(a.When) + "."
	case ValidityNotYet:
		return "Not valid yet: it becomes valid on " + day(a.When) + "."
	case ValidityVPUntil:
		return "In date: the presentation is valid until " + minute(a.When) + "."
	case ValidityVPExpired:
		return "The presentation expired on " + minute(a.When) + "."
	case ValidityVPNotYet:
		return "Not valid yet: the presentation becomes valid on " + minute(a.When) + "."
	case ValidityVPForever:
		return "The presentation does not expire, so it could be replayed at any time."
	case ValidityVPFuture:
		return "The presentation says it was made on " + minute(a.When) + ", which is still to come: its date is false."

	// Revocation
	case RevocationNone:
		return "The issuer publishes no revocation list for this credential."
	case RevocationStands:
		s := "The issuer has not revoked this credential."
		if a.Value == "suspension" {
			s = "The issuer has not suspended this credential."
		}
		return s + caveatWords(a) + asOfWords(a.When)
	case RevocationRevoked:
		s := "The issuer has revoked this credential."
		if a.Value != "" {
			s += " The reason given: " + safe(a.Value)
		}
		return s + caveatWords(a) + asOfWords(a.When)
	case RevocationSuspended:
		return "The issuer has suspended this credential." + caveatWords(a) + asOfWords(a.When)
	case RevocationUnknown:
		return statusWords(a)
	case RevocationUnsupported:
		if a.Cause == string(status.CauseUnsupportedPurpose) {
			return fmt.Sprintf("The credential's status list is for %q, which this wallet does not check.", safe(a.Value))
		}
		if a.Value == "" {
			return "The credential's status entry has no type, so its status was not checked."
		}
		return "The credential uses a kind of status list this wallet does not support (" + safe(a.Value) + "), so its status was not checked."

	// Recipient
	case RecipientYou:
		return "Issued to you (" + safe(a.Value) + ")."
	case RecipientNoIdentities:
		return "Not checked: add your e-mail address or name to the wallet to check whom credentials were issued to."
	case RecipientNotYours:
		return "It is not issued to any identity this wallet knows as yours."

	// Endorsements
	case EndorsementsOK:
		return plural(a.N, "endorsement", "endorsements") + " verified."
	case EndorsementsSome:
		return fmt.Sprintf("%d of %s could not be verified; this does not affect the credential itself.", a.N, plural(a.Of, "endorsement", "endorsements"))

	// Nested
	case NestedOK:
		return fmt.Sprintf("Each of the %d credentials in this record verifies on its own.", a.N)
	case NestedProofFailed:
		return fmt.Sprintf("%d of the %d credentials in this record carry a signature that does not hold (%s): the record holds forged or changed credentials.", a.N, a.Of, names(a.Items))
	case NestedNoOwnProof:
		return fmt.Sprintf("%d of the %d credentials in this record carry no signature of their own; only the whole record vouches for them, so they can only be shared inside it.", a.N, a.Of)
	case NestedNotValid:
		return fmt.Sprintf("%d of the %d credentials in this record are not valid on their own (%s); see each one.", a.N, a.Of, names(a.Items))

	// Presentations
	case ChallengeOK:
		return "It answers the challenge that was asked for."
	case ChallengeMissing:
		return fmt.Sprintf("It answers no challenge, but the challenge %q was expected: it may be a replay.", safe(a.Want))
	case ChallengeOther:
		return fmt.Sprintf("It was made for another challenge (%q, not %q): it may be a replay.", safe(a.Value), safe(a.Want))
	case ChallengeUnasked:
		return fmt.Sprintf("It says it answers the challenge %q, but no challenge was expected, so this could be a replay.", safe(a.Value))
	case ChallengeNone:
		return "It answers no challenge and no challenge was expected, so this could be a replay."
	case DomainOK:
		return "It was made for " + safe(a.Want) + "."
	case DomainMissing:
		return "It does not say whom it was made for, but it was expected to be made for " + safe(a.Want) + "."
	case DomainOther:
		return "It was made for " + safe(a.Value) + ", not for " + safe(a.Want) + "."
	case DomainStated:
		return "It says it was made for " + safe(a.Value) + "."
	case HolderBound:
		return quoted(a.Name) + " was issued to the presenter (" + safe(a.Who) + ")."
	case HolderEarlierDID:
		return quoted(a.Name) + " was issued to " + safe(a.Who) + ", another identifier the presenter proved to control in this presentation (a key they used before)."
	case HolderOther:
		return quoted(a.Name) + " was issued to someone else (" + safe(a.Who) + "), not to the presenter (" + safe(a.Want) + "): it is not theirs to present."
	case HolderUnbound:
		return quoted(a.Name) + " is not bound to the presenter: its subject has no DID, so anyone holding a copy could present it. Compare whom it names with whom you expect (lw check-presentation --expect-identity)."
	case HolderNoHolder:
		return quoted(a.Name) + " cannot be tied to a presenter: the presentation names no holder."
	case HolderIdentityMatch:
		return quoted(a.Name) + " names " + safe(a.Value) + ", as expected."
	case HolderIdentityMismatch:
		return quoted(a.Name) + " does not name " + safe(a.Value) + ": it may be someone else's."
	}
	if s, ok := ob2Words(c); ok {
		return s
	}
	return "Check " + safe(string(c.Reason)) + ": " + string(c.Status) + "."
}

// problems says the problems of a malformed document.
func problems(items []string) string {
	var out []string
	for _, p := range items {
		switch p {
		case ProblemContext:
			out = append(out, "its first @context is not a Verifiable Credentials context")
		case ProblemType:
			out = append(out, "its type does not include VerifiableCredential (or VerifiablePresentation)")
		case ProblemSubject:
			out = append(out, "it has no credentialSubject")
		case ProblemIssuer:
			out = append(out, "it names no issuer")
		default:
			out = append(out, ob2Problem(p))
		}
	}
	return strings.Join(out, "; ")
}

func layoutWords(l string) string {
	switch credential.Layout(l) {
	case credential.LayoutVCClaim20:
		return "a VCDM 2.0 credential inside a VCDM 1.1 \"vc\" claim"
	case credential.LayoutPayload11:
		return "a VCDM 1.1 credential as the payload, without the \"vc\" claim"
	}
	return safe(l)
}

// fetchTrouble says why a document could not be had.
func fetchTrouble(a check.Args) string {
	switch a.Cause {
	case CauseOffline:
		return "the wallet is offline and has no saved copy"
	case CauseGone:
		return "its address answers that it is not there"
	case CauseHTTP:
		return fmt.Sprintf("the site answered with an error (HTTP %d)", a.N)
	case CauseNotHTTPS:
		return "it is not at a secure (https) address"
	case CauseRefused:
		return refusedWords(a)
	case CauseTooLarge:
		return "the answer is larger than the wallet reads"
	case CauseTimeout:
		return "the site took too long to answer"
	case CauseUnreachable:
		return "the site could not be reached"
	case CauseNotFound:
		return "the issuer's document does not list it"
	case CauseBudget:
		return "the credential asks for more documents than one check fetches"
	}
	return "it could not be found"
}

// refusedWords says why an address was not reached.
func refusedWords(a check.Args) string {
	what := safe(a.Value)
	if a.URL != "" && a.URL != a.Value {
		what = safe(a.URL) + " (" + safe(a.Value) + ")"
	}
	if what == "" {
		return "its address is one the wallet does not reach"
	}
	switch a.Want {
	case "loopback":
		return what + " is a loopback address (this computer), which the wallet does not connect to unless you allow the private network (in Settings, or lw --allow-private-network)"
	case "private":
		return what + " is a private address (a local network), which the wallet does not connect to unless you allow the private network (in Settings, or lw --allow-private-network)"
	case "link-local":
		return what + " is a link-local address, which the wallet never connects to"
	case "multicast":
		return what + " is a multicast address, which the wallet never connects to"
	case "unspecified":
		return what + " is the unspecified address, which the wallet never connects to"
	case "reserved":
		return what + " is a reserved address, which the wallet never connects to"
	}
	return what + " is an address the wallet does not connect to"
}

// unboundWords says why a signing key could not be tied to the issuer.
func unboundWords(a check.Args) string {
	s := "The signature holds, but nothing ties its key to the issuer " + safe(a.Who) + ": "
	switch a.Cause {
	case CauseNotListed:
		s += "the issuer's own document does not list it. Anyone can write a key into the credential itself."
	case CauseNoDocument:
		s += "the issuer's id cannot be looked up to say which keys are its own, so anyone could have signed it in the issuer's name."
	case CauseOther:
		s += "the key is someone else's (" + safe(a.Key) + "), and the issuer's id cannot be looked up to say it is theirs."
	case CauseNoKeySet:
		s += "the issuer's published key set could not be read."
	case CauseNotInKeySet:
		s += "the key is not among the keys the issuer publishes."
	case CauseNotFound:
		s += "the issuer's site does not publish a document listing it."
	case CauseOffline:
		s += "the issuer's document could not be fetched (offline, no saved copy). Verify again online."
	default:
		s += "the issuer's document could not be fetched: " + fetchTrouble(a) + "."
	}
	return s
}

// statusWords says why a status could not be checked.
func statusWords(a check.Args) string {
	what := "revocation"
	if a.Value == "suspension" {
		what = "suspension"
	}
	end := ", so " + what + " could not be checked."
	switch status.Cause(a.Cause) {
	case status.CauseMalformedEntry:
		return "The credential's status entry is malformed, so its status could not be checked."
	case status.CauseNoCredentialID:
		return "The credential has no id to look up in the issuer's revocation list" + end
	case status.CauseOffline:
		return "The wallet is offline and has no saved copy of the issuer's status list" + end
	case status.CauseGone:
		return "The issuer no longer publishes its status list" + end
	case status.CauseTooLarge:
		return "The issuer's status list is larger than this wallet reads" + end
	case status.CauseNotHTTPS:
		return "The issuer's status list is not at a secure (https) address" + end
	case status.CauseRefused:
		return "The issuer's status list is on an address the wallet does not reach" + end
	case status.CauseListInvalid:
		return "The issuer's status list could not be verified" + end
	case status.CauseUnreadable:
		return "The issuer's status list could not be read" + end
	case status.CauseListExpired:
		return "The issuer's status list expired on " + day(a.When) + end
	case status.CauseListNotYetValid:
		return "The issuer's status list is not valid yet" + end
	case status.CauseWrongPurpose:
		return "The issuer's status list is not a " + what + " list" + end
	case status.CauseTooManyLists:
		return "The credential names more status lists than the wallet checks for one credential; the rest were not fetched."
	}
	return "Could not reach the issuer's status list" + end
}

func caveatWords(a check.Args) string {
	var s string
	for _, c := range a.Items {
		switch status.Caveat(c) {
		case status.CaveatListUnverified:
			s += " The status list's own signature was not checked."
		case status.CaveatOtherPublisher:
			s += " The status list was published by " + safe(a.Who) + ", not by the credential's issuer."
		}
	}
	return s
}

func asOfWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " (as of " + t.Local().Format("2 Jan 2006 15:04") + ")"
}

// ob2Words says the checks of an Open Badges 2.0 badge.
func ob2Words(c check.Check) (string, bool) {
	a := c.Args
	var s string
	switch c.Reason {
	case ob2.ReasonUnreadable:
		s = "The badge's JSON cannot be read."
	case ob2.ReasonNotBadge:
		s = "This is not an Open Badges 2.0 badge: expected its JSON or a signed badge (JWS)."
	case ob2.ReasonMalformed:
		s = "This is not a well-formed Open Badges 2.0 " + className(a.Value) + ": " + problems(a.Items) + "."
	case ob2.ReasonWellFormed:
		s = "This is a well-formed Open Badges 2.0 " + className(a.Value) + "."
	case ob2.ReasonUnknownClass:
		s = "This is a linked-data object of a class Open Badges does not define (" + safe(a.Value) + "); only its form was checked."
	case ob2.ReasonDescribesBadge:
		s = "This is a well-formed Open Badges 2.0 " + className(a.Value) + "; it describes a badge but does not award one."
	case ob2.ReasonProfileLacks:
		s = "This is a well-formed Open Badges 2.0 issuer profile. However, it gives no " + strings.Join(a.Items, " or ") + "."
	case ob2.ReasonHeaderUnreadable:
		s = "The signed badge's header cannot be read."
	case ob2.ReasonPayloadUnreadable:
		s = "The signed badge's content cannot be read: it is not a JSON assertion."
	case ob2.ReasonSignedButPlain:
		s = "This badge is meant to be signed, but this copy carries no signature. Import the signed badge (the .jwt file or the baked image) instead."
	case ob2.ReasonHostedNoAddress:
		s = fmt.Sprintf("A hosted badge must have as its id the web address where its issuer publishes it; this one has %q, so it cannot be verified.", safe(a.Value))
	case ob2.ReasonHostedUnfetched:
		s = "The issuer's copy of this badge " + ob2Trouble(a) + "; the badge could not be checked."
	case ob2.ReasonHostedDiffers:
		s = "The issuer's copy of this badge differs from this one (" + diffWords(a.Items) + "): this copy was changed, or is not the issuer's."
	case ob2.ReasonHostedMatches:
		s = "The issuer's site publishes this badge, unchanged, at its address."
	case ob2.ReasonSignedWrongType:
		s = fmt.Sprintf("This badge is signed, but says it is verified another way (verification type %q); it is not a valid signed badge.", safe(a.Value))
	case ob2.ReasonAlgNone:
		s = "The badge is not signed at all (no signature algorithm), so anyone could have written it."
	case ob2.ReasonAlgHMAC:
		s = "The badge is sealed with a shared secret (" + safe(a.Suite) + "), which cannot show that its issuer signed it."
	case ob2.ReasonHeaderRefused:
		s = fmt.Sprintf("The signed badge's header uses %q, which the wallet refuses: a badge's key comes from its issuer's profile.", safe(a.Value))
	case ob2.ReasonAlgUnsupported:
		s = fmt.Sprintf("The badge is signed with the %q algorithm, which this wallet does not check for Open Badges 2.0 (it checks RSA signatures).", safe(a.Suite))
	case ob2.ReasonNoProfile:
		s = "The issuer's profile could not be read, so the key that signed the badge could not be found."
	case ob2.ReasonNoKeys:
		s = "The signature could not be checked: the issuer's profile lists no keys."
	case ob2.ReasonKeyNotIssuers:
		s = "The signature was not checked: its key is not one of the issuer's."
	case ob2.ReasonSigned:
		s = "The issuer's signature (" + safe(a.Suite) + ") is genuine: the badge has not been changed since it was signed."
	case ob2.ReasonSignatureInvalid:
		s = "The signature does not match the issuer's key: the badge was changed after it was signed, or it is forged."
	case ob2.ReasonKeyUnfetched:
		s = "The issuer's key " + ob2Trouble(a) + "; the signature could not be checked."
	case ob2.ReasonProfileNoKeys:
		s = "The issuer's profile lists no public keys, so nothing shows the badge was signed by the issuer."
	case ob2.ReasonCreatorUnlisted:
		s = "The badge was signed with the key " + safe(a.Key) + ", which the issuer's profile does not list."
	case ob2.ReasonKeyListed:
		s = "The signing key is listed in the issuer's profile (" + safe(a.Who) + ")."
	case ob2.ReasonKeyOwner:
		s = "The signing key belongs to " + safe(a.Who) + ", not to the issuer " + safe(a.Want) + "."
	case ob2.ReasonKeyUnusable:
		s = "The signing key " + safe(a.Key) + " is not a usable RSA public key."
	case ob2.ReasonWithdrawn:
		s = "The issuer has withdrawn this badge: its address answers \"410 Gone\"."
	case ob2.ReasonRevoked:
		s = "The issuer has revoked this badge."
		if a.Value != "" {
			s = "The issuer has revoked this badge: " + safe(a.Value) + "."
		}
	case ob2.ReasonNotMarkedRevoked:
		s = "The issuer's copy does not mark the badge revoked."
	case ob2.ReasonNoRevocationList:
		s = "The issuer publishes no revocation list, so nothing says this badge was revoked."
	case ob2.ReasonRevocationListUnread:
		s = "The issuer's revocation list " + ob2Trouble(a) + "; whether the badge was revoked is unknown."
	case ob2.ReasonRevocationListNotAList:
		s = "The issuer's revocation list is not a RevocationList; whether the badge was revoked is unknown."
	case ob2.ReasonNotOnRevocationList:
		s = "The badge is not on the issuer's revocation list."
	case ob2.ReasonHostingOutsidePrefix:
		s = "The badge is published at " + safe(a.URL) + ", which is not where its issuer says its badges are published (addresses starting with " + safeJoin(a.Items, " or ") + "): it may not be the issuer's."
	case ob2.ReasonHostingNoWebAddress:
		s = fmt.Sprintf("The issuer's profile has no web address (its id is %q), so nothing shows the badge is published on the issuer's own site.", safe(a.Who))
	case ob2.ReasonHostingAllowed:
		s = "The badge is published on a site its issuer uses (" + safe(a.Value) + ")."
	case ob2.ReasonHostingOther:
		s = "The badge is published on " + safe(a.Value) + ", which is not a site its issuer uses (" + safeJoin(a.Items, ", ") + "): it may not be the issuer's."
	case ob2.ReasonIssuedInFuture:
		s = "Issued in the future (" + day(a.When) + "): the badge cannot have been awarded yet."
	case ob2.ReasonExpired:
		s = "Expired on " + day(a.When) + "."
	case ob2.ReasonExpiresBeforeIssued:
		s = "It expires (" + day(a.When) + ") before it was issued (" + day(a.Other) + "), which cannot be right."
	case ob2.ReasonInDate:
		s = "In date: issued " + day(a.When)
		if a.Other.IsZero() {
			s += "; it does not expire."
		} else {
			s += "; expires " + day(a.Other) + "."
		}
	case ob2.ReasonClassUnfetched:
		s = "The badge's description (its BadgeClass) " + ob2Trouble(a) + "."
	case ob2.ReasonClassMalformed:
		s = "The badge's description (its BadgeClass) is not well formed: " + problems(a.Items) + "."
	case ob2.ReasonClassFound:
		s = fmt.Sprintf("The badge's description was found: %q.", safe(a.Name)) + movedWords("the description", a)
	case ob2.ReasonProfileUnfetched:
		s = "The issuer's profile " + ob2Trouble(a) + "."
	case ob2.ReasonProfileMalformed:
		s = "The issuer's profile is not well formed: " + problems(a.Items) + "."
	case ob2.ReasonProfileFound:
		s = "The issuer's profile was found: " + safe(a.Name) + " (" + safe(a.Who) + ")." + movedWords("the profile", a)
		if len(a.Items) > 0 {
			s += " However, the issuer's profile gives no " + strings.Join(a.Items, " or ") + "."
		}
	case ob2.ReasonIssuerMismatch:
		s = "The badge says it was issued by " + safe(a.Who) + ", but its badge class is issued by " + safe(a.Want) + "."
	default:
		return "", false
	}
	return s, true
}

func className(c string) string {
	switch c {
	case "Issuer", "Profile":
		return "issuer profile"
	case "Assertion":
		return "assertion"
	case "":
		return "object"
	}
	return safe(c)
}

func movedWords(what string, a check.Args) string {
	if a.URL == "" {
		return ""
	}
	return fmt.Sprintf(" However, %s was fetched from %s but says its address is %q.", what, safe(a.URL), safe(a.Value))
}

// ob2Trouble completes a sentence about a document that could not be had.
func ob2Trouble(a check.Args) string {
	switch a.Cause {
	case ob2.CauseGone:
		return "is no longer at its address (HTTP 404 Not Found)"
	case ob2.CauseWithdrawn:
		return "has been withdrawn (HTTP 410 Gone)"
	case ob2.CauseHTTP:
		return fmt.Sprintf("could not be fetched: the site answered with an error (HTTP %d)", a.N)
	case ob2.CauseOffline:
		return "could not be fetched: the wallet is offline and has no saved copy"
	case ob2.CauseNotHTTPS:
		return "is at an address that is not secure (http), which the wallet does not fetch"
	case ob2.CauseTooLarge:
		return "could not be fetched: the answer is larger than the wallet accepts"
	case ob2.CauseTimeout:
		return "could not be fetched: the site took too long to answer"
	case ob2.CauseRefused:
		return "is on this computer or a private network, which the wallet does not reach"
	case ob2.CauseNotJSON:
		return "is not an Open Badges document (the answer from its address is not JSON)"
	case ob2.CauseMissing:
		return "is missing"
	case ob2.CauseNotWebAddress:
		return fmt.Sprintf("is given as %q, which is not a web address the wallet can fetch", safe(a.Value))
	}
	return "could not be fetched: the site could not be reached"
}

// ob2Problem says one problem of a malformed Open Badges 2.0 document.
func ob2Problem(p string) string {
	code, value, _ := strings.Cut(p, ":")
	switch code {
	case ob2.ProblemNoID:
		return "it has no id"
	case ob2.ProblemIDNotIRI:
		return fmt.Sprintf("its id %q is not an IRI", safe(value))
	case ob2.ProblemNoRecipient:
		return "it names no recipient"
	case ob2.ProblemRecipientIncomplete:
		return "its recipient has no identity, or no identity type"
	case ob2.ProblemNoBadge:
		return "it names no badge class"
	case ob2.ProblemNoIssuedOn:
		return "its issue date (issuedOn) is missing or not a date"
	case ob2.ProblemBadExpires:
		return "its expiry date (expires) is not a date"
	case ob2.ProblemNoVerification:
		return "it does not say how it is verified (verification type hosted or signed)"
	case ob2.ProblemDataImage:
		return "its image is embedded as data (a data: URI), which an assertion may not do; only a badge class may"
	case ob2.ProblemNotAssertion:
		return "it is not an Assertion"
	case ob2.ProblemContext:
		return fmt.Sprintf("its @context is %q, not the Open Badges 2.0 context", safe(value))
	case ob2.ProblemInlineContext:
		return "its inline @context is not the Open Badges 2.0 context"
	case ob2.ProblemNoContext:
		return "it has no @context"
	case ob2.ProblemBadContext:
		return "its @context is not the Open Badges 2.0 context"
	case ob2.ProblemTypeNotText:
		return "its type is not text"
	case ob2.ProblemNoType:
		return "it has no type"
	case ob2.ProblemUndefinedType:
		return fmt.Sprintf("its type %q is not defined by the Open Badges context", safe(value))
	case ob2.ProblemMissing:
		return "it has no " + safe(value)
	case ob2.ProblemNotClass:
		if value == "Profile" {
			return "it is not an issuer profile"
		}
		return "it is not a " + safe(value)
	case ob2.ProblemCopyNotAssertion:
		return "the issuer's copy is not an assertion"
	}
	return safe(p)
}

func diffWords(items []string) string {
	var out []string
	for _, d := range items {
		switch d {
		case ob2.ProblemCopyNotAssertion:
			out = append(out, "the issuer's copy is not an assertion")
		case "issue date":
			out = append(out, "issue date")
		default:
			out = append(out, safe(d))
		}
	}
	return strings.Join(out, ", ")
}

func day(t time.Time) string    { return t.UTC().Format("2 January 2006") }
func minute(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 MST") }

func quoted(name string) string { return "“" + nameOr(safe(name), "A credential") + "”" }

func nameOr(name, or string) string {
	if strings.TrimSpace(name) == "" {
		return or
	}
	return name
}

func names(items []string) string {
	if len(items) > 3 {
		return safeJoin(items[:3], ", ") + fmt.Sprintf(" and %d more", len(items)-3)
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func joinAnd(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

// safe makes text from a credential or the network fit to show.
func safe(s string) string { return safetext.Line(s) }
