package fetch

import (
	"errors"
	"fmt"
	"net/netip"
)

// Scope says which addresses a Client may connect to, and over what. A
// credential, a QR code or a link names whatever address its author likes:
// the scope keeps the wallet from being sent to the learner's router, a
// printer, or a cloud machine's metadata service.
//
// Whatever the scope, link-local (169.254.0.0/16, fe80::/10, which holds
// the cloud metadata service 169.254.169.254), multicast, unspecified
// (0.0.0.0, ::) and reserved addresses are never reached.
type Scope int

const (
	// Public reaches the internet only, over https. The default.
	Public Scope = iota
	// PublicAndPrivate also reaches the learner's own computer (loopback)
	// and local or campus network (RFC 1918, fc00::/7, 100.64.0.0/10),
	// still over https only: lw --allow-private-network.
	PublicAndPrivate
	// LocalNetwork reaches only the local network (RFC 1918, fc00::/7,
	// 100.64.0.0/10), over plain http or https, and follows no redirects:
	// for one-time share links from another device.
	LocalNetwork
	// LocalAndLoopback is LocalNetwork and this computer: share links when
	// the private network is allowed.
	LocalAndLoopback
)

// String returns the scope's Go name.
func (s Scope) String() string {
	switch s {
	case Public:
		return "Public"
	case PublicAndPrivate:
		return "PublicAndPrivate"
	case LocalNetwork:
		return "LocalNetwork"
	case LocalAndLoopback:
		return "LocalAndLoopback"
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// Permits reports whether a Client of scope s may connect to a. An unknown
// scope permits nothing.
func (s Scope) Permits(a netip.Addr) bool {
	return s.permits(Classify(a))
}

func (s Scope) permits(k AddrKind) bool {
	switch k {
	case KindPublic:
		return s == Public || s == PublicAndPrivate
	case KindPrivate:
		return s == PublicAndPrivate || s == LocalNetwork || s == LocalAndLoopback
	case KindLoopback:
		return s == PublicAndPrivate || s == LocalAndLoopback
	}
	return false
}

// allowsScheme reports whether s fetches URLs of scheme: https from the
// internet (with the system's certificate roots), plain http only from the
// local network, where share links have no certificate to show.
func (s Scope) allowsScheme(scheme string) bool {
	switch s {
	case Public, PublicAndPrivate:
		return scheme == "https"
	case LocalNetwork, LocalAndLoopback:
		return scheme == "https" || scheme == "http"
	}
	return false
}

// maxRedirects is how many redirects a fetch of scope s follows. A share
// link is the document itself: it has nowhere to send the wallet on to.
func (s Scope) maxRedirects() int {
	if s == LocalNetwork || s == LocalAndLoopback {
		return 0
	}
	return MaxRedirects
}

// AddrKind is what kind of network an IP address is on, as far as the
// network policy cares.
type AddrKind int

const (
	KindPublic      AddrKind = iota // the internet
	KindLoopback                    // this computer: 127.0.0.0/8, ::1
	KindPrivate                     // a local network: 10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10
	KindLinkLocal                   // never reached: 169.254.0.0/16 (cloud metadata), fe80::/10
	KindMulticast                   // never reached: 224.0.0.0/4, ff00::/8
	KindUnspecified                 // never reached: 0.0.0.0 and ::, which connect(2) takes for this computer
	KindReserved                    // never reached: 0.0.0.0/8, 240.0.0.0/4 (with broadcast), fec0::/10, Teredo, ...
)

var kindNames = [...]string{
	KindPublic:      "a public address",
	KindLoopback:    "a loopback address (this computer)",
	KindPrivate:     "a private address (a local network)",
	KindLinkLocal:   "a link-local address",
	KindMulticast:   "a multicast address",
	KindUnspecified: "the unspecified address",
	KindReserved:    "a reserved address",
}

var kindCodes = [...]string{
	KindPublic: "public", KindLoopback: "loopback", KindPrivate: "private", KindLinkLocal: "link-local",
	KindMulticast: "multicast", KindUnspecified: "unspecified", KindReserved: "reserved",
}

// Code is the kind's stable code, to store and to decide by: "loopback".
func (k AddrKind) Code() string {
	if k >= 0 && int(k) < len(kindCodes) {
		return kindCodes[k]
	}
	return "public"
}

// String describes the kind: "a loopback address (this computer)".
func (k AddrKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("AddrKind(%d)", int(k))
}

// Prefixes the netip predicates do not name.
var (
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	class4E     = netip.MustParsePrefix("240.0.0.0/4") // reserved, and 255.255.255.255
	siteLocal   = netip.MustParsePrefix("fec0::/10")   // deprecated (RFC 3879)
	compat4     = netip.MustParsePrefix("::/96")       // IPv4-compatible (RFC 4291, deprecated)
	nat64       = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local  = netip.MustParsePrefix("64:ff9b:1::/48") // local-use NAT64 (RFC 8215): where it leads is the network's secret
	sixToFour   = netip.MustParsePrefix("2002::/16")
	teredo      = netip.MustParsePrefix("2001::/32")
	discard6    = netip.MustParsePrefix("100::/64")
)

// Classify says what kind of address a is. An IPv4-mapped address
// (::ffff:a.b.c.d) is the IPv4 address it maps. An IPv6 address that
// carries an IPv4 address to be translated or tunnelled to (IPv4-compatible
// ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is public only when that
// IPv4 address is; when it is loopback or private it is KindReserved, so
// that no scope reaches a local address through a translator. The zone of
// a is ignored; the invalid Addr is KindReserved.
func Classify(a netip.Addr) AddrKind {
	a = a.WithZone("")
	switch {
	case !a.IsValid():
		return KindReserved
	case a.Is4In6():
		return classify4(a.Unmap())
	case a.Is4():
		return classify4(a)
	}
	switch {
	case a.IsUnspecified():
		return KindUnspecified
	case a.IsLoopback():
		return KindLoopback
	case a.IsMulticast():
		return KindMulticast
	case a.IsLinkLocalUnicast():
		return KindLinkLocal
	case siteLocal.Contains(a), nat64Local.Contains(a), teredo.Contains(a), discard6.Contains(a):
		return KindReserved
	case a.IsPrivate():
		return KindPrivate
	}
	if v4, _, ok := embedded(a); ok {
		switch k := classify4(v4); k {
		case KindPublic, KindLinkLocal, KindMulticast, KindUnspecified, KindReserved:
			return k
		}
		return KindReserved
	}
	return KindPublic
}

func classify4(a netip.Addr) AddrKind {
	switch {
	case a.IsUnspecified():
		return KindUnspecified
	case thisNetwork.Contains(a), class4E.Contains(a):
		return KindReserved
	case a.IsLoopback():
		return KindLoopback
	case a.IsLinkLocalUnicast():
		return KindLinkLocal
	case a.IsMulticast():
		return KindMulticast
	case a.IsPrivate(), cgnat.Contains(a):
		return KindPrivate
	}
	return KindPublic
}

// embedded returns the IPv4 address an IPv6 address carries to be
// translated or tunnelled to, and the name of the form.
func embedded(a netip.Addr) (v4 netip.Addr, form string, ok bool) {
	b := a.As16()
	switch {
	case compat4.Contains(a):
		return netip.AddrFrom4([4]byte(b[12:16])), "IPv4-compatible", true
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte(b[12:16])), "NAT64", true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6])), "6to4", true
	}
	return netip.Addr{}, "", false
}

// ErrForbiddenAddress is what every *AddressError is: a connection the
// Client's Scope does not allow.
var ErrForbiddenAddress = errors.New("the address is not one the wallet may connect to")

// AddressError is a connection refused by the network policy: the host
// named in a URL is, or resolved to, an address the Client's Scope does
// not reach. It is never served from the cache instead: a refused address
// is not a network that is down. errors.Is(err, ErrForbiddenAddress).
type AddressError struct {
	Host  string     // as the URL names it: a name or an IP literal
	Addr  netip.Addr // the address refused
	Kind  AddrKind   // what kind of address it is
	Scope Scope      // the scope that does not reach it
}

func (e *AddressError) Error() string {
	what := e.Addr.String()
	if e.Host != "" && e.Host != what {
		what = e.Host + " (" + what + ")"
	}
	kind := e.Kind.String()
	if v4, form, ok := embedded(e.Addr.WithZone("")); ok {
		kind = fmt.Sprintf("a %s form of %s, %s", form, v4, classify4(v4))
	}
	return fmt.Sprintf("%s is %s, which %s", what, kind, e.reach())
}

func (e *AddressError) reach() string {
	switch e.Kind {
	case KindLinkLocal, KindMulticast, KindUnspecified, KindReserved:
		return "the wallet never connects to"
	}
	switch e.Scope {
	case Public:
		return "the wallet does not connect to unless the private network is allowed"
	case LocalNetwork:
		return "a share link may not lead to: only the local network"
	case LocalAndLoopback:
		return "a share link may not lead to: only the local network and this computer"
	}
	return "the wallet does not connect to"
}

// Unwrap returns ErrForbiddenAddress.
func (e *AddressError) Unwrap() error { return ErrForbiddenAddress }
