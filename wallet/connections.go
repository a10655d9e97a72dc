package wallet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/learnerwallet/learnerwallet/wallet/oauthloop"
	"github.com/learnerwallet/learnerwallet/wallet/obapi"
)

// settingConnections holds the connections, a JSON list of connRecord:
// nothing secret (the client secret and refresh token are in the keyring).
const settingConnections = "connections"

// Connection is a provider of the 1EdTech Open Badges API 3.0 or CLR API
// 2.0 the learner connected the wallet to, to sync their credentials from.
type Connection struct {
	Name     string   `json:"name"`     // short and unique: what lw sync takes
	Provider string   `json:"provider"` // its title, as it gives it (sanitize to show)
	BaseURL  string   `json:"baseURL"`
	APIs     []string `json:"apis"` // obapi.OB, obapi.CLR
	Image    string   `json:"image,omitempty"`
	// PrivacyPolicy is the provider's privacy policy page, when it gives one.
	PrivacyPolicy string    `json:"privacyPolicy,omitempty"`
	Connected     time.Time `json:"connected"`
	LastSync      time.Time `json:"lastSync,omitzero"`
	LastNew       int       `json:"lastNew"`  // credentials new to the wallet at the last sync
	LastSeen      int       `json:"lastSeen"` // credentials the provider sent at the last sync
}

// connRecord is a connection as stored: with the protocol's particulars.
type connRecord struct {
	Connection
	ID       string         `json:"id"` // names its keyring accounts
	ClientID string         `json:"clientID"`
	Service  obapi.Provider `json:"service"`
}

// ConnectionAccount is the keyring account of a connection's secret:
// what is "client-secret" or "refresh-token".
func ConnectionAccount(walletID, connID, what string) string {
	return "wallet-" + walletID + "/connection/" + connID + "/" + what
}

// ConnectionCode says what is wrong with a connection the wallet keeps.
type ConnectionCode string

// The problems of a kept connection.
const (
	NoSuchConnection ConnectionCode = "no-such-connection" // no connection of that name
	SignedOut        ConnectionCode = "signed-out"         // its secrets are not in the keyring: sign in again
)

// ConnectionError is a problem with a connection the wallet keeps; what
// the provider says is an *obapi.Error instead.
type ConnectionError struct {
	Code ConnectionCode
	Name string
	Err  error
}

func (e *ConnectionError) Error() string {
	s := "connection " + e.Name + ": " + string(e.Code)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// Connections are the providers the wallet is connected to.
func (w *Wallet) Connections() ([]Connection, error) {
	recs, err := w.connRecords()
	if err != nil {
		return nil, err
	}
	out := make([]Connection, len(recs))
	for i, r := range recs {
		out[i] = r.Connection
	}
	return out, nil
}

func (w *Wallet) connRecords() ([]connRecord, error) {
	b, err := w.store.Setting(settingConnections)
	if err != nil || b == nil {
		return nil, err
	}
	var recs []connRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		return nil, fmt.Errorf("the wallet's connections cannot be read: %w", err)
	}
	return recs, nil
}

// connection is the kept connection named name (case aside).
func (w *Wallet) connection(name string) (connRecord, error) {
	recs, err := w.connRecords()
	if err != nil {
		return connRecord{}, err
	}
	for _, r := range recs {
		if strings.EqualFold(r.Name, name) {
			return r, nil
		}
	}
	return connRecord{}, &ConnectionError{Code: NoSuchConnection, Name: name}
}

// updateConnections changes the kept connections in one transaction.
func (w *Wallet) updateConnections(fn func([]connRecord) []connRecord) error {
	return w.store.UpdateSetting(settingConnections, func(old []byte) ([]byte, error) {
		var recs []connRecord
		if old != nil {
			if err := json.Unmarshal(old, &recs); err != nil {
				return nil, fmt.Errorf("the wallet's connections cannot be read: %w", err)
			}
		}
		return json.Marshal(fn(recs))
	})
}

// Connect connects the wallet to the provider rawURL names (its base URL,
// an API's base or a discovery URL): it reads its service descriptions,
// registers the wallet with it (once per provider), and has the learner
// sign in there: signIn shows them the page (the system browser), whose
// answer comes back to a loopback port. The refresh token it gets goes to
// the keyring. Connecting again to a provider signs in again. ctx bounds
// the whole, the learner's signing in included.
func (w *Wallet) Connect(ctx context.Context, rawURL string, signIn func(page string) error) (_ Connection, err error) {
	if w.secrets == nil {
		return Connection{}, ErrNoSecrets
	}
	n := w.Client()
	p, err := obapi.Discover(ctx, n, rawURL)
	if err != nil {
		return Connection{}, err
	}
	recs, err := w.connRecords()
	if err != nil {
		return Connection{}, err
	}
	rec := connRecord{ID: newID()}
	var kept *obapi.Client // the client the wallet registered before
	for _, r := range recs {
		if r.Service.BaseURL != p.BaseURL {
			continue
		}
		rec = r
		secret, err := w.secrets.Get(w.connAccount(r.ID, "client-secret"))
		if err == nil && r.ClientID != "" {
			kept = &obapi.Client{ID: r.ClientID, Secret: string(secret)}
		}
	}
	client := kept
	if kept == nil || rec.Service.Registration != p.Registration {
		// Registered anew; kept only in memory until the learner has
		// signed in, so that a sign-in given up leaves the connection as
		// it was.
		if client, err = obapi.Register(ctx, n, p); err != nil {
			return Connection{}, err
		}
	}
	tok, err := signInAt(ctx, n, p, client, signIn)
	var oe *obapi.Error
	if errors.As(err, &oe) && oe.OAuth != nil && oe.OAuth.Code == "invalid_client" && client == kept {
		// The provider no longer knows the client (its secret expired, or
		// it was removed there): forgotten, so that connecting again
		// registers the wallet anew.
		w.secrets.Delete(w.connAccount(rec.ID, "client-secret"))
	}
	if err != nil {
		return Connection{}, err
	}
	if err := p.Granted(tok.Scope); err != nil {
		revokeGiven(ctx, n, p, client, tok)
		return Connection{}, err
	}
	if tok.RefreshToken == "" {
		revokeGiven(ctx, n, p, client, tok)
		return Connection{}, &obapi.Error{Code: obapi.NoRefresh, Detail: p.Token}
	}
	if client != kept {
		if err := w.secrets.Set(w.connAccount(rec.ID, "client-secret"), []byte(client.Secret)); err != nil {
			return Connection{}, err
		}
		if rec.Name == "" {
			// A new connection that fails from here leaves no secret behind.
			defer func() {
				if err != nil {
					w.secrets.Delete(w.connAccount(rec.ID, "client-secret"))
				}
			}()
		}
	}
	replaced, _ := w.secrets.Get(w.connAccount(rec.ID, "refresh-token"))
	if err := w.secrets.Set(w.connAccount(rec.ID, "refresh-token"), []byte(tok.RefreshToken)); err != nil {
		return Connection{}, err
	}
	if len(replaced) > 0 && string(replaced) != tok.RefreshToken && kept != nil {
		// Signed in again: the access the wallet had is no use now. Asked
		// to be revoked by the client it was given to, as Disconnect does;
		// a provider that will not is no reason to fail.
		if endpoint, err := obapi.RevocationEndpoint(ctx, n, p); err == nil && endpoint != "" {
			_ = obapi.Revoke(ctx, n, endpoint, kept, string(replaced))
		}
	}
	rec.ClientID, rec.Service = client.ID, *p
	rec.Provider, rec.BaseURL, rec.APIs, rec.Image, rec.PrivacyPolicy = p.Title, p.BaseURL, p.Names(), p.Image, p.PrivacyPolicy
	if rec.Provider == "" {
		rec.Provider = hostOf(p.BaseURL)
	}
	rec.Connected = w.now()
	err = w.updateConnections(func(recs []connRecord) []connRecord {
		var others []connRecord
		for _, r := range recs {
			if r.ID != rec.ID {
				others = append(others, r)
			}
		}
		if rec.Name == "" {
			rec.Name = uniqueName(connectionName(p.Title, p.BaseURL), others)
		}
		return append(others, rec)
	})
	return rec.Connection, err
}

// revokeGiven asks the provider to revoke what it granted a connection
// the wallet will not keep; a provider that will not is no reason to say
// more than why the connection failed.
func revokeGiven(ctx context.Context, n obapi.Network, p *obapi.Provider, c *obapi.Client, tok *obapi.Token) {
	endpoint, err := obapi.RevocationEndpoint(ctx, n, p)
	if err != nil || endpoint == "" {
		return
	}
	if tok.RefreshToken != "" {
		_ = obapi.Revoke(ctx, n, endpoint, c, tok.RefreshToken)
	}
}

// signInAt has the learner sign in at the provider, through signIn and a
// loopback redirect, and exchanges the code for tokens.
func signInAt(ctx context.Context, n obapi.Network, p *obapi.Provider, c *obapi.Client, signIn func(string) error) (*obapi.Token, error) {
	l, err := oauthloop.Listen()
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if err := signIn(obapi.AuthCodeURL(p, c, l)); err != nil {
		return nil, err
	}
	code, err := l.Wait(ctx)
	var refused *oauthloop.Refused
	switch {
	case errors.As(err, &refused):
		return nil, &obapi.Error{Code: obapi.Refused, Detail: p.Authorization, OAuth: &obapi.OAuthError{Code: refused.Code, Description: refused.Description}}
	case err != nil:
		return nil, &obapi.Error{Code: obapi.SignIn, Detail: p.Authorization, Err: err}
	}
	return obapi.Exchange(ctx, n, p, c, l, code)
}

func (w *Wallet) connAccount(connID, what string) string {
	return ConnectionAccount(w.walletID, connID, what)
}

// SyncResult is what a sync brought: every credential the provider sent,
// as imported (new, already in the wallet, or rejected), and the
// connection as it now stands.
type SyncResult struct {
	Connection Connection
	Results    []Result
}

// Sync gets every credential the provider holds for the learner, from
// each of its APIs, and imports each (verified like any other; one
// already in the wallet is a Duplicate). The access token lives only
// for this; a new refresh token the provider gives replaces the kept one.
func (w *Wallet) Sync(ctx context.Context, name string) (SyncResult, error) {
	rec, err := w.connection(name)
	if err != nil {
		return SyncResult{}, err
	}
	s, err := w.session(rec)
	if err != nil {
		return SyncResult{}, err
	}
	kept := s.RefreshToken
	var all [][]byte
	for _, api := range rec.APIs {
		got, err := s.Credentials(ctx, api)
		if err != nil {
			err = errors.Join(err, w.keepRefreshToken(rec, kept, s.RefreshToken))
			return SyncResult{}, err
		}
		all = append(all, got...)
	}
	if err := w.keepRefreshToken(rec, kept, s.RefreshToken); err != nil {
		return SyncResult{}, err
	}
	source := "synced from " + hostOf(rec.BaseURL)
	res := SyncResult{Results: make([]Result, 0, len(all))}
	fresh := 0
	for _, b := range all {
		if err := ctx.Err(); err != nil {
			// Stopped while storing: those stored stay, and the sync
			// is not recorded as done.
			return res, err
		}
		r := w.ImportBytes(source, b)
		if r.Status == Imported {
			fresh++
		}
		res.Results = append(res.Results, r)
	}
	rec.LastSync, rec.LastNew, rec.LastSeen = w.now(), fresh, len(all)
	err = w.updateConnections(func(recs []connRecord) []connRecord {
		for i := range recs {
			if recs[i].ID == rec.ID {
				recs[i].LastSync, recs[i].LastNew, recs[i].LastSeen = rec.LastSync, rec.LastNew, rec.LastSeen
				rec = recs[i]
			}
		}
		return recs
	})
	res.Connection = rec.Connection
	return res, err
}

// session is a connection's session with its secrets from the keyring.
func (w *Wallet) session(rec connRecord) (*obapi.Session, error) {
	if w.secrets == nil {
		return nil, ErrNoSecrets
	}
	secret, err := w.secrets.Get(w.connAccount(rec.ID, "client-secret"))
	if err != nil {
		return nil, w.signedOut(rec, err)
	}
	refresh, err := w.secrets.Get(w.connAccount(rec.ID, "refresh-token"))
	if err != nil {
		return nil, w.signedOut(rec, err)
	}
	return &obapi.Session{
		Net: w.Client(), Provider: &rec.Service, Client: &obapi.Client{ID: rec.ClientID, Secret: string(secret)},
		RefreshToken: string(refresh), Now: w.now,
	}, nil
}

func (w *Wallet) signedOut(rec connRecord, err error) error {
	if errors.Is(err, ErrSecretNotFound) {
		return &ConnectionError{Code: SignedOut, Name: rec.Name, Err: err}
	}
	return err
}

// keepRefreshToken keeps the refresh token the provider gave instead of
// the one the wallet had.
func (w *Wallet) keepRefreshToken(rec connRecord, old, now string) error {
	if now == old || now == "" {
		return nil
	}
	return w.secrets.Set(w.connAccount(rec.ID, "refresh-token"), []byte(now))
}

// Disconnected says how a connection ended.
type Disconnected struct {
	Connection Connection
	// Revoked reports that the provider revoked the wallet's access
	// (RFC 7009). When not, NotRevoked says why: nil when the provider
	// names no way to revoke it (the learner may do it there).
	Revoked    bool
	NotRevoked error
}

// Disconnect ends a connection: the provider is asked to revoke the
// refresh token, where it names a revocation endpoint; the secrets leave
// the keyring and the connection the wallet. The credentials synced stay.
func (w *Wallet) Disconnect(ctx context.Context, name string) (Disconnected, error) {
	rec, err := w.connection(name)
	if err != nil {
		return Disconnected{}, err
	}
	d := Disconnected{Connection: rec.Connection}
	if s, err := w.session(rec); err != nil {
		d.NotRevoked = err
	} else if endpoint, err := obapi.RevocationEndpoint(ctx, s.Net, s.Provider); err != nil {
		d.NotRevoked = err
	} else if endpoint != "" {
		d.NotRevoked = obapi.Revoke(ctx, s.Net, endpoint, s.Client, s.RefreshToken)
		d.Revoked = d.NotRevoked == nil
	}
	if w.secrets != nil {
		for _, what := range []string{"refresh-token", "client-secret"} {
			if err := w.secrets.Delete(w.connAccount(rec.ID, what)); err != nil && !errors.Is(err, ErrSecretNotFound) {
				return d, err
			}
		}
	}
	err = w.updateConnections(func(recs []connRecord) []connRecord {
		var out []connRecord
		for _, r := range recs {
			if r.ID != rec.ID {
				out = append(out, r)
			}
		}
		return out
	})
	return d, err
}

// connectionName is a short name for a provider: its title's words, else
// its host, in lower case, joined by hyphens.
func connectionName(title, base string) string {
	var b strings.Builder
	for _, f := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if b.Len()+len(f) > 24 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(f)
	}
	if b.Len() > 0 {
		return b.String()
	}
	h := strings.TrimPrefix(hostOf(base), "www.")
	if i := strings.IndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	return h
}

// uniqueName is name, or name-2, name-3... when taken.
func uniqueName(name string, recs []connRecord) string {
	taken := func(n string) bool {
		for _, r := range recs {
			if strings.EqualFold(r.Name, n) {
				return true
			}
		}
		return false
	}
	out := name
	for i := 2; taken(out); i++ {
		out = fmt.Sprintf("%s-%d", name, i)
	}
	return out
}

func hostOf(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Host
	}
	return s
}
