// Package lanshare hands one presentation to one device on the same local
// network, for when it is too big for a QR code.
//
// Start listens on the one address the learner chose — never on every
// network at once — and serves the bytes at http://IP:PORT/s/TOKEN. The app
// shows that URL as a QR code and the recipient's phone fetches it. The share
// ends, and its listener closes so nothing is left listening, at the first
// complete download, when its time limit passes (DefaultTTL unless set, at
// most MaxTTL), or when the learner stops it. Result then says which, and for
// a download when it happened and which address fetched it.
//
// # Security
//
// The token is at least 128 bits from crypto/rand and is compared in constant
// time, so the URL cannot be guessed, only seen. Only a GET of exactly that
// URL serves the body, and only once: downloads are served one at a time,
// and every request after the first complete one gets 410 Gone. A download
// counts only when the whole body was written to the connection and the
// recipient then closed it, as it does once it has read the whole answer; a
// recipient that broke the download off resets the connection instead, and
// can try again. One whose device dropped what it had received cannot (HTTP
// has no receipt): so Learner Wallet offers to save a fetched presentation
// at once. HEAD answers the
// headers without counting
// as a download. The share listens only on the address the learner chose,
// only while it runs.
//
// The connection is plain HTTP, because a phone has no way to check a
// certificate for a laptop on a home network. That is acceptable for a
// presentation: it is signed, so the recipient's verifier detects any change
// made on the way. It is not secret from the network, though: anyone on it
// who sees the URL (or the traffic) could fetch it first. The learner would
// know, because Result shows the address that fetched it, and the intended
// recipient would get 410 Gone. Shares are therefore short-lived and should be
// made on networks the learner trusts.
package lanshare

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTTL is how long a share stays open when Options.TTL is 0.
const DefaultTTL = 10 * time.Minute

// MaxTTL is the longest a share stays open, whatever Options.TTL says.
const MaxTTL = time.Hour

// Server limits. A recipient sends one small GET; anything slower or bigger
// than this is not a phone fetching a presentation.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = time.Minute
	idleTimeout       = 10 * time.Second
	maxHeaderBytes    = 8 << 10
	// shutdownGrace is how long the recipient's connection may take to
	// finish after a download before it is closed regardless.
	shutdownGrace = 2 * time.Second
)

// Texts of the answers a browser or phone may show.
const (
	goneText       = "This share has ended. Ask the learner to share again."
	notFoundText   = "Nothing is shared at this address. Check the address, or ask the learner to share again."
	notAllowedText = "Only GET and HEAD are allowed here."
)

// ErrNoNetwork means Options.IP did not name one network to share on.
var ErrNoNetwork = errors.New("choose the network the recipient is on")

// Options says where and how to share.
type Options struct {
	IP          net.IP           // address to listen on, one of this device's (see Interfaces); required
	Port        int              // 0 = any free port
	TTL         time.Duration    // how long the share stays open; 0 means DefaultTTL; capped at MaxTTL
	ContentType string           // e.g. "application/json" or "application/vp+jwt"; default application/octet-stream
	Filename    string           // offered in Content-Disposition: attachment; sanitized
	Now         func() time.Time // clock for Result times and Expires; nil = time.Now
	// Again is how long, after the first complete download, the device that
	// made it may download it again, for browsers that fetch a file twice
	// (the page, then a download manager). No one else can. 0 ends the
	// share at the first download.
	Again time.Duration
}

// State is where a share is in its life.
type State int

// The states of a share. Every state but Open is final.
const (
	Open    State = iota // waiting for the recipient
	Fetched              // one recipient received the whole body
	Expired              // the time limit passed first
	Stopped              // the learner stopped it
	Failed               // the server failed; see Result.Err
)

// String returns the state in plain words, as the learner may see it.
func (st State) String() string {
	switch st {
	case Open:
		return "waiting"
	case Fetched:
		return "fetched"
	case Expired:
		return "expired"
	case Stopped:
		return "stopped"
	case Failed:
		return "failed"
	}
	return "State(" + strconv.Itoa(int(st)) + ")"
}

// Result is what has become of a share.
type Result struct {
	State State
	At    time.Time // when it was fetched or ended; zero while Open
	By    string    // for Fetched: the IP address (no port) that fetched it
	Err   error     // for Failed: the server's error
}

// Share is one running share. Its methods are safe for concurrent use.
type Share struct {
	body        []byte
	path        string // "/s/" + token
	url         string
	expires     time.Time
	contentType string
	disposition string
	now         func() time.Time

	ln  net.Listener
	srv *http.Server

	// send is held while the body is being written, so that only one client
	// at a time can be receiving it.
	send sync.Mutex

	mu      sync.Mutex
	res     Result
	closing bool       // no new handlers may start
	active  int        // handlers running
	idle    *sync.Cond // signalled when active drops to 0; uses mu

	fetched  chan struct{} // closed by the handler that completed the download
	again    time.Duration // see Options.Again
	stop     chan struct{} // closed by Stop
	stopOnce sync.Once
	done     chan struct{} // closed once ended and drained
}

// Start listens on opts.IP and serves body, once, at URL. It returns once the
// listener is open; the share then runs until Done is closed. Start copies
// body.
func Start(body []byte, opts Options) (*Share, error) {
	ip, err := checkIP(opts.IP)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, errors.New("there is nothing to share: the presentation is empty")
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("port %d is not between 0 and 65535 (use 0 for any free port)", opts.Port)
	}
	ttl, err := effectiveTTL(opts.TTL)
	if err != nil {
		return nil, err
	}
	contentType := opts.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	} else if _, _, err := mime.ParseMediaType(contentType); err != nil {
		return nil, fmt.Errorf("content type %q is not a media type such as application/json", contentType)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}

	network := "tcp6"
	if ip.To4() != nil {
		network = "tcp4"
	}
	addr := net.JoinHostPort(ip.String(), strconv.Itoa(opts.Port))
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("cannot share on %s: %w; check that this device is still connected to that network, then choose it again", addr, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port

	token := strings.ToLower(rand.Text())
	s := &Share{
		body:        append([]byte(nil), body...),
		path:        "/s/" + token,
		url:         "http://" + net.JoinHostPort(ip.String(), strconv.Itoa(port)) + "/s/" + token,
		expires:     now().Add(ttl),
		contentType: contentType,
		disposition: disposition(opts.Filename),
		now:         now,
		ln:          trackingListener{ln},
		fetched:     make(chan struct{}),
		again:       max(opts.Again, 0),
		stop:        make(chan struct{}),
		done:        make(chan struct{}),
	}
	s.idle = sync.NewCond(&s.mu)
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0),
		// The handler learns how the recipient's connection ended from it.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
	// One request per connection: nothing lingers once the share is over.
	s.srv.SetKeepAlivesEnabled(false)

	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(s.ln) }()
	go s.run(ttl, served)
	return s, nil
}

// checkIP returns ip if a share can listen on it.
func checkIP(ip net.IP) (net.IP, error) {
	switch {
	case ip == nil:
		return nil, fmt.Errorf("no network chosen for the share: %w", ErrNoNetwork)
	case ip.To16() == nil:
		return nil, fmt.Errorf("%v is not an IP address: %w", ip, ErrNoNetwork)
	case ip.IsUnspecified():
		return nil, fmt.Errorf("%s would share on every network at once: %w", ip, ErrNoNetwork)
	case ip.IsMulticast():
		return nil, fmt.Errorf("%s is a multicast address, not this device's: %w", ip, ErrNoNetwork)
	}
	return ip, nil
}

// effectiveTTL applies the default and the cap to ttl.
func effectiveTTL(ttl time.Duration) (time.Duration, error) {
	switch {
	case ttl < 0:
		return 0, fmt.Errorf("time limit %v is negative: use 0 for the default of %v", ttl, DefaultTTL)
	case ttl == 0:
		return DefaultTTL, nil
	case ttl > MaxTTL:
		return MaxTTL, nil
	}
	return ttl, nil
}

// URL returns the address to give the recipient, as http://IP:PORT/s/TOKEN
// (an IPv6 address in brackets).
func (s *Share) URL() string { return s.url }

// Expires returns when the share ends if nobody fetches it, by Options.Now.
func (s *Share) Expires() time.Time { return s.expires }

// Done returns a channel closed once the share has ended, for any reason,
// and its listener is closed.
func (s *Share) Done() <-chan struct{} { return s.done }

// Stop ends the share now, aborting a download in progress, and returns once
// the listener is closed. It may be called any number of times, concurrently,
// and after the share has ended; it does not change the result of a share
// that had already ended.
func (s *Share) Stop() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
}

// Result returns what has become of the share so far. It is final once Done
// is closed.
func (s *Share) Result() Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.res
}

// run waits for the share to end, then closes the server and waits for its
// goroutines before closing done.
func (s *Share) run(ttl time.Duration, served <-chan error) {
	timer := time.NewTimer(ttl)
	defer timer.Stop()

	serveReturned := false
	select {
	case <-s.fetched:
		if s.again > 0 {
			// The same device may ask again for a while; Result is final.
			again := time.NewTimer(s.again)
			select {
			case <-again.C:
			case <-timer.C:
			case <-s.stop:
			case <-served: // the download happened: Fetched stands
				serveReturned = true
			}
			again.Stop()
		}
	case <-timer.C:
		s.end(Expired, nil)
	case <-s.stop:
		s.end(Stopped, nil)
	case err := <-served:
		serveReturned = true
		s.end(Failed, err)
	}

	if s.Result().State == Fetched {
		// Let the recipient's connection finish cleanly; new connections
		// are refused at once, as Shutdown closes the listener first.
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		go func() {
			select {
			case <-s.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		_ = s.srv.Shutdown(ctx)
		cancel()
	}
	_ = s.srv.Close()
	if !serveReturned {
		<-served
	}
	_ = s.ln.Close() // Serve closed it already; this makes sure.

	// Close does not wait for handlers: wait for them, so that nothing of the
	// share runs after Done and the result is final.
	s.mu.Lock()
	s.closing = true
	for s.active > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
	close(s.done)
}

// end records that the share ended for reason, unless it already had.
func (s *Share) end(st State, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.res.State == Open {
		s.res = Result{State: st, At: s.now(), Err: err}
	}
}

// enter registers a running handler; it reports false once the share is
// being closed.
func (s *Share) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.active++
	return true
}

// leave unregisters a running handler.
func (s *Share) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.active == 0 {
		s.idle.Broadcast()
	}
}

// serveHTTP answers every request the share's server receives.
func (s *Share) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if subtle.ConstantTimeCompare([]byte(r.URL.Path), []byte(s.path)) != 1 {
		http.Error(w, notFoundText, http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, notAllowedText, http.StatusMethodNotAllowed)
		return
	}
	if !s.enter() {
		http.Error(w, goneText, http.StatusGone)
		return
	}
	defer s.leave()

	if r.Method == http.MethodHead {
		if res := s.Result(); res.State != Open && !(res.State == Fetched && s.again > 0 && hostOf(r.RemoteAddr) == res.By) {
			http.Error(w, goneText, http.StatusGone)
			return
		}
		s.setHeaders(w)
		w.WriteHeader(http.StatusOK)
		return
	}

	s.send.Lock()
	defer s.send.Unlock()
	switch res := s.Result(); {
	case res.State == Open:
	case res.State == Fetched && s.again > 0 && hostOf(r.RemoteAddr) == res.By:
		// The device that fetched it, asking again (see Options.Again).
		s.setHeaders(w)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(s.body)
		return
	default:
		http.Error(w, goneText, http.StatusGone)
		return
	}
	s.setHeaders(w)
	w.WriteHeader(http.StatusOK)
	n, err := w.Write(s.body)
	if err == nil && n == len(s.body) {
		err = http.NewResponseController(w).Flush()
	}
	if err != nil || n != len(s.body) || !received(r) {
		return // the recipient went away; the share stays open for another try
	}
	s.fetchedBy(r.RemoteAddr)
}

// received waits, after the whole body was written to r's connection, for
// the recipient to end the connection, and reports whether it received the
// body. Written is not received: a body that fits in this device's socket
// buffers is written at once, however little of it the recipient reads.
//
// The answer says Connection: close, so a recipient that read it all
// closes the connection (the server reads io.EOF). One that broke the
// download off resets the connection; or it closed it before the rest
// arrived, and then it has acknowledged less than was sent (which the
// system tells where it can, on Linux) until the rest arrives, and it
// resets the connection then. A recipient that does neither before the
// server's read deadline, or a share stopped meanwhile, gives no sign of a
// broken download: the body counts as received, since the learner should
// rather know that it may have left the device.
func received(r *http.Request) bool {
	c, ok := r.Context().Value(connKey{}).(*trackedConn)
	if !ok {
		return true
	}
	t := time.NewTimer(writeTimeout)
	defer t.Stop()
	select {
	case <-r.Context().Done(): // the server's read of the connection ended
	case <-t.C:
		return true
	}
	switch err := c.readErr(); {
	case errors.Is(err, io.EOF):
		if n, known := unacknowledged(c.Conn); known && n > 0 {
			return false
		}
		return !resetSince(c.Conn)
	case err == nil, errors.Is(err, net.ErrClosed), errors.Is(err, os.ErrDeadlineExceeded):
		return true
	}
	return false // reset by the recipient
}

// resetSince reports whether c, which the other end closed, was reset since:
// reading it again gives that error, or io.EOF again. Nothing else reads c
// once the other end closed it.
func resetSince(c net.Conn) bool {
	if err := c.SetReadDeadline(time.Now()); err != nil {
		return false
	}
	_, err := c.Read(make([]byte, 1))
	return err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrDeadlineExceeded)
}

// connKey is the request context's key for the *trackedConn it came on.
type connKey struct{}

// trackingListener accepts connections that remember how reading from them
// ended.
type trackingListener struct{ net.Listener }

func (l trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &trackedConn{Conn: c}, nil
}

// trackedConn is a connection that remembers the first error reading from
// it returned: io.EOF when the other end closed it, a reset when it broke
// it off.
type trackedConn struct {
	net.Conn
	mu  sync.Mutex
	err error
}

func (c *trackedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.mu.Lock()
		if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *trackedConn) readErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// setHeaders sets the headers of a successful answer.
func (s *Share) setHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", s.contentType)
	h.Set("Content-Length", strconv.Itoa(len(s.body)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", s.disposition)
}

// fetchedBy records the completed download by remoteAddr and ends the share.
// A completed download wins over a stop or expiry that raced it, because
// the learner should know that the presentation left the device.
func (s *Share) fetchedBy(remoteAddr string) {
	host := hostOf(remoteAddr)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.res.State == Fetched {
		return
	}
	s.res = Result{State: Fetched, At: s.now(), By: host}
	close(s.fetched)
}

// disposition returns the Content-Disposition value offering filename.
func disposition(filename string) string {
	name := sanitizeFilename(filename)
	if name == "" {
		return "attachment"
	}
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// maxFilename bounds the offered file name, in bytes.
const maxFilename = 100

// sanitizeFilename reduces name to a plain file name a phone can save: its
// last path element, in ASCII letters, digits, spaces, '.', '-' and '_', with
// anything else replaced by '_', no leading dots (hidden files) and at most
// maxFilename bytes. It returns "" if nothing usable is left.
func sanitizeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '.', r == '-', r == '_', r == ' ':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= maxFilename {
			break
		}
	}
	out := strings.TrimLeft(b.String(), ". ")
	out = strings.TrimRight(out, ". ")
	if strings.Trim(out, "_") == "" {
		return ""
	}
	return out
}

// hostOf is the address of a request's remote end, without its port.
func hostOf(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

// Fetched is closed at the first complete download, which may come before
// Done when Options.Again lets that device ask again.
func (s *Share) Fetched() <-chan struct{} { return s.fetched }
