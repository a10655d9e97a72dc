// did:key DID URLs (Ed25519, base58btc) read locally as jose keys, for
// verify.mjs and layouts.mjs: nothing is resolved over the network.
import * as jose from 'jose';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btcDecode(s) {
  let n = 0n;
  for(const ch of s) {
    const v = B58.indexOf(ch);
    if(v < 0) {
      throw new Error(`not base58btc: ${JSON.stringify(ch)}`);
    }
    n = n * 58n + BigInt(v);
  }
  const bytes = [];
  while(n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for(const ch of s) {
    if(ch !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

// did:key:z6Mk…#z6Mk… -> Ed25519 public key as a jose key
export async function keyFromDidKey(kid) {
  const [did, fragment] = String(kid).split('#');
  if(!did.startsWith('did:key:z')) {
    throw new Error(`kid ${JSON.stringify(kid)} is not a did:key DID URL (base58btc)`);
  }
  const multibase = did.slice('did:key:'.length);
  if(fragment !== undefined && fragment !== multibase) {
    throw new Error(`kid fragment ${fragment} is not the key ${multibase}`);
  }
  const bytes = base58btcDecode(multibase.slice(1));
  if(bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new Error(`${multibase} is not an Ed25519 multikey (0xed01 + 32 bytes)`);
  }
  const jwk = {kty: 'OKP', crv: 'Ed25519',
    x: Buffer.from(bytes.slice(2)).toString('base64url')};
  return {did, jwk, key: await jose.importJWK(jwk, 'EdDSA')};
}
