package wallet

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	jwxjwt "github.com/lestrrat-go/jwx/v2/jwt"

	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/di"
	"github.com/learnerwallet/learnerwallet/wallet/holder"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
	"github.com/learnerwallet/learnerwallet/wallet/verify"
)

// Contexts a presentation is written with.
const (
	ctxV2            = "https://www.w3.org/ns/credentials/v2"
	ctxV1            = "https://www.w3.org/2018/credentials/v1"
	ctxDataIntegrity = "https://w3id.org/security/data-integrity/v2"
	ctxCLR201        = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
	ctxOB303         = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ctxCLR1          = "https://purl.imsglobal.org/spec/clr/v2p0/context.json"
	ctxOB1           = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
)

// Presentation formats.
const (
	PresentLDP = "ldp" // a JSON VerifiablePresentation with a Data Integrity proof
	PresentJWT = "jwt" // a VP-JWT
)

// DefaultPresentExpiry is how long a presentation is valid when
// PresentOptions.Expires is zero: unsolicited presentations can be
// replayed, so they should not live long.
const DefaultPresentExpiry = time.Hour

// ErrMixedVersions means credentials of VCDM 1.1 and 2.0 were chosen for
// one presentation.
var ErrMixedVersions = errors.New("these credentials use two versions of the credentials data model (VCDM 1.1 and 2.0), " +
	"which cannot go in one presentation; make two presentations, one for each")

// ErrJWTWithV1 means a VC-JWT and VCDM 1.1 credentials were chosen for a
// Data Integrity presentation, which has no place for the JWT.
var ErrJWTWithV1 = errors.New("a JWT credential cannot go in a VCDM 1.1 presentation with these credentials; " +
	"make two presentations, or use the JWT format")

// versionRule says whether credentials of these kinds can go in one
// presentation: VCDM 1.1 (v1), VCDM 2.0 (v2), VC-JWTs (jwts); jwtVP for a
// VP-JWT.
func versionRule(v1, v2, jwts, jwtVP bool) error {
	switch {
	case v1 && v2:
		return ErrMixedVersions
	case v1 && jwts && !jwtVP:
		return ErrJWTWithV1
	}
	return nil
}

// CanPresentTogether says, before anything is read or signed, whether items
// can go in one presentation of the format (PresentLDP or PresentJWT),
// judging by their summaries: ErrMixedVersions, ErrJWTWithV1 or nil.
// Present checks again from the credentials themselves.
func CanPresentTogether(items []Item, format string) error {
	var v1, v2, jwts bool
	for _, it := range items {
		switch {
		case slices.ContainsFunc(it.Summary.Proofs, func(s string) bool { return strings.HasPrefix(s, "VC-JWT") }):
			jwts = true
		case it.Summary.DataModel == "VCDM 1.1":
			v1 = true
		default:
			v2 = true
		}
	}
	return versionRule(v1, v2, jwts, format == PresentJWT)
}

// PresentOptions says how to make a presentation.
type PresentOptions struct {
	// Format is PresentLDP (the default) or PresentJWT.
	Format string
	// Domain is who the presentation is for; Challenge the verifier's
	// nonce, a fresh random one when empty.
	Domain, Challenge string
	// Expires is how long the presentation is valid (default
	// DefaultPresentExpiry).
	Expires time.Duration
	// CuratedCLR wraps the chosen credentials from inside a record in a
	// record of the learner's own (a ClrCredential the learner signs),
	// keeping the associations between them.
	CuratedCLR bool
	// Now is the clock; nil uses the wallet's.
	Now func() time.Time
	// ID is the presentation's id; empty makes a random urn:uuid (tests
	// set it for golden files).
	ID string
	// AllowUnbound lets credentials whose subject names no DID go in: the
	// presentation's signature cannot show they are the learner's, so the
	// learner must say so (the window's checkbox, lw --allow-unbound).
	AllowUnbound bool
}

// NotPresentableError means a chosen credential may not be presented: it is
// not valid (Verdict, and the Report that says why), it was issued to a DID
// that is not the learner's (OtherDID), or to an earlier DID of theirs whose
// key the keyring no longer holds (LostDID), so nothing can prove it theirs.
type NotPresentableError struct {
	Item     Item
	Verdict  verify.Verdict
	Report   verify.Report
	OtherDID string
	LostDID  string
}

func (e *NotPresentableError) Error() string {
	title := safetext.Line(e.Item.Summary.Title())
	if e.LostDID != "" {
		return fmt.Sprintf("“%s” was issued to your earlier DID %s, whose key is no longer in the keyring, so a presentation cannot show it is yours; ask the issuer to issue it again to your current DID", title, safetext.Line(e.LostDID))
	}
	if e.OtherDID != "" {
		return fmt.Sprintf("“%s” was issued to %s, which is not one of your DIDs: it is not yours to present", title, safetext.Line(e.OtherDID))
	}
	return fmt.Sprintf("“%s” cannot be presented: %s", title, verify.Headline(e.Report))
}

// UnboundError means chosen credentials name no DID as their subject (an
// e-mail address, a name, or nothing): nothing in the presentation can show
// they are the learner's, so presenting them needs PresentOptions.AllowUnbound.
type UnboundError struct{ Items []Item }

func (e *UnboundError) Error() string {
	var names []string
	for _, it := range e.Items {
		names = append(names, "“"+safetext.Line(it.Summary.Title())+"”")
	}
	return fmt.Sprintf("%s issued to an e-mail address or a name, not to one of your DIDs, so the recipient cannot tell from the signature that %s yours; confirm that you want to present %s anyway",
		strings.Join(names, ", "), pick(len(names), "it is", "they are"), pick(len(names), "it", "them"))
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Presentation is a signed presentation, ready to save or share.
type Presentation struct {
	Bytes     []byte // the JSON document, or the compact JWT
	Format    string // PresentLDP or PresentJWT
	FileExt   string // ".json" or ".jwt"
	HolderDID string
	Challenge string
	Domain    string
	Expires   time.Time
	Items     []Item // the items presented, as chosen
}

// presented is one credential going into a presentation.
type presented struct {
	item   Item
	jwt    string         // a VC-JWT, or
	doc    map[string]any // a JSON credential, numbers as json.Number
	raw    []byte         // doc's bytes as issued; nil for one the learner made
	v1     bool           // VCDM 1.1
	nested bool
	// subjectDID is the learner's DID the credential was issued to, when
	// it names one.
	subjectDID string
}

// value is what goes into verifiableCredential.
func (p presented) value() any {
	if p.jwt != "" {
		return map[string]any{
			"@context": ctxV2,
			"type":     "EnvelopedVerifiableCredential",
			"id":       "data:application/vc+jwt," + p.jwt,
		}
	}
	return p.doc
}

// Present makes a presentation of the items with the given ids (whole
// credentials, or credentials nested in a record), signed with the
// learner's key. Every credential goes in exactly as its issuer signed it.
// The result is checked with the wallet's own verifier before it is
// returned; an error that starts "this is a bug" means that check failed.
func (w *Wallet) Present(ctx context.Context, ids []string, opts PresentOptions) (*Presentation, error) {
	if len(ids) == 0 {
		return nil, errors.New("choose at least one credential to present")
	}
	switch opts.Format {
	case "":
		opts.Format = PresentLDP
	case PresentLDP, PresentJWT:
	default:
		return nil, fmt.Errorf("unknown presentation format %q: use %q or %q", opts.Format, PresentLDP, PresentJWT)
	}
	if opts.Expires < 0 {
		return nil, errors.New("a presentation cannot expire before it is made")
	}
	if opts.Expires == 0 {
		opts.Expires = DefaultPresentExpiry
	}
	if opts.Now == nil {
		opts.Now = w.now
	}
	if opts.Challenge == "" {
		opts.Challenge = randomHex(16)
	}
	if opts.ID == "" {
		opts.ID = randomUUID()
	}
	now := opts.Now().UTC().Truncate(time.Second)
	expires := now.Add(opts.Expires).Truncate(time.Second)
	if !expires.After(now) {
		return nil, errors.New("the presentation would expire the second it is made; give it longer")
	}

	var creds []presented
	var items, unbound []Item
	seen := map[string]bool{}
	check := w.newChooser()
	for _, id := range ids {
		it, err := w.Item(id)
		if err != nil {
			return nil, err
		}
		if seen[it.ID] {
			continue
		}
		seen[it.ID] = true
		p, err := w.presentable(it)
		if err != nil {
			return nil, err
		}
		bound, err := check.mayPresent(ctx, &p)
		if err != nil {
			return nil, err
		}
		if !bound {
			unbound = append(unbound, it)
		}
		creds = append(creds, p)
		items = append(items, it)
	}
	if len(unbound) > 0 && !opts.AllowUnbound {
		return nil, &UnboundError{Items: unbound}
	}
	key, err := w.HolderKey()
	if err != nil {
		return nil, err
	}
	// The keys of earlier DIDs the credentials were issued to each add a
	// proof, so the recipient sees the learner controls those DIDs too.
	var earlier []*holder.Key
	for _, p := range creds {
		if p.subjectDID == "" || p.subjectDID == key.DID() || slices.ContainsFunc(earlier, func(k *holder.Key) bool { return k.DID() == p.subjectDID }) {
			continue
		}
		if opts.Format == PresentJWT {
			return nil, fmt.Errorf("“%s” was issued to your earlier DID %s: a JWT presentation carries one signature, the current key's, so choose the JSON format, which also carries a proof of the earlier key",
				safetext.Line(p.item.Summary.Title()), p.subjectDID)
		}
		k, err := w.earlierHolderKey(p.subjectDID)
		if err != nil {
			return nil, err
		}
		earlier = append(earlier, k)
	}
	if opts.CuratedCLR {
		if creds, err = w.curate(key, creds, opts.ID, now); err != nil {
			return nil, err
		}
	}
	pres := &Presentation{
		Format: opts.Format, HolderDID: key.DID(), Challenge: opts.Challenge,
		Domain: opts.Domain, Expires: expires, Items: items,
	}
	if opts.Format == PresentJWT {
		pres.FileExt = ".jwt"
		pres.Bytes, err = presentJWT(key, creds, opts, now, expires)
	} else {
		pres.FileExt = ".json"
		pres.Bytes, err = presentLDP(ctx, key, earlier, creds, opts, now, expires)
	}
	if err != nil {
		return nil, err
	}
	return pres, nil
}

// Presentability says whether a chosen credential may go in a
// presentation: Problem is a *NotPresentableError when it may not (not
// valid, or issued to someone else's DID); Bound is false for one issued to
// no DID at all, which goes in only with PresentOptions.AllowUnbound.
type Presentability struct {
	Item    Item
	Bound   bool
	Problem error
}

// Presentability checks, as Present does before it signs, each item with the
// given ids.
func (w *Wallet) Presentability(ctx context.Context, ids []string) ([]Presentability, error) {
	var out []Presentability
	check := w.newChooser()
	for _, id := range ids {
		it, err := w.Item(id)
		if err != nil {
			return nil, err
		}
		p, err := w.presentable(it)
		if err != nil {
			out = append(out, Presentability{Item: it, Problem: err})
			continue
		}
		bound, err := check.mayPresent(ctx, &p)
		var np *NotPresentableError
		if err != nil && !errors.As(err, &np) {
			return nil, err
		}
		out = append(out, Presentability{Item: it, Bound: bound, Problem: err})
	}
	return out, nil
}

// chooser checks the credentials chosen for one presentation. The verifier
// and the learner's DIDs are read once, however many are chosen: the
// signing key's DID comes from the keyring, on first need.
type chooser struct {
	w       *Wallet
	v       *verify.Verifier
	read    bool
	current string   // the signing key's DID
	earlier []string // the DIDs of keys rotated from
}

func (w *Wallet) newChooser() *chooser { return &chooser{w: w, v: w.verifierWithIdentities()} }

func (c *chooser) dids() (current string, earlier []string, err error) {
	if !c.read {
		key, err := c.w.HolderKey()
		if err != nil {
			return "", nil, err
		}
		if c.earlier, err = c.w.earlierHolderDIDs(); err != nil {
			return "", nil, err
		}
		c.current, c.read = key.DID(), true
	}
	return c.current, c.earlier, nil
}

// mayPresent verifies a chosen credential as the recipient will: it must be
// valid, and issued to the learner's DID (bound), or to no DID at all.
func (c *chooser) mayPresent(ctx context.Context, p *presented) (bound bool, err error) {
	b := p.raw
	if p.jwt != "" {
		b = []byte(p.jwt)
	}
	parsed, err := credential.Parse(b)
	if err != nil {
		return false, fmt.Errorf("“%s” cannot be read: %w", safetext.Line(p.item.Summary.Title()), err)
	}
	rep := c.v.Parsed(ctx, parsed)
	if !rep.Valid() {
		return false, &NotPresentableError{Item: p.item, Verdict: rep.Verdict, Report: rep}
	}
	var dids []string
	for _, id := range parsed.Cred.SubjectIDs {
		if strings.HasPrefix(id, "did:") {
			dids = append(dids, id)
		}
	}
	if len(dids) == 0 {
		return false, nil
	}
	// Only a DID whose key the wallet holds can be proven in the
	// presentation's signature.
	current, earlier, err := c.dids()
	if err != nil {
		return false, err
	}
	if slices.Contains(dids, current) {
		p.subjectDID = current
		return true, nil
	}
	// One of the learner's earlier DIDs: its kept key adds a proof.
	for _, d := range dids {
		if !slices.Contains(earlier, d) {
			continue
		}
		_, err := c.w.earlierHolderKey(d)
		switch {
		case errors.Is(err, ErrSecretNotFound):
			return false, &NotPresentableError{Item: p.item, Verdict: rep.Verdict, Report: rep, LostDID: d}
		case err != nil:
			return false, err
		}
		p.subjectDID = d
		return true, nil
	}
	return false, &NotPresentableError{Item: p.item, Verdict: rep.Verdict, Report: rep, OtherDID: dids[0]}
}

// presentable reads an item's credential as it goes into a presentation.
func (w *Wallet) presentable(it Item) (presented, error) {
	title := fmt.Sprintf("%q", it.Summary.Title())
	if it.Kind == credential.KindOB2 {
		return presented{}, fmt.Errorf("%s is an Open Badges 2.0 badge, not a verifiable credential: "+
			"it cannot go in a presentation; share the badge file itself", title)
	}
	b, err := w.Original(it.ID)
	if err != nil {
		return presented{}, err
	}
	if it.Format == credential.FormatPNG || it.Format == credential.FormatSVG {
		p, err := credential.Parse(b)
		if err != nil {
			return presented{}, fmt.Errorf("%s: cannot read the credential baked in its image: %w", title, err)
		}
		b = p.Content
	}
	b = bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
	p := presented{item: it, nested: it.Parent != ""}
	if jsonv.LooksLikeJWS(b) {
		p.jwt = string(b)
		return p, nil
	}
	p.raw = b
	p.doc, err = jsonv.DecodeObject(b)
	if err != nil {
		return presented{}, fmt.Errorf("%s is not readable JSON: %w", title, err)
	}
	p.v1 = jsonv.IsVCDM1(p.doc)
	if p.nested && p.doc["proof"] == nil {
		return presented{}, fmt.Errorf("%s has no proof of its own: it is only vouched for by the whole record; present the record", title)
	}
	return p, nil
}

// vcValues returns the verifiableCredential list and whether it is VCDM
// 1.1. In a VCDM 1.1 VP-JWT, JWT credentials go in as compact strings; a
// Data Integrity presentation of VCDM 1.1 has no place for them.
func vcValues(creds []presented, jwtVP bool) ([]any, bool, error) {
	var v1, v2, jwts bool
	for _, c := range creds {
		switch {
		case c.jwt != "":
			jwts = true
		case c.v1:
			v1 = true
		default:
			v2 = true
		}
	}
	if err := versionRule(v1, v2, jwts, jwtVP); err != nil {
		return nil, false, err
	}
	list := make([]any, 0, len(creds))
	for _, c := range creds {
		if v1 && c.jwt != "" {
			list = append(list, c.jwt)
			continue
		}
		list = append(list, c.value())
	}
	return list, v1, nil
}

func presentLDP(ctx context.Context, key *holder.Key, earlier []*holder.Key, creds []presented, opts PresentOptions, now, expires time.Time) ([]byte, error) {
	list, v1, err := vcValues(creds, false)
	if err != nil {
		return nil, err
	}
	contexts := []any{ctxV2}
	if v1 {
		contexts = []any{ctxV1, ctxDataIntegrity}
	}
	vp := map[string]any{
		"@context":             contexts,
		"type":                 []any{"VerifiablePresentation"},
		"id":                   opts.ID,
		"holder":               key.DID(),
		"verifiableCredential": list,
	}
	popts := holder.ProofOptions{Challenge: opts.Challenge, Domain: opts.Domain, Created: now, Expires: expires}
	signed, err := key.SignPresentation(vp, popts)
	if err != nil {
		return nil, fmt.Errorf("cannot sign the presentation: %w", err)
	}
	// The signed copy has its numbers re-read as float64; keep the
	// credentials' own bytes and take only the proof.
	vp["proof"] = signed["proof"]
	var also []string
	for _, k := range earlier {
		signed, err := k.AddProof(vp, popts)
		if err != nil {
			return nil, fmt.Errorf("cannot add the proof of your earlier DID %s: %w", k.DID(), err)
		}
		vp["proof"] = signed["proof"]
		also = append(also, k.DID())
	}
	b, err := marshalJSON(vp)
	if err != nil {
		return nil, err
	}
	if err := checkLDP(ctx, b, creds, key.DID(), also, opts, now); err != nil {
		return nil, fmt.Errorf("this is a bug: the presentation made does not verify: %w", err)
	}
	return b, nil
}

// checkLDP verifies a presentation the way a recipient would.
// Its first proof is the holder's; each DID in also adds one.
func checkLDP(ctx context.Context, b []byte, creds []presented, holderDID string, also []string, opts PresentOptions, now time.Time) error {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	for i, controller := range append([]string{holderDID}, also...) {
		results := di.Verify(ctx, doc, di.Options{
			Purpose: "authentication", Controller: controller, Challenge: opts.Challenge, Domain: opts.Domain, Now: now,
		})
		if len(results) != 1+len(also) || results[i].Outcome != di.Valid {
			return fmt.Errorf("its proof by %s: %v", controller, results)
		}
	}
	list := jsonv.List(doc["verifiableCredential"])
	if len(list) != len(creds) {
		return fmt.Errorf("%d credentials went in, %d are there", len(creds), len(list))
	}
	for i, c := range list {
		cred, ok := c.(map[string]any)
		if !ok || creds[i].jwt != "" {
			continue
		}
		err := invalidProof(ctx, cred, now)
		if err == nil {
			continue
		}
		// A proof that did not hold as issued is the issuer's matter, shown
		// when the credential is checked; one we broke is a bug.
		var orig map[string]any
		if creds[i].raw != nil && json.Unmarshal(creds[i].raw, &orig) == nil && invalidProof(ctx, orig, now) != nil {
			continue
		}
		return fmt.Errorf("credential %d: %w", i+1, err)
	}
	return nil
}

// invalidProof reports a proof of cred that does not hold.
func invalidProof(ctx context.Context, cred map[string]any, now time.Time) error {
	for _, r := range di.Verify(ctx, cred, di.Options{Now: now}) {
		if r.Outcome == di.Invalid {
			return r.Err
		}
	}
	return nil
}

// presentJWT makes a VP-JWT (DIGEST §5.2): for VCDM 2.0, a VC-JOSE-COSE
// token whose payload is the presentation itself (typ vp+jwt); for VCDM
// 1.1, a JWT whose "vp" claim is the presentation.
func presentJWT(key *holder.Key, creds []presented, opts PresentOptions, now, expires time.Time) ([]byte, error) {
	list, v1, err := vcValues(creds, true)
	if err != nil {
		return nil, err
	}
	vp := map[string]any{
		"@context":             []any{ctxV2},
		"type":                 []any{"VerifiablePresentation"},
		"holder":               key.DID(),
		"verifiableCredential": list,
	}
	claims := map[string]any{
		"iss":   key.DID(),
		"nonce": opts.Challenge,
		"jti":   opts.ID,
		"iat":   now,
		"nbf":   now,
		"exp":   expires,
	}
	header := map[string]any{"typ": "vp+jwt"}
	if v1 {
		vp["@context"] = []any{ctxV1}
		claims["vp"] = vp
		header["typ"] = "JWT"
	} else {
		for name, v := range vp {
			claims[name] = v
		}
	}
	if opts.Domain != "" {
		claims["aud"] = opts.Domain
	}
	s, err := key.SignJWT(claims, header)
	if err != nil {
		return nil, err
	}
	if err := checkJWT(s, key, opts, now); err != nil {
		return nil, fmt.Errorf("this is a bug: the presentation made does not verify: %w", err)
	}
	return []byte(s), nil
}

func checkJWT(s string, key *holder.Key, opts PresentOptions, now time.Time) error {
	popts := []jwxjwt.ParseOption{
		jwxjwt.WithKey(jwa.EdDSA, key.Public()),
		jwxjwt.WithClock(jwxjwt.ClockFunc(func() time.Time { return now })),
		jwxjwt.WithIssuer(key.DID()),
		jwxjwt.WithClaimValue("nonce", opts.Challenge),
	}
	if opts.Domain != "" {
		popts = append(popts, jwxjwt.WithAudience(opts.Domain))
	}
	tok, err := jwxjwt.ParseString(s, popts...)
	if err != nil {
		return err
	}
	if _, ok := tok.Get("vp"); !ok {
		if _, ok := tok.Get("verifiableCredential"); !ok {
			return errors.New("no presentation in the token")
		}
	}
	return nil
}

// marshalJSON writes a document indented, without HTML escaping (URLs
// keep their & and <).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// randomUUID returns a urn:uuid with a random (version 4) UUID.
func randomUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return formatUUID(b, 0x40)
}

// formatUUID writes 16 bytes as a urn:uuid of the given version (0x40,
// 0x80) and the RFC 9562 variant.
func formatUUID(b []byte, version byte) string {
	b[6] = b[6]&0x0f | version
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return "urn:uuid:" + strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

// curate replaces the credentials nested in records by one record of the
// learner's own per original record: a ClrCredential issued and signed by
// the holder, holding the chosen credentials unchanged (each keeps its
// issuer's proof) and the associations between them.
func (w *Wallet) curate(key *holder.Key, creds []presented, vpID string, now time.Time) ([]presented, error) {
	var out []presented
	groups := map[string][]presented{}
	var parents []string
	for _, c := range creds {
		if !c.nested {
			out = append(out, c)
			continue
		}
		if _, ok := groups[c.item.Parent]; !ok {
			parents = append(parents, c.item.Parent)
		}
		groups[c.item.Parent] = append(groups[c.item.Parent], c)
	}
	if len(parents) == 0 {
		return nil, errors.New("a curated record is made of credentials from inside a record; none of these is")
	}
	for _, parent := range parents {
		c, err := w.curatedCLR(key, parent, groups[parent], vpID, now)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (w *Wallet) curatedCLR(key *holder.Key, parentID string, chosen []presented, vpID string, now time.Time) (presented, error) {
	parent, err := w.Item(parentID)
	if err != nil {
		return presented{}, err
	}
	b, err := w.Original(parentID)
	if err != nil {
		return presented{}, err
	}
	if parent.Format == credential.FormatPNG || parent.Format == credential.FormatSVG {
		p, err := credential.Parse(b)
		if err != nil {
			return presented{}, err
		}
		b = p.Content
	}
	orig, err := jsonv.DecodeObject(b)
	if err != nil {
		return presented{}, fmt.Errorf("the record %q cannot be read to curate it: %w", parent.Summary.Title(), err)
	}
	subject, _ := orig["credentialSubject"].(map[string]any)

	v1 := chosen[0].v1
	var vcs []any
	achIDs := map[string]bool{}
	for _, c := range chosen {
		if c.v1 != v1 {
			return presented{}, ErrMixedVersions
		}
		vcs = append(vcs, c.doc)
		if cs, ok := c.doc["credentialSubject"].(map[string]any); ok {
			if a := jsonv.IDOf(cs["achievement"]); a != "" {
				achIDs[a] = true
			}
		}
	}
	var assocs []any
	referenced := map[string]bool{}
	for _, a := range jsonv.List(subject["association"]) {
		m, ok := a.(map[string]any)
		if !ok {
			continue
		}
		src, _ := m["sourceId"].(string)
		dst, _ := m["targetId"].(string)
		if achIDs[src] && achIDs[dst] {
			assocs = append(assocs, m)
			referenced[src], referenced[dst] = true, true
		}
	}
	var achievements []any
	for _, a := range jsonv.List(subject["achievement"]) {
		if referenced[jsonv.IDOf(a)] {
			achievements = append(achievements, a)
		}
	}

	subjectID := jsonv.IDOf(subject)
	if subjectID == "" {
		subjectID = key.DID()
	}
	cs := map[string]any{
		"type":                 []any{"ClrSubject"},
		"id":                   subjectID,
		"verifiableCredential": vcs,
	}
	if len(achievements) > 0 {
		cs["achievement"] = achievements
	}
	if len(assocs) > 0 {
		cs["association"] = assocs
	}
	name := parent.Summary.Title()
	if n, ok := orig["name"].(string); ok && n != "" {
		name = n
	}
	doc := map[string]any{
		"type":              []any{"VerifiableCredential", "ClrCredential"},
		"id":                derivedUUID(vpID, jsonv.IDOf(orig)),
		"name":              name + " (selection)",
		"issuer":            map[string]any{"id": key.DID(), "type": []any{"Profile"}},
		"credentialSubject": cs,
	}
	stamp := now.UTC().Format(time.RFC3339)
	if v1 {
		// The chosen credentials are VCDM 1.1: so is the record holding
		// them, or their terms would clash with the 2.0 context's.
		doc["@context"] = []any{ctxV1, ctxCLR1, ctxOB1, ctxDataIntegrity}
		doc["issuanceDate"] = stamp
	} else {
		doc["@context"] = []any{ctxV2, ctxCLR201, ctxOB303}
		doc["validFrom"] = stamp
	}
	signed, err := key.SignCredential(doc, now)
	if err != nil {
		return presented{}, fmt.Errorf("cannot sign the curated record: %w", err)
	}
	doc["proof"] = signed["proof"]
	return presented{doc: doc, v1: v1}, nil
}

// derivedUUID returns a urn:uuid derived from names (a name-based UUID,
// version 8 layout, SHA-256): the curated record of a presentation gets an
// id as unique as the presentation's, and golden files stay stable.
func derivedUUID(names ...string) string {
	h := sha256.Sum256([]byte(strings.Join(names, "\x00")))
	return formatUUID(h[:16], 0x80)
}
