// `charges list` and `charges remove`.
import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import { removeCharges } from '../../actions/charges.js';
import { factDetails } from '../../store/facts-detail.js';
import { loadSessions } from '../../store/sessions.js';
import { chargeListingJson, printChargeListing } from '../../ui/charges.js';
import { parseId, parseIds } from '../parse.js';
import { carryOut } from '../change-flow.js';
import { opt, readOptions } from '../options.js';
import { plural } from '../../domain/words.js';

const OPTIONS = { reason: opt.text({ max: 500 }), dryRun: opt.flag() };
const counted = (n: number) => plural(n, 'charge');

export const listRun: CommandRun = async (ctx, args) => {
  const id = parseId(args[0] ?? '', 'session id');
  const db = await ctx.openDb();
  const session = (await loadSessions(db, [id])).get(id);
  if (!session) throw new FailError(`No session ${id} exists.`, 'Find it with `sessionctl search`.');
  const details = await factDetails(db, id);
  const listing = { session, charges: details.charges, claims: details.claims };
  if (ctx.json) ctx.out.json(chargeListingJson(listing));
  else printChargeListing(ctx.out, listing);
  return 0;
};

export const removeRun: CommandRun = async (ctx, args, opts) => {
  const ids = parseIds(args, 'charge id');
  const { reason = null, dryRun } = readOptions(opts, OPTIONS, ctx);
  const db = await ctx.openDb();
  return carryOut(ctx, db, {
    doing: `Removing ${counted(ids.length)}`,
    question: (n) => `Remove ${counted(n)}? A billed session then needs a corrected claim.`,
    dryRun,
    act: (dry) => removeCharges(db, ids, { actor: ctx.actor, reason, dryRun: dry, clock: () => ctx.now() }),
  });
};
