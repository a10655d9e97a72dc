// Package verify checks credentials and presentations, offline first, and
// says what it found.
//
// A verification is a Report: a list of checks (package check: what was
// checked, how it came out and why, as codes) and a Verdict computed from
// them — Valid, Valid with notes, Issuer not confirmed, Not valid or Could
// not check. Reports are stored as codes; Describe, Headline and the other
// functions of words.go turn them into sentences, for the window and the
// command line alike. They speak English; Words (English, Spanish,
// WordsFor) says the same in Spanish, from the catalog words_es.json.
//
// A credential is valid only when its proof holds, its key is tied to its
// issuer (a did:key issuer, a DID or controller document, the issuer's
// published key set), and nothing says otherwise. A presentation is valid
// only when its own proof holds, every credential in it is valid, and each
// is bound to the one who presents it.
package verify
