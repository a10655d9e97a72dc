// VPQR with @digitalbazaar/vpqr (and its @digitalbazaar/cborld), contexts only
// from the repository's copies (loader.mjs):
//
//   node vpqr.mjs encode [--entry N] [--base B|R] [--gif PICTURE] FILE
//                                                        prints VP1-… of FILE's presentation
//   node vpqr.mjs read [--out FILE] TEXTFILE ORIGINAL    PASS when TEXTFILE decodes to ORIGINAL
//   node vpqr.mjs cborld [--entry N] FILE               prints FILE's CBOR-LD in hex
//   node vpqr.mjs vectors FILE...                       prints golden vectors (JSON)
//   node vpqr.mjs decode TEXTFILE                        prints the presentation of a VP1-… text
//
// encode uses registry entry 1 (compressed) unless --entry says otherwise;
// it fails as their library does, e.g. for a VCDM 2.0 presentation with
// credentials in entry 1.
import {readFileSync, writeFileSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import * as cborld from '@digitalbazaar/cborld';
import {fromQrCode, toQrCode} from '@digitalbazaar/vpqr';
import jsQR from 'jsqr';
import {PNG} from 'pngjs';
import {documentLoader} from './loader.mjs';

const args = process.argv.slice(2);
const cmd = args.shift();
let entry = 1;
let base = 'B';
let gif;
let out;
while(args[0]?.startsWith('--')) {
  const flag = args.shift();
  if(flag === '--entry') {
    entry = Number(args.shift());
  } else if(flag === '--base') {
    base = args.shift();
  } else if(flag === '--gif') {
    gif = args.shift();
  } else if(flag === '--out') {
    out = args.shift();
  } else {
    throw new Error(`unknown flag ${flag}`);
  }
}
const file = args.shift();
if(cmd === 'encode') {
  const vp = JSON.parse(readFileSync(file, 'utf8'));
  const {payload, version, imageDataUrl} = await toQrCode({
    vp, documentLoader, registryEntryId: entry, qrMultibaseEncoding: base
  });
  process.stderr.write(`QR version ${version}, ${payload.length} characters\n`);
  if(gif) {
    // their picture, as their toQrCode draws it (a GIF data: URL)
    const [, data] = imageDataUrl.match(/^data:image\/gif;base64,(.*)$/);
    writeFileSync(gif, Buffer.from(data, 'base64'));
  }
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
} else if(cmd === 'read') {
  // one PASS or FAIL line: fromQrCode of lw's text (TEXTFILE) must give
  // back the presentation it was made of (ORIGINAL); written to --out
  const original = args.shift();
  const text = readFileSync(file, 'utf8').replace(/\n$/, '');
  const what = `@digitalbazaar/vpqr fromQrCode of lw's ${text.slice(0, 5)}… ` +
    `(${file.split('/').pop()}, ${text.length} characters)`;
  try {
    const {vp} = await fromQrCode({text, documentLoader});
    if(out) {
      writeFileSync(out, JSON.stringify(vp, null, 2) + '\n');
    }
    const same = isDeepStrictEqual(vp, JSON.parse(readFileSync(original, 'utf8')));
    console.log(`${same ? 'PASS' : 'FAIL'}  ${what}: ` +
      (same ? 'the presentation lw encoded' : 'not the presentation lw encoded'));
  } catch(e) {
    console.log(`FAIL  ${what}: ${e.message}`);
  }
} else if(cmd === 'scan') {
  // one PASS or FAIL line: lw's QR picture (FILE, a PNG) scanned by jsQR,
  // an independent QR reader, and its text given to their fromQrCode,
  // must give back the presentation it was made of (ORIGINAL)
  const original = args.shift();
  const what = `jsQR scan of lw's ${file.split('/').pop()}, read by @digitalbazaar/vpqr fromQrCode`;
  try {
    const png = PNG.sync.read(readFileSync(file));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if(!code) {
      throw new Error('jsQR found no QR code in the picture');
    }
    const {vp} = await fromQrCode({text: code.data, documentLoader});
    const same = isDeepStrictEqual(vp, JSON.parse(readFileSync(original, 'utf8')));
    console.log(`${same ? 'PASS' : 'FAIL'}  ${what}: ` +
      (same ? `the presentation lw encoded (${code.data.slice(0, 5)}…)` : 'not the presentation lw encoded'));
  } catch(e) {
    console.log(`FAIL  ${what}: ${e.message}`);
  }
} else if(cmd === 'decode') {
  const text = readFileSync(file, 'utf8').trim();
  const {vp} = await fromQrCode({text, documentLoader});
  process.stdout.write(JSON.stringify(vp, null, 2) + '\n');
} else {
  throw new Error('usage: node vpqr.mjs encode|cborld|decode|read|scan [--entry N] [--base B|R] FILE');
}
