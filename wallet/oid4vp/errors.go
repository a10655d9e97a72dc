package oid4vp

import "errors"

// Code says what is wrong with an authorization request, a verifier, or
// what the learner chose, for the window and lw to put in words.
type Code string

// The problems a request, a verifier or a choice can have.
const (
	NotARequest   Code = "not-a-request"  // not an OpenID4VP authorization request
	Malformed     Code = "malformed"      // a request that breaks the specification
	TooLarge      Code = "too-large"      // far larger than any real one
	NotHTTPS      Code = "not-https"      // an address that is not https
	Unreachable   Code = "unreachable"    // the request object could not be fetched
	UnknownClient Code = "unknown-client" // a client_id prefix the wallet does not trust requests under
	BadSignature  Code = "bad-signature"  // a request object whose signature does not hold, or is missing
	WrongClient   Code = "wrong-client"   // a request object not bound to its client_id (key, certificate, DNS name)
	WrongHost     Code = "wrong-host"     // a response_uri not on the host of the client_id
	Unsupported   Code = "unsupported"    // something the wallet does not do (a response mode, a query feature)
	NoMatch       Code = "no-match"       // the request asks for more than any credential in the wallet can give
	BadChoice     Code = "bad-choice"     // the credentials chosen do not answer the request
	NoEncryption  Code = "no-encryption"  // an encrypted response asked for, without a key the wallet can encrypt to
	Refused       Code = "refused"        // the verifier refused the response
	NoAnswer      Code = "no-answer"      // the verifier could not be reached with the response
)

// Error is a problem with a request, a verifier or a choice: Code says
// which, Detail gives the particulars (technical, for diagnosis), Err the
// network's error when there is one.
type Error struct {
	Code   Code
	Detail string
	// Verifier is what the verifier said when it refused (Code Refused):
	// its OAuth error code and description.
	Verifier *VerifierError
	Err      error
}

// VerifierError is a verifier's refusal, as it said it.
type VerifierError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *Error) Error() string {
	s := "presentation request: " + string(e.Code)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Verifier != nil {
		s += ": " + e.Verifier.Code
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// HasCode reports whether err is an *Error with code c.
func HasCode(err error, c Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == c
}
