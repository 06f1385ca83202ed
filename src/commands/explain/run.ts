import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import { decide } from '../../rules/index.js';
import { activeCancellationClasses } from '../../actions/sessions.js';
import { deletionsOf } from '../../store/deletions.js';
import { factDetails } from '../../store/facts-detail.js';
import { loadSessions } from '../../store/sessions.js';
import { ruleContext } from '../../store/settings.js';
import { twinsOf } from '../../store/twins.js';
import { explainJson, printExplanation, type Explanation } from '../../ui/explain.js';
import { deletedHint, deletedMessage } from '../../ui/outcomes.js';
import { parseId } from '../parse.js';

export const run: CommandRun = async (ctx, args) => {
  const id = parseId(args[0] ?? '');
  const db = await ctx.openDb();
  const found = (await loadSessions(db, [id])).get(id);
  if (!found) {
    const deletion = (await deletionsOf(db.knex, [id])).get(id);
    if (deletion) throw new FailError(deletedMessage(id, deletion), deletedHint(id, deletion));
    throw new FailError(
      `No session ${id} exists.`,
      'Find the session with `sessionctl search` (by --patient, --provider or --from/--to), then explain its id.',
    );
  }
  const twinIds = (await twinsOf(db, [id])).get(id) ?? [];
  const session = { ...found, twins: twinIds };
  const [rules, details, classes, twins] = await Promise.all([
    ruleContext(db, db.knex, ctx.now()),
    factDetails(db, id),
    activeCancellationClasses(db),
    loadSessions(db, twinIds),
  ]);
  const explanation: Explanation = {
    session,
    verdict: decide(session, rules),
    ifWritable: rules.readOnly ? decide(session, { ...rules, readOnly: false }) : null,
    details,
    integrationMode: rules.integrationMode,
    readOnly: rules.readOnly,
    cancellationClasses: classes.map((c) => c.name),
    twins: twinIds.map((t) => twins.get(t)).filter((t) => t !== undefined),
  };
  if (ctx.json) ctx.out.json(explainJson(explanation));
  else printExplanation(ctx.out, explanation);
  return 0;
};
