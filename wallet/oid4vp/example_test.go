package oid4vp_test

import (
	"fmt"

	"github.com/learnerwallet/learnerwallet/wallet/oid4vp"
)

// A DCQL query for a badge and any number of courses, matched against the
// learner's credentials as the query sees them (their types expanded to
// IRIs): the record is no course, and the badge is no course either.
func ExampleRequest_Match() {
	const ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
	q, err := oid4vp.ParseDCQL([]byte(`{"credentials":[
		{"id":"badge","format":"ldp_vc","meta":{"type_values":[["` + ob + `"]]},
		 "claims":[{"path":["credentialSubject","achievement","name"],"values":["Teamwork"]}]},
		{"id":"courses","format":"ldp_vc","multiple":true,"meta":{"type_values":[["` + ob + `"]]},
		 "claims":[{"path":["credentialSubject","achievement","achievementType"],"values":["Course"]}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	achievement := func(name, kind string) map[string]any {
		return map[string]any{"credentialSubject": map[string]any{"achievement": map[string]any{"name": name, "achievementType": kind}}}
	}
	req := &oid4vp.Request{ClientID: "decentralized_identifier:did:key:z6Mk…", DCQL: q}
	matched, err := req.Match([]oid4vp.Candidate{
		{ID: "badge-1", Format: oid4vp.FormatLDP, Types: []string{ob}, Doc: achievement("Teamwork", "Badge")},
		{ID: "course-1", Format: oid4vp.FormatLDP, Types: []string{ob}, Doc: achievement("Academic Writing", "Course")},
		{ID: "course-2", Format: oid4vp.FormatLDP, Types: []string{ob}, Doc: achievement("College Algebra", "Course")},
		{ID: "record", Format: oid4vp.FormatLDP, Types: []string{"https://purl.imsglobal.org/spec/vc/clr/vocab.html#ClrCredential"}},
	})
	fmt.Println(matched["badge"], matched["courses"], err)
	fmt.Println(req.CheckChoice(matched, map[string][]string{"badge": {"badge-1"}, "courses": {"course-2"}}))
	fmt.Println(oid4vp.HasCode(req.CheckChoice(matched, map[string][]string{"badge": {"badge-1"}}), oid4vp.BadChoice))
	// Output:
	// [badge-1] [course-1 course-2] <nil>
	// <nil>
	// true
}
