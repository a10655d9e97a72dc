// The one documentLoader of the interop check: JSON-LD contexts come only from
// the repository's own copies (assets/contexts, mapped by INDEX.tsv), and
// did:key URLs are resolved locally by @digitalbazaar/did-method-key with the
// Ed25519 Multikey handler. Anything else is an error: nothing is fetched.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const here = dirname(fileURLToPath(import.meta.url));
export const contextsDir = process.env.LW_CONTEXTS_DIR ||
  join(here, '..', '..', 'assets', 'contexts');

// LW_INTEROP_PROBE=vc-not-graph (diagnosis only, set by verify.mjs in a
// child process): the VCDM 2.0 context without "@container": "@graph" on a
// presentation's verifiableCredential, i.e. the embedded credentials read into
// the presentation's own graph instead of graphs of their own.
const probe = process.env.LW_INTEROP_PROBE;

const contexts = new Map();
for(const [i, line] of readFileSync(join(contextsDir, 'INDEX.tsv'), 'utf8')
  .split('\n').entries()) {
  if(i === 0 || !line.trim()) {
    continue;
  }
  const [url, file] = line.split('\t');
  contexts.set(url, JSON.parse(readFileSync(join(contextsDir, file), 'utf8')));
}
if(probe === 'vc-not-graph') {
  delete contexts.get('https://www.w3.org/ns/credentials/v2')['@context']
    .VerifiablePresentation['@context'].verifiableCredential['@container'];
}

// did:key with Ed25519 public keys (z6Mk…), as Multikey. The DID document's
// contexts (DID v1, Multikey v1) are among the repository's copies; the
// Ed25519Signature2020 suite converts the Multikey to an
// Ed25519VerificationKey2020 itself.
const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

export const used = new Set();
export const missing = new Set();

export async function documentLoader(url) {
  if(contexts.has(url)) {
    used.add(url);
    return {
      contextUrl: null, documentUrl: url,
      document: structuredClone(contexts.get(url))
    };
  }
  if(url.startsWith('did:key:')) {
    used.add(url.split('#')[0]);
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  missing.add(url);
  throw new Error(`interop documentLoader: no local copy of "${url}" ` +
    `(not in ${join(contextsDir, 'INDEX.tsv')}, and nothing is fetched)`);
}
