import type { CommandRun } from '../define.js';
import { rmSync } from 'node:fs';
import type { Context } from '../context.js';
import { migrate, schemaStatus } from '../../store/schema.js';

async function discardCreated(ctx: Context, file: string): Promise<void> {
  await ctx.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

export const migrateRun: CommandRun = async (ctx) => {
  if (ctx.readOnly) {
    ctx.out.error('db migrate changes the schema, but the database is open read-only.', 'Run without --read-only.');
    return 2;
  }
  const db = await ctx.openDb({ create: true, anySchema: true });
  let applied: string[];
  try {
    applied = await migrate(db);
  } catch (err) {
    // A file this run created and could not fill is no database: leave nothing behind.
    if (db.created) await discardCreated(ctx, db.created);
    throw err;
  }
  const status = await schemaStatus(db);
  if (ctx.json) {
    ctx.out.json({ database: db.label, engine: db.engine, applied, state: status.state, migrations: status.applied });
  } else if (applied.length === 0) {
    ctx.out.success(`The schema at ${db.label} is up to date (${status.applied.length} migration(s)).`);
  } else {
    ctx.out.success(`Applied ${applied.length} migration(s) to ${db.label}: ${applied.join(', ')}.`);
  }
  return 0;
};

export const statusRun: CommandRun = async (ctx) => {
  const db = await ctx.openDb({ anySchema: true });
  const status = await schemaStatus(db);
  if (ctx.json) {
    ctx.out.json({ database: db.label, engine: db.engine, readOnly: db.readOnly, ...status });
    return status.state === 'current' ? 0 : 1;
  }
  const words = {
    empty: 'no schema yet: run `sessionctl db migrate`',
    behind: `behind: ${status.pending.length} migration(s) pending; run \`sessionctl db migrate\``,
    current: 'up to date',
    newer: `from a newer sessionctl (${status.unknown.join(', ')}): upgrade sessionctl`,
  } as const;
  ctx.out.print(`database   ${db.label}`);
  ctx.out.print(`engine     ${db.engine === 'pg' ? 'PostgreSQL' : 'SQLite'}${db.readOnly ? ' (read-only)' : ''}`);
  ctx.out.print(`schema     ${words[status.state]}`);
  ctx.out.print(`applied    ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`);
  return status.state === 'current' ? 0 : 1;
};
