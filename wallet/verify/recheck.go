package verify

import (
	"context"
	"slices"

	"github.com/learnerwallet/learnerwallet/wallet/check"
	"github.com/learnerwallet/learnerwallet/wallet/credential"
	"github.com/learnerwallet/learnerwallet/wallet/internal/jsonv"
)

// Recipients checks again whom a credential, verified before with report
// r, was issued to — against v's identities, which the learner changed —
// and decides the verdict again; for a record, each credential in it too.
// Every other check is kept as r has it, with its time: nothing is fetched
// and no proof is checked again. A report without a recipient check (a
// credential that could not be read) is returned as it is.
func (v *Verifier) Recipients(p *credential.Parsed, r Report) Report {
	return v.session(context.Background()).recipients(p, r)
}

func (s *session) recipients(p *credential.Parsed, r Report) Report {
	if len(r.Children) == len(p.Children) && len(p.Children) > 0 {
		r.Children = slices.Clone(r.Children)
		for k, c := range p.Children {
			r.Children[k] = s.recipients(c, r.Children[k])
		}
	}
	i := slices.IndexFunc(r.Checks, func(c check.Check) bool { return c.ID == check.Recipient })
	if i < 0 {
		return r
	}
	var fresh Report
	switch {
	case p.Kind == credential.KindOB2:
		if rec := jsonv.Obj(p.Doc["recipient"]); rec != nil {
			s.ob2Recipient(rec, &fresh)
		}
	case p.Cred != nil:
		s.recipient(p.Cred, &fresh)
	}
	if len(fresh.Checks) != 1 {
		return r
	}
	r.Checks = slices.Clone(r.Checks)
	r.Checks[i] = fresh.Checks[0]
	r.Verdict = decide(r.Checks, true)
	return r
}
