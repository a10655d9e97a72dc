// `lw check-presentation --offline --json` of presentations, and what it must
// say of them:
//
//   node lwcheck.mjs --lw BIN --challenge C --domain D --expect WHAT FILE...
//
// --expect valid: exit 0, verdict valid; ok: exit 0, verdict valid or
// valid-with-notes. Both also want the holder's proof to hold, the challenge
// and domain to be the ones asked for, every credential bound to the
// presenter (holder.bound: issued to the holder's DID; holder.earlier-did: to
// an earlier DID of the holder, proved by its own proof in the set) and valid
// on its own.
// --expect holder.other: exit 1, verdict not-valid, and nothing wrong but
// that: the holder's proof, challenge and domain hold, every credential is
// valid on its own, and one at least is issued to another DID.
//
// One PASS or FAIL line a file; exit status 0 when every file is as expected.
import {basename} from 'node:path';
import {parseArgs} from 'node:util';
import {lw, notPassed, ok, reasonOf} from './lw.mjs';

const {values: args, positionals: files} = parseArgs({
  allowPositionals: true,
  options: {
    lw: {type: 'string'}, challenge: {type: 'string'}, domain: {type: 'string'},
    expect: {type: 'string'}
  }
});
if(!args.lw || !args.challenge || !args.domain || files.length === 0 ||
  !['valid', 'ok', 'holder.other'].includes(args.expect)) {
  console.error('usage: node lwcheck.mjs --lw BIN --challenge C --domain D ' +
    '--expect valid|ok|holder.other FILE...');
  process.exit(2);
}

let bad = 0;
for(const file of files) {
  const r = lw(args.lw, 'check-presentation', '--offline', '--json',
    '--challenge', args.challenge, '--domain', args.domain, file);
  const rep = r.json;
  const problems = [];
  if(!rep) {
    problems.push(`no report (exit ${r.status}): ${r.stderr}`);
  } else {
    const has = (id, status, reason) => rep.checks.some(c => c.id === id &&
      c.status === status && (!reason || c.reason === reason));
    if(!has('signature', 'pass', 'signature.holder-valid')) {
      problems.push('the holder\'s proof does not hold');
    }
    if(!has('challenge', 'pass') || !has('domain', 'pass')) {
      problems.push('challenge or domain not the ones asked for');
    }
    const holder = rep.checks.filter(c => c.id === 'holder');
    const creds = rep.credentials ?? [];
    const badCreds = creds.filter(c => !ok(c.verdict));
    if(badCreds.length > 0) {
      problems.push(`credentials not valid on their own: ${badCreds.map(c =>
        `"${c.name}" ${c.verdict}`).join(', ')}`);
    }
    if(args.expect === 'holder.other') {
      if(r.status !== 1 || rep.verdict !== 'not-valid') {
        problems.push(`exit ${r.status}, verdict ${rep.verdict}: want exit 1, not-valid`);
      }
      if(!holder.some(c => c.status === 'fail' && c.reason === 'holder.other')) {
        problems.push('no holder.other');
      }
      const others = rep.checks.filter(c => c.status === 'fail' && c.id !== 'holder');
      if(others.length > 0) {
        problems.push(`fails for more than the holder binding: ${others.map(reasonOf).join(', ')}`);
      }
    } else {
      const want = args.expect === 'valid' ? ['valid'] : ['valid', 'valid-with-notes'];
      if(r.status !== 0 || !want.includes(rep.verdict)) {
        problems.push(`exit ${r.status}, verdict ${rep.verdict}: want exit 0, ${want.join(' or ')}`);
      }
      const boundN = holder.filter(c => c.status === 'pass' &&
        ['holder.bound', 'holder.earlier-did'].includes(c.reason)).length;
      if(boundN !== creds.length || holder.length !== creds.length) {
        problems.push(`${boundN} of ${creds.length} credentials bound to the presenter ` +
          `(${holder.map(c => `${c.status} ${c.reason}`).join(', ')})`);
      }
    }
    console.log(`  ${basename(file)}: lw exit ${r.status}, ${rep.verdict}: ${rep.headline}`);
    console.log(`    presented by ${rep.holder}; ${creds.length} credentials: ` +
      creds.map(c => `"${c.name}" ${c.verdict}`).join(', '));
    for(const c of holder) {
      console.log(`    ${c.status.padEnd(4)} ${c.reason} "${c.args?.name ?? ''}": ${c.detail ?? ''}`);
    }
    const notes = notPassed(rep).filter(n => !/ holder\./.test(n));
    if(notes.length > 0) {
      console.log(`    other checks not passed: ${notes.join(', ')}`);
    }
  }
  if(problems.length > 0) {
    bad++;
  }
  console.log(`${problems.length ? 'FAIL' : 'PASS'}  lw check-presentation ${basename(file)}` +
    ` (expect ${args.expect})${problems.length ? ': ' + problems.join('; ') : ''}`);
}
process.exit(bad ? 1 : 0);
