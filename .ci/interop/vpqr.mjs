// VPQR with @digitalbazaar/vpqr (and its @digitalbazaar/cborld), contexts only
// from the repository's copies (loader.mjs):
//
//   node vpqr.mjs encode [--entry N] [--base B|R] FILE   prints VP1-… of FILE's presentation
//   node vpqr.mjs cborld [--entry N] FILE               prints FILE's CBOR-LD in hex
//   node vpqr.mjs vectors FILE...                       prints golden vectors (JSON)
//   node vpqr.mjs decode TEXTFILE                        prints the presentation of a VP1-… text
//
// encode uses registry entry 1 (compressed) unless --entry says otherwise;
// it fails as their library does, e.g. for a VCDM 2.0 presentation with
// credentials in entry 1.
import {readFileSync} from 'node:fs';
import * as cborld from '@digitalbazaar/cborld';
import {fromQrCode, toQrCode} from '@digitalbazaar/vpqr';
import {documentLoader} from './loader.mjs';

const args = process.argv.slice(2);
const cmd = args.shift();
let entry = 1;
let base = 'B';
while(args[0]?.startsWith('--')) {
  const flag = args.shift();
  if(flag === '--entry') {
    entry = Number(args.shift());
  } else if(flag === '--base') {
    base = args.shift();
  } else {
    throw new Error(`unknown flag ${flag}`);
  }
}
const file = args.shift();
if(cmd === 'encode') {
  const vp = JSON.parse(readFileSync(file, 'utf8'));
  const {payload, version} = await toQrCode({
    vp, documentLoader, registryEntryId: entry, qrMultibaseEncoding: base
  });
  process.stderr.write(`QR version ${version}, ${payload.length} characters\n`);
  process.stdout.write(payload + '\n');
} else if(cmd === 'cborld') {
  // the CBOR-LD bytes alone, in hex: no QR code, so no size limit
  const jsonldDocument = JSON.parse(readFileSync(file, 'utf8'));
  const bytes = await cborld.encode({
    jsonldDocument, documentLoader, registryEntryId: entry
  });
  process.stdout.write(Buffer.from(bytes).toString('hex') + '\n');
} else if(cmd === 'vectors') {
  // golden vectors for wallet/vpqr's tests: for each FILE and registry
  // entry 0 and 1, their CBOR-LD (hex) and QR texts in base32 and base45,
  // or the error their library gives
  const vectors = [];
  for(const f of [file, ...args]) {
    const vp = JSON.parse(readFileSync(f, 'utf8'));
    for(const registryEntryId of [0, 1]) {
      const v = {file: f.replace(/^(\.\.\/)+/, ''), entry: registryEntryId};
      try {
        const bytes = await cborld.encode({
          jsonldDocument: vp, documentLoader, registryEntryId
        });
        v.cborld = Buffer.from(bytes).toString('hex');
        for(const [name, qrMultibaseEncoding] of [['base32', 'B'], ['base45', 'R']]) {
          try {
            ({payload: v[name]} = await toQrCode({
              vp, documentLoader, registryEntryId, qrMultibaseEncoding
            }));
          } catch(e) {
            v[name + 'Error'] = e.message;
          }
        }
      } catch(e) {
        v.error = e.message;
      }
      vectors.push(v);
    }
  }
  process.stdout.write(JSON.stringify(vectors, null, 1) + '\n');
} else if(cmd === 'decode') {
  const text = readFileSync(file, 'utf8').trim();
  const {vp} = await fromQrCode({text, documentLoader});
  process.stdout.write(JSON.stringify(vp, null, 2) + '\n');
} else {
  throw new Error('usage: node vpqr.mjs encode|cborld|decode [--entry N] [--base B|R] FILE');
}
