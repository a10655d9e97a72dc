package ob2

import "github.com/learnerwallet/learnerwallet/wallet/check"

// Reasons of the checks this package makes. Package verify says them in
// words; see check.Args for what each carries.
const (
	// Format
	ReasonUnreadable        check.Reason = "ob2.unreadable"         // the JSON cannot be read
	ReasonNotBadge          check.Reason = "ob2.not-badge"          // neither JSON nor a signed badge
	ReasonMalformed         check.Reason = "ob2.malformed"          // Value: the class; Items: problems (see Problem)
	ReasonWellFormed        check.Reason = "ob2.well-formed"        // Value: the class
	ReasonUnknownClass      check.Reason = "ob2.unknown-class"      // Value: its type; only its form was checked
	ReasonDescribesBadge    check.Reason = "ob2.describes-badge"    // Value: BadgeClass or Endorsement: it awards nothing
	ReasonProfileLacks      check.Reason = "ob2.profile-lacks"      // Items: what an issuer profile lacks (url, email)
	ReasonHeaderUnreadable  check.Reason = "ob2.header-unreadable"  // a signed badge's header
	ReasonPayloadUnreadable check.Reason = "ob2.payload-unreadable" // a signed badge's content

	// Signature of a hosted badge
	ReasonSignedButPlain   check.Reason = "ob2.signed-but-plain"  // says it is signed, but is plain JSON
	ReasonHostedNoAddress  check.Reason = "ob2.hosted-no-address" // Value: its id, not a web address
	ReasonHostedUnfetched  check.Reason = "ob2.hosted-unfetched"  // Cause, N, URL: the issuer's copy could not be had
	ReasonHostedDiffers    check.Reason = "ob2.hosted-differs"    // Items: what differs
	ReasonHostedMatches    check.Reason = "ob2.hosted-matches"    // URL
	ReasonSignedWrongType  check.Reason = "ob2.signed-wrong-type" // Value: the verification type it claims
	ReasonAlgNone          check.Reason = "ob2.alg-none"          // not signed at all
	ReasonAlgHMAC          check.Reason = "ob2.alg-hmac"          // Suite: a shared-secret algorithm
	ReasonHeaderRefused    check.Reason = "ob2.header-refused"    // Value: the refused header (jku, x5u, ...)
	ReasonAlgUnsupported   check.Reason = "ob2.alg-unsupported"   // Suite
	ReasonNoProfile        check.Reason = "ob2.no-profile"        // the issuer's profile could not be read
	ReasonNoKeys           check.Reason = "ob2.no-keys"           // Who: the issuer; the profile lists no keys
	ReasonKeyNotIssuers    check.Reason = "ob2.key-not-issuers"   // the signature was not checked: not the issuer's key
	ReasonSigned           check.Reason = "ob2.signed"            // Suite, Key: genuine
	ReasonSignatureInvalid check.Reason = "ob2.signature-invalid" // does not match the issuer's key
	ReasonKeyUnfetched     check.Reason = "ob2.key-unfetched"     // Cause, N, URL: the key could not be had

	// Issuer key of a signed badge
	ReasonProfileNoKeys   check.Reason = "ob2.profile-no-keys"  // Who
	ReasonCreatorUnlisted check.Reason = "ob2.creator-unlisted" // Key: the creator the badge names
	ReasonKeyListed       check.Reason = "ob2.key-listed"       // Who, Key
	ReasonKeyOwner        check.Reason = "ob2.key-owner"        // Who: the key's owner; Want: the issuer
	ReasonKeyUnusable     check.Reason = "ob2.key-unusable"     // Key

	// Revocation
	ReasonWithdrawn              check.Reason = "ob2.withdrawn"               // the hosted badge answers 410 Gone
	ReasonRevoked                check.Reason = "ob2.revoked"                 // Value: the reason given
	ReasonNotMarkedRevoked       check.Reason = "ob2.not-marked-revoked"      // the issuer's copy is not marked revoked
	ReasonNoRevocationList       check.Reason = "ob2.no-revocation-list"      // the issuer publishes none
	ReasonRevocationListUnread   check.Reason = "ob2.revocation-list-unread"  // Cause, N, URL
	ReasonRevocationListNotAList check.Reason = "ob2.revocation-list-invalid" // URL
	ReasonNotOnRevocationList    check.Reason = "ob2.not-revoked"             // URL

	// Hosting
	ReasonHostingOutsidePrefix check.Reason = "ob2.hosting-outside-prefix" // URL: the badge; Items: the prefixes allowed
	ReasonHostingNoWebAddress  check.Reason = "ob2.hosting-no-web-address" // Who: the issuer's id
	ReasonHostingAllowed       check.Reason = "ob2.hosting-allowed"        // Value: the host; Items: the hosts allowed
	ReasonHostingOther         check.Reason = "ob2.hosting-other"          // Value: the host; Items: the hosts allowed

	// Validity
	ReasonIssuedInFuture      check.Reason = "ob2.issued-in-future"      // When
	ReasonExpired             check.Reason = "ob2.expired"               // When
	ReasonExpiresBeforeIssued check.Reason = "ob2.expires-before-issued" // When: expires; Other: issued
	ReasonInDate              check.Reason = "ob2.in-date"               // When: issued; Other: expires, if it does

	// Badge class and issuer profile
	ReasonClassUnfetched   check.Reason = "ob2.class-unfetched"   // Cause, N, URL
	ReasonClassMalformed   check.Reason = "ob2.class-malformed"   // Items
	ReasonClassFound       check.Reason = "ob2.class-found"       // Name; URL and Value when it declares another id
	ReasonProfileUnfetched check.Reason = "ob2.profile-unfetched" // Cause, N, URL
	ReasonProfileMalformed check.Reason = "ob2.profile-malformed" // Items
	ReasonProfileFound     check.Reason = "ob2.profile-found"     // Name, Who; URL and Value when moved; Items: what it lacks
	ReasonIssuerMismatch   check.Reason = "ob2.issuer-mismatch"   // Who: the assertion's issuer; Want: the badge class's
)

// Causes of a document that could not be had (check.Args.Cause).
const (
	CauseGone          = "gone"            // HTTP 404
	CauseWithdrawn     = "withdrawn"       // HTTP 410
	CauseHTTP          = "http"            // another HTTP error, in N
	CauseOffline       = "offline"         // offline, no saved copy
	CauseNotHTTPS      = "not-https"       // a plain http address
	CauseTooLarge      = "too-large"       // larger than the wallet reads
	CauseTimeout       = "timeout"         // too slow
	CauseUnreachable   = "unreachable"     // the network failed
	CauseRefused       = "refused-address" // an address the wallet may not reach
	CauseNotJSON       = "not-json"        // the answer is not JSON
	CauseMissing       = "missing"         // not named at all
	CauseNotWebAddress = "not-web-address" // named by something that is not a web address (Value)
)

// Problems of a malformed document (check.Args.Items): a code, and for some
// a value after a colon ("undefined-type:Foo").
const (
	ProblemNoID                = "no-id"
	ProblemIDNotIRI            = "id-not-iri" // :the id
	ProblemNoRecipient         = "no-recipient"
	ProblemRecipientIncomplete = "recipient-incomplete"
	ProblemNoBadge             = "no-badge"
	ProblemNoIssuedOn          = "no-issued-on"
	ProblemBadExpires          = "bad-expires"
	ProblemNoVerification      = "no-verification-type"
	ProblemDataImage           = "data-image"
	ProblemNotAssertion        = "not-assertion"
	ProblemContext             = "context" // :the context found
	ProblemInlineContext       = "inline-context"
	ProblemNoContext           = "no-context"
	ProblemBadContext          = "bad-context"
	ProblemTypeNotText         = "type-not-text"
	ProblemNoType              = "no-type"
	ProblemUndefinedType       = "undefined-type"     // :the type
	ProblemMissing             = "missing"            // :the member
	ProblemNotClass            = "not-class"          // :the class expected
	ProblemCopyNotAssertion    = "copy-not-assertion" // the issuer's copy is not an assertion
)
