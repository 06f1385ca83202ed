// The doctor's report for a person: one line per check, then what was found and what to run.
import type { HealthCheck } from '../domain/health.js';
import type { Output } from './output.js';

export function printHealth(out: Output, checks: readonly HealthCheck[], healthy: boolean): void {
  const c = out.color;
  const mark = { ok: c.green('✔'), problem: c.red('✖'), skipped: c.dim('–') } as const;
  const width = Math.max(...checks.map((k) => k.title.length));
  for (const k of checks) {
    out.print(`${mark[k.status]} ${k.title.padEnd(width)}  ${k.summary}`);
    for (const d of k.details) out.print(`    ${d}`);
    for (const r of k.remedy) out.print(`    → ${r}`);
  }
  const problems = checks.filter((k) => k.status === 'problem').length;
  out.print('');
  out.print(healthy ? 'Healthy.' : `${problems} problem(s): each is followed by what deals with it (→).`);
}
