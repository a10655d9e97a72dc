// Runs lw and reads its --json reports, for lwcheck.mjs and layouts.mjs.
import {spawnSync} from 'node:child_process';

// lw(bin, ...args): its exit status, its report (stdout read as JSON, or
// null) and its stderr.
export function lw(bin, ...args) {
  const r = spawnSync(bin, args, {encoding: 'utf8'});
  if(r.error) {
    throw r.error;
  }
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch{
    // not JSON: a usage error, say; the status and stderr tell
  }
  return {status: r.status, json, stderr: r.stderr.trim()};
}

// Every check of a report and of the reports in it (credentials of a
// presentation, nested credentials of a record), with where it was found.
export function* checksOf(report, where = '') {
  for(const c of report?.checks ?? []) {
    yield {...c, where};
  }
  for(const [key, list] of [['credentials', report?.credentials],
    ['children', report?.children]]) {
    for(const [i, sub] of (list ?? []).entries()) {
      yield* checksOf(sub, `${where}${key === 'credentials' ? '' : '.'}[${i}]`);
    }
  }
}

// "reason" or "reason/cause" of a check, as ATTACKS.tsv writes them.
export const reasonOf = c => c.args?.cause ? `${c.reason}/${c.args.cause}` : c.reason;

// The checks that did not pass, as "id reason" words, for a line of output.
export function notPassed(report) {
  return (report?.checks ?? []).filter(c => c.status !== 'pass')
    .map(c => `${c.status} ${reasonOf(c)}`);
}

export const ok = verdict => verdict === 'valid' || verdict === 'valid-with-notes';
