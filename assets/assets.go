// Package assets embeds the files the app ships with: its icon,
// placeholder artwork, the JSON-LD contexts verification works from and
// the sample credentials.
// It imports no GUI package, so anything may use it.
package assets

import "embed"

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

// Contexts holds the JSON-LD contexts the wallet knows, under "contexts/":
// contexts/INDEX.tsv maps each context URL (aliases included) to its file,
// and is the whitelist — a context not listed there is never fetched.
// contexts/variants/ keeps other published versions of a few files.
//
//go:embed contexts
var Contexts embed.FS

// Schemas holds the JSON Schemas credentials are validated against, under
// "schemas/": ob3/ (Open Badges 3.0, the JSON-LD-tolerant versions served
// at purl.imsglobal.org, and ob3/extensions/), clr2/ (CLR 2.0) and vc/
// (VC Data Model 2.0). Each file's "$id" is the URL it is known by;
// SOURCES.tsv says where each came from.
//
//go:embed schemas
var Schemas embed.FS

// Samples holds the demo credentials a learner can try the app with, under
// "samples/" (see samples/README.md): made and signed by
// wallet/samples' generator with TEST-ONLY keys. samples/fetched/ holds the
// documents their verification fetches, listed in samples/fetched/INDEX.tsv.
//
//go:embed samples
var Samples embed.FS
