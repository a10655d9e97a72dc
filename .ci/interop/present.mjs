// The other direction: @digitalbazaar/vc signs a presentation (eddsa-rdfc-2022,
// authentication, challenge and domain) of the credentials in a presentation
// lw made, with a holder key of its own, for `lw check-presentation` to check.
//
//   node present.mjs --from VP.json --challenge C --domain D --out FILE
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {documentLoader} from './loader.mjs';

const {values: args} = parseArgs({options: {
  from: {type: 'string'}, out: {type: 'string'},
  challenge: {type: 'string'}, domain: {type: 'string'}
}});
if(!args.from || !args.out || !args.challenge || !args.domain) {
  console.error('usage: node present.mjs --from VP.json --challenge C --domain D --out FILE');
  process.exit(2);
}

const seed = createHash('sha256').update('learnerwallet interop holder').digest();
const probe = await Ed25519Multikey.generate({seed});
const did = `did:key:${probe.publicKeyMultibase}`;
const key = await Ed25519Multikey.generate(
  {seed, id: `${did}#${probe.publicKeyMultibase}`, controller: did});

const source = JSON.parse(readFileSync(args.from, 'utf8'));
const presentation = {
  '@context': source['@context'],
  type: ['VerifiablePresentation'],
  id: 'urn:uuid:5e0c7a52-1d2b-4c61-9a0f-0000000000a1',
  holder: did,
  verifiableCredential: source.verifiableCredential
};
const signed = await vc.signPresentation({
  presentation, challenge: args.challenge, domain: args.domain, documentLoader,
  suite: new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022})
});
writeFileSync(args.out, JSON.stringify(signed, null, 2) + '\n');
console.log(`signed ${args.out} as ${did} (${[].concat(
  signed.verifiableCredential).length} credentials from ${args.from})`);
