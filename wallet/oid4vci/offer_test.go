package oid4vci

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/learnerwallet/learnerwallet/wallet/fetch"
)

const issuer = "https://issuer.example/edu"

func offerLink(json string) string {
	return Scheme + "://?credential_offer=" + url.QueryEscape(json)
}

const goodOffer = `{"credential_issuer":"https://issuer.example/edu","credential_configuration_ids":["OpenBadgeCredential_ldp","OpenBadgeCredential_jwt"],
"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"abc","tx_code":{"length":6,"description":"The code we e-mailed you"}},
"authorization_code":{"issuer_state":"xyz"}}}`

func TestParseLink(t *testing.T) {
	l, err := ParseLink(offerLink(goodOffer))
	if err != nil {
		t.Fatal(err)
	}
	o := l.Offer
	if o == nil || o.CredentialIssuer != issuer || len(o.ConfigurationIDs) != 2 || o.Grants.PreAuthorized == nil ||
		o.Grants.PreAuthorized.Code != "abc" || !o.Grants.PreAuthorized.TxCode.Numeric() || o.Grants.AuthorizationCode.IssuerState != "xyz" {
		t.Fatalf("offer = %+v", o)
	}
	// By reference, and in an https link as some issuers print them.
	for _, link := range []string{
		Scheme + "://?credential_offer_uri=" + url.QueryEscape("https://issuer.example/offers/1"),
		"https://wallet.example/receive?credential_offer_uri=" + url.QueryEscape("https://issuer.example/offers/1"),
	} {
		l, err := ParseLink(link)
		if err != nil || l.URI != "https://issuer.example/offers/1" || l.Offer != nil {
			t.Errorf("%s: %+v, %v", link, l, err)
		}
	}
}

func TestParseLinkRefuses(t *testing.T) {
	long := strings.Repeat("d", maxDescription+1)
	for _, c := range []struct {
		name, link string
		want       Code
	}{
		{"not a link", "hello", NotAnOffer},
		{"another scheme", "openid4vp://?client_id=x", NotAnOffer},
		{"no offer", Scheme + "://?foo=bar", NotAnOffer},
		{"both", offerLink(goodOffer) + "&credential_offer_uri=https%3A%2F%2Fa.example%2F", Malformed},
		{"twice", offerLink(goodOffer) + "&credential_offer=" + url.QueryEscape(goodOffer), Malformed},
		{"offer by plain http", Scheme + "://?credential_offer_uri=" + url.QueryEscape("http://issuer.example/offers/1"), NotHTTPS},
		{"not JSON", offerLink("{"), Malformed},
		{"duplicate key", offerLink(`{"credential_issuer":"https://a.example","credential_issuer":"https://b.example","credential_configuration_ids":["x"]}`), Malformed},
		{"http issuer", offerLink(`{"credential_issuer":"http://issuer.example","credential_configuration_ids":["x"]}`), NotHTTPS},
		{"issuer with user", offerLink(`{"credential_issuer":"https://good.example@evil.example","credential_configuration_ids":["x"]}`), NotHTTPS},
		{"no ids", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":[]}`), Malformed},
		{"an id twice", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":["x","x"]}`), Malformed},
		{"empty code", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":["x"],"grants":{"` + PreAuthorizedGrant + `":{"pre-authorized_code":""}}}`), Malformed},
		{"odd input mode", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":["x"],"grants":{"` + PreAuthorizedGrant + `":{"pre-authorized_code":"a","tx_code":{"input_mode":"voice"}}}}`), Malformed},
		{"long description", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":["x"],"grants":{"` + PreAuthorizedGrant + `":{"pre-authorized_code":"a","tx_code":{"description":"` + long + `"}}}}`), Malformed},
		{"http authorization server", offerLink(`{"credential_issuer":"https://issuer.example","credential_configuration_ids":["x"],"grants":{"authorization_code":{"authorization_server":"http://as.example"}}}`), NotHTTPS},
		{"huge", Scheme + "://?credential_offer=" + strings.Repeat("a", maxLink), TooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseLink(c.link)
			var e *Error
			if !errors.As(err, &e) || e.Code != c.want {
				t.Errorf("err = %v, want code %s", err, c.want)
			}
		})
	}
}

const goodMetadata = `{"credential_issuer":"https://issuer.example/edu","credential_endpoint":"https://issuer.example/edu/credential",
"nonce_endpoint":"https://issuer.example/edu/nonce","display":[{"name":"Example University","locale":"en-US","logo":{"uri":"https://issuer.example/logo.png"}},{"name":"Universidad de Ejemplo","locale":"es"}],
"credential_configurations_supported":{
 "OpenBadgeCredential_ldp":{"format":"ldp_vc","credential_definition":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]},
   "proof_types_supported":{"jwt":{"proof_signing_alg_values_supported":["EdDSA"]}},"credential_metadata":{"display":[{"name":"Teamwork badge"}]}},
 "OpenBadgeCredential_jwt":{"format":"jwt_vc_json","credential_definition":{"type":["VerifiableCredential","OpenBadgeCredential"]},"display":[{"name":"Teamwork badge (JWT)"}]}}}`

func TestIssuerMetadata(t *testing.T) {
	where, err := WellKnown(issuer, "openid-credential-issuer")
	if err != nil || where != "https://issuer.example/.well-known/openid-credential-issuer/edu" {
		t.Fatalf("well-known = %s, %v", where, err)
	}
	if w, _ := WellKnown("https://issuer.example", "openid-credential-issuer"); w != "https://issuer.example/.well-known/openid-credential-issuer" {
		t.Errorf("well-known of a bare host = %s", w)
	}
	f := &fetch.Map{Docs: map[string][]byte{where: []byte(goodMetadata), "https://issuer.example/offers/1": []byte(goodOffer)}, At: time.Now()}
	ctx := context.Background()
	l, err := ParseLink(Scheme + "://?credential_offer_uri=" + url.QueryEscape("https://issuer.example/offers/1"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := Resolve(ctx, f, l)
	if err != nil {
		t.Fatal(err)
	}
	m, err := FetchIssuerMetadata(ctx, f, o.CredentialIssuer)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name("es-MX") != "Universidad de Ejemplo" || m.Name("en") != "Example University" || m.Name("fr") != "Example University" || m.LogoURI("en") != "https://issuer.example/logo.png" {
		t.Errorf("display: %q %q %q", m.Name("es-MX"), m.Name("en"), m.LogoURI("en"))
	}
	configs, err := m.Offered(o)
	if err != nil || len(configs) != 2 || configs[0].Format != FormatLDP || configs[1].Format != FormatJWT ||
		configs[0].Name("en") != "Teamwork badge" || configs[1].Name("en") != "Teamwork badge (JWT)" {
		t.Fatalf("offered: %+v, %v", configs, err)
	}
	if as, err := m.AuthorizationServer(""); err != nil || as != issuer {
		t.Errorf("authorization server = %s, %v", as, err)
	}
	o.ConfigurationIDs = append(o.ConfigurationIDs, "Diploma")
	if _, err := m.Offered(o); !hasCode(err, UnknownOffered) {
		t.Errorf("an offered credential the issuer does not describe: %v", err)
	}
}

func TestIssuerMetadataRefuses(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       Code
	}{
		{"another issuer", strings.Replace(goodMetadata, `"credential_issuer":"https://issuer.example/edu"`, `"credential_issuer":"https://evil.example/edu"`, 1), WrongIssuer},
		{"plain http endpoint", strings.Replace(goodMetadata, `"https://issuer.example/edu/credential"`, `"http://issuer.example/edu/credential"`, 1), NotHTTPS},
		{"no endpoint", strings.Replace(goodMetadata, `"credential_endpoint":"https://issuer.example/edu/credential",`, ``, 1), NotHTTPS},
		{"nothing issued", `{"credential_issuer":"https://issuer.example/edu","credential_endpoint":"https://issuer.example/c","credential_configurations_supported":{}}`, Malformed},
		{"duplicate key", `{"credential_issuer":"https://issuer.example/edu","credential_issuer":"https://issuer.example/edu"}`, Malformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseIssuerMetadata([]byte(c.json), issuer); !hasCode(err, c.want) {
				t.Errorf("err = %v, want %s", err, c.want)
			}
		})
	}
	// Unreachable: the network's error kept.
	_, err := FetchIssuerMetadata(context.Background(), &fetch.Map{}, issuer)
	var st *fetch.StatusError
	if !hasCode(err, Unreachable) || !errors.As(err, &st) || st.Code != 404 {
		t.Errorf("a missing metadata document: %v", err)
	}
}

func TestAuthorizationServer(t *testing.T) {
	m := IssuerMetadata{CredentialIssuer: issuer, AuthorizationServers: []string{"https://as1.example", "https://as2.example"}}
	if s, err := m.AuthorizationServer("https://as2.example"); err != nil || s != "https://as2.example" {
		t.Errorf("named: %s, %v", s, err)
	}
	if _, err := m.AuthorizationServer("https://evil.example"); !hasCode(err, Malformed) {
		t.Errorf("a server the issuer does not list: %v", err)
	}
	if _, err := m.AuthorizationServer(""); !hasCode(err, Malformed) {
		t.Errorf("several, none named: %v", err)
	}
}

func hasCode(err error, c Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == c
}

// FuzzParseLink: no link, however made, crashes the reader or gets past
// it with an issuer that is not https.
func FuzzParseLink(f *testing.F) {
	f.Add(offerLink(goodOffer))
	f.Add(Scheme + "://?credential_offer_uri=https%3A%2F%2Fa.example%2Fo")
	f.Add(offerLink(`{"credential_issuer":"https://a.example","credential_configuration_ids":["x"],"grants":{"` + PreAuthorizedGrant + `":{"pre-authorized_code":"c","tx_code":{}}}}`))
	f.Fuzz(func(t *testing.T, link string) {
		l, err := ParseLink(link)
		if err != nil {
			return
		}
		if l.Offer != nil && !strings.HasPrefix(l.Offer.CredentialIssuer, "https://") {
			t.Fatalf("accepted issuer %q", l.Offer.CredentialIssuer)
		}
		if l.Offer == nil && !strings.HasPrefix(l.URI, "https://") {
			t.Fatalf("accepted reference %q", l.URI)
		}
	})
}
