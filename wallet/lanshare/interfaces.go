package lanshare

import (
	"net"
	"net/netip"
	"sort"
	"strings"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

// Interface is a local address a share can listen on, as the learner sees it.
type Interface struct {
	Name string // the OS's name, e.g. "wlan0"
	IP   net.IP
}

// String returns the interface as the learner sees it, e.g.
// "wlan0 (192.168.1.20)".
func (i Interface) String() string {
	if i.Name == "" {
		return i.IP.String()
	}
	return i.Name + " (" + i.IP.String() + ")"
}

// Interfaces lists the addresses of this device that a phone on the same
// network can reach: those of interfaces that are up and are neither
// loopback nor point-to-point (VPN tunnels, which the phone is not on).
// IPv4 addresses come first, private ones before the rest; then IPv6 unique
// local and global addresses. Link-local IPv6 addresses are left out, because
// a URL for them needs a zone that a phone cannot know. Within a rank the
// system's order is kept.
func Interfaces() ([]Interface, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []Interface
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagRunning == 0 || ifc.Flags&(net.FlagLoopback|net.FlagPointToPoint) != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue // the interface went away, or its addresses cannot be read: not one to offer
		}
		for _, a := range addrs {
			ipnet, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			out = append(out, Interface{Name: ifc.Name, IP: ipnet.IP})
		}
	}
	return rankInterfaces(out), nil
}

// rankInterfaces drops the addresses a phone cannot use and sorts the rest
// stably by rank.
func rankInterfaces(in []Interface) []Interface {
	out := make([]Interface, 0, len(in))
	for _, i := range in {
		if rank(i.IP) >= 0 {
			out = append(out, i)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return rankOf(out[a]) < rankOf(out[b]) })
	return out
}

// virtualPrefixes name the interfaces of containers, virtual machines and
// VPNs, which no phone in the room is on: offered last, never by default
// when a real network is there.
var virtualPrefixes = []string{"docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "lxc", "lxd", "cni", "flannel",
	"cali", "podman", "tun", "tap", "wg", "tailscale", "zt", "utun"}

func rankOf(i Interface) int {
	r := rank(i.IP)
	for _, p := range virtualPrefixes {
		if strings.HasPrefix(i.Name, p) {
			return r + 10
		}
	}
	return r
}

// Reachable says who can reach an address: "the local network" for a
// private one, else a warning: that it is public, or that another Learner
// Wallet will not fetch from it.
func (i Interface) Reachable() string {
	switch {
	case i.Private() && i.Fetchable():
		return "the local network"
	case i.Private():
		return "the local network, but not by another Learner Wallet, which fetches share links only from private addresses (a phone's browser can open it)"
	}
	return "the local network, and possibly the internet: this address is public, and another Learner Wallet will not fetch from it (a phone's browser can)"
}

// Fetchable reports whether another Learner Wallet fetches a share link at
// the address: it fetches them only from private addresses (RFC 1918,
// carrier-grade NAT, IPv6 unique local), never from public, link-local or
// loopback ones, whatever a QR code says.
func (i Interface) Fetchable() bool {
	a, ok := netip.AddrFromSlice(i.IP)
	return ok && fetch.LocalNetwork.Permits(a.Unmap())
}

// Warn reports whether sharing on the address deserves a warning: it is
// public, or another wallet would not fetch from it.
func (i Interface) Warn() bool { return !i.Private() || !i.Fetchable() }

// Private reports whether only the local network can reach the address: it
// is private, link-local or loopback. A share on a public address may be
// reachable from the internet, which the learner should be told.
func (i Interface) Private() bool {
	return i.IP.IsPrivate() || i.IP.IsLinkLocalUnicast() || i.IP.IsLoopback()
}

// rank orders addresses for the learner, lowest first; -1 means leave it
// out.
func rank(ip net.IP) int {
	switch {
	case ip == nil, ip.IsUnspecified(), ip.IsLoopback(), ip.IsMulticast():
		return -1
	case ip.To4() != nil:
		switch {
		case ip.IsPrivate():
			return 0
		case ip.IsGlobalUnicast():
			return 1
		case ip.IsLinkLocalUnicast(): // 169.254.x.x: no DHCP, but a phone in the same state can reach it
			return 2
		}
		return -1
	case ip.IsLinkLocalUnicast():
		return -1
	case ip.IsPrivate(): // IPv6 unique local, fc00::/7
		return 3
	case ip.IsGlobalUnicast():
		return 4
	}
	return -1
}
