package fetch

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// fallbackDelay is how long a dial waits on the first address family
// before trying the other as well, as the standard dialer does (RFC 8305):
// a broken IPv6 route costs no more than this.
const fallbackDelay = 300 * time.Millisecond

// minDialShare is the least time one of several addresses is given before
// the next is tried.
const minDialShare = 2 * time.Second

// dialer is the one way a Client connects: it resolves the host, then
// connects to its addresses through a net.Dialer whose Control refuses,
// just before connect(2), every address the scope does not permit. Being
// on the connection itself, the check holds for redirects, for every
// address a name resolves to, and however often the answer changes (DNS
// rebinding).
type dialer struct {
	scope  Scope
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	net    net.Dialer
}

func newDialer(scope Scope, lookup func(context.Context, string) ([]netip.Addr, error), timeout time.Duration) *dialer {
	d := &dialer{scope: scope, lookup: lookup}
	if d.lookup == nil {
		d.lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	d.net = net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, ControlContext: d.control}
	return d
}

// hostKey carries the host being dialed to control, for its error.
type hostKey struct{}

// control is the policy, checked on the address about to be connected to.
func (d *dialer) control(ctx context.Context, network, address string, _ syscall.RawConn) error {
	host, _ := ctx.Value(hostKey{}).(string)
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &AddressError{Host: host, Kind: KindReserved, Scope: d.scope}
	}
	if k := Classify(ap.Addr()); !d.scope.permits(k) {
		return &AddressError{Host: host, Addr: ap.Addr(), Kind: k, Scope: d.scope}
	}
	return nil
}

// DialContext is the Transport's dial: address is host:port.
func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := net.LookupPort(network, portText)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else if addrs, err = d.lookup(ctx, host); err != nil {
		return nil, err
	}
	addrs = forNetwork(network, addrs)
	if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no address for the network " + network, Name: host, IsNotFound: true}
	}
	ctx = context.WithValue(ctx, hostKey{}, host)
	primary, fallback := byFamily(addrs)
	if len(fallback) == 0 {
		return d.dialSerial(ctx, network, primary, uint16(port))
	}
	return d.dialParallel(ctx, network, primary, fallback, uint16(port))
}

// forNetwork keeps the addresses, unmapped, that network can reach.
func forNetwork(network string, addrs []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, a := range addrs {
		a = a.Unmap()
		switch {
		case !a.IsValid():
		case network == "tcp4" && !a.Is4(), network == "tcp6" && !a.Is6():
		default:
			out = append(out, a)
		}
	}
	return out
}

// byFamily splits addrs into those of the first one's family and the rest.
func byFamily(addrs []netip.Addr) (primary, fallback []netip.Addr) {
	for _, a := range addrs {
		if a.Is4() == addrs[0].Is4() {
			primary = append(primary, a)
		} else {
			fallback = append(fallback, a)
		}
	}
	return primary, fallback
}

// dialSerial tries addrs in turn, each with a share of the time left, and
// returns the first connection. Failing, it returns the first error that
// was not the policy's, so that a refused address among reachable ones
// does not hide that the network is down; only when every address was
// refused is the error an *AddressError.
func (d *dialer) dialSerial(ctx context.Context, network string, addrs []netip.Addr, port uint16) (net.Conn, error) {
	var refused, failed error
	for i, a := range addrs {
		if ctx.Err() != nil {
			failed = firstErr(failed, ctx.Err())
			break
		}
		dctx, cancel := ctx, context.CancelFunc(func() {})
		if deadline, ok := ctx.Deadline(); ok && i < len(addrs)-1 {
			left := time.Until(deadline)
			if share := max(left/time.Duration(len(addrs)-i), minDialShare); share < left {
				dctx, cancel = context.WithTimeout(ctx, share)
			}
		}
		c, err := d.net.DialContext(dctx, network, netip.AddrPortFrom(a, port).String())
		cancel()
		if err == nil {
			return c, nil
		}
		if errors.Is(err, ErrForbiddenAddress) {
			refused = firstErr(refused, err)
		} else {
			failed = firstErr(failed, err)
		}
	}
	return nil, firstErr(failed, refused)
}

// firstErr returns the first of errs that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// dialParallel dials primary, and fallback too once the primary addresses
// have failed or fallbackDelay has passed; the first connection wins.
func (d *dialer) dialParallel(ctx context.Context, network string, primary, fallback []netip.Addr, port uint16) (net.Conn, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		conn net.Conn
		err  error
	}
	results := make(chan result, 2) // each dialSerial sends once, never blocking
	race := func(addrs []netip.Addr) {
		c, err := d.dialSerial(ctx, network, addrs, port)
		results <- result{c, err}
	}
	go race(primary)
	pending, fallbackStarted := 1, false
	startFallback := func() {
		if !fallbackStarted {
			fallbackStarted = true
			pending++
			go race(fallback)
		}
	}
	timer := time.NewTimer(fallbackDelay)
	defer timer.Stop()
	var refused, failed error
	for pending > 0 {
		select {
		case <-timer.C:
			startFallback()
		case r := <-results:
			pending--
			if r.err == nil {
				go func(n int) { // close the connections that lost the race
					for range n {
						if r := <-results; r.conn != nil {
							r.conn.Close()
						}
					}
				}(pending)
				return r.conn, nil
			}
			if errors.Is(r.err, ErrForbiddenAddress) {
				refused = firstErr(refused, r.err)
			} else {
				failed = firstErr(failed, r.err)
			}
			startFallback()
		}
	}
	return nil, firstErr(failed, refused)
}
