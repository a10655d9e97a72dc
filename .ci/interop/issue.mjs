// Issues, with Digital Bazaar's libraries (not ours), credentials issued to
// a holder's DID: a ClrCredential whose courses are each signed on their
// own, or a badge. lw must import, verify and present them; lw presents only
// credentials issued to its own DID, and a holder signing with
// @digitalbazaar/vc (present.mjs) needs credentials issued to its DID too.
// The repository has no VCDM 2.0 record signed by a did:key (its 2.0 records
// name https issuers that need the network), and its VCDM 1.1 one
// (clr2/validator/complex.json) names a urn:uuid issuer and a bare DID as
// verificationMethod, which neither lw nor @digitalbazaar/vc accepts as the
// issuer's; its badges are issued to other DIDs, or to none.
//
//   node issue.mjs --holder DID --vcdm 2.0|1.1 [--kind clr|badge] --out FILE
//
// A record's course 1 and 3 carry eddsa-rdfc-2022 proofs, course 2 an
// Ed25519Signature2020 proof, the record itself eddsa-rdfc-2022. A badge is
// signed eddsa-rdfc-2022 (VCDM 2.0) or Ed25519Signature2020 (VCDM 1.1), as
// the DCC test badges are. The key is derived from a fixed seed, so the
// issuer DID is the same on every run; ids are derived from the holder, the
// version and the kind, so the credentials of two holders differ.
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from
  '@digitalbazaar/ed25519-verification-key-2020';
import {documentLoader} from './loader.mjs';

const {values: args} = parseArgs({options: {
  holder: {type: 'string'}, out: {type: 'string'},
  vcdm: {type: 'string', default: '2.0'}, kind: {type: 'string', default: 'clr'}
}});
if(!args.holder || !args.out || !['2.0', '1.1'].includes(args.vcdm) ||
  !['clr', 'badge'].includes(args.kind)) {
  console.error('usage: node issue.mjs --holder DID --vcdm 2.0|1.1 ' +
    '[--kind clr|badge] --out FILE');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const seed = createHash('sha256').update('learnerwallet interop issuer').digest();
const probe = await Ed25519Multikey.generate({seed});
const did = `did:key:${probe.publicKeyMultibase}`;
const vm = `${did}#${probe.publicKeyMultibase}`;
const multikey = await Ed25519Multikey.generate({seed, id: vm, controller: did});
const key2020 = await Ed25519VerificationKey2020.generate(
  {seed, id: vm, controller: did});

const eddsaSuite = () => new DataIntegrityProof(
  {signer: multikey.signer(), cryptosuite: eddsaRdfc2022});
const ed2020Suite = () => new Ed25519Signature2020({key: key2020});

const issuer = {id: did, type: ['Profile'], name: 'Interop Test College'};
const template = JSON.parse(readFileSync(
  join(here, '..', '..', 'testdata', 'generated',
    'clr-20-courses-unsigned.json'), 'utf8'));

const v1 = args.vcdm === '1.1';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const DI = 'https://w3id.org/security/data-integrity/v2';
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
// VCDM 1.1: the 1.1 base context, the first OB 3.0 / CLR 2.0 contexts,
// issuanceDate, and the proof's suite context named in the credential.
function version(credential, ed2020) {
  if(v1) {
    credential['@context'] = credential['@context'].map(c => ({
      'https://www.w3.org/ns/credentials/v2': V1,
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json':
        'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json':
        'https://purl.imsglobal.org/spec/clr/v2p0/context.json'
    })[c] ?? c);
    credential.issuanceDate = credential.validFrom;
    delete credential.validFrom;
    credential['@context'].push(ed2020 ? ED2020 : DI);
  } else if(ed2020) {
    credential['@context'].push(ED2020);
  }
  return credential;
}

// urn:uuid:… made from the holder, version, kind and n: the same on every run
function uuid(n) {
  const h = createHash('sha256')
    .update(`${args.holder} ${args.vcdm} ${args.kind} ${n}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-` +
    `8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

if(args.kind === 'badge') {
  const credential = structuredClone(
    template.credentialSubject.verifiableCredential[3]);
  credential.id = uuid(0);
  credential.issuer = issuer;
  credential.name = `Interop badge, VCDM ${args.vcdm} (issued by @digitalbazaar/vc)`;
  credential.credentialSubject.id = args.holder;
  version(credential, v1);
  const signed = await vc.issue(
    {credential, suite: v1 ? ed2020Suite() : eddsaSuite(), documentLoader});
  writeFileSync(args.out, JSON.stringify(signed, null, 2) + '\n');
  console.log(`issued ${args.out}: VCDM ${args.vcdm} badge by ${did} to ` +
    `${args.holder} (${signed.proof.cryptosuite ?? signed.proof.type})`);
  process.exit(0);
}

const courses = [];
for(const [i, source] of template.credentialSubject.verifiableCredential
  .slice(0, 3).entries()) {
  const credential = structuredClone(source);
  credential.id = uuid(i + 1);
  credential.issuer = issuer;
  credential.credentialSubject.id = args.holder;
  const ed2020 = i === 1;
  version(credential, ed2020);
  courses.push(await vc.issue({
    credential, suite: ed2020 ? ed2020Suite() : eddsaSuite(), documentLoader
  }));
}

const record = {
  '@context': structuredClone(template['@context']),
  id: uuid(0),
  type: ['VerifiableCredential', 'ClrCredential'],
  issuer,
  validFrom: '2024-06-30T00:00:00Z',
  name: `Interop transcript, VCDM ${args.vcdm} (issued by @digitalbazaar/vc)`,
  credentialSubject: {
    id: args.holder,
    type: ['ClrSubject'],
    verifiableCredential: courses,
    association: [{
      type: 'Association',
      associationType: 'isParentOf',
      sourceId: courses[0].credentialSubject.achievement.id,
      targetId: courses[1].credentialSubject.achievement.id
    }]
  }
};
version(record, false);
const signed = await vc.issue({credential: record, suite: eddsaSuite(), documentLoader});
writeFileSync(args.out, JSON.stringify(signed, null, 2) + '\n');
console.log(`issued ${args.out}: VCDM ${args.vcdm} ClrCredential by ${did} to ` +
  `${args.holder}, ${courses.length} courses (${courses.map(c => c.proof.type).join(', ')})`);
