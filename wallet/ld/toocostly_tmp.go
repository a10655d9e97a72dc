package ld

// TooCostlyError — placeholder until the RDFC branch lands.
type TooCostlyError struct{}

func (e *TooCostlyError) Error() string { return "too costly" }
