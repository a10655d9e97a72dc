package verify

import (
	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/ob2"
)

// Reasons of the checks this package makes; those of Open Badges 2.0 are
// package ob2's. words.go says each in words. A reason is stored: never
// rename one, add a new one instead.
const (
	// Format
	FormatOK               check.Reason = "format.ok"
	FormatUnreadable       check.Reason = "format.unreadable"       // Detail: why
	FormatDuplicateKey     check.Reason = "format.duplicate-key"    // Value: the key; Where: the object holding it twice
	FormatTooDeep          check.Reason = "format.too-deep"         // nested deeper than the wallet reads
	FormatTooLarge         check.Reason = "format.too-large"        // N: the limit in MB
	FormatMalformed        check.Reason = "format.malformed"        // Items: problems (see Problem*)
	FormatNoSubjectID      check.Reason = "format.no-subject-id"    // the subject has neither id nor identifier
	FormatJWTLayout        check.Reason = "format.jwt-layout"       // Cause: the credential.Layout
	FormatJWTClaims        check.Reason = "format.jwt-claims"       // Detail: the token's claims contradict the credential
	FormatPresentationOK   check.Reason = "format.presentation-ok"  //
	FormatNotPresentation  check.Reason = "format.not-presentation" // Items: problems
	FormatBadEnvelope      check.Reason = "format.bad-envelope"     // Value: the envelope's id
	FormatNotCredentialVal check.Reason = "format.not-credential"   // an item of verifiableCredential is neither an object nor a JWT
	FormatUnsupportedToken check.Reason = "format.jwt-unsupported"  // Detail

	// Signature: the issuer's proof, or the holder's
	SignatureValid             check.Reason = "signature.valid"              // Suite; N of Of proofs valid
	SignatureHolderValid       check.Reason = "signature.holder-valid"       // Suite; Who: the holder
	SignatureDeprecated        check.Reason = "signature.deprecated"         // Suite: eddsa-2022
	SignatureMissing           check.Reason = "signature.missing"            // no proof at all
	SignatureHolderMissing     check.Reason = "signature.holder-missing"     // an unsigned presentation
	SignatureMismatch          check.Reason = "signature.mismatch"           // changed after signing, or forged
	SignatureWrongPurpose      check.Reason = "signature.wrong-purpose"      // made for another purpose, challenge or domain
	SignatureMalformed         check.Reason = "signature.malformed"          // Detail
	SignatureExpired           check.Reason = "signature.expired"            // the proof's own expiry passed
	SignatureUndefinedTerms    check.Reason = "signature.undefined-terms"    // Value: a term no context defines, which the signature would not cover
	SignatureRelativeIRI       check.Reason = "signature.relative-iri"       // Value: an identifier that is not an absolute IRI
	SignatureContextOverride   check.Reason = "signature.context-override"   // Value: the term its own @context redefines; "" when it clears its contexts or sets @base
	SignatureMalformedValue    check.Reason = "signature.malformed-value"    // Value; Cause: "IRI", "language tag", "number" or "@id": a value no signature can cover as written
	SignatureTooCostly         check.Reason = "signature.too-costly"         // built so that canonicalizing it would take too long
	SignatureUnsupportedJSONLD check.Reason = "signature.unsupported-jsonld" // Value: the JSON-LD feature
	SignatureKeyUnusable       check.Reason = "signature.key-unusable"       // Key
	SignatureWrongKeyType      check.Reason = "signature.wrong-key-type"     // Key
	SignatureKeyNotIssuers     check.Reason = "signature.key-not-issuers"    // Key; Who: its controller; Want: the issuer
	SignatureKeyNotHolders     check.Reason = "signature.key-not-holders"    // Key; Who: its controller; Want: the holder
	SignatureKeyUnavailable    check.Reason = "signature.key-unavailable"    // Key; Cause (see Cause*), N, URL
	SignatureUnsupportedDID    check.Reason = "signature.unsupported-did"    // Key
	SignatureBadDID            check.Reason = "signature.bad-did"            // Key; Detail: the key's DID breaks its method's rules (a did:web with "@", "%40", an IP address)
	SignatureUnsupported       check.Reason = "signature.unsupported"        // Suite
	SignatureJWTRefused        check.Reason = "signature.jwt-refused"        // alg none, HMAC, jku, a private key: Detail
	SignatureJWTMalformed      check.Reason = "signature.jwt-malformed"      // Detail

	// Issuer key
	IssuerKeySelf       check.Reason = "issuer-key.self"        // Who: the issuer's DID is the key
	IssuerKeyListed     check.Reason = "issuer-key.listed"      // Who; Key: the issuer's document lists it
	IssuerKeyJWKS       check.Reason = "issuer-key.jwks"        // Who: the issuer's published key set holds it
	IssuerKeyUnbound    check.Reason = "issuer-key.unbound"     // Key; Who: the issuer; Cause, N, URL: why not
	IssuerKeyNotChecked check.Reason = "issuer-key.not-checked" // no proof held, so no key to tie

	// Schema
	SchemaOK       check.Reason = "schema.ok"      // URL
	SchemaInvalid  check.Reason = "schema.invalid" // URL; Detail
	SchemaUnknown  check.Reason = "schema.unknown" // URL
	SchemaVCDM1    check.Reason = "schema.vcdm1"   // not checked: the schemas describe VCDM 2.0
	SchemaNoSchema check.Reason = "schema.none"    // neither declared nor known for its type

	// Validity
	ValidityUntil     check.Reason = "validity.until"         // When
	ValidityForever   check.Reason = "validity.forever"       //
	ValidityExpired   check.Reason = "validity.expired"       // When
	ValidityNotYet    check.Reason = "validity.not-yet"       // When
	ValidityVPUntil   check.Reason = "validity.vp-until"      // When
	ValidityVPExpired check.Reason = "validity.vp-expired"    // When
	ValidityVPNotYet  check.Reason = "validity.vp-not-yet"    // When
	ValidityVPForever check.Reason = "validity.vp-forever"    // it never expires: replayable
	ValidityVPFuture  check.Reason = "validity.vp-made-later" // When: it says it was made in the future

	// Revocation
	RevocationNone        check.Reason = "revocation.none"        // the issuer publishes no list for it
	RevocationStands      check.Reason = "revocation.stands"      // Value: the purpose (revocation, suspension); Items: caveats; Who: another publisher
	RevocationRevoked     check.Reason = "revocation.revoked"     // Value: the reason given; Items: caveats
	RevocationSuspended   check.Reason = "revocation.suspended"   // Items: caveats
	RevocationUnknown     check.Reason = "revocation.unknown"     // Cause: a status.Cause; Value: purpose; When: a list's end
	RevocationUnsupported check.Reason = "revocation.unsupported" // Cause: a status.Cause; Value: the type or purpose

	// Recipient
	RecipientYou          check.Reason = "recipient.you"           // Value: the identity
	RecipientNoIdentities check.Reason = "recipient.no-identities" // the learner has given none
	RecipientNotYours     check.Reason = "recipient.not-yours"     // not one the wallet knows as the learner's

	// Endorsements
	EndorsementsOK   check.Reason = "endorsements.ok"   // N
	EndorsementsSome check.Reason = "endorsements.some" // N of Of do not verify; Items: their names and verdicts

	// Nested credentials of a record
	NestedOK          check.Reason = "nested.ok"           // N
	NestedProofFailed check.Reason = "nested.proof-failed" // N of Of; Items: names
	NestedNoOwnProof  check.Reason = "nested.no-own-proof" // N of Of
	NestedNotValid    check.Reason = "nested.not-valid"    // N of Of; Items: names

	// Challenge and domain of a presentation
	ChallengeOK      check.Reason = "challenge.ok"      // Value
	ChallengeMissing check.Reason = "challenge.missing" // Want
	ChallengeOther   check.Reason = "challenge.other"   // Value; Want
	ChallengeUnasked check.Reason = "challenge.unasked" // Value: answered, but none was asked for
	ChallengeNone    check.Reason = "challenge.none"    // none asked, none answered
	DomainOK         check.Reason = "domain.ok"         // Want
	DomainMissing    check.Reason = "domain.missing"    // Want
	DomainOther      check.Reason = "domain.other"      // Value; Want
	DomainStated     check.Reason = "domain.stated"     // Value

	// Holder binding of a presented credential
	HolderBound            check.Reason = "holder.bound"             // Name; Who: the subject, the presenter
	HolderEarlierDID       check.Reason = "holder.earlier-did"       // Name; Who: a DID the presenter also proved, or rotated from
	HolderOther            check.Reason = "holder.other"             // Name; Who: the subject; Want: the presenter
	HolderUnbound          check.Reason = "holder.unbound"           // Name: no DID names its subject
	HolderIdentityMatch    check.Reason = "holder.identity-match"    // Name; Value: the identity expected
	HolderIdentityMismatch check.Reason = "holder.identity-mismatch" // Name; Value: the identity expected
	HolderNoHolder         check.Reason = "holder.no-holder"         // Name: the presentation names no holder
)

// Problems of a malformed document (check.Args.Items of FormatMalformed
// and FormatNotPresentation).
const (
	ProblemContext      = "context"      // the first @context is not a VC context
	ProblemType         = "type"         // the type lacks VerifiableCredential (VerifiablePresentation)
	ProblemSubject      = "subject"      // no credentialSubject
	ProblemIssuer       = "issuer"       // no issuer
	ProblemNotVC        = "not-vc"       // not a verifiable credential the wallet reads (Detail says why)
	ProblemPresentation = "presentation" // a presentation where a credential belongs
)

// Causes of a document or key that could not be had (check.Args.Cause).
const (
	CauseOffline     = "offline"          // offline, no saved copy
	CauseGone        = "gone"             // HTTP 404 or 410
	CauseHTTP        = "http"             // another HTTP error, in N
	CauseNotHTTPS    = "not-https"        // a plain http address
	CauseRefused     = "refused-address"  // an address the wallet may not reach
	CauseTooLarge    = "too-large"        // larger than the wallet reads
	CauseTimeout     = "timeout"          // too slow
	CauseUnreachable = "unreachable"      // the network failed
	CauseNotFound    = "not-found"        // the document does not list it
	CauseNotListed   = "not-listed"       // the issuer's document does not list the key
	CauseNoDocument  = "no-document"      // the issuer's id cannot publish a document (a urn:)
	CauseOther       = "other-controller" // the key is someone else's, and the issuer's id cannot say otherwise
	CauseNoKeySet    = "no-key-set"       // the issuer's published key set cannot be read
	CauseNotInKeySet = "not-in-key-set"   // the issuer's published key set does not hold it
	CauseBudget      = "budget"           // the credential asked for more fetches than one check makes
	CauseUnknown     = "unknown"          // anything else
)

// Reasons of Open Badges 2.0 checks that decide outcomes, for callers that
// need them without importing package ob2.
const (
	ReasonOB2Revoked   = ob2.ReasonRevoked
	ReasonOB2Withdrawn = ob2.ReasonWithdrawn
	ReasonOB2Expired   = ob2.ReasonExpired
)
