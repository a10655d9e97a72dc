package lanshare

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitLimit bounds every wait; tests assert what happens, not how fast.
const waitLimit = 10 * time.Second

var (
	loopback = net.IPv4(127, 0, 0, 1)
	clock    = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
)

func fixedClock() time.Time { return clock }

// noLeaks fails t if goroutines started during the test outlive it. Call it
// first, so that its check runs after every other cleanup.
func noLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(waitLimit)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("%d goroutines before the test, %d after:\n%s", before, runtime.NumGoroutine(), buf)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// start starts a share on loopback and stops it when the test ends.
func start(t *testing.T, body []byte, opts Options) *Share {
	t.Helper()
	if opts.IP == nil {
		opts.IP = loopback
	}
	if opts.Now == nil {
		opts.Now = fixedClock
	}
	s, err := Start(body, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// client returns an HTTP client that keeps no connections open.
func client(t *testing.T) *http.Client {
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: waitLimit}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request and reads the whole answer.
func do(t *testing.T, c *http.Client, method, url string) (answer, error) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{resp.StatusCode, resp.Header, body}, nil
}

// mustDo is do that fails the test on a transport error.
func mustDo(t *testing.T, c *http.Client, method, url string) answer {
	t.Helper()
	a, err := do(t, c, method, url)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return a
}

func waitDone(t *testing.T, s *Share) {
	t.Helper()
	select {
	case <-s.Done():
	case <-time.After(waitLimit):
		t.Fatalf("share still running after %v: %+v", waitLimit, s.Result())
	}
}

func isDone(s *Share) bool {
	select {
	case <-s.Done():
		return true
	default:
		return false
	}
}

// assertClosed checks that nothing listens at the share's address any more.
func assertClosed(t *testing.T, s *Share) {
	t.Helper()
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", u.Host, waitLimit); err == nil {
		c.Close()
		t.Errorf("could still connect to %s after the share ended", u.Host)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestServedOnce(t *testing.T) {
	noLeaks(t)
	body := randomBytes(200 << 10)
	s := start(t, body, Options{ContentType: "application/vp+jwt", Filename: "presentation.jwt"})
	c := client(t)

	a := mustDo(t, c, http.MethodGet, s.URL())
	if a.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", a.status, a.body)
	}
	if !bytes.Equal(a.body, body) {
		t.Fatalf("got %d bytes, not the %d shared", len(a.body), len(body))
	}
	for k, want := range map[string]string{
		"Content-Type":           "application/vp+jwt",
		"Content-Length":         strconv.Itoa(len(body)),
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
		"Content-Disposition":    "attachment; filename=presentation.jwt",
	} {
		if got := a.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}

	waitDone(t, s)
	want := Result{State: Fetched, At: clock, By: "127.0.0.1"}
	if got := s.Result(); got != want {
		t.Errorf("Result() = %+v, want %+v", got, want)
	}
	if a, err := do(t, c, http.MethodGet, s.URL()); err == nil {
		t.Errorf("second GET after the share ended: status %d, want a refused connection", a.status)
	}
	assertClosed(t, s)
	s.Stop()
	if got := s.Result(); got != want {
		t.Errorf("after Stop, Result() = %+v, want it to stay %+v", got, want)
	}
}

func TestDefaultHeaders(t *testing.T) {
	noLeaks(t)
	s := start(t, []byte("x"), Options{})
	a := mustDo(t, client(t), http.MethodHead, s.URL())
	if got := a.header.Get("Content-Type"); got != "application/octet-stream" {
		t.Errorf("Content-Type %q, want application/octet-stream", got)
	}
	if got := a.header.Get("Content-Disposition"); got != "attachment" {
		t.Errorf("Content-Disposition %q, want attachment", got)
	}
}

func TestWrongRequestsLeaveItOpen(t *testing.T) {
	noLeaks(t)
	body := []byte(`{"type":"VerifiablePresentation"}`)
	s := start(t, body, Options{})
	c := client(t)
	u, _ := url.Parse(s.URL())
	token := strings.TrimPrefix(u.Path, "/s/")
	base := "http://" + u.Host

	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/", 404},
		{"GET", "/s/", 404},
		{"GET", "/s/" + token + "x", 404},
		{"GET", "/s/" + token[:len(token)-1], 404},
		{"GET", "/s/" + strings.ToUpper(token), 404},
		{"GET", "/s/" + token + "/", 404},
		{"GET", "/S/" + token, 404},
		{"GET", "/s/" + strings.ToLower(rand.Text()), 404},
		{"POST", "/", 404},
		{"POST", "/s/" + token, 405},
		{"PUT", "/s/" + token, 405},
		{"DELETE", "/s/" + token, 405},
		{"OPTIONS", "/s/" + token, 405},
	} {
		a := mustDo(t, c, tc.method, base+tc.path)
		if a.status != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, a.status, tc.status)
		}
		if bytes.Contains(a.body, body) {
			t.Errorf("%s %s: answer contains the shared body", tc.method, tc.path)
		}
		if len(a.body) == 0 {
			t.Errorf("%s %s: no explanation in the answer", tc.method, tc.path)
		}
		if tc.status == 405 && a.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q, want GET, HEAD", tc.method, tc.path, a.header.Get("Allow"))
		}
	}
	if r := s.Result(); r.State != Open || isDone(s) {
		t.Fatalf("after wrong requests the share ended: %+v", r)
	}
	if a := mustDo(t, c, http.MethodGet, s.URL()); a.status != 200 || !bytes.Equal(a.body, body) {
		t.Fatalf("GET after wrong requests: status %d, body %q", a.status, a.body)
	}
	waitDone(t, s)
}

func TestHeadDoesNotConsume(t *testing.T) {
	noLeaks(t)
	body := randomBytes(1000)
	s := start(t, body, Options{ContentType: "application/json"})
	c := client(t)
	for range 3 {
		a := mustDo(t, c, http.MethodHead, s.URL())
		if a.status != 200 || len(a.body) != 0 {
			t.Fatalf("HEAD: status %d, %d bytes of body", a.status, len(a.body))
		}
		if got := a.header.Get("Content-Length"); got != "1000" {
			t.Errorf("HEAD Content-Length %q, want 1000", got)
		}
		if got := a.header.Get("Content-Type"); got != "application/json" {
			t.Errorf("HEAD Content-Type %q, want application/json", got)
		}
	}
	if s.Result().State != Open {
		t.Fatalf("HEAD ended the share: %+v", s.Result())
	}
	if a := mustDo(t, c, http.MethodGet, s.URL()); a.status != 200 || !bytes.Equal(a.body, body) {
		t.Fatalf("GET after HEAD: status %d", a.status)
	}
	waitDone(t, s)
}

func TestExpires(t *testing.T) {
	noLeaks(t)
	s := start(t, []byte("x"), Options{TTL: 100 * time.Millisecond})
	waitDone(t, s)
	if want := (Result{State: Expired, At: clock}); s.Result() != want {
		t.Errorf("Result() = %+v, want %+v", s.Result(), want)
	}
	if a, err := do(t, client(t), http.MethodGet, s.URL()); err == nil {
		t.Errorf("GET after expiry: status %d, want a refused connection", a.status)
	}
	assertClosed(t, s)
}

func TestStop(t *testing.T) {
	noLeaks(t)
	s := start(t, []byte("x"), Options{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(s.Stop)
	}
	wg.Wait()
	if !isDone(s) {
		t.Fatal("Done not closed after Stop returned")
	}
	if want := (Result{State: Stopped, At: clock}); s.Result() != want {
		t.Errorf("Result() = %+v, want %+v", s.Result(), want)
	}
	s.Stop() // once more, after the end
	if a, err := do(t, client(t), http.MethodGet, s.URL()); err == nil {
		t.Errorf("GET after Stop: status %d, want a refused connection", a.status)
	}
	assertClosed(t, s)
}

func TestConcurrentGetsServeOnce(t *testing.T) {
	noLeaks(t)
	body := randomBytes(64 << 10)
	s := start(t, body, Options{})
	c := client(t)

	const n = 20
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		served  int
		others  []string
		startGo = make(chan struct{})
	)
	for range n {
		wg.Go(func() {
			<-startGo
			a, err := do(t, c, http.MethodGet, s.URL())
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				others = append(others, "error") // the listener had closed
			case a.status == 200:
				served++
				if !bytes.Equal(a.body, body) {
					t.Errorf("200 with %d bytes, not the %d shared", len(a.body), len(body))
				}
			case a.status == http.StatusGone:
				if !strings.Contains(string(a.body), "share again") {
					t.Errorf("410 without an explanation: %q", a.body)
				}
				others = append(others, "410")
			default:
				t.Errorf("unexpected status %d", a.status)
			}
		})
	}
	close(startGo)
	wg.Wait()
	if served != 1 {
		t.Fatalf("%d clients got the body, want exactly 1 (others: %v)", served, others)
	}
	t.Logf("the other %d clients got: %v", len(others), others)
	waitDone(t, s)
	if r := s.Result(); r.State != Fetched || r.By != "127.0.0.1" {
		t.Errorf("Result() = %+v, want fetched by 127.0.0.1", r)
	}
}

// A recipient that goes away during the download does not use up the share.
func TestInterruptedDownloadStaysOpen(t *testing.T) {
	noLeaks(t)
	// Far more than loopback socket buffers hold, so the write is still
	// going on when the first client hangs up.
	body := bytes.Repeat([]byte("0123456789abcdef"), 1<<20) // 16 MiB
	s := start(t, body, Options{})
	u, _ := url.Parse(s.URL())

	conn, err := net.DialTimeout("tcp", u.Host, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(waitLimit))
	if _, err := io.WriteString(conn, "GET "+u.Path+" HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 12)
	if _, err := io.ReadFull(conn, head); err != nil {
		t.Fatal(err)
	}
	if string(head) != "HTTP/1.1 200" {
		t.Fatalf("answer starts %q", head)
	}
	conn.Close() // hang up with most of the body unread

	// This GET waits until the first write has failed, then gets the body.
	a := mustDo(t, client(t), http.MethodGet, s.URL())
	if a.status != 200 || !bytes.Equal(a.body, body) {
		t.Fatalf("GET after an interrupted download: status %d, %d bytes", a.status, len(a.body))
	}
	waitDone(t, s)
	if s.Result().State != Fetched {
		t.Errorf("Result() = %+v, want fetched", s.Result())
	}
}

// Requests that reach the handler after the share ended get 410 Gone.
func TestGoneAfterEnd(t *testing.T) {
	noLeaks(t)
	s := start(t, []byte("secret"), Options{})
	s.Stop()
	u, _ := url.Parse(s.URL())
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		w := httptest.NewRecorder()
		s.serveHTTP(w, httptest.NewRequest(method, u.Path, nil))
		if w.Code != http.StatusGone {
			t.Errorf("%s after Stop: status %d, want 410", method, w.Code)
		}
		if method == http.MethodGet && w.Body.String() != goneText+"\n" {
			t.Errorf("%s after Stop: body %q", method, w.Body)
		}
	}
}

func TestURL(t *testing.T) {
	noLeaks(t)
	re := regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*/s/[a-z2-7]{26,}$`)
	a := start(t, []byte("x"), Options{})
	b := start(t, []byte("x"), Options{})
	for _, s := range []*Share{a, b} {
		if !re.MatchString(s.URL()) {
			t.Errorf("URL() = %q, want it to match %s", s.URL(), re)
		}
	}
	if a.URL()[strings.LastIndex(a.URL(), "/"):] == b.URL()[strings.LastIndex(b.URL(), "/"):] {
		t.Errorf("two shares have the same token: %s, %s", a.URL(), b.URL())
	}

	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln.Close()
	v6 := start(t, []byte("x"), Options{IP: net.IPv6loopback})
	if !regexp.MustCompile(`^http://\[::1\]:[1-9][0-9]*/s/[a-z2-7]{26,}$`).MatchString(v6.URL()) {
		t.Errorf("IPv6 URL() = %q, want the address in brackets", v6.URL())
	}
	if a := mustDo(t, client(t), http.MethodGet, v6.URL()); a.status != 200 {
		t.Errorf("GET over IPv6: status %d", a.status)
	}
	waitDone(t, v6)
	if r := v6.Result(); r.By != "::1" {
		t.Errorf("By = %q, want ::1", r.By)
	}
}

func TestTTL(t *testing.T) {
	noLeaks(t)
	for _, tc := range []struct {
		ttl, want time.Duration
	}{
		{0, DefaultTTL},
		{time.Second, time.Second},
		{5 * time.Minute, 5 * time.Minute},
		{MaxTTL, MaxTTL},
		{MaxTTL + time.Nanosecond, MaxTTL},
		{24 * time.Hour, MaxTTL},
	} {
		s := start(t, []byte("x"), Options{TTL: tc.ttl})
		if got := s.Expires().Sub(clock); got != tc.want {
			t.Errorf("TTL %v: expires after %v, want %v", tc.ttl, got, tc.want)
		}
		s.Stop()
	}
}

func TestStartErrors(t *testing.T) {
	noLeaks(t)
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port

	for _, tc := range []struct {
		name      string
		body      []byte
		opts      Options
		noNetwork bool
		advice    string // what the error tells the learner to do
	}{
		{"no IP", []byte("x"), Options{}, true, "choose the network"},
		{"IPv4 any", []byte("x"), Options{IP: net.IPv4zero}, true, "choose the network"},
		{"IPv6 any", []byte("x"), Options{IP: net.IPv6unspecified}, true, "choose the network"},
		{"multicast", []byte("x"), Options{IP: net.IPv4(224, 0, 0, 1)}, true, "choose the network"},
		{"not an IP", []byte("x"), Options{IP: net.IP{1, 2, 3}}, true, "choose the network"},
		{"empty body", nil, Options{IP: loopback}, false, "empty"},
		{"negative TTL", []byte("x"), Options{IP: loopback, TTL: -time.Second}, false, "use 0"},
		{"bad port", []byte("x"), Options{IP: loopback, Port: 70000}, false, "use 0"},
		{"bad content type", []byte("x"), Options{IP: loopback, ContentType: "application/json\r\nX-Evil: 1"}, false, "such as application/json"},
		{"port in use", []byte("x"), Options{IP: loopback, Port: busyPort}, false, "choose it again"},
		{"not this device's address", []byte("x"), Options{IP: net.IPv4(192, 0, 2, 1)}, false, "choose it again"}, // TEST-NET-1
	} {
		s, err := Start(tc.body, tc.opts)
		if err == nil {
			s.Stop()
			t.Errorf("%s: Start succeeded", tc.name)
			continue
		}
		if got := errors.Is(err, ErrNoNetwork); got != tc.noNetwork {
			t.Errorf("%s: errors.Is(%q, ErrNoNetwork) = %v", tc.name, err, got)
		}
		if !strings.Contains(err.Error(), tc.advice) {
			t.Errorf("%s: %q does not say %q", tc.name, err, tc.advice)
		}
	}
}

func TestStartCopiesBody(t *testing.T) {
	noLeaks(t)
	body := []byte("original")
	s := start(t, body, Options{})
	copy(body, "changed!")
	if a := mustDo(t, client(t), http.MethodGet, s.URL()); string(a.body) != "original" {
		t.Errorf("served %q, want the body as it was at Start", a.body)
	}
}

func TestStateString(t *testing.T) {
	for st, want := range map[State]string{
		Open: "waiting", Fetched: "fetched", Expired: "expired", Stopped: "stopped", Failed: "failed", 99: "State(99)",
	} {
		if got := st.String(); got != want {
			t.Errorf("State(%d).String() = %q, want %q", int(st), got, want)
		}
	}
}

func TestSanitizeFilename(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"presentation.json":        "presentation.json",
		"My CLR 2025.json":         "My CLR 2025.json",
		"../../etc/passwd":         "passwd",
		`C:\Users\me\vp.jwt`:       "vp.jwt",
		".hidden":                  "hidden",
		"a\r\nContent-Type: x.txt": "a__Content-Type_ x.txt",
		`say "hi";.json`:           "say _hi__.json",
		"résumé.json":              "r_sum_.json",
		"///":                      "",
		"***":                      "",
		"..":                       "",
		strings.Repeat("a", 300):   strings.Repeat("a", maxFilename),
	} {
		if got := sanitizeFilename(in); got != want {
			t.Errorf("sanitizeFilename(%q) = %q, want %q", in, got, want)
		}
	}
	if got := disposition("My CLR.json"); got != `attachment; filename="My CLR.json"` {
		t.Errorf("disposition = %q", got)
	}
}

func TestInterfaces(t *testing.T) {
	got, err := Interfaces()
	if err != nil {
		t.Fatalf("Interfaces: %v", err)
	}
	seenV6 := false
	for _, i := range got {
		t.Logf("%s", i)
		switch {
		case i.IP.IsLoopback(), i.IP.IsUnspecified():
			t.Errorf("%s should not be offered", i)
		case i.IP.To4() == nil && i.IP.IsLinkLocalUnicast():
			t.Errorf("%s is link-local IPv6, which needs a zone", i)
		}
		if i.IP.To4() == nil {
			seenV6 = true
		} else if seenV6 {
			t.Errorf("IPv4 %s listed after an IPv6 address", i)
		}
		if i.Name == "" {
			t.Errorf("%s has no name", i)
		}
	}
}

func TestRankInterfaces(t *testing.T) {
	in := []Interface{
		{"eth0", net.ParseIP("2001:db8::1")},
		{"eth0", net.ParseIP("fe80::1")},
		{"eth0", net.ParseIP("fd00::5")},
		{"eth0", net.ParseIP("203.0.113.7")},
		{"wlan0", net.ParseIP("169.254.3.4")},
		{"wlan0", net.ParseIP("192.168.1.20")},
		{"docker0", net.ParseIP("172.17.0.1")},
		{"lo", net.ParseIP("127.0.0.1")},
		{"lo", net.ParseIP("::1")},
	}
	var got []string
	for _, i := range rankInterfaces(in) {
		got = append(got, i.String())
	}
	want := []string{ // a container bridge last, whatever its address
		"wlan0 (192.168.1.20)",
		"eth0 (203.0.113.7)",
		"wlan0 (169.254.3.4)",
		"eth0 (fd00::5)",
		"eth0 (2001:db8::1)",
		"docker0 (172.17.0.1)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rankInterfaces:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := (Interface{IP: net.ParseIP("203.0.113.7")}).Reachable(); !strings.Contains(r, "public") {
		t.Errorf("a public address is reachable by %q", r)
	}
	if r := (Interface{IP: net.ParseIP("192.168.1.20")}).Reachable(); r != "the local network" {
		t.Errorf("a private address is reachable by %q", r)
	}
	if got := (Interface{IP: loopback}).String(); got != "127.0.0.1" {
		t.Errorf("String without a name = %q", got)
	}
}

// TestAgainOnlyForTheSameDevice: with Options.Again, the device that made
// the first download may fetch it again for a while (browsers that fetch
// twice), and no one else can; then the share closes.
func TestAgainOnlyForTheSameDevice(t *testing.T) {
	noLeaks(t)
	body := randomBytes(4000)
	s := start(t, body, Options{Again: 300 * time.Millisecond})
	c := client(t)
	if a := mustDo(t, c, http.MethodGet, s.URL()); a.status != http.StatusOK || !bytes.Equal(a.body, body) {
		t.Fatalf("first GET: %d", a.status)
	}
	select {
	case <-s.Fetched():
	case <-time.After(waitLimit):
		t.Fatal("Fetched not closed after the download")
	}
	if r := s.Result(); r.State != Fetched || r.By != "127.0.0.1" {
		t.Errorf("Result = %+v", r)
	}

	// Another device on the network (another loopback address here): gone.
	other := &http.Client{Timeout: waitLimit, Transport: &http.Transport{DisableKeepAlives: true,
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	if a, err := do(t, other, http.MethodGet, s.URL()); err == nil && a.status != http.StatusGone {
		t.Errorf("another device got %d during the grace", a.status)
	}
	// The same device, again: the same bytes.
	if a := mustDo(t, c, http.MethodGet, s.URL()); a.status != http.StatusOK || !bytes.Equal(a.body, body) {
		t.Errorf("the same device again: %d", a.status)
	}
	waitDone(t, s)
	if r := s.Result(); r.State != Fetched || r.By != "127.0.0.1" {
		t.Errorf("final Result = %+v", r)
	}
	assertClosed(t, s)
}

// A recipient that breaks off the download has not fetched it, even when
// the body is small enough to be written at once into this device's
// buffers (as a presentation is): the share stays open for another try.
func TestBrokenOffDownloadIsNotFetched(t *testing.T) {
	if runtime.GOOS != "linux" {
		// A recipient that closes before the rest arrived may look like
		// one that read it all (see received).
		t.Skip("this system does not tell what the recipient acknowledged")
	}
	body := randomBytes(64 << 10)
	for _, read := range []int{0, len(body) / 2, len(body) - 1} {
		t.Run(strconv.Itoa(read), func(t *testing.T) {
			noLeaks(t)
			s := start(t, body, Options{})
			u, _ := url.Parse(s.URL())
			conn, err := net.DialTimeout("tcp", u.Host, waitLimit)
			if err != nil {
				t.Fatal(err)
			}
			conn.SetDeadline(time.Now().Add(waitLimit))
			if _, err := io.WriteString(conn, "GET "+u.Path+" HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			// The header, then read bytes of the body.
			r := bufio.NewReader(conn)
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if _, err := io.ReadFull(resp.Body, make([]byte, read)); err != nil {
				t.Fatal(err)
			}
			conn.Close() // with the rest of the body unread

			a := mustDo(t, client(t), http.MethodGet, s.URL())
			if a.status != http.StatusOK || !bytes.Equal(a.body, body) {
				t.Fatalf("GET after a download broken off after %d bytes: status %d, %d bytes", read, a.status, len(a.body))
			}
			waitDone(t, s)
			if r := s.Result(); r.State != Fetched || r.By != "127.0.0.1" {
				t.Errorf("Result() = %+v, want fetched by the second GET", r)
			}
		})
	}
}

// TestFetchable: another wallet fetches share links from private addresses
// only, as wallet.FetchShared does.
func TestFetchable(t *testing.T) {
	for ip, want := range map[string]bool{
		"192.168.1.20": true, "10.0.0.2": true, "172.16.5.4": true, "100.64.1.2": true, "fd12:3456::1": true,
		"169.254.3.3": false, "127.0.0.1": false, "fe80::1": false, "::1": false, "203.0.113.7": false, "8.8.8.8": false,
	} {
		i := Interface{IP: net.ParseIP(ip)}
		if got := i.Fetchable(); got != want {
			t.Errorf("Fetchable(%s) = %v, want %v", ip, got, want)
		}
		// Carrier-grade NAT is fetched, but shared with the ISP's other
		// customers: warned of all the same.
		if i.Warn() != (!want || ip == "100.64.1.2") && ip != "127.0.0.1" && ip != "::1" {
			t.Errorf("Warn(%s) = %v", ip, i.Warn())
		}
	}
}

func TestPrivate(t *testing.T) {
	for ip, want := range map[string]bool{
		"192.168.1.20": true, "10.0.0.2": true, "172.16.5.4": true, "169.254.3.3": true, "127.0.0.1": true,
		"fd12:3456::1": true, "fe80::1": true, "::1": true,
		"203.0.113.7": false, "8.8.8.8": false, "2001:db8::7": false,
	} {
		if got := (Interface{IP: net.ParseIP(ip)}).Private(); got != want {
			t.Errorf("Private(%s) = %v, want %v", ip, got, want)
		}
	}
}
