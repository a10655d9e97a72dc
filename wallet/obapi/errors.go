package obapi

import (
	"fmt"
	"time"
)

// Code says what went wrong with a provider, for the window and lw to put
// in words.
type Code string

// The problems a provider can have, or give.
const (
	NotHTTPS    Code = "not-https"    // an address that is not https://
	NotProvider Code = "not-provider" // no OB 3.0 or CLR 2.0 service description where asked
	Malformed   Code = "malformed"    // an answer that breaks the specification
	TooLarge    Code = "too-large"    // far larger than any real one
	Unreachable Code = "unreachable"  // the provider could not be reached, or answered an error status
	Refused     Code = "refused"      // the authorization server refused, saying why in Error.OAuth
	// NotRegistered is a registration the provider refused (Error.OAuth
	// says why): many take only web apps, not a loopback redirect.
	NotRegistered Code = "not-registered"
	Failed        Code = "failed"       // the API refused, saying why in Error.Status (Imsx_StatusInfo)
	Busy          Code = "busy"         // the provider asks to wait: Error.RetryAt says until when
	OtherOrigin   Code = "other-origin" // a next page on another origin than the provider's
	TooMany       Code = "too-many"     // more pages or credentials than the wallet takes in one sync
	NotGranted    Code = "not-granted"  // the provider granted none of the read-only credential scopes
	NoRefresh     Code = "no-refresh"   // the provider gave no refresh token: the wallet could not sync later
	SignIn        Code = "sign-in"      // no answer from the sign-in page
)

// Error is a problem with a provider: Code says which, Detail gives the
// particulars (technical, for diagnosis).
type Error struct {
	Code    Code
	Detail  string
	OAuth   *OAuthError // what the authorization server said (Refused)
	Status  *StatusInfo // what the API said (Failed)
	RetryAt time.Time   // when to try again (Busy)
	Err     error
}

func (e *Error) Error() string {
	s := "provider: " + string(e.Code)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.OAuth != nil {
		s += ": " + e.OAuth.Code
	}
	if e.Status != nil {
		s += fmt.Sprintf(": %s/%s %v", e.Status.CodeMajor, e.Status.Severity, e.Status.CodeMinor)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// OAuthError is what an OAuth server said when it refused (RFC 6749
// §5.2): a code ("invalid_grant") and its words (the server's: sanitize
// to show).
type OAuthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// StatusInfo is the Imsx_StatusInfo of an OB/CLR API refusal: its major
// code (failure, unsupported...), severity, description (in English when
// it gives several) and minor codes' values (the server's words: sanitize
// to show).
type StatusInfo struct {
	CodeMajor   string
	Severity    string
	Description string
	CodeMinor   []string
}
