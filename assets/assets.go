// Package assets embeds the files the app ships with: its icon and
// placeholder artwork. It imports no GUI package, so anything may use it.
package assets

import _ "embed"

// Icon is the application icon (512×512 PNG); icon.svg is its source.
//
//go:embed icon.png
var Icon []byte

// BadgePlaceholder stands in for a badge without a picture.
//
//go:embed badge-placeholder.svg
var BadgePlaceholder []byte

// RecordPlaceholder stands in for a learner record without a picture.
//
//go:embed record-placeholder.svg
var RecordPlaceholder []byte
