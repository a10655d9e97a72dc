package oid4vci

import (
	"context"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/holder"
)

// Proposal is an offer read and its issuer described: what the learner is
// shown before they accept, and what receiving needs.
type Proposal struct {
	Offer    *Offer
	Metadata *IssuerMetadata
	// Configs are the offered credentials' configurations, in the
	// offer's order.
	Configs []CredentialConfiguration
}

// Propose reads an offer link (fetching an offer by reference), fetches
// its issuer's metadata and checks that the issuer describes every
// credential offered, in a format the wallet keeps.
func Propose(ctx context.Context, n Network, link string) (*Proposal, error) {
	l, err := ParseLink(link)
	if err != nil {
		return nil, err
	}
	o, err := Resolve(ctx, n, l)
	if err != nil {
		return nil, err
	}
	m, err := FetchIssuerMetadata(ctx, n, o.CredentialIssuer)
	if err != nil {
		return nil, err
	}
	configs, err := m.Offered(o)
	if err != nil {
		return nil, err
	}
	return &Proposal{Offer: o, Metadata: m, Configs: configs}, nil
}

// IssuerName is the issuer's name in lang, else its identifier.
func (p *Proposal) IssuerName(lang string) string {
	if n := p.Metadata.Name(lang); n != "" {
		return n
	}
	return p.Offer.CredentialIssuer
}

// Names are the offered credentials' names in lang, each else its
// configuration id.
func (p *Proposal) Names(lang string) []string {
	out := make([]string, len(p.Configs))
	for i, c := range p.Configs {
		if out[i] = c.Name(lang); out[i] == "" {
			out[i] = p.Offer.ConfigurationIDs[i]
		}
	}
	return out
}

// TxCode is the transaction code the offer asks for, nil when none: the
// issuer sent it to the learner another way (e-mail, a text message).
func (p *Proposal) TxCode() *TxCode {
	if g := p.Offer.Grants.PreAuthorized; g != nil {
		return g.TxCode
	}
	return nil
}

// SignIn reports whether receiving means signing in at the issuer in the
// browser (the authorization code flow): the offer has no pre-authorized
// code.
func (p *Proposal) SignIn() bool { return p.Offer.Grants.PreAuthorized == nil }

// Receive receives the offered credentials, issued to key: with the
// pre-authorized code and txCode, or by signing in, open showing the
// learner the issuer's sign-in page. ctx bounds the whole, signing in
// included. The credentials are returned not yet verified.
func (p *Proposal) Receive(ctx context.Context, n Network, key *holder.Key, txCode string, open func(page string) error, now time.Time) ([][]byte, error) {
	if p.SignIn() {
		return ReceiveAuthorized(ctx, n, p.Offer, p.Metadata, key, open, now)
	}
	return ReceivePreAuthorized(ctx, n, p.Offer, p.Metadata, key, txCode, now)
}
