//go:build race

package jsonv

// race is set when the race detector, which slows the tests tenfold, is on.
const race = true
