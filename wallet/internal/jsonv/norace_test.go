//go:build !race

package jsonv

const race = false
