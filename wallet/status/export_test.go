package status

// SetMaxListBytes lowers the cap on decompressed lists, so that tests of
// the cap run fast; the returned function restores it.
func SetMaxListBytes(n int) (restore func()) {
	old := maxListBytes
	maxListBytes = n
	return func() { maxListBytes = old }
}
