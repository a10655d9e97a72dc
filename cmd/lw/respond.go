package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/learnerwallet/learnerwallet/store"
	"github.com/learnerwallet/learnerwallet/wallet"
	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
	"github.com/learnerwallet/learnerwallet/wallet/safetext"
)

const respondUsage = `Usage: lw respond [--choose ID]... [--yes] REQUEST

  Answer a verifier's request for credentials (OpenID4VP): REQUEST is an
  openid4vp:// link (or an https link with the same parameters), or a
  picture of its QR code. lw says who asks (the verifier's client_id, and
  how it is known: by its address, its DID or its certificate), what for,
  which of your credentials answer each thing it asks for, and what each
  would disclose; then signs a presentation of those you choose with your
  key, for this verifier only, sends it, and says what the verifier
  answered. It is logged in the sharing log (lw shares).

  --choose ID   a credential to send (repeat for more; IDs may be
                shortened); without it, lw asks on a terminal
  --yes         send without asking to confirm

  Refused, with nothing sent: a request asking for more than your
  credentials can give, from a verifier whose request is not signed as its
  client_id says (or that lw does not know how to check), or that would
  send the answer to another host or in plain http.
  Exit 0 only once the verifier took the answer.
`

// respondClient is the network client respond uses: the wallet's one
// client under this run's network choice; tests reach a loopback verifier.
var respondClient = func(net store.NetOptions) oid4vp.Network { return store.Client(net) }

// respondOptions are how requests are read; tests trust their test CA.
var respondOptions oid4vp.Options

// repeated is a flag given any number of times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

// respondCmd is lw respond [--choose ID]... [--yes] REQUEST.
func (c *cli) respondCmd(args []string) int {
	fset := c.flags("respond")
	var choose repeated
	fset.Var(&choose, "choose", "")
	yes := fset.Bool("yes", false, "")
	rest, err := parse(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, respondUsage)
		return exitOK
	}
	if err != nil {
		printf(c.stderr, "lw: %s\n\n", err)
		fmt.Fprint(c.stderr, respondUsage)
		return exitUsage
	}
	if len(rest) != 1 {
		printf(c.stderr, "lw: respond needs exactly one REQUEST: an openid4vp:// link, or a picture of its QR code\n\n")
		fmt.Fprint(c.stderr, respondUsage)
		return exitUsage
	}
	text, err := requestText(rest[0])
	if err != nil {
		return c.fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wallet.RespondTimeout)
	defer cancel()
	client := respondClient(c.net(false))
	req, err := wallet.ReadRequest(ctx, client, text, respondOptions)
	if err != nil {
		return c.fail(c.requestProblem(err))
	}
	c.printAsker(req)
	w, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer w.Close()
	m, matchErr := w.Match(ctx, req)
	if matchErr != nil && !oid4vp.HasCode(matchErr, oid4vp.NoMatch) {
		return c.fail(matchErr)
	}
	c.printMatches(m)
	if matchErr != nil {
		return c.fail(c.requestProblem(matchErr))
	}
	interactive := c.stdinTerminal()
	var chosen map[string][]string
	switch {
	case len(choose) > 0:
		if chosen, err = assign(m, choose); err != nil {
			return c.fail(err)
		}
	case interactive:
		chosen = c.askChoice(m)
	default:
		return c.fail(errors.New("choose what to send with lw respond --choose ID (repeat it for more)"))
	}
	if !*yes {
		if !interactive {
			return c.fail(errors.New("give --yes to send without being asked"))
		}
		if !c.confirm("Send them to " + safetext.Line(req.Verifier()) + "? [y/N] ") {
			printf(c.stdout, "Nothing sent.\n")
			return exitOK
		}
	}
	// The learner may have taken their time choosing: sending has its own.
	cancel()
	ctx, cancel = context.WithTimeout(context.Background(), wallet.RespondTimeout)
	defer cancel()
	answer, err := w.Respond(ctx, client, req, chosen)
	var sentErr *wallet.SentError
	if err != nil && !errors.As(err, &sentErr) {
		return c.fail(c.requestProblem(err))
	}
	printf(c.stdout, "sent to %s: accepted\n", safetext.Line(req.Verifier()))
	if answer.RedirectURI != "" {
		printf(c.stdout, "the verifier asks you to open: %s\n", safetext.Line(answer.RedirectURI))
	}
	if err != nil {
		return c.fail(err) // sent, but not logged
	}
	return exitOK
}

// printAsker says who asks, how it is known, and what for.
func (c *cli) printAsker(req *oid4vp.Request) {
	name := safetext.Clip(safetext.Line(req.Metadata.ClientName), 80)
	if name == "" {
		name = "A verifier"
	}
	var how string
	switch req.Prefix {
	case oid4vp.PrefixRedirectURI:
		how = "known only by its address " + safetext.Clip(safetext.Line(req.Identifier), 120) + " (its request is not signed)"
	case oid4vp.PrefixDID:
		how = "its request signed by the DID " + safetext.Clip(safetext.Line(req.Identifier), 120)
		if req.SelfCertified() {
			how += " (anyone can make such a DID: its name is only its own word)"
		}
	case oid4vp.PrefixX509DNS:
		how = "its request signed with a certificate for " + safetext.Clip(safetext.Line(req.Identifier), 120)
	}
	printf(c.stdout, "%s asks for credentials: %s\n", name, how)
	printf(c.stdout, "  client_id %s; the answer goes to %s\n", safetext.Line(req.ClientID), safetext.Line(req.ResponseURI))
	if p := safetext.Clip(safetext.Line(req.Purpose()), 200); p != "" {
		printf(c.stdout, "  for: %s\n", p)
	}
}

// printMatches lists, for each thing asked for, the credentials that
// answer it and what each would disclose.
func (c *cli) printMatches(m wallet.Matches) {
	for _, q := range m.Queries {
		what := safetext.Line(q.ID)
		if q.Name != "" {
			what += " (" + safetext.Clip(safetext.Line(q.Name), 80) + ")"
		}
		how := "one credential"
		if q.Multiple {
			how = "one or more"
		}
		need := "required"
		if !q.Required {
			need = "optional"
		}
		printf(c.stdout, "It asks for %s: %s, %s, %s\n", what, how, q.Format, need)
		if p := safetext.Clip(safetext.Line(q.Purpose), 200); p != "" {
			printf(c.stdout, "  for: %s\n", p)
		}
		if len(q.Candidates) == 0 {
			printf(c.stdout, "  none of your credentials answers it\n")
		}
		for i, cand := range q.Candidates {
			printf(c.stdout, "  [%d] %s  %s — %s\n", i+1, shortID(cand.Item.ID), safetext.Clip(safetext.Line(cand.Item.Summary.Title()), 80),
				safetext.Clip(safetext.Line(cand.Item.Summary.Issuer()), 60))
			for _, line := range cand.Disclosed.Personal() {
				printf(c.stdout, "        discloses %s\n", safetext.Clip(safetext.Line(line), 120))
			}
		}
	}
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// assign gives each chosen id (or unique prefix) to the first query it
// answers that still takes one.
func assign(m wallet.Matches, ids []string) (map[string][]string, error) {
	chosen := map[string][]string{}
	for _, id := range ids {
		done := false
		for _, q := range m.Queries {
			if len(chosen[q.ID]) > 0 && !q.Multiple {
				continue
			}
			var found []string
			for _, cand := range q.Candidates {
				if strings.HasPrefix(cand.Item.ID, id) {
					found = append(found, cand.Item.ID)
				}
			}
			if len(found) > 1 {
				return nil, fmt.Errorf("%q names more than one credential: give more of its id", safetext.Line(id))
			}
			if len(found) == 1 {
				chosen[q.ID] = append(chosen[q.ID], found[0])
				done = true
				break
			}
		}
		if !done {
			return nil, fmt.Errorf("%q is not one of the credentials listed for what the verifier asks", safetext.Line(id))
		}
	}
	return chosen, nil
}

// askChoice asks on the terminal which credentials to send for each
// query, by their numbers.
func (c *cli) askChoice(m wallet.Matches) map[string][]string {
	chosen := map[string][]string{}
	for _, q := range m.Queries {
		if len(q.Candidates) == 0 {
			continue
		}
		prompt := fmt.Sprintf("Send for %s (number", safetext.Line(q.ID))
		if q.Multiple {
			prompt += "s, separated by commas"
		}
		prompt += "; empty for none): "
		for _, f := range strings.FieldsFunc(c.ask(prompt), func(r rune) bool { return r == ',' || r == ' ' }) {
			if n, err := strconv.Atoi(f); err == nil && n >= 1 && n <= len(q.Candidates) {
				chosen[q.ID] = append(chosen[q.ID], q.Candidates[n-1].Item.ID)
			}
		}
	}
	return chosen
}

// requestText is the request an argument holds: the link itself, or the
// text of the QR code in a picture file.
func requestText(arg string) (string, error) {
	return linkText(arg, "a request link (openid4vp://…)")
}

// requestProblem says in words what is wrong with a request, a verifier
// or a choice.
func (c *cli) requestProblem(err error) error {
	var e *oid4vp.Error
	if !errors.As(err, &e) {
		return err
	}
	detail := safetext.Clip(safetext.Line(e.Detail), 200)
	var s string
	switch e.Code {
	case oid4vp.NotARequest:
		s = "this is not a request for credentials (an openid4vp:// link)"
	case oid4vp.Malformed:
		s = "the request is malformed: " + detail + "; nothing was sent"
	case oid4vp.TooLarge:
		s = "the request is far larger than any real one; nothing was sent"
	case oid4vp.NotHTTPS:
		s = "the request names an address that is not https (" + detail + "): refused, nothing was sent"
	case oid4vp.Unreachable:
		s = "could not fetch the request from " + detail
		if !c.allowPrivate {
			s += " (for a verifier on this computer or network, use lw --allow-private-network)"
		}
		if e.Err != nil {
			s += ": " + safetext.Line(e.Err.Error())
		}
	case oid4vp.UnknownClient:
		s = "the verifier names itself in a way lw cannot check (" + detail + "): refused, nothing was sent"
	case oid4vp.BadSignature:
		s = "the request's signature does not hold (" + detail + "): it may be forged; refused, nothing was sent"
	case oid4vp.WrongClient:
		s = "the request is not signed by the verifier it names (" + detail + "): it may be forged; refused, nothing was sent"
	case oid4vp.WrongHost:
		s = "the request would send your credentials to another host than the verifier's (" + detail + "): refused, nothing was sent"
	case oid4vp.Unsupported:
		s = "the request asks for something lw respond does not do: " + detail + "; nothing was sent"
	case oid4vp.NoMatch:
		s = "the request asks for more than your credentials can give (" + detail + "); nothing was sent"
	case oid4vp.BadChoice:
		s = "what you chose does not answer the request (" + detail + "); nothing was sent"
	case oid4vp.NoEncryption:
		s = "the verifier asks for an encrypted answer but gives no key lw can encrypt to; nothing was sent"
	case oid4vp.Refused:
		s = "the verifier refused the answer"
		if e.Verifier != nil {
			s += ": " + safetext.Clip(safetext.Line(e.Verifier.Code), 80)
			if d := safetext.Clip(safetext.Line(e.Verifier.Description), 200); d != "" {
				s += " — " + d
			}
		}
	case oid4vp.NoAnswer:
		s = "could not send the answer to " + detail
		if e.Err != nil {
			s += ": " + safetext.Line(e.Err.Error())
		}
	default:
		return err
	}
	return errors.New(s)
}
