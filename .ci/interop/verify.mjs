// Verifies presentations made by `lw present` with independent libraries:
// Data Integrity VPs with @digitalbazaar/vc (eddsa-rdfc-2022 through
// @digitalbazaar/data-integrity, and Ed25519Signature2020), VP-JWTs with jose.
//
//   node verify.mjs --challenge C --domain D [--tampered-dir DIR] [--strict] FILE...
//   node verify.mjs --credential FILE...
//
// A file that starts with "{" is a Data Integrity VP, anything else a VP-JWT.
// Every proof of a proof set must hold (lw adds one by each earlier key of
// the holder whose DID a credential was issued to), and every credential
// issued to a DID must be issued to one the presenter proved: the holder's,
// or an earlier key's in the same proof set. Each file is also checked the
// other way round: with a wrong challenge, a wrong domain, and with one
// character of a credential's name changed, it must fail. Exit status 0 only
// when everything that must verify does, and everything that must fail does.
// A credential that @digitalbazaar/vc rejects for what its issuer wrote (e.g.
// an issuer id that is not the signing DID) but whose signature is valid is
// reported as "signature-only", and fails the run only with --strict.
//
// --credential: each FILE is a credential on its own (one lw imports but
// does not present), checked as a presented one is; only a signature that
// does not hold fails.
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {inspect, parseArgs} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import * as jose from 'jose';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {keyFromDidKey} from './didkey.mjs';
import {documentLoader, missing} from './loader.mjs';

const {values: args, positionals: files} = parseArgs({
  allowPositionals: true,
  options: {
    challenge: {type: 'string'},
    domain: {type: 'string'},
    'tampered-dir': {type: 'string'},
    'probe-holder-proof': {type: 'boolean', default: false},
    credential: {type: 'boolean', default: false},
    strict: {type: 'boolean', default: false}
  }
});
if((!args.credential && (!args.challenge || !args.domain)) || files.length === 0) {
  console.error('usage: node verify.mjs --challenge C --domain D ' +
    '[--tampered-dir DIR] [--strict] FILE...\n' +
    '       node verify.mjs --credential FILE...');
  process.exit(2);
}
const {challenge, domain} = args;

const suites = () => [
  new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
  new Ed25519Signature2020()
];

// --probe-holder-proof FILE (run by verifyLdp in a child process, with
// LW_INTEROP_PROBE set, since jsonld.js caches contexts for the process):
// does the holder proof verify when the contexts are read the probe's way?
if(args['probe-holder-proof']) {
  const vp = JSON.parse(readFileSync(files[0], 'utf8'));
  const r = await vc.verify({
    presentation: vp, challenge: args.challenge, domain: args.domain,
    suite: suites(), documentLoader
  });
  console.log(JSON.stringify(!!r.presentationResult?.verified));
  process.exit(0);
}

// Credentials that pass only the signature-only check (see signatureOnly).
const notes = [];
let currentFile = '';

// What a strict failure comes from, where we know.
function hint(credential, result) {
  const msgs = messages(result);
  const vms = [].concat(credential.proof ?? []).map(p => String(p.verificationMethod));
  const hints = [];
  if(msgs.some(m => /publicKeyMultibase" property is required/.test(m)) &&
    vms.some(vm => !vm.includes('#'))) {
    hints.push(`proof.verificationMethod is the bare DID ${JSON.stringify(
      vms.find(vm => !vm.includes('#')))} (no #key fragment), so it resolves ` +
      'to a DID document, not a key');
  }
  const issuer = credential.issuer?.id ?? credential.issuer;
  if(msgs.includes('Credential issuer must match the verification method controller.') ||
    vms.some(vm => vm.split('#')[0] !== issuer)) {
    hints.push(`issuer ${JSON.stringify(issuer)} ` +
      'is not the DID that signed');
  }
  return hints.length ? ` [${hints.join('; ')}]` : '';
}

// The issuer's signature alone: each proof's verificationMethod (a did:key
// DID URL, or a bare did:key DID as some issuers write it) is read as the key
// itself, with no issuer/controller match and no DID document look-up.
async function signatureOnly(credential) {
  const vms = [].concat(credential.proof ?? []).map(p => p.verificationMethod);
  if(vms.length === 0 || !vms.every(vm => String(vm).startsWith('did:key:z6Mk'))) {
    return null;
  }
  const did = vms[0].split('#')[0];
  if(!vms.every(vm => vm.split('#')[0] === did)) {
    return null;
  }
  const multibase = did.slice('did:key:'.length);
  const loader = async url => vms.includes(url) ? {
    contextUrl: null, documentUrl: url,
    document: {
      '@context': 'https://w3id.org/security/multikey/v1',
      id: url, type: 'Multikey', controller: did, publicKeyMultibase: multibase
    }
  } : documentLoader(url);
  return vc.verifyCredential({
    credential, suite: suites(), documentLoader: loader,
    purpose: new jsigs.purposes.AssertionProofPurpose(
      {controller: {id: did, assertionMethod: vms}})
  });
}

// ---- output -------------------------------------------------------------

let out = [];
const sayLine = line => out.push(line);
const say = sayLine;
const full = error => inspect(error, {depth: 8, breakLength: 100})
  .split('\n').map(l => '        ' + l).join('\n');

// every leaf error message in a verification result or error
function messages(x, seen = new Set()) {
  if(!x || typeof x !== 'object' || seen.has(x)) {
    return [];
  }
  seen.add(x);
  const found = [];
  if(x instanceof Error && !(x.errors?.length)) {
    found.push(x.message);
  }
  for(const k of ['error', 'errors', 'results', 'purposeResult', 'cause']) {
    const v = x[k];
    for(const e of Array.isArray(v) ? v : [v]) {
      found.push(...messages(e, seen));
    }
  }
  return [...new Set(found)];
}

function errorsOf(result) {
  const errs = [];
  const shown = new Set();
  const add = e => {
    if(e && !shown.has(e)) {
      errs.push(e);
      shown.add(e);
      for(const inner of e.errors ?? []) {
        shown.add(inner);
      }
    }
  };
  add(result?.error);
  for(const r of result?.results ?? []) {
    add(r?.error);
    add(r?.purposeResult?.error);
  }
  return errs;
}

function printErrors(result) {
  for(const e of errorsOf(result)) {
    say(full(e));
  }
}

// ---- credentials ----------------------------------------------------------

const nameOf = c => (typeof c === 'object' && c &&
  (typeof c.name === 'string' ? c.name : c.name?.[0]?.['@value'] ?? c.id)) || '?';
const isClr = c => [].concat(c?.type ?? []).includes('ClrCredential');
const nestedOf = c => [].concat(c?.credentialSubject?.verifiableCredential ?? []);

// Verifies one credential (and, for a ClrCredential, each credential in it,
// which @digitalbazaar/vc does not look into). Returns the number of
// credentials checked and failed.
async function checkCredential(credential, label, {expectFail = false} = {}) {
  let checked = 1;
  let failed = 0;
  const result = await vc.verifyCredential(
    {credential, suite: suites(), documentLoader});
  let ok = result.verified;
  let note = '';
  if(!ok) {
    // Strict @digitalbazaar/vc checks failed: is the issuer's signature itself
    // sound? (A credential lw passes on must at least arrive unchanged.) A
    // tampered credential must fail this too.
    const relaxed = await signatureOnly(credential);
    if(relaxed?.verified) {
      ok = true;
      const why = `${messages(result).join(' | ')}${hint(credential, result)}`;
      note = ` — SIGNATURE-ONLY: the issuer's signature is valid, but ` +
        `vc.verifyCredential rejects it: ${why}`;
      if(!expectFail) {
        notes.push(`${currentFile} ${label} "${nameOf(credential)}": ${why}`);
      }
    } else if(relaxed) {
      result.relaxed = relaxed;
    }
  }
  const proofs = [].concat(credential.proof ?? [])
    .map(p => p.cryptosuite ? `${p.type}/${p.cryptosuite}` : p.type).join('+');
  {
    say(`    ${ok ? 'ok  ' : expectFail ? 'fail' : 'FAIL'} credential ${label} "${nameOf(credential)}" ` +
      `[${proofs || 'no proof'}] verified=${result.verified}${note}`);
    if(!ok && !expectFail) {
      printErrors(result);
      if(result.relaxed) {
        say('      signature-only check:');
        printErrors(result.relaxed);
      }
    } else if(!ok) {
      say(`      (expected) ${messages(result).join(' | ')}` +
        (result.relaxed ? `; signature-only: ${messages(result.relaxed).join(' | ')}` : ''));
    }
  }
  if(!ok) {
    failed++;
  }
  if(isClr(credential)) {
    for(const [i, nested] of nestedOf(credential).entries()) {
      if(typeof nested !== 'object') {
        say(`    ?    nested ${label}.${i} is a ${typeof nested}, not checked`);
        continue;
      }
      const r = await checkCredential(nested, `${label}.${i}`, {expectFail});
      checked += r.checked;
      failed += r.failed;
    }
  }
  return {checked, failed, ok};
}

// One character of a credential's name changed: of the first nested
// credential in a record, else of the credential itself.
function tamper(credential) {
  const target = isClr(credential) && typeof nestedOf(credential)[0] === 'object' ?
    nestedOf(credential)[0] : credential;
  const name = target.name;
  if(typeof name !== 'string' || !name) {
    throw new Error(`cannot tamper: no string name in ${target.id}`);
  }
  const c = name[0] === 'X' ? 'Y' : 'X';
  target.name = c + name.slice(1);
  return `"${name}" -> "${target.name}"`;
}

// ---- holder binding ---------------------------------------------------------

// The DIDs a credential is issued to (credentialSubject ids; for a VC-JWT,
// also its sub).
function subjectDids(credential, jwtPayload) {
  const ids = [].concat(credential?.credentialSubject ?? [])
    .map(s => s?.id).concat(jwtPayload?.sub ?? []);
  return [...new Set(ids.filter(id => typeof id === 'string' && id.startsWith('did:')))];
}

// Checks @digitalbazaar/vc leaves to the caller: every presented credential
// issued to a DID must be issued to one the presenter proved (the holder's
// own, or an earlier key's in the same proof set). A credential issued to no
// DID is bound to nobody: said, not failed.
function bound(entries, proven, holder, {quiet = false} = {}) {
  const say = quiet ? () => {} : sayLine;
  const r = {ok: true, bound: 0, unbound: 0, of: entries.length};
  for(const [i, [credential, dids]] of entries.entries()) {
    const label = `[${i}] "${nameOf(credential)}"`;
    if(dids.length === 0) {
      say(`  note holder binding ${label}: issued to no DID, bound to nobody`);
      r.unbound++;
    } else if(dids.some(d => proven.includes(d))) {
      const d = dids.find(d => proven.includes(d));
      say(`  ok   holder binding ${label}: issued to ${d}, ${d === holder ? 'the holder' :
        'an earlier DID of the holder (its proof in the set holds)'}`);
      r.bound++;
    } else {
      say(`  FAIL holder binding ${label}: issued to ${dids.join(', ')}, ` +
        `not to a DID the presenter proved (${proven.join(', ') || 'none'})`);
      r.ok = false;
    }
  }
  return r;
}

// ---- Data Integrity VPs ---------------------------------------------------

async function verifyLdp(vp, {file}) {
  const verdicts = [];
  const res = await vc.verify({
    presentation: vp, challenge, domain, suite: suites(), documentLoader
  });
  const proofs = [].concat(vp.proof ?? []);
  const proof = proofs[0] ?? {};
  const didOf = p => String(p?.verificationMethod ?? '').split('#')[0];
  say(`  presentation: @context ${JSON.stringify(vp['@context'])}`);
  for(const [i, p] of proofs.entries()) {
    say(`  proof${proofs.length > 1 ? `[${i}]` : ''}: ${p.type}/${p.cryptosuite ?? '-'} ` +
      `purpose=${p.proofPurpose} created=${p.created} expires=${p.expires} ` +
      `challenge=${JSON.stringify(p.challenge)} domain=${JSON.stringify(p.domain)} by ${didOf(p)}`);
  }
  say(`  ${res.presentationResult?.verified ? 'ok  ' : 'FAIL'} presentationResult.verified=` +
    `${res.presentationResult?.verified} (vc.verify verified=${res.verified})`);
  // A proof set (lw adds a proof by each earlier key whose DID a credential
  // was issued to): vc.verify is satisfied by any one proof; every one must
  // hold here.
  const results = res.presentationResult?.results ?? [];
  const proven = results.filter(r => r.verified).map(r => didOf(r.proof));
  if(proofs.length > 1) {
    const all = results.length === proofs.length && results.every(r => r.verified);
    say(`  ${all ? 'ok  ' : 'FAIL'} proof set: ${results.filter(r => r.verified).length} of ` +
      `${proofs.length} proofs verified (${results.map(r =>
        `${didOf(r.proof)}: ${r.verified}`).join(', ')})`);
    if(!all && res.presentationResult?.verified) {
      printErrors(res.presentationResult);
    }
    verdicts.push(all);
  }
  if(!res.presentationResult?.verified) {
    printErrors(res.presentationResult ?? res);
    if([].concat(vp['@context']).includes('https://www.w3.org/ns/credentials/v2') &&
      vp.verifiableCredential && messages(res.presentationResult).includes('Invalid signature.')) {
      // Known cause (json-gold, which lw uses, drops "@container": "@graph"
      // of a term whose scoped context is null): does the signature verify
      // when the credentials are read into the presentation's own graph?
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url),
        '--probe-holder-proof', '--challenge', challenge, '--domain', domain, file],
      {env: {...process.env, LW_INTEROP_PROBE: 'vc-not-graph'}, encoding: 'utf8'});
      const verifiesThatWay = child.stdout.trim() === 'true';
      say(`  diagnosis: with "verifiableCredential" NOT read as an @graph container ` +
        `(VCDM 2.0 context edited), the holder proof ${verifiesThatWay ?
          'VERIFIES: the signer put the embedded credentials into the presentation\'s own ' +
          'graph, where JSON-LD 1.1 expansion gives each a named graph of its own ' +
          '(the term is {"@container": "@graph", "@context": null}; container mappings come ' +
          'from the active context, not the nulled scoped one)' :
          `still does not verify${child.stderr ? `: ${child.stderr.trim()}` : ''}`}`);
    }
  }
  verdicts.push(!!res.presentationResult?.verified);

  // checks @digitalbazaar/vc leaves to the caller
  const extra = [];
  const vmDid = didOf(proof);
  if(vp.holder !== undefined && (vp.holder?.id ?? vp.holder) !== vmDid) {
    extra.push(`holder ${JSON.stringify(vp.holder)} is not the signer ${vmDid}`);
  }
  for(const [i, p] of proofs.entries()) {
    const which = proofs.length > 1 ? `proof[${i}].` : 'proof.';
    if(p.expires !== undefined && !(Date.parse(p.expires) > Date.now())) {
      extra.push(`${which}expires ${p.expires} is not in the future`);
    }
    if(p.proofPurpose !== 'authentication') {
      extra.push(`${which}proofPurpose is ${p.proofPurpose}, not authentication`);
    }
  }
  for(const e of extra) {
    say(`  FAIL ${e}`);
  }
  verdicts.push(extra.length === 0);

  // each credential: the vc.verify result, and our own pass over it (which
  // also looks into records and explains issuer/controller mismatches)
  const creds = [].concat(vp.verifiableCredential ?? []);
  let checked = 0;
  let failed = 0;
  for(const [i, cred] of creds.entries()) {
    const r = res.credentialResults?.[i];
    say(`  credentialResults[${i}].verified=${r?.verified}`);
    const own = await checkCredential(cred, `[${i}]`);
    checked += own.checked;
    failed += own.failed;
  }
  verdicts.push(failed === 0);
  const binding = bound(creds.map(c => [c, subjectDids(c)]), proven, vmDid);
  verdicts.push(binding.ok);

  // negative checks
  const negatives = [];
  const wrong = async (what, opts) => {
    const r = await vc.verify({
      presentation: vp, challenge, domain, suite: suites(), documentLoader, ...opts
    });
    negatives.push([what, !r.presentationResult?.verified,
      messages(r.presentationResult ?? r).join(' | ')]);
  };
  await wrong('wrong challenge', {challenge: challenge + 'x'});
  await wrong('wrong domain', {domain: 'x' + domain});
  if(proofs.length > 1) {
    // the earlier keys' proofs dropped: the holder's own proof still holds,
    // but the credentials issued to an earlier DID are no longer bound
    const copy = {...vp, proof: proofs[0]};
    if(args['tampered-dir']) {
      writeFileSync(join(args['tampered-dir'], 'dropped-proof-' + basename(file)),
        JSON.stringify(copy, null, 2) + '\n');
    }
    const r = await vc.verify({
      presentation: copy, challenge, domain, suite: suites(), documentLoader
    });
    const left = (r.presentationResult?.results ?? []).filter(x => x.verified)
      .map(x => didOf(x.proof));
    const b = bound(creds.map(c => [c, subjectDids(c)]), left, vmDid, {quiet: true});
    negatives.push([`earlier keys' proofs dropped (holder proof ${
      r.presentationResult?.verified ? 'still holds' : 'FAILS'}): holder binding`,
    !b.ok && !!r.presentationResult?.verified, `${b.bound}/${b.of} bound`]);
  }
  if(creds.length > 0) {
    const copy = structuredClone(vp);
    const change = tamper(copy.verifiableCredential[0] ??
      copy.verifiableCredential);
    if(args['tampered-dir']) {
      writeFileSync(join(args['tampered-dir'], 'tampered-' + basename(file)),
        JSON.stringify(copy, null, 2) + '\n');
    }
    const r = await vc.verify({
      presentation: copy, challenge, domain, suite: suites(), documentLoader
    });
    const credFail = await checkCredential(
      [].concat(copy.verifiableCredential)[0], '[0] (tampered)', {expectFail: true});
    negatives.push([`tampered ${change}: presentation proof`,
      !r.presentationResult?.verified,
      messages(r.presentationResult).join(' | ')]);
    negatives.push([`tampered ${change}: credential proof`,
      credFail.failed > 0, '']);
  }
  return {verdicts, checked, failed, negatives, binding, proofs: proofs.length};
}

// ---- VP-JWTs --------------------------------------------------------------

function parseDataUrl(url) {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url);
  if(!m) {
    throw new Error(`not a data: URL: ${url.slice(0, 60)}…`);
  }
  const body = m[2] ? Buffer.from(m[3], 'base64').toString('utf8') :
    decodeURIComponent(m[3]);
  return {mediaType: m[1], body};
}

async function checkVcJwt(jwt, label) {
  try {
    const header = jose.decodeProtectedHeader(jwt);
    const {did, key} = await keyFromDidKey(header.kid);
    const {payload} = await jose.jwtVerify(jwt, key, {algorithms: [header.alg]});
    const cred = payload.vc ?? payload;
    const issuer = cred.issuer?.id ?? cred.issuer ?? payload.iss;
    if(issuer !== did) {
      throw new Error(`issuer ${issuer} is not the signer ${did}`);
    }
    say(`    ok   credential ${label} "${nameOf(cred)}" [VC-JWT ${header.alg}]`);
    return {checked: 1, failed: 0};
  } catch(e) {
    say(`    FAIL credential ${label} [VC-JWT]`);
    say(full(e));
    return {checked: 1, failed: 1};
  }
}

async function checkJwtCredential(entry, label) {
  if(typeof entry === 'string') {
    return checkVcJwt(entry, label);
  }
  if([].concat(entry?.type ?? []).includes('EnvelopedVerifiableCredential')) {
    const {mediaType, body} = parseDataUrl(entry.id);
    say(`    (${label} is an EnvelopedVerifiableCredential, ${mediaType})`);
    if(/jwt/.test(mediaType)) {
      return checkVcJwt(body.trim(), label);
    }
    return checkCredential(JSON.parse(body), label);
  }
  return checkCredential(entry, label);
}

// A credential of a VP-JWT as an object: a VC-JWT (as a string, or
// enveloped in a data: URL) decoded, without verifying (checkJwtCredential
// does that).
function unwrap(entry) {
  let text = typeof entry === 'string' ? entry : undefined;
  if(text === undefined &&
    [].concat(entry?.type ?? []).includes('EnvelopedVerifiableCredential')) {
    const {mediaType, body} = parseDataUrl(entry.id);
    if(!/jwt/.test(mediaType)) {
      return {credential: JSON.parse(body)};
    }
    text = body.trim();
  }
  if(text === undefined) {
    return {credential: entry};
  }
  const jwtPayload = jose.decodeJwt(text);
  return {credential: jwtPayload.vc ?? jwtPayload, jwtPayload};
}

function b64json(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

async function verifyJwt(jwt, {file}) {
  const verdicts = [];
  let payload;
  let header;
  try {
    header = jose.decodeProtectedHeader(jwt);
    say(`  header: ${JSON.stringify(header)}`);
    const {did, key, jwk} = await keyFromDidKey(header.kid);
    say(`  kid -> ${JSON.stringify(jwk)}`);
    ({payload} = await jose.jwtVerify(jwt, key, {
      audience: domain, algorithms: ['EdDSA']
    }));
    const claims = Object.fromEntries(Object.entries(payload)
      .filter(([k]) => !['vp', 'verifiableCredential'].includes(k)));
    say(`  claims: ${JSON.stringify(claims)}`);
    const problems = [];
    if(payload.nonce !== challenge) {
      problems.push(`nonce ${JSON.stringify(payload.nonce)} is not the challenge`);
    }
    if(payload.iss !== undefined && payload.iss !== did) {
      problems.push(`iss ${payload.iss} is not the signer ${did}`);
    }
    const vp = payload.vp ?? payload;
    if(!([].concat(vp.type ?? [])).includes('VerifiablePresentation')) {
      problems.push('no VerifiablePresentation type');
    }
    if(vp.holder !== undefined && (vp.holder?.id ?? vp.holder) !== did) {
      problems.push(`holder ${JSON.stringify(vp.holder)} is not the signer ${did}`);
    }
    say(`  presentation: @context ${JSON.stringify(vp['@context'])} ` +
      `(${payload.vp ? 'in the vp claim' : 'as the payload'})`);
    for(const p of problems) {
      say(`  FAIL ${p}`);
    }
    say(`  ${problems.length ? 'FAIL' : 'ok  '} jose.jwtVerify(aud=${domain}) + nonce/iss/holder`);
    verdicts.push(problems.length === 0);
  } catch(e) {
    say('  FAIL jose.jwtVerify');
    say(full(e));
    verdicts.push(false);
    return {verdicts, checked: 0, failed: 0, negatives: []};
  }

  const vp = payload.vp ?? payload;
  const creds = [].concat(vp.verifiableCredential ?? []);
  let checked = 0;
  let failed = 0;
  for(const [i, cred] of creds.entries()) {
    const r = await checkJwtCredential(cred, `[${i}]`);
    checked += r.checked;
    failed += r.failed;
  }
  verdicts.push(failed === 0);
  const signer = (await keyFromDidKey(header.kid)).did;
  const binding = bound(creds.map(c => {
    const {credential, jwtPayload} = unwrap(c);
    return [credential, subjectDids(credential, jwtPayload)];
  }), [signer], signer);
  verdicts.push(binding.ok);

  // negative checks
  const negatives = [];
  const {key} = await keyFromDidKey(header.kid);
  const fails = async (what, token, opts) => {
    try {
      await jose.jwtVerify(token, key, {audience: domain, algorithms: ['EdDSA'], ...opts});
      negatives.push([what, false, 'verified']);
    } catch(e) {
      negatives.push([what, true, `${e.code ?? e.name}: ${e.message}`]);
    }
  };
  await fails('wrong audience', jwt, {audience: 'x' + domain});
  const [h, p, s] = jwt.split('.');
  const body = b64json(p);
  const target = body.vp ?? body;
  const first = [].concat(target.verifiableCredential ?? [])[0];
  if(first && typeof first === 'object' &&
    ![].concat(first.type ?? []).includes('EnvelopedVerifiableCredential')) {
    const change = tamper(first);
    const token = [h, Buffer.from(JSON.stringify(body)).toString('base64url'), s]
      .join('.');
    if(args['tampered-dir']) {
      writeFileSync(join(args['tampered-dir'], 'tampered-' + basename(file)),
        token + '\n');
    }
    await fails(`tampered ${change}: JWS`, token, {});
    const credFail = await checkCredential(first, '[0] (tampered)', {expectFail: true});
    negatives.push([`tampered ${change}: credential proof`, credFail.failed > 0, '']);
  } else {
    const token = [h, Buffer.from(JSON.stringify({...body, nonce: 'x'}))
      .toString('base64url'), s].join('.');
    await fails('tampered payload (nonce changed): JWS', token, {});
  }
  return {verdicts, checked, failed, negatives, binding, proofs: 1};
}

// ---- main -----------------------------------------------------------------

if(args['tampered-dir']) {
  mkdirSync(args['tampered-dir'], {recursive: true});
}
const summary = [];
let bad = 0;
for(const file of files) {
  out = [];
  const nNotes = notes.length;
  currentFile = basename(file);
  const text = readFileSync(file, 'utf8').trim();
  if(args.credential) {
    say(`== ${file} (credential, not presented)`);
    const r = await checkCredential(JSON.parse(text), '[0]');
    console.log(out.join('\n'));
    if(r.failed > 0) {
      bad++;
    }
    summary.push(`${r.failed ? 'FAIL' : 'PASS'}  ${basename(file).padEnd(22)} credential  ` +
      `${r.checked - r.failed}/${r.checked} ok` +
      `${notes.length > nNotes ? ` (${notes.length - nNotes} signature-only)` : ''}`);
    continue;
  }
  const kind = text.startsWith('{') ? 'ldp' : 'jwt';
  say(`== ${file} (${kind})`);
  let r;
  try {
    r = kind === 'ldp' ?
      await verifyLdp(JSON.parse(text), {file}) :
      await verifyJwt(text, {file});
  } catch(e) {
    say('  FAIL verifier threw');
    say(full(e));
    r = {verdicts: [false], checked: 0, failed: 0, negatives: []};
  }
  for(const [what, failedAsItMust, why] of r.negatives) {
    say(`  ${failedAsItMust ? 'ok  ' : 'FAIL'} negative: ${what} ` +
      `${failedAsItMust ? 'is rejected' : 'was ACCEPTED'}${why ? ` (${why})` : ''}`);
  }
  console.log(out.join('\n'));
  const ok = r.verdicts.every(Boolean);
  const negOk = r.negatives.filter(n => n[1]).length;
  const allOk = ok && negOk === r.negatives.length &&
    !(args.strict && notes.length > nNotes);
  if(!allOk) {
    bad++;
  }
  const b = r.binding;
  summary.push(`${allOk ? 'PASS' : 'FAIL'}  ${basename(file).padEnd(22)} ${kind}  ` +
    `holder proof ${r.verdicts[0] ? 'ok' : 'FAILED'}` +
    `${r.proofs > 1 ? ` (${r.proofs} proofs)` : ''}; ` +
    (b ? `bound to the presenter ${b.bound}/${b.of}` +
      `${b.unbound ? ` (${b.unbound} to no DID)` : ''}; ` : '') + 'credentials ' +
    `${r.checked - r.failed}/${r.checked} ok` +
    `${notes.length > nNotes ? ` (${notes.length - nNotes} signature-only)` : ''}; must-fail checks ` +
    `${negOk}/${r.negatives.length} rejected`);
}
if(missing.size > 0) {
  console.log(`\ncontexts asked for but not in assets/contexts: ${[...missing].join(', ')}`);
  bad++;
}
if(notes.length > 0) {
  console.log('\ncredentials whose issuer signature is valid but which ' +
    `@digitalbazaar/vc rejects${args.strict ? ' (failures: --strict)' : ''}:`);
  for(const n of [...new Set(notes)]) {
    console.log('  ' + n);
  }
}
console.log('\n' + summary.join('\n'));
process.exit(bad ? 1 : 0);
