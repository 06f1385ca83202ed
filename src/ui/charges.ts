// `charges list`: a session's charges and its claims, for people and for --json.
import type { Session } from '../domain/types.js';
import type { ChargeDetail, ClaimDetail } from '../store/facts-detail.js';
import { formatCents } from './money.js';
import { grid } from './grid.js';
import type { Output } from './output.js';

export interface ChargeListing {
  session: Session;
  charges: ChargeDetail[];
  claims: ClaimDetail[];
}

export function chargeListingJson(l: ChargeListing) {
  return {
    session: { id: l.session.id, date: l.session.date, start: l.session.start, status: l.session.status, patient: l.session.patient, provider: l.session.provider },
    charges: l.charges.map((c) => ({ id: c.id, cptCode: c.cptCode, units: c.units, amountCents: c.amountCents })),
    claims: l.claims.map((c) => ({ id: c.id, payer: c.payer, billedAt: c.billedAt, status: c.status })),
  };
}

export function printChargeListing(out: Output, l: ChargeListing): void {
  const c = out.color;
  const s = l.session;
  out.print(c.bold(`Session ${s.id}  ${s.date} ${s.start}  ${s.patient.name} with ${s.provider.name}  ${s.status}`));
  if (l.charges.length === 0) out.print(`No charges are on session ${s.id}.`);
  else {
    out.print(grid(['ID', 'CPT', 'Units', 'Amount'], l.charges.map((x) => [String(x.id), x.cptCode, String(x.units), formatCents(x.amountCents)]), c));
    const total = l.charges.reduce((n, x) => n + x.amountCents, 0);
    out.print(`${l.charges.length} charge${l.charges.length === 1 ? '' : 's'}, total ${formatCents(total)}.`);
  }
  if (l.claims.length === 0) out.print('Not billed: no claims.');
  else {
    out.print('Claims:');
    for (const x of l.claims) out.print(`  claim ${x.id}: ${x.payer}, billed ${x.billedAt}, ${x.status}`);
    out.print(`${c.yellow('!')} Removing a charge of a billed session means sending the payer a corrected claim.`);
  }
  if (l.charges.length > 0) out.print(`To remove one: sessionctl charges remove ${l.charges[0]!.id}${l.charges.length > 1 ? ' [more ids]' : ''}`);
}
