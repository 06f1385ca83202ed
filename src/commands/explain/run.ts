import type { CommandRun } from '../define.js';
import { FailError } from '../../domain/errors.js';
import { decide } from '../../rules/index.js';
import { activeCancellationClasses } from '../../actions/sessions.js';
import { factDetails } from '../../store/facts-detail.js';
import { loadSessions } from '../../store/sessions.js';
import { ruleContext } from '../../store/settings.js';
import { explainJson, printExplanation, type Explanation } from '../../ui/explain.js';
import { parseId } from '../parse.js';

export const run: CommandRun = async (ctx, args) => {
  const id = parseId(args[0] ?? '');
  const db = await ctx.openDb();
  const session = (await loadSessions(db, [id])).get(id);
  if (!session) {
    throw new FailError(
      `No session ${id} exists.`,
      'Find the session with `sessionctl search` (by --patient, --provider or --from/--to), then explain its id.',
    );
  }
  const [rules, details, classes] = await Promise.all([
    ruleContext(db, db.knex, ctx.now()),
    factDetails(db, id),
    activeCancellationClasses(db),
  ]);
  const explanation: Explanation = {
    session,
    verdict: decide(session, rules),
    ifWritable: rules.readOnly ? decide(session, { ...rules, readOnly: false }) : null,
    details,
    integrationMode: rules.integrationMode,
    readOnly: rules.readOnly,
    cancellationClasses: classes.map((c) => c.name),
  };
  if (ctx.json) ctx.out.json(explainJson(explanation));
  else printExplanation(ctx.out, explanation);
  return 0;
};
