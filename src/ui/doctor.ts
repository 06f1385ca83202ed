// The doctor's report for a person: one line per check, then what was found and what to run.
import type { HealthCheck } from '../domain/health.js';
import type { Output } from './output.js';
import { wrap } from './wrap.js';

export function printHealth(out: Output, checks: readonly HealthCheck[], healthy: boolean): void {
  const c = out.color;
  const stdout = out.streams.stdout;
  const width = stdout.isTTY ? stdout.columns : undefined;
  const mark = { ok: c.green('✔'), problem: c.red('✖'), skipped: c.dim('–') } as const;
  const pad = Math.max(...checks.map((k) => k.title.length));
  const indent = ' '.repeat(pad + 4);
  for (const k of checks) {
    out.print(wrap(k.summary, width, `${mark[k.status]} ${k.title.padEnd(pad)}  `, indent));
    for (const d of k.details) out.print(wrap(d, width, '    ', '      '));
    for (const r of k.remedy) out.print(wrap(r, width, `    ${c.dim('→')} `, '      '));
  }
  const problems = checks.filter((k) => k.status === 'problem').length;
  out.print('');
  out.print(healthy ? 'Healthy.' : `${problems} problem(s): each is followed by what deals with it (→).`);
}
