package fetch_test

import (
	"net/netip"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// classified is every range the policy names, with the kind of address
// it is; it also seeds FuzzClassify.
var classified = []struct {
	addr string
	kind fetch.AddrKind
}{
	// The internet.
	{"93.184.215.14", fetch.KindPublic},
	{"8.8.8.8", fetch.KindPublic},
	{"1.1.1.1", fetch.KindPublic},
	{"172.15.255.255", fetch.KindPublic}, // just below 172.16/12
	{"172.32.0.0", fetch.KindPublic},     // just above
	{"100.63.255.255", fetch.KindPublic}, // just below 100.64/10
	{"100.128.0.0", fetch.KindPublic},    // just above
	{"169.253.255.255", fetch.KindPublic},
	{"223.255.255.255", fetch.KindPublic},
	{"2606:4700:4700::1111", fetch.KindPublic},
	{"2001:4860:4860::8888", fetch.KindPublic},
	{"::ffff:8.8.8.8", fetch.KindPublic},
	{"64:ff9b::808:808", fetch.KindPublic}, // NAT64 of 8.8.8.8
	{"2002:808:808::1", fetch.KindPublic},  // 6to4 of 8.8.8.8

	// This computer.
	{"127.0.0.1", fetch.KindLoopback},
	{"127.1.2.3", fetch.KindLoopback},
	{"127.255.255.255", fetch.KindLoopback},
	{"::1", fetch.KindLoopback},
	{"::ffff:127.0.0.1", fetch.KindLoopback},

	// A local network.
	{"10.0.0.1", fetch.KindPrivate},
	{"10.255.255.255", fetch.KindPrivate},
	{"172.16.0.1", fetch.KindPrivate},
	{"172.31.255.255", fetch.KindPrivate},
	{"192.168.1.10", fetch.KindPrivate},
	{"100.64.0.1", fetch.KindPrivate},
	{"100.127.255.255", fetch.KindPrivate},
	{"fc00::1", fetch.KindPrivate},
	{"fd12:3456:789a::1", fetch.KindPrivate},
	{"::ffff:10.1.2.3", fetch.KindPrivate},
	{"::ffff:192.168.0.1", fetch.KindPrivate},

	// Never.
	{"169.254.169.254", fetch.KindLinkLocal}, // cloud metadata
	{"169.254.0.1", fetch.KindLinkLocal},
	{"fe80::1", fetch.KindLinkLocal},
	{"fe80::1%eth0", fetch.KindLinkLocal},
	{"febf:ffff::1", fetch.KindLinkLocal},
	{"::ffff:169.254.169.254", fetch.KindLinkLocal},
	{"::ffff:a9fe:a9fe", fetch.KindLinkLocal},
	{"64:ff9b::a9fe:a9fe", fetch.KindLinkLocal}, // NAT64 of 169.254.169.254
	{"2002:a9fe:a9fe::", fetch.KindLinkLocal},   // 6to4 of 169.254.169.254
	{"::169.254.169.254", fetch.KindLinkLocal},  // IPv4-compatible
	{"224.0.0.1", fetch.KindMulticast},
	{"239.255.255.250", fetch.KindMulticast},
	{"ff02::1", fetch.KindMulticast},
	{"ff05::1:3", fetch.KindMulticast},
	{"::ffff:224.0.0.251", fetch.KindMulticast},
	{"0.0.0.0", fetch.KindUnspecified},
	{"::", fetch.KindUnspecified},
	{"::ffff:0.0.0.0", fetch.KindUnspecified},
	{"0.1.2.3", fetch.KindReserved},
	{"0.255.255.255", fetch.KindReserved},
	{"240.0.0.1", fetch.KindReserved},
	{"255.255.255.255", fetch.KindReserved}, // broadcast
	{"::ffff:255.255.255.255", fetch.KindReserved},
	{"fec0::1", fetch.KindReserved},               // site-local
	{"2001::1", fetch.KindReserved},               // Teredo
	{"100::1", fetch.KindReserved},                // discard
	{"64:ff9b:1::a00:1", fetch.KindReserved},      // local-use NAT64
	{"::127.0.0.1", fetch.KindReserved},           // IPv4-compatible loopback
	{"::10.0.0.1", fetch.KindReserved},            // IPv4-compatible private
	{"::0.0.0.2", fetch.KindReserved},             // IPv4-compatible 0.0.0.0/8
	{"64:ff9b::7f00:1", fetch.KindReserved},       // NAT64 of 127.0.0.1
	{"64:ff9b::a00:1", fetch.KindReserved},        // NAT64 of 10.0.0.1
	{"64:ff9b::c0a8:101", fetch.KindReserved},     // NAT64 of 192.168.1.1
	{"64:ff9b::6440:1", fetch.KindReserved},       // NAT64 of 100.64.0.1
	{"2002:7f00:1::1", fetch.KindReserved},        // 6to4 of 127.0.0.1
	{"2002:c0a8:101::1", fetch.KindReserved},      // 6to4 of 192.168.1.1
	{"2002:e000:1::", fetch.KindMulticast},        // 6to4 of 224.0.0.1
	{"64:ff9b::ffff:ffff", fetch.KindReserved},    // NAT64 of the broadcast address
	{"64:ff9b::", fetch.KindUnspecified},          // NAT64 of 0.0.0.0
	{"::ffff:100.64.0.1", fetch.KindPrivate},      // mapped CGNAT
	{"::ffff:172.16.0.1", fetch.KindPrivate},      // mapped RFC 1918
	{"fdff:ffff:ffff:ffff::1", fetch.KindPrivate}, // the end of fc00::/7
}

func TestClassify(t *testing.T) {
	for _, c := range classified {
		a := netip.MustParseAddr(c.addr)
		if got := fetch.Classify(a); got != c.kind {
			t.Errorf("Classify(%s) = %v, want %v", c.addr, got, c.kind)
		}
	}
	if got := fetch.Classify(netip.Addr{}); got != fetch.KindReserved {
		t.Errorf("the invalid Addr is %v", got)
	}
}

func TestScopePermits(t *testing.T) {
	scopes := []fetch.Scope{fetch.Public, fetch.PublicAndPrivate, fetch.LocalNetwork, fetch.LocalAndLoopback, fetch.Scope(9)}
	permitted := map[fetch.AddrKind][]bool{ // by scope, in the order above
		fetch.KindPublic:      {true, true, false, false, false},
		fetch.KindLoopback:    {false, true, false, true, false},
		fetch.KindPrivate:     {false, true, true, true, false},
		fetch.KindLinkLocal:   {false, false, false, false, false},
		fetch.KindMulticast:   {false, false, false, false, false},
		fetch.KindUnspecified: {false, false, false, false, false},
		fetch.KindReserved:    {false, false, false, false, false},
	}
	for _, c := range classified {
		a := netip.MustParseAddr(c.addr)
		for i, s := range scopes {
			if got, want := s.Permits(a), permitted[c.kind][i]; got != want {
				t.Errorf("%v.Permits(%s) = %v, want %v", s, c.addr, got, want)
			}
		}
	}
}

// FuzzClassify holds the policy's invariants for any address: a mapped
// address is the IPv4 address it maps; the addresses no scope reaches are
// reached by none; Public reaches only the public; the zone never matters.
func FuzzClassify(f *testing.F) {
	for _, c := range classified {
		f.Add(netip.MustParseAddr(c.addr).AsSlice())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, ok := netip.AddrFromSlice(b)
		if !ok {
			return
		}
		k := fetch.Classify(a)
		if a.Is4() {
			if m := fetch.Classify(netip.AddrFrom16(a.As16())); m != k {
				t.Errorf("%s is %v, mapped %v", a, k, m)
			}
		} else if z := fetch.Classify(a.WithZone("eth0")); z != k {
			t.Errorf("%s is %v, with a zone %v", a, k, z)
		}
		never := k == fetch.KindLinkLocal || k == fetch.KindMulticast || k == fetch.KindUnspecified || k == fetch.KindReserved
		for _, s := range []fetch.Scope{fetch.Public, fetch.PublicAndPrivate, fetch.LocalNetwork, fetch.LocalAndLoopback} {
			if never && s.Permits(a) {
				t.Errorf("%v reaches %s, %v", s, a, k)
			}
		}
		if fetch.Public.Permits(a) != (k == fetch.KindPublic) {
			t.Errorf("Public.Permits(%s) = %v for %v", a, fetch.Public.Permits(a), k)
		}
		if k == fetch.KindPublic && (a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsMulticast() || a.IsUnspecified()) {
			t.Errorf("%s is public", a)
		}
	})
}
