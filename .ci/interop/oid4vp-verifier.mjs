// An OpenID4VP 1.0 verifier that is not ours: requests and the parsing and
// validation of responses are @openid4vc/openid4vp (request objects signed
// with jose, responses decrypted with jose); the presentations it receives
// are written out for verify.mjs (@digitalbazaar/vc, jose) to check against
// the request's nonce and client_id. This file is only the HTTPS server
// around them. lw respond must answer it.
//
//   node oid4vp-verifier.mjs --cert CERT --key KEY --dir DIR
//
// Listens on 127.0.0.1 (a free port), as https://localhost:PORT/interop,
// and writes DIR/requests.json once it listens: {NAME: {link, nonce,
// clientId}}. For each response to request NAME it writes
// DIR/received-NAME.json ({accepted, problem, presentations: [FILE...]}) and
// the presentations as DIR/vp-NAME-N.json (Data Integrity) or .jwt. Each
// request and answer is logged to DIR/verifier.log. Stops on SIGTERM, or
// after 10 minutes.
import {createHash, createPrivateKey, randomBytes, X509Certificate} from 'node:crypto';
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:https';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import * as jose from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Openid4vpVerifier} from '@openid4vc/openid4vp';
import {keyFromDidKey} from './didkey.mjs';

const {values: args} = parseArgs({options: {
  cert: {type: 'string'}, key: {type: 'string'}, dir: {type: 'string'}
}});
if(!args.cert || !args.key || !args.dir) {
  console.error('usage: node oid4vp-verifier.mjs --cert CERT --key KEY --dir DIR');
  process.exit(2);
}
const log = line => appendFileSync(join(args.dir, 'verifier.log'), line + '\n');

// The verifier's did:key, from a seed of its own; the TLS certificate's key
// signs the x509_san_dns requests (the certificate names localhost).
const seed = createHash('sha256').update('learnerwallet interop oid4vp verifier').digest();
const probe = await Ed25519Multikey.generate({seed});
const did = `did:key:${probe.publicKeyMultibase}`;
const didKey = createPrivateKey({format: 'der', type: 'pkcs8',
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])});
const certPem = readFileSync(args.cert, 'utf8');
const tlsKey = createPrivateKey(readFileSync(args.key));
const certB64 = new X509Certificate(certPem).raw.toString('base64');
// The key responses are encrypted to (direct_post.jwt).
const encKeys = await jose.generateKeyPair('ECDH-ES', {crv: 'P-256', extractable: true});
const encJwk = {...await jose.exportJWK(encKeys.publicKey), kid: 'enc-1', use: 'enc', alg: 'ECDH-ES'};

const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '')).update(data).digest(),
  generateRandom: n => randomBytes(n),
  signJwt: async (signer, {header, payload}) => {
    let key, signerJwk;
    if(signer.method === 'did') {
      key = didKey;
      ({jwk: signerJwk} = await keyFromDidKey(signer.didUrl));
    } else if(signer.method === 'x5c') {
      key = tlsKey;
      signerJwk = await jose.exportJWK(new X509Certificate(certPem).publicKey);
    } else {
      throw new Error(`the interop verifier signs with its DID or its certificate, not ${signer.method}`);
    }
    const jwt = await new jose.SignJWT(JSON.parse(JSON.stringify(payload))).setProtectedHeader(header).sign(key);
    return {jwt, signerJwk};
  },
  verifyJwt: async () => ({verified: false}),
  decryptJwe: async jwe => {
    try {
      const {plaintext} = await jose.compactDecrypt(jwe, encKeys.privateKey);
      return {decrypted: true, decryptionJwk: encJwk, payload: new TextDecoder().decode(plaintext)};
    } catch(e) {
      log(`decrypt: ${e}`);
      return {decrypted: false};
    }
  },
  encryptJwe: async () => {
    throw new Error('the interop verifier encrypts nothing');
  }
};
const verifier = new Openid4vpVerifier({callbacks});

const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential';
// Two courses out of a record and a badge, holder-bound: DCQL.
const badgeAndCourses = {
  credentials: [
    {id: 'badge', format: 'ldp_vc', meta: {type_values: [[OB]]}},
    {id: 'courses', format: 'ldp_vc', multiple: true, meta: {type_values: [[OB]]},
      claims: [{path: ['credentialSubject', 'achievement', 'achievementType'], values: ['Course']}]}
  ]
};
const jwtBadge = {credentials: [{id: 'badge', format: 'jwt_vc_json', meta: {type_values: [[OB]]}}]};
const definition = {
  id: 'interop-pd', purpose: 'A course, for the interop check',
  format: {ldp_vp: {proof_type: ['DataIntegrityProof']}},
  input_descriptors: [{id: 'course', constraints: {fields: [
    {path: ['$.credentialSubject.achievement.achievementType'], filter: {type: 'string', const: 'Course'}}]}}]
};

// The requests: NAME -> how it is made.
const kinds = {
  'did-dcql': {client: 'did', query: {dcql_query: badgeAndCourses}},
  'did-dcql-qr': {client: 'did', query: {dcql_query: badgeAndCourses}},
  'did-dcql-encrypted': {client: 'did', query: {dcql_query: badgeAndCourses}, encrypted: true},
  'x509-dcql': {client: 'x509', query: {dcql_query: badgeAndCourses}},
  'redirect-dcql': {client: 'redirect', query: {dcql_query: badgeAndCourses}},
  'did-dcql-jwt': {client: 'did', query: {dcql_query: jwtBadge}},
  'did-pe': {client: 'did', query: {presentation_definition: definition}}
};

const PATH = '/interop';
let base;
const pending = {}; // NAME -> {payload, jwt}
const requests = {};

async function makeRequest(name, kind) {
  const responseUri = `${base}/response/${name}`;
  const clientId = {did: `decentralized_identifier:${did}`, x509: 'x509_san_dns:localhost',
    redirect: `redirect_uri:${responseUri}`}[kind.client];
  const nonce = randomBytes(16).toString('base64url');
  const payload = {
    response_type: 'vp_token', client_id: clientId, response_uri: responseUri,
    response_mode: kind.encrypted ? 'direct_post.jwt' : 'direct_post', nonce,
    state: randomBytes(12).toString('base64url'),
    client_metadata: {client_name: 'Interop Employer (@openid4vc/openid4vp)',
      vp_formats_supported: {ldp_vc: {}, jwt_vc_json: {}},
      ...(kind.encrypted ? {jwks: {keys: [encJwk]}, encrypted_response_enc_values_supported: ['A128GCM']} : {})},
    ...kind.query
  };
  const jar = kind.client === 'redirect' ? undefined : {
    requestUri: `${base}/request/${name}`, expiresInSeconds: 600,
    jwtSigner: kind.client === 'did' ?
      {method: 'did', didUrl: `${did}#${probe.publicKeyMultibase}`, alg: 'EdDSA'} :
      {method: 'x5c', x5c: [certB64], alg: 'ES256'}
  };
  const r = await verifier.createOpenId4vpAuthorizationRequest({authorizationRequestPayload: payload, jar});
  pending[name] = {payload: r.authorizationRequestPayload, jwt: r.jar?.authorizationRequestJwt};
  requests[name] = {link: r.authorizationRequest, nonce, clientId};
  log(`request ${name}: ${r.authorizationRequest}`);
}

async function readBody(req) {
  const chunks = [];
  let n = 0;
  for await (const c of req) {
    n += c.length;
    if(n > 8 << 20) {
      throw new Error('too large');
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function respond(name, req, res) {
  const p = pending[name];
  const body = await readBody(req);
  log(`response ${name} (${req.headers['content-type']}): ${body.slice(0, 2000)}`);
  const record = {accepted: false, problem: '', presentations: []};
  try {
    if(!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      throw new Error(`content type ${req.headers['content-type']}`);
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
      authorizationResponse: form, authorizationRequestPayload: p.payload, callbacks});
    if(parsed.authorizationResponsePayload.state !== p.payload.state) {
      throw new Error(`state ${parsed.authorizationResponsePayload.state}`);
    }
    if(parsed.expectedNonce !== p.payload.nonce) {
      throw new Error(`nonce ${parsed.expectedNonce}`);
    }
    let entries;
    if(parsed.type === 'dcql') {
      entries = Object.entries(parsed.dcql.presentations).flatMap(([id, list]) => list.map(vp => [id, vp]));
      for(const q of p.payload.dcql_query.credentials) {
        if(!parsed.dcql.presentations[q.id]) {
          throw new Error(`nothing for ${q.id}`);
        }
      }
    } else {
      entries = parsed.pex.presentations.map(vp => ['pex', vp]);
      log(`presentation_submission: ${JSON.stringify(parsed.pex.submission)}`);
    }
    entries.forEach(([id, vp], i) => {
      const file = join(args.dir, `vp-${name}-${i}-${id}.${typeof vp === 'string' ? 'jwt' : 'json'}`);
      writeFileSync(file, typeof vp === 'string' ? vp : JSON.stringify(vp, null, 2));
      record.presentations.push(file);
    });
    record.accepted = true;
  } catch(e) {
    record.problem = String(e?.message ?? e);
    log(`refused ${name}: ${e?.stack ?? e}`);
  }
  writeFileSync(join(args.dir, `received-${name}.json`), JSON.stringify(record, null, 2));
  res.writeHead(record.accepted ? 200 : 400, {'content-type': 'application/json'});
  res.end(JSON.stringify(record.accepted ? {redirect_uri: `${base}/done/${name}`} :
    {error: 'invalid_request', error_description: record.problem}));
}

const server = createServer({cert: certPem, key: readFileSync(args.key)}, async (req, res) => {
  try {
    const url = new URL(req.url, base);
    const [, , what, name] = url.pathname.split('/');
    if(!url.pathname.startsWith(PATH + '/') || !pending[name]) {
      res.writeHead(404).end();
      return;
    }
    if(what === 'request' && pending[name].jwt) {
      log(`${req.method} request ${name}`);
      res.writeHead(200, {'content-type': 'application/oauth-authz-req+jwt'}).end(pending[name].jwt);
    } else if(what === 'response' && req.method === 'POST') {
      await respond(name, req, res);
    } else {
      res.writeHead(404).end();
    }
  } catch(e) {
    log(`error: ${e?.stack ?? e}`);
    res.writeHead(500).end();
  }
});
server.listen(0, '127.0.0.1', async () => {
  base = `https://localhost:${server.address().port}${PATH}`;
  try {
    for(const [name, kind] of Object.entries(kinds)) {
      await makeRequest(name, kind);
    }
  } catch(e) {
    console.error(e?.stack ?? e);
    process.exit(1);
  }
  writeFileSync(join(args.dir, 'requests.json'), JSON.stringify({did, requests}, null, 2));
});
process.on('SIGTERM', () => process.exit(0));
setTimeout(() => process.exit(0), 10 * 60 * 1000).unref();
