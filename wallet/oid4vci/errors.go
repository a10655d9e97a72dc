package oid4vci

// Code says what is wrong with an offer or an issuer, for the window and
// lw to put in words.
type Code string

// The problems an offer or an issuer's metadata can have.
const (
	NotAnOffer     Code = "not-an-offer"    // not a credential offer link
	Malformed      Code = "malformed"       // an offer or metadata that breaks the specification
	TooLarge       Code = "too-large"       // far larger than any real one
	NotHTTPS       Code = "not-https"       // an issuer, server or endpoint not at an https address
	Unreachable    Code = "unreachable"     // the offer or metadata could not be fetched
	WrongIssuer    Code = "wrong-issuer"    // metadata that names another issuer than the one asked
	UnknownOffered Code = "unknown-offered" // an offered credential the issuer does not describe
	Gone           Code = "gone"            // an offer by reference that is no longer there (expired, or used)
	WrongFormat    Code = "wrong-format"    // a credential that is not in the format its configuration names
	SignInTimeout  Code = "sign-in-timeout" // no answer from the issuer's sign-in page in time
)

// Error is a problem with an offer or an issuer: Code says which, Detail
// gives the particulars (technical, for diagnosis), Err the network's
// error when there is one.
type Error struct {
	Code   Code
	Detail string
	OAuth  *OAuthError // what the server said when it refused (Code Refused)
	Err    error
}

func (e *Error) Error() string {
	s := "credential offer: " + string(e.Code)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.OAuth != nil {
		s += ": " + e.OAuth.Code
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }
