// The other direction: @digitalbazaar/vc signs a presentation (eddsa-rdfc-2022,
// authentication, challenge and domain) with a holder key of its own, for
// `lw check-presentation` to check.
//
//   node present.mjs --did
//   node present.mjs --challenge C --domain D --out FILE [--courses N] SOURCE...
//
// --did prints the holder's DID (a did:key from a fixed seed), for issue.mjs
// to issue credentials to. Each SOURCE is a presentation (its credentials are
// taken as they are) or a credential; with --courses N, a ClrCredential gives
// its first N nested credentials instead of itself. The presentation is VCDM
// 1.1 when the first credential is, else VCDM 2.0. Whom the credentials were
// issued to is not checked here: presenting someone else's is a test too.
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {documentLoader} from './loader.mjs';

const {values: args, positionals: sources} = parseArgs({
  allowPositionals: true,
  options: {
    did: {type: 'boolean', default: false},
    out: {type: 'string'}, courses: {type: 'string'},
    challenge: {type: 'string'}, domain: {type: 'string'}
  }
});

const seed = createHash('sha256').update('learnerwallet interop holder').digest();
const probe = await Ed25519Multikey.generate({seed});
const did = `did:key:${probe.publicKeyMultibase}`;
if(args.did) {
  console.log(did);
  process.exit(0);
}
const courses = args.courses === undefined ? undefined : Number(args.courses);
if(!args.out || !args.challenge || !args.domain || sources.length === 0 ||
  (courses !== undefined && !(courses > 0))) {
  console.error('usage: node present.mjs --challenge C --domain D --out FILE ' +
    '[--courses N] SOURCE...');
  process.exit(2);
}
const key = await Ed25519Multikey.generate(
  {seed, id: `${did}#${probe.publicKeyMultibase}`, controller: did});

const V1 = 'https://www.w3.org/2018/credentials/v1';
const V2 = 'https://www.w3.org/ns/credentials/v2';
const DI = 'https://w3id.org/security/data-integrity/v2';
const credentials = [];
for(const file of sources) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const types = [].concat(doc.type ?? []);
  if(types.includes('VerifiablePresentation')) {
    credentials.push(...[].concat(doc.verifiableCredential ?? []));
  } else if(courses !== undefined && types.includes('ClrCredential')) {
    const nested = [].concat(doc.credentialSubject?.verifiableCredential ?? [])
      .slice(0, courses);
    if(nested.length < courses) {
      throw new Error(`${file} holds fewer than ${courses} credentials`);
    }
    credentials.push(...nested);
  } else {
    credentials.push(doc);
  }
}
const v1 = [].concat(credentials[0]?.['@context'] ?? [])[0] === V1;

const presentation = {
  '@context': v1 ? [V1, DI] : [V2],
  type: ['VerifiablePresentation'],
  id: 'urn:uuid:5e0c7a52-1d2b-4c61-9a0f-0000000000a1',
  holder: did,
  verifiableCredential: credentials
};
const signed = await vc.signPresentation({
  presentation, challenge: args.challenge, domain: args.domain, documentLoader,
  suite: new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022})
});
writeFileSync(args.out, JSON.stringify(signed, null, 2) + '\n');
const subjects = [...new Set(credentials.map(c => c.credentialSubject?.id))];
console.log(`signed ${args.out} as ${did}: ${credentials.length} credentials ` +
  `(VCDM ${v1 ? '1.1' : '2.0'}) issued to ${subjects.join(', ')}`);
