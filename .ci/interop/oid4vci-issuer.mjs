// An OpenID4VCI 1.0 credential issuer that is not ours: the protocol is
// @openid4vc/openid4vci and @openid4vc/oauth2 (metadata, offers, token
// requests, access tokens, nonces, credential requests and their
// openid4vci-proof+jwt proofs); credentials are signed by
// @digitalbazaar/vc (ldp_vc: VCDM 2.0, eddsa-rdfc-2022) and jose
// (jwt_vc_json: VCDM 1.1 in a JWT's vc claim, EdDSA). This file is only the
// HTTPS server around them. lw receive must receive from it.
//
//   node oid4vci-issuer.mjs --cert CERT --key KEY --dir DIR
//
// Listens on 127.0.0.1 (a free port), as https://localhost:PORT/interop, and writes
// DIR/offers.json once it listens: {issuer, did, offers: {NAME: {link, pin,
// configurations}}}. Every offer is good once. Each request and answer is
// logged to DIR/issuer.log (tokens and proofs included: throw-away keys).
// Stops on SIGTERM, or after 10 minutes.
import {createHash, createPrivateKey, randomBytes, randomUUID} from 'node:crypto';
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:https';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import * as jose from 'jose';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  Oauth2AuthorizationServer, Oauth2ResourceServer, Oauth2ServerErrorResponseError,
  Oauth2ResourceUnauthorizedError, authorizationCodeGrantIdentifier,
  preAuthorizedCodeGrantIdentifier, clientAuthenticationAnonymous, decodeJwt
} from '@openid4vc/oauth2';
import {Openid4vciIssuer, Openid4vciDraftVersion} from '@openid4vc/openid4vci';
import {documentLoader} from './loader.mjs';
import {keyFromDidKey} from './didkey.mjs';

const {values: args} = parseArgs({options: {
  cert: {type: 'string'}, key: {type: 'string'}, dir: {type: 'string'}
}});
if(!args.cert || !args.key || !args.dir) {
  console.error('usage: node oid4vci-issuer.mjs --cert CERT --key KEY --dir DIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const logFile = join(args.dir, 'issuer.log');
const log = line => appendFileSync(logFile, line + '\n');

// The issuer's key: a did:key from a seed of its own (not issue.mjs's).
const seed = createHash('sha256').update('learnerwallet interop oid4vci issuer').digest();
const probe = await Ed25519Multikey.generate({seed});
const did = `did:key:${probe.publicKeyMultibase}`;
const vm = `${did}#${probe.publicKeyMultibase}`;
const multikey = await Ed25519Multikey.generate({seed, id: vm, controller: did});
const issuerJoseKey = createPrivateKey({format: 'der', type: 'pkcs8',
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])});
// The authorization server's access token key: new on every run.
const tokenKeys = await jose.generateKeyPair('EdDSA', {extractable: true});
const tokenJwk = {...await jose.exportJWK(tokenKeys.publicKey), kid: 'access-token-1', use: 'sig', alg: 'EdDSA'};

// Callbacks of @openid4vc: JWTs signed and verified with jose, did:key read
// locally (didkey.mjs); the one fetch it makes is of our own JWKS, answered
// here without the network.
const PATH = '/interop';
let base; // https://localhost:PORT/interop, once listening
const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
  generateRandom: n => randomBytes(n),
  clientAuthentication: clientAuthenticationAnonymous(),
  fetch: async url => {
    if(String(url) !== `${base}/jwks.json`) {
      throw new Error(`the interop issuer fetches nothing but its own JWKS, not ${url}`);
    }
    return new Response(JSON.stringify({keys: [tokenJwk]}),
      {headers: {'content-type': 'application/jwk-set+json'}});
  },
  signJwt: async (signer, {header, payload}) => {
    if(signer.method !== 'jwk' || signer.publicJwk.x !== tokenJwk.x) {
      throw new Error('the interop issuer signs access tokens only');
    }
    const jwt = await new jose.SignJWT(payload)
      .setProtectedHeader({...header, kid: tokenJwk.kid}).sign(tokenKeys.privateKey);
    return {jwt, signerJwk: tokenJwk};
  },
  verifyJwt: async (signer, {compact}) => {
    let jwk;
    if(signer.method === 'jwk') {
      jwk = signer.publicJwk;
    } else if(signer.method === 'did') {
      ({jwk} = await keyFromDidKey(signer.didUrl));
    } else {
      return {verified: false};
    }
    try {
      await jose.compactVerify(compact, await jose.importJWK(jwk, 'EdDSA'),
        {algorithms: ['EdDSA', 'Ed25519']});
      return {verified: true, signerJwk: jwk};
    } catch {
      return {verified: false, signerJwk: jwk};
    }
  }
};
const issuer = new Openid4vciIssuer({callbacks});
const authorizationServer = new Oauth2AuthorizationServer({callbacks});
const resourceServer = new Oauth2ResourceServer({callbacks});

const V2 = 'https://www.w3.org/ns/credentials/v2';
const OB2 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const OB1 = 'https://purl.imsglobal.org/spec/ob/v3p0/context.json';
const TYPE = ['VerifiableCredential', 'OpenBadgeCredential'];
const configurations = {
  OpenBadgeCredential_ldp_vc: {
    format: 'ldp_vc',
    credential_definition: {'@context': [V2, OB2], type: TYPE},
    cryptographic_binding_methods_supported: ['did:key'],
    credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
    proof_types_supported: {jwt: {proof_signing_alg_values_supported: ['EdDSA']}},
    credential_metadata: {display: [{name: 'Interop badge (ldp_vc, VCDM 2.0)', locale: 'en'}]}
  },
  OpenBadgeCredential_jwt_vc_json: {
    format: 'jwt_vc_json',
    credential_definition: {type: TYPE},
    cryptographic_binding_methods_supported: ['did:key'],
    credential_signing_alg_values_supported: ['EdDSA'],
    proof_types_supported: {jwt: {proof_signing_alg_values_supported: ['EdDSA']}},
    credential_metadata: {display: [{name: 'Interop badge (jwt_vc_json, VCDM 1.1)', locale: 'en'}]}
  }
};

const template = JSON.parse(readFileSync(join(here, '..', '..', 'testdata',
  'generated', 'clr-20-courses-unsigned.json'), 'utf8'))
  .credentialSubject.verifiableCredential[3];

// The badge, issued to holder, as the configuration's format asks. style
// "claims": a jwt_vc_json whose vc leaves out what the JWT's registered
// claims say (VCDM 1.1 section 6.3.1: sub for credentialSubject.id, jti for
// id, nbf for issuanceDate), for the holder to put back (section 6.3.2).
async function credentialFor(id, holder, style) {
  const credential = structuredClone(template);
  credential['@context'] = [V2, OB2];
  credential.id = `urn:uuid:${randomUUID()}`;
  credential.issuer = {id: did, type: ['Profile'], name: 'Interop OpenID4VCI Issuer'};
  credential.credentialSubject.id = holder;
  credential.validFrom = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if(id === 'OpenBadgeCredential_ldp_vc') {
    credential.name = 'Interop badge, ldp_vc (@openid4vc/openid4vci, @digitalbazaar/vc)';
    const suite = new DataIntegrityProof({signer: multikey.signer(), cryptosuite: eddsaRdfc2022});
    return vc.issue({credential, suite, documentLoader});
  }
  // jwt_vc_json (OpenID4VCI 1.0 appendix A.1.1): a VCDM 1.1 credential, in
  // the JWT's vc claim (VCDM 1.1 section 6.3.1).
  credential.name = 'Interop badge, jwt_vc_json (@openid4vc/openid4vci, jose)';
  credential['@context'] = [V1, OB1];
  credential.issuanceDate = credential.validFrom;
  delete credential.validFrom;
  const at = Math.floor(Date.parse(credential.issuanceDate) / 1000);
  const jti = credential.id;
  if(style === 'claims') {
    credential.name = 'Interop badge, jwt_vc_json, claims in sub/jti/nbf (@openid4vc/openid4vci, jose)';
    delete credential.id;
    delete credential.issuanceDate;
    delete credential.credentialSubject.id;
  }
  return new jose.SignJWT({vc: credential})
    .setProtectedHeader({alg: 'EdDSA', typ: 'JWT', kid: vm})
    .setIssuer(did).setSubject(holder).setJti(jti)
    .setNotBefore(at).setIssuedAt(at)
    .sign(issuerJoseKey);
}

// State: every code, nonce and access token good once (or until it expires).
const preAuthorized = new Map(); // pre-authorized_code -> {pin, configurations, style}
const issuerStates = new Map(); // issuer_state -> configurations
const authCodes = new Map(); // code -> {challenge, redirect, clientId, configurations}
const nonces = new Map(); // c_nonce -> expiry (ms)
// access token subject -> {left: configurations left to issue, style,
// identifiers: credential_identifier -> configuration, when the token
// response gave them}
const grants = new Map();

let credentialIssuerMetadata, authorizationServerMetadata, issuerMetadata;
const offersByReference = new Map();

async function makeOffers() {
  const offers = {};
  const pre = async (name, ids, {byReference = false, pin = true, style} = {}) => {
    const code = randomUUID();
    const tx = pin ? String(randomBytes(4).readUInt32BE() % 1e6).padStart(6, '0') : undefined;
    preAuthorized.set(code, {pin: tx, configurations: ids, style});
    const grant = {'pre-authorized_code': code};
    if(pin) {
      grant.tx_code = {input_mode: 'numeric', length: 6,
        description: 'The six digits sent to you by the interop issuer'};
    }
    const offerId = randomUUID();
    const made = await issuer.createCredentialOffer({
      issuerMetadata, credentialConfigurationIds: ids,
      grants: {[preAuthorizedCodeGrantIdentifier]: grant},
      ...(byReference ? {credentialOfferUri: `${base}/offers/${offerId}`} : {})
    });
    if(byReference) {
      offersByReference.set(offerId, made.credentialOfferObject);
    }
    offers[name] = {link: made.credentialOffer, pin: tx, configurations: ids};
  };
  await pre('both', Object.keys(configurations));
  await pre('ldp-by-reference', ['OpenBadgeCredential_ldp_vc'], {byReference: true});
  await pre('wrong-pin', ['OpenBadgeCredential_ldp_vc']);
  await pre('no-pin', ['OpenBadgeCredential_jwt_vc_json'], {pin: false});
  await pre('jwt-claims', ['OpenBadgeCredential_jwt_vc_json'], {style: 'claims'});
  const state = randomUUID();
  issuerStates.set(state, Object.keys(configurations));
  const made = await issuer.createCredentialOffer({
    issuerMetadata, credentialConfigurationIds: Object.keys(configurations),
    grants: {[authorizationCodeGrantIdentifier]: {issuer_state: state}}
  });
  offers['authorization-code'] = {link: made.credentialOffer, configurations: Object.keys(configurations)};
  return offers;
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {'content-type': 'application/json', 'cache-control': 'no-store', ...headers});
  res.end(text);
  return {status, text: text + (headers.location ? ` location: ${headers.location}` : '')};
}

// error: what an @openid4vc ...ErrorResponseError says, as the response
function refuse(res, error) {
  log(`   (refused: ${String(error?.message ?? error).split('\n')[0]}` +
    (error?.cause ? `; cause: ${String(error.cause.message ?? error.cause).split('\n')[0]}` : '') + ')');
  if(error instanceof Oauth2ServerErrorResponseError) {
    return send(res, error.status ?? 400, error.errorResponse);
  }
  if(error instanceof Oauth2ResourceUnauthorizedError) {
    return send(res, 401, {error: 'invalid_token', error_description: error.message},
      {'www-authenticate': error.toHeaderValue?.() ?? 'Bearer'});
  }
  return send(res, 400, {error: 'invalid_request', error_description: String(error.message ?? error)});
}

const requestLike = (req, url) => ({method: req.method, url: url.href, headers: new Headers(
  Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]))});

async function handle(req, res, body) {
  const url = new URL(req.url, new URL(base).origin);
  // The issuer's identifier has a path (/interop): its metadata is at
  // /.well-known/openid-credential-issuer/interop (OpenID4VCI 1.0 12.2.2),
  // the authorization server's at /.well-known/oauth-authorization-server/interop
  // (RFC 8414 3.1), its endpoints under /interop/.
  const p = url.pathname;
  const route = `${req.method} ${p === `/.well-known/openid-credential-issuer${PATH}` ||
    p === `/.well-known/oauth-authorization-server${PATH}` ? p.slice(0, -PATH.length) :
    p.startsWith(`${PATH}/`) ? p.slice(PATH.length) : `(outside ${PATH}) ${p}`}`;
  switch(route) {
  case 'GET /.well-known/openid-credential-issuer':
    return send(res, 200, credentialIssuerMetadata);
  case 'GET /.well-known/oauth-authorization-server':
    return send(res, 200, authorizationServerMetadata);
  case 'GET /jwks.json':
    return send(res, 200, {keys: [tokenJwk]});
  case 'POST /nonce': {
    const nonce = randomUUID();
    nonces.set(nonce, Date.now() + 300_000);
    return send(res, 200, issuer.createNonceResponse({cNonce: nonce}));
  }
  case 'GET /authorize': {
    // The learner "signs in" at once: the request is checked, and the
    // browser sent back to the wallet's loopback redirect with a code.
    const q = url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    const state = q.get('issuer_state');
    let details;
    try {
      details = JSON.parse(q.get('authorization_details') ?? '[]');
    } catch {
      details = null;
    }
    const asked = Array.isArray(details) ? details.map(d => d?.type === 'openid_credential' &&
      d.credential_configuration_id) : [];
    const problem =
      q.get('response_type') !== 'code' ? 'response_type must be code' :
      !/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+\//.test(redirect) ? 'redirect_uri must be a loopback http URL' :
      !q.get('client_id') ? 'no client_id' :
      q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') ? 'PKCE S256 is required' :
      !issuerStates.has(state) ? `unknown issuer_state ${state}` :
      asked.length === 0 || !asked.every(id => issuerStates.get(state).includes(id)) ?
        'authorization_details must name offered credential_configuration_ids' : '';
    if(problem) {
      return send(res, 400, {error: 'invalid_request', error_description: problem});
    }
    issuerStates.delete(state);
    const code = randomUUID();
    authCodes.set(code, {challenge: q.get('code_challenge'), redirect,
      clientId: q.get('client_id'), configurations: asked});
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('iss', base);
    return send(res, 302, undefined, {location: back.href});
  }
  case 'POST /token': {
    const form = Object.fromEntries(new URLSearchParams(body));
    try {
      const parsed = authorizationServer.parseAccessTokenRequest({
        accessTokenRequest: form, request: requestLike(req, url)});
      let subject, allowed, style, details;
      if(parsed.grant.grantType === preAuthorizedCodeGrantIdentifier) {
        const offer = preAuthorized.get(parsed.grant.preAuthorizedCode);
        await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
          authorizationServerMetadata, grant: parsed.grant,
          accessTokenRequest: parsed.accessTokenRequest, request: requestLike(req, url),
          expectedPreAuthorizedCode: offer ? parsed.grant.preAuthorizedCode : randomUUID(),
          expectedTxCode: offer?.pin
        });
        preAuthorized.delete(parsed.grant.preAuthorizedCode);
        subject = parsed.grant.preAuthorizedCode;
        allowed = offer.configurations;
        style = offer.style;
      } else if(parsed.grant.grantType === authorizationCodeGrantIdentifier) {
        const a = authCodes.get(parsed.grant.code);
        if(a && (form.redirect_uri !== a.redirect || form.client_id !== a.clientId)) {
          return send(res, 400, {error: 'invalid_grant', error_description: 'redirect_uri or client_id is not the authorization request\'s'});
        }
        await authorizationServer.verifyAuthorizationCodeAccessTokenRequest({
          authorizationServerMetadata, grant: parsed.grant,
          accessTokenRequest: parsed.accessTokenRequest, request: requestLike(req, url),
          expectedCode: a ? parsed.grant.code : randomUUID(),
          pkce: {codeVerifier: parsed.pkceCodeVerifier, codeChallenge: a?.challenge ?? 'x',
            codeChallengeMethod: 'S256'}
        });
        authCodes.delete(parsed.grant.code);
        subject = parsed.grant.code;
        allowed = a.configurations;
        // The authorization request had authorization_details, so the
        // token response has them, with credential_identifiers (OpenID4VCI
        // 1.0 6.2), and the credential request must name one of these.
        details = allowed.map(id => ({type: 'openid_credential', credential_configuration_id: id,
          credential_identifiers: [`${id}-${randomUUID()}`]}));
      } else {
        return send(res, 400, {error: 'unsupported_grant_type'});
      }
      grants.set(subject, {left: [...allowed], style, identifiers: details && new Map(
        details.map(d => [d.credential_identifiers[0], d.credential_configuration_id]))});
      return send(res, 200, await authorizationServer.createAccessTokenResponse({
        audience: base, authorizationServer: base, subject, expiresInSeconds: 300,
        signer: {method: 'jwk', alg: 'EdDSA', publicJwk: tokenJwk},
        ...(details ? {additionalAccessTokenResponsePayload: {authorization_details: details}} : {})
      }));
    } catch(e) {
      return refuse(res, e);
    }
  }
  case 'POST /credential': {
    try {
      const {tokenPayload} = await resourceServer.verifyResourceRequest({
        authorizationServers: [authorizationServerMetadata], resourceServer: base,
        request: requestLike(req, url), allowedAuthenticationSchemes: ['Bearer']});
      const parsed = issuer.parseCredentialRequest({issuerMetadata, credentialRequest: JSON.parse(body)});
      const {left = [], style, identifiers} = grants.get(tokenPayload.sub) ?? {};
      // OpenID4VCI 1.0 8.2: credential_identifier when the token response
      // gave credential_identifiers, credential_configuration_id otherwise.
      if(identifiers && !parsed.credentialIdentifier) {
        return send(res, 400, {error: 'invalid_credential_request', error_description:
          'the token response gave credential_identifiers: ask with credential_identifier, not credential_configuration_id (OpenID4VCI 1.0 8.2)'});
      }
      if(identifiers && !identifiers.has(parsed.credentialIdentifier)) {
        return send(res, 400, {error: 'unknown_credential_identifier'});
      }
      if(!identifiers && !parsed.credentialConfigurationId) {
        return send(res, 400, {error: 'invalid_credential_request',
          error_description: 'credential_configuration_id, please: no credential_identifiers were given'});
      }
      const id = identifiers ? identifiers.get(parsed.credentialIdentifier) : parsed.credentialConfigurationId;
      if(!left.includes(id)) {
        return send(res, 400, {error: 'invalid_credential_request',
          error_description: `${id} is not one this token may still get`});
      }
      const jwts = parsed.proofs?.jwt ?? [];
      if(jwts.length !== 1) {
        return send(res, 400, {error: 'invalid_proof', error_description: 'one proofs.jwt, please'});
      }
      // The nonce: one this issuer gave, not yet used, not expired.
      const {payload} = decodeJwt({jwt: jwts[0]});
      const nonce = payload.nonce;
      // OpenID4VCI 1.0 appendix F.1 "aud: REQUIRED (string)": as strict
      // issuers are (@openid4vc takes a one-element array too).
      if(typeof payload.aud !== 'string') {
        return send(res, 400, {error: 'invalid_proof',
          error_description: `aud must be a string, the Credential Issuer Identifier (OpenID4VCI 1.0 F.1), not ${JSON.stringify(payload.aud)}`});
      }
      const expires = nonces.get(nonce);
      nonces.delete(nonce);
      if(!expires) {
        return send(res, 400, {error: 'invalid_nonce', error_description: 'not a c_nonce of this issuer, or used'});
      }
      const {header} = await issuer.verifyCredentialRequestJwtProof({
        issuerMetadata, jwt: jwts[0], expectedNonce: nonce, nonceExpiresAt: new Date(expires)});
      if(header.typ !== 'openid4vci-proof+jwt' || !header.kid?.startsWith('did:key:')) {
        return send(res, 400, {error: 'invalid_proof', error_description: 'typ openid4vci-proof+jwt and a did:key kid, please'});
      }
      const holder = header.kid.split('#')[0];
      left.splice(left.indexOf(id), 1);
      const credential = await credentialFor(id, holder, style);
      log(`   issued ${id} to ${holder}`);
      return send(res, 200, issuer.createCredentialResponse({
        credentialRequest: parsed, credentials: [{credential}]}));
    } catch(e) {
      return refuse(res, e);
    }
  }
  }
  const m = /^GET \/offers\/([0-9a-f-]+)$/.exec(route);
  if(m && offersByReference.has(m[1])) {
    return send(res, 200, offersByReference.get(m[1]));
  }
  return send(res, 404, {error: 'not_found'});
}

const server = createServer({cert: readFileSync(args.cert), key: readFileSync(args.key)},
  (req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let out;
      try {
        out = await handle(req, res, body);
      } catch(e) {
        out = send(res, 500, {error: 'server_error', error_description: String(e?.message ?? e)});
      }
      log(`<- ${req.method} ${req.url}` + (req.headers.authorization ? ` [Authorization: ${req.headers.authorization.slice(0, 20)}…]` : '') +
        (body ? `\n   ${body}` : ''));
      log(`-> ${out?.status} ${out?.text ?? ''}`);
    });
  });
server.listen(0, '127.0.0.1', async () => {
  base = `https://localhost:${server.address().port}${PATH}`;
  authorizationServerMetadata = authorizationServer.createAuthorizationServerMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    authorization_endpoint: `${base}/authorize`,
    jwks_uri: `${base}/jwks.json`,
    code_challenge_methods_supported: ['S256'],
    response_types_supported: ['code'],
    grant_types_supported: [authorizationCodeGrantIdentifier, preAuthorizedCodeGrantIdentifier],
    'pre-authorized_grant_anonymous_access_supported': true,
    authorization_details_types_supported: ['openid_credential']
  });
  credentialIssuerMetadata = issuer.createCredentialIssuerMetadata({
    credential_issuer: base,
    credential_endpoint: `${base}/credential`,
    nonce_endpoint: `${base}/nonce`,
    display: [{name: 'Interop OpenID4VCI Issuer (@openid4vc/openid4vci)', locale: 'en'}],
    credential_configurations_supported: configurations
  });
  issuerMetadata = {credentialIssuer: credentialIssuerMetadata,
    authorizationServers: [authorizationServerMetadata],
    originalDraftVersion: Openid4vciDraftVersion.V1,
    knownCredentialConfigurations:
      issuer.getKnownCredentialConfigurationsSupported(credentialIssuerMetadata)};
  const offers = await makeOffers();
  writeFileSync(join(args.dir, 'offers.json'),
    JSON.stringify({issuer: base, did, offers}, null, 2) + '\n');
  log(`== listening at ${base}, issuer ${did}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(() => process.exit(0), 600_000).unref();
