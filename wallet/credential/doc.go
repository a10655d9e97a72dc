// Package credential recognises and reads credentials: Open Badges 3.0 and
// CLR 2.0 verifiable credentials (VCDM 1.1 and 2.0, as JSON or VC-JWT),
// Open Badges 2.0 assertions, and badge images with either baked in.
//
// Parse reads a credential once from its bytes: what kind it is, how it is
// packaged, a Summary for people, and the credentials nested in a record.
// Nothing here verifies anything; package verify does, from what Parse read.
package credential
