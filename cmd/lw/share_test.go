package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/lanshare"
)

// TestShareOnceThenCheck runs lw share on loopback and fetches the link
// with lw check-presentation, as the recipient would: the link delivers
// the presentation once, then sharing stops.
func TestShareOnceThenCheck(t *testing.T) {
	vp := filepath.Join("..", "..", "wallet", "testdata", "presentations", "two-courses.json")
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"share", "--network", "127.0.0.1", "--minutes", "1", "--again", "0", vp}, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	var link string
	var out strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "http://127.0.0.1:") {
			link = l
		}
		if strings.HasPrefix(line, "Waiting for the recipient") {
			break
		}
	}
	if link == "" {
		t.Fatalf("no link printed:\n%s%s", out.String(), stderr.String())
	}
	go io.Copy(&out, pr) // the rest, so the share's last line is not blocked

	var cpOut, cpErr bytes.Buffer
	saved := filepath.Join(t.TempDir(), "received.json")
	if c := run([]string{"check-presentation", "--offline", link}, strings.NewReader(""), &cpOut, &cpErr); c != exitUsage ||
		!strings.Contains(cpErr.String(), "leave out --offline") {
		t.Errorf("--offline fetched the link: exit %d, %s", c, cpErr.String())
	}
	// A link to this computer is refused, before anything is sent,
	// unless the private network is allowed.
	cpOut.Reset()
	cpErr.Reset()
	if c := run([]string{"check-presentation", link}, strings.NewReader(""), &cpOut, &cpErr); c != exitUsage ||
		!strings.Contains(cpErr.String(), "points at this computer") || !strings.Contains(cpErr.String(), "lw --allow-private-network check-presentation") {
		t.Errorf("a loopback link without --allow-private-network: exit %d, %s", c, cpErr.String())
	}
	cpOut.Reset()
	cpErr.Reset()
	run([]string{"--allow-private-network", "check-presentation", "-o", saved, link}, strings.NewReader(""), &cpOut, &cpErr)
	if b, err := os.ReadFile(saved); err != nil || !bytes.Contains(b, []byte("VerifiablePresentation")) {
		t.Errorf("-o did not save what the link gave: %v", err)
	}
	if !strings.Contains(cpOut.String(), "Received as a one-time link ("+link+")") ||
		!strings.Contains(cpOut.String(), "Presented by did:key:") {
		t.Errorf("check-presentation of the link printed:\n%s%s", cpOut.String(), cpErr.String())
	}
	if c := <-code; c != exitOK {
		t.Errorf("lw share exited %d: %s", c, stderr.String())
	}

	// The link works once.
	cpOut.Reset()
	cpErr.Reset()
	if c := run([]string{"check-presentation", "--allow-private-network", link}, strings.NewReader(""), &cpOut, &cpErr); c != exitUsage ||
		!strings.Contains(cpErr.String(), "this share link has been used already or has ended") {
		t.Errorf("second fetch: exit %d, %s", c, cpErr.String())
	}
}

func TestShareNeedsANetwork(t *testing.T) {
	var stdout, stderr bytes.Buffer
	vp := filepath.Join("..", "..", "wallet", "testdata", "presentations", "two-courses.json")
	if c := run([]string{"share", "--network", "no-such-net0", vp}, strings.NewReader(""), &stdout, &stderr); c == exitOK ||
		!strings.Contains(stderr.String(), "no-such-net0") {
		t.Errorf("exit %d, %s", c, stderr.String())
	}
}

// TestShareWarnsOfAPublicAddress: without --network, lw share picks the
// network itself, and warns when its address is public, as the window does.
func TestShareWarnsOfAPublicAddress(t *testing.T) {
	old := interfaces
	t.Cleanup(func() { interfaces = old })
	vp := filepath.Join("..", "..", "wallet", "testdata", "presentations", "two-courses.json")
	for _, tc := range []struct {
		ip   string
		warn bool
	}{
		{"203.0.113.7", true}, // public (a documentation address, so not this machine's)
		{"2001:db8::7", true},
		{"10.255.255.7", false},
		{"192.168.255.7", false},
		{"169.254.255.7", true}, // private, but no wallet fetches a link there
	} {
		interfaces = func() ([]lanshare.Interface, error) {
			return []lanshare.Interface{{Name: "eth9", IP: net.ParseIP(tc.ip)}}, nil
		}
		var stdout, stderr bytes.Buffer
		// Listening fails: the address is not this machine's. The warning
		// comes before.
		run([]string{"share", "--minutes", "1", vp}, strings.NewReader(""), &stdout, &stderr)
		warned := strings.Contains(stderr.String(), "lw: warning: sharing on eth9 ("+tc.ip+"), which is reachable from the local network, ")
		if warned != tc.warn {
			t.Errorf("%s: warned %v, want %v:\n%s", tc.ip, warned, tc.warn, stderr.String())
		}
	}
	// Chosen with --network, it is the learner's choice.
	interfaces = func() ([]lanshare.Interface, error) {
		return []lanshare.Interface{{Name: "eth9", IP: net.ParseIP("203.0.113.7")}}, nil
	}
	var stdout, stderr bytes.Buffer
	run([]string{"share", "--network", "eth9", "--minutes", "1", vp}, strings.NewReader(""), &stdout, &stderr)
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("warned of a network chosen with --network:\n%s", stderr.String())
	}
}
