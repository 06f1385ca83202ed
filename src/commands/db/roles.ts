// db roles: the least-privilege roles of a shared PostgreSQL deployment, printed or applied.
import type { CommandRun } from '../define.js';
import { UsageError } from '../../domain/errors.js';
import { parseDbSpec } from '../../store/spec.js';
import { applyRoles, currentSchema, roleNames, rolesSql } from '../../store/roles.js';

export const rolesRun: CommandRun = async (ctx, _args, opts) => {
  const prefix = String(opts.prefix ?? 'sessionctl');
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new UsageError('--prefix must be lower-case letters, digits and _ (at most 41), starting with a letter or _.');
  }
  if (parseDbSpec(ctx.dbLocation).engine !== 'pg') {
    throw new UsageError(
      'Roles are a PostgreSQL matter; give --db a postgres:// URL.',
      'A SQLite database is guarded by its file mode (0600): whoever can write the file can change anything in it.',
    );
  }
  const apply = Boolean(opts.apply);
  if (apply && ctx.readOnly) throw new UsageError('db roles --apply changes the database, but it is open read-only.', 'Run without --read-only.');
  const db = await ctx.openDb();
  const schema = await currentSchema(db);
  const names = roleNames(prefix);
  const statements = rolesSql(schema, names);
  if (apply) await applyRoles(db, statements);
  if (ctx.json) {
    ctx.out.json({ schema, roles: names, applied: apply, statements });
    return 0;
  }
  ctx.out.print(`-- sessionctl roles for schema ${schema}; set each role's password with \\password <role> in psql.`);
  for (const sql of statements) ctx.out.print(sql);
  if (apply) ctx.out.success(`Roles ${names.owner}, ${names.admin} and ${names.support} are in place for schema ${schema}.`);
  return 0;
};
