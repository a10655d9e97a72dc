// Independent verifiers agree on layouts: files of testdata/attacks whose
// layout is unusual but whose signatures hold (or, where changed, do not),
// checked by jose or @digitalbazaar/vc and by `lw verify --offline --json`.
// Any disagreement fails.
//
//   node layouts.mjs --lw BIN [--tampered-dir DIR]
//
// - jwt-vc-claim-v2.jwt, jwt-payload-v11.jwt: jose verifies the JWS (kid, a
//   did:key DID URL, read locally as an Ed25519 key) and finds the layout (a
//   VCDM 2.0 credential in a "vc" claim; a VCDM 1.1 credential as the
//   payload); lw must say valid-with-notes, format.jwt-layout with that
//   layout as its cause, signature and issuer key pass. A copy with one
//   character of the payload changed must fail in both.
// - clr-nested-bad-proof.json: @digitalbazaar/vc verifyCredential of the
//   record (its own proof) and of each credential nested in it: the record
//   holds, "Neurosurgery" (changed after signing) does not, the other does;
//   lw must say not-valid, nested.proof-failed, with the record's signature
//   passing and each nested credential's signature as vc found it.
// - hostile-name.json: strings with control characters (terminal escapes),
//   which canonical N-Quads escapes as \u001B and json-gold wrote raw; lw
//   signed it with its own RDFC-1.0: @digitalbazaar/vc (jsonld.js and
//   rdf-canonize) must find the signature holds, as lw does.
// - inline-context-swap.json: name and description swapped after signing,
//   with a @context of the document's own swapping their meanings back,
//   under contexts that protect no term. JSON-LD allows it (jsonld.js
//   canonizes it as the signed document, safe mode or not); lw must refuse
//   it (signature.context-override). What @digitalbazaar/vc answers is
//   shown, not judged: it refuses too, with "tried to redefine a protected
//   term" from inside its proof handling.
// - clr-nested-no-proof.json: the record holds in @digitalbazaar/vc, its
//   nested course with a proof holds, the one without does not verify on its
//   own (nothing to verify) in either; lw must say valid-with-notes,
//   nested.no-own-proof: the record vouches for it.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import * as jose from 'jose';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {keyFromDidKey} from './didkey.mjs';
import {documentLoader} from './loader.mjs';
import {checksOf, lw, notPassed, reasonOf} from './lw.mjs';

const {values: args} = parseArgs({options: {
  lw: {type: 'string'}, 'tampered-dir': {type: 'string'}
}});
if(!args.lw) {
  console.error('usage: node layouts.mjs --lw BIN [--tampered-dir DIR]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const attacks = join(here, '..', '..', 'testdata', 'attacks');
// tampered copies: kept in --tampered-dir, else in a folder removed at exit
const tamperedDir = args['tampered-dir'] ?? mkdtempSync(join(tmpdir(), 'lw-layouts-'));
mkdirSync(tamperedDir, {recursive: true});
if(!args['tampered-dir']) {
  process.on('exit', () => rmSync(tamperedDir, {recursive: true, force: true}));
}

const V1 = 'https://www.w3.org/2018/credentials/v1';
const V2 = 'https://www.w3.org/ns/credentials/v2';
const suites = () => [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new Ed25519Signature2020()
];

const summary = [];
let bad = 0;
// one file's result: its problems (disagreements, or either side not saying
// what it must) fail it
function result(label, problems, what) {
  if(problems.length) {
    bad++;
    for(const p of problems) {
      console.log(`  FAIL ${p}`);
    }
  }
  summary.push(`${problems.length ? 'FAIL' : 'PASS'}  ${label.padEnd(30)} ${what}`);
}

function lwVerify(file) {
  const r = lw(args.lw, 'verify', '--offline', '--json', file);
  if(!r.json) {
    throw new Error(`lw verify ${file}: exit ${r.status}, no report: ${r.stderr}`);
  }
  const checks = [...checksOf(r.json)];
  const find = (id, where = '') => checks.filter(c => c.id === id && c.where === where);
  console.log(`  lw verify: exit ${r.status}, ${r.json.verdict}: ${r.json.headline}`);
  console.log(`    not passed: ${notPassed(r.json).join(', ') || 'none'}`);
  return {...r, rep: r.json, find};
}

const contextVersion = c => ({[V2]: '2.0', [V1]: '1.1'})[[].concat(c?.['@context'] ?? [])[0]] ?? '?';

// ---- VC-JWTs ----------------------------------------------------------------

async function jwtLayout(name, wantLayout) {
  console.log(`== ${name}`);
  const file = join(attacks, name);
  const jwt = readFileSync(file, 'utf8').trim();
  const problems = [];
  // jose
  let js = {verified: false};
  try {
    const header = jose.decodeProtectedHeader(jwt);
    const {did, jwk, key} = await keyFromDidKey(header.kid);
    console.log(`  header: ${JSON.stringify(header)}`);
    console.log(`  kid -> ${JSON.stringify(jwk)}`);
    const {payload} = await jose.jwtVerify(jwt, key, {algorithms: ['EdDSA']});
    const cred = payload.vc ?? payload;
    const layout = payload.vc ? `vc-claim-${contextVersion(payload.vc)}` :
      `payload-${contextVersion(payload)}`;
    const issuer = cred.issuer?.id ?? cred.issuer;
    js = {verified: true, layout, issuerIsSigner: issuer === did && payload.iss === did};
    console.log(`  ok   jose.jwtVerify: signature holds; layout ${layout} (` +
      (payload.vc ? `a "vc" claim holding a VCDM ${contextVersion(payload.vc)} credential` :
        `the payload is a VCDM ${contextVersion(payload)} credential, no "vc" claim`) +
      `); issuer ${issuer}, iss ${payload.iss}, ` +
      `${js.issuerIsSigner ? 'the signing DID' : `NOT the signing DID ${did}`}`);
  } catch(e) {
    console.log(`  FAIL jose.jwtVerify: ${e.code ?? e.name}: ${e.message}`);
  }
  if(!js.verified) {
    problems.push('jose: the signature does not hold');
  } else if(js.layout !== wantLayout) {
    problems.push(`jose: layout ${js.layout}, want ${wantLayout}`);
  } else if(!js.issuerIsSigner) {
    problems.push('jose: the issuer is not the signing DID');
  }
  // lw
  const l = lwVerify(file);
  const layoutCheck = l.rep.checks.find(c => c.reason === 'format.jwt-layout');
  const sig = l.find('signature')[0];
  const issuerKey = l.find('issuer-key')[0];
  if(l.status !== 0 || l.rep.verdict !== 'valid-with-notes') {
    problems.push(`lw: exit ${l.status}, ${l.rep.verdict}; want exit 0, valid-with-notes`);
  }
  if(!layoutCheck) {
    problems.push('lw: no format.jwt-layout check');
  } else if(js.layout && reasonOf(layoutCheck) !== `format.jwt-layout/${js.layout}`) {
    problems.push(`lw says ${reasonOf(layoutCheck)}, jose found ${js.layout}`);
  }
  if(sig?.status !== 'pass' || issuerKey?.status !== 'pass') {
    problems.push(`lw: signature ${sig?.status}, issuer key ${issuerKey?.status}; want pass, pass`);
  }
  if(js.verified !== (sig?.status === 'pass')) {
    problems.push(`disagree on the signature: jose ${js.verified}, lw ${sig?.status}`);
  }
  result(name, problems, `jose: signature ${js.verified ? 'holds' : 'FAILS'}, ` +
    `${js.layout ?? '?'}; lw: ${l.rep.verdict}, ${layoutCheck ? reasonOf(layoutCheck) : 'no layout note'}, ` +
    `signature ${sig?.status}`);

  // the same with one character of the payload changed: both must reject it
  const [h, p, s] = jwt.split('.');
  const body = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const target = body.vc ?? body;
  const before = target.name;
  target.name = (before[0] === 'X' ? 'Y' : 'X') + before.slice(1);
  const tampered = [h, Buffer.from(JSON.stringify(body)).toString('base64url'), s].join('.');
  const tfile = join(tamperedDir, `tampered-${name}`);
  writeFileSync(tfile, tampered + '\n');
  console.log(`  tampered copy: name "${before}" -> "${target.name}" (${tfile})`);
  const tproblems = [];
  let joseRejects = false;
  try {
    const {key} = await keyFromDidKey(jose.decodeProtectedHeader(tampered).kid);
    await jose.jwtVerify(tampered, key, {algorithms: ['EdDSA']});
  } catch(e) {
    joseRejects = e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
    console.log(`  ${joseRejects ? 'ok  ' : 'FAIL'} jose rejects it: ${e.code}: ${e.message}`);
  }
  const t = lwVerify(tfile);
  const tsig = t.find('signature')[0];
  if(!joseRejects) {
    tproblems.push('jose accepts the changed payload');
  }
  if(t.status !== 1 || t.rep.verdict !== 'not-valid' || tsig?.status !== 'fail') {
    tproblems.push(`lw: exit ${t.status}, ${t.rep.verdict}, signature ${tsig?.status}; ` +
      'want exit 1, not-valid, signature fail');
  }
  result(`tampered ${name}`, tproblems, `must fail: jose ${joseRejects ? 'rejects' : 'ACCEPTS'}; ` +
    `lw: ${t.rep.verdict}, signature ${tsig?.status}`);
}

// ---- records and what they hold --------------------------------------------

async function verifyCredential(credential, label) {
  const proofs = [].concat(credential.proof ?? []);
  const r = await vc.verifyCredential({credential, suite: suites(), documentLoader});
  const why = r.verified ? '' : `: ${[].concat(r.error ?? [])
    .flatMap(e => e.errors ?? [e]).map(e => e.message).join(' | ')}`;
  console.log(`  ${r.verified ? 'ok  ' : 'fail'} @digitalbazaar/vc ${label} "${credential.name}" ` +
    `[${proofs.map(p => p.cryptosuite ?? p.type).join('+') || 'no proof'}]: ` +
    `verified=${r.verified}${why}`);
  return r.verified;
}

// want: lw's verdict, the reason of its nested check, and whether the
// record's proof and each nested credential's (by name) must hold
async function record(name, want) {
  console.log(`== ${name}`);
  const file = join(attacks, name);
  const cred = JSON.parse(readFileSync(file, 'utf8'));
  const nested = [].concat(cred.credentialSubject?.verifiableCredential ?? []);
  const problems = [];
  const outer = await verifyCredential(cred, 'record');
  const inner = [];
  for(const [i, n] of nested.entries()) {
    inner.push(await verifyCredential(n, `nested [${i}]`));
  }
  const holds = b => b ? 'holds' : 'fails';
  if(outer !== want.outer) {
    problems.push(`@digitalbazaar/vc: the record's proof ${holds(outer)}, want ${holds(want.outer)}`);
  }
  for(const [i, n] of nested.entries()) {
    if(want.nested[n.name] !== inner[i]) {
      problems.push(`@digitalbazaar/vc: nested "${n.name}" ${holds(inner[i])}, ` +
        `want ${want.nested[n.name] === undefined ? 'no such credential' : holds(want.nested[n.name])}`);
    }
  }
  const l = lwVerify(file);
  const sig = l.find('signature')[0];
  const nestedCheck = l.find('nested')[0];
  const wantStatus = want.verdict === 'not-valid' ? 1 : 0;
  if(l.status !== wantStatus || l.rep.verdict !== want.verdict) {
    problems.push(`lw: exit ${l.status}, ${l.rep.verdict}; want exit ${wantStatus}, ${want.verdict}`);
  }
  if(nestedCheck?.reason !== want.reason) {
    problems.push(`lw: nested check ${nestedCheck?.reason}, want ${want.reason}`);
  }
  // agreement, proof by proof: the record's, then each nested credential's
  // on its own (lw reports them in the record's order)
  if(outer !== (sig?.status === 'pass')) {
    problems.push(`disagree on the record's proof: @digitalbazaar/vc ${holds(outer)}, ` +
      `lw signature ${sig?.status}`);
  }
  const agree = [];
  for(const [i, n] of nested.entries()) {
    const s = l.find('signature', `.[${i}]`)[0];
    const proofs = [].concat(n.proof ?? []).length;
    console.log(`    nested [${i}] "${n.name}"${proofs ? '' : ' (no proof of its own)'}: ` +
      `@digitalbazaar/vc ${holds(inner[i])}; lw on its own: ${l.rep.children?.[i]?.verdict}, ` +
      `signature ${s?.status} ${s?.reason}`);
    if(inner[i] !== (s?.status === 'pass')) {
      problems.push(`disagree on nested [${i}] "${n.name}": @digitalbazaar/vc ` +
        `${holds(inner[i])}, lw signature ${s?.status}`);
    }
    agree.push(`${n.name} ${proofs ? holds(inner[i]) : 'has no proof'}`);
  }
  result(name, problems, `record ${holds(outer)}; nested: ${agree.join(', ')}; ` +
    `lw: ${l.rep.verdict}, ${nestedCheck?.reason}`);
}

// a credential both must find genuine: the two canonicalize it alike
async function canonicalAgree(name) {
  console.log(`== ${name}`);
  const file = join(attacks, name);
  const cred = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  const holds = await verifyCredential(cred, 'credential');
  const l = lwVerify(file);
  const sig = l.find('signature')[0];
  if(!holds) {
    problems.push('@digitalbazaar/vc: the signature does not hold');
  }
  if(sig?.status !== 'pass') {
    problems.push(`lw: signature ${sig?.status}, want pass`);
  }
  result(name, problems, `@digitalbazaar/vc: signature ${holds ? 'holds' : 'FAILS'}; ` +
    `lw: ${l.rep.verdict}, signature ${sig?.status}`);
}

// a forgery JSON-LD lets through, which lw refuses on purpose
async function weRefuse(name, reason) {
  console.log(`== ${name}`);
  const file = join(attacks, name);
  const cred = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  const holds = await verifyCredential(cred, 'credential');
  const l = lwVerify(file);
  const sig = l.find('signature')[0];
  if(l.status !== 1 || sig?.reason !== reason) {
    problems.push(`lw: exit ${l.status}, signature ${sig?.reason}; want exit 1, ${reason}`);
  }
  result(name, problems, `@digitalbazaar/vc: signature ${holds ? 'holds' : 'refused'}; ` +
    `lw: ${l.rep.verdict}, ${sig?.reason}`);
}

await jwtLayout('jwt-vc-claim-v2.jwt', 'vc-claim-2.0');
await canonicalAgree('hostile-name.json');
await weRefuse('inline-context-swap.json', 'signature.context-override');
await jwtLayout('jwt-payload-v11.jwt', 'payload-1.1');
await record('clr-nested-bad-proof.json', {
  outer: true, nested: {'Academic Writing': true, Neurosurgery: false},
  verdict: 'not-valid', reason: 'nested.proof-failed'
});
await record('clr-nested-no-proof.json', {
  outer: true, nested: {'Academic Writing': true, 'Study Skills': false},
  verdict: 'valid-with-notes', reason: 'nested.no-own-proof'
});
console.log('\n' + summary.join('\n'));
process.exit(bad ? 1 : 0);
