// Session classes: added, deactivated and reactivated, never deleted (past sessions keep their class).
import type { SessionClass } from '../domain/types.js';
import { FailError, UsageError } from '../domain/errors.js';
import { noSuchClass } from '../domain/messages.js';
import type { Db } from '../store/connection.js';
import { findClassByName, listClasses } from '../store/classes.js';
import { classRow, countSessionsOfClass, insertClass, lockClassNames, setClassActive } from '../store/class-rows.js';
import { nowIso, writeAudit, writeTransaction } from '../store/changes.js';
import { cancellationClassAvailable } from '../store/settings.js';
import { requireWritable } from './guard.js';

export interface ClassOptions {
  actor: string;
  clock?: () => Date;
}

export interface ClassChange {
  sessionClass: SessionClass;
  /** False when the class was already in the state asked for: nothing was written. */
  changed: boolean;
  /** Sessions that carry the class. */
  sessions: number;
  /** Whether any active cancellation class remains, so that sessions can still be cancelled. */
  cancellationAvailable: boolean;
  auditId: number | null;
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

export async function addClass(db: Db, name: string, isCancellation: boolean, opts: ClassOptions): Promise<ClassChange> {
  requireWritable(db, 'Adding a session class');
  return writeTransaction(db, async (trx) => {
    await lockClassNames(db, trx);
    const existing = await findClassByName(trx, name);
    if (existing) {
      throw new UsageError(
        `A session class named "${existing.name}" already exists${existing.active ? '' : ' (inactive)'}; names are compared without regard to case.`,
        existing.active
          ? 'Pick another name, or list the classes with `sessionctl classes list`.'
          : `Reactivate it with \`sessionctl classes reactivate "${existing.name}"\`.`,
      );
    }
    const id = await insertClass(trx, name, isCancellation);
    const after = await classRow(trx, id);
    const [auditId] = await writeAudit(trx, opts.actor, nowIso(opts.clock), [
      { action: 'class.add', sessionId: null, detail: { sessionClass: { id, name }, before: null, after } },
    ]);
    return {
      sessionClass: { id, name, isCancellation, active: true },
      changed: true,
      sessions: 0,
      cancellationAvailable: await cancellationClassAvailable(trx),
      auditId: auditId ?? null,
    };
  });
}

/** Deactivates (active = false) or reactivates a class by name; an unknown name is a usage error. */
export async function setClassActivity(db: Db, name: string, active: boolean, opts: ClassOptions): Promise<ClassChange> {
  requireWritable(db, active ? 'Reactivating a session class' : 'Deactivating a session class');
  return writeTransaction(db, async (trx) => {
    const found = await findClassByName(trx, name);
    if (!found) {
      const names = (await listClasses(trx)).map((c) => c.name);
      throw new UsageError(
        noSuchClass(name),
        names.length > 0 ? `The classes are: ${quoted(names)}.` : 'No classes exist yet; add one with `sessionctl classes add NAME`.',
      );
    }
    const sessions = await countSessionsOfClass(trx, found.id);
    if (found.active === active) {
      return {
        sessionClass: found,
        changed: false,
        sessions,
        cancellationAvailable: await cancellationClassAvailable(trx),
        auditId: null,
      };
    }
    const before = await classRow(trx, found.id);
    const updated = await setClassActive(trx, found.id, active);
    if (updated !== 1) throw new FailError(`The session class "${found.name}" changed while it was being updated; nothing was changed.`);
    const after = await classRow(trx, found.id);
    const [auditId] = await writeAudit(trx, opts.actor, nowIso(opts.clock), [
      {
        action: active ? 'class.reactivate' : 'class.deactivate',
        sessionId: null,
        detail: { sessionClass: { id: found.id, name: found.name }, sessionsUsing: sessions, before, after },
      },
    ]);
    return {
      sessionClass: { ...found, active },
      changed: true,
      sessions,
      cancellationAvailable: await cancellationClassAvailable(trx),
      auditId: auditId ?? null,
    };
  });
}
