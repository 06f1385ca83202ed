// Least-privilege PostgreSQL roles for a shared deployment: who may migrate, who may change
// sessions, who may only look. The audit log is append-only for the administrators' role by its
// privileges (INSERT and SELECT only), not only by triggers: that role owns nothing, so it can neither
// drop nor disable a trigger, and it is no superuser, so it cannot SET session_replication_role.
import type { Db } from './connection.js';

export interface RoleNames {
  owner: string;
  admin: string;
  support: string;
}

export function roleNames(prefix: string): RoleNames {
  return { owner: `${prefix}_owner`, admin: `${prefix}_admin`, support: `${prefix}_support` };
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

function createRole(name: string, comment: string): string {
  return (
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${lit(name)}) THEN ` +
    `CREATE ROLE ${q(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; END IF; END $$;\n` +
    `COMMENT ON ROLE ${q(name)} IS ${lit(comment)};`
  );
}

/** The statements, in order, for the schema the connection uses. Safe to run again (after each db migrate). */
export function rolesSql(schema: string, names: RoleNames): string[] {
  const s = q(schema);
  const { owner, admin, support } = names;
  const auditSeq = `pg_get_serial_sequence(${lit(`${schema}.audit_log`)}, 'id')`;
  return [
    createRole(owner, 'sessionctl: owns the tables; runs db migrate'),
    createRole(admin, 'sessionctl: administrators; change sessions, append to audit_log'),
    createRole(support, 'sessionctl: support staff; read only'),
    // The owner creates and alters the tables (migrations); nobody else creates anything here.
    `GRANT USAGE, CREATE ON SCHEMA ${s} TO ${q(owner)};`,
    `REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC;`,
    `DO $$ DECLARE t record; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = ${lit(schema)} LOOP ` +
      `EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', ${lit(schema)}, t.tablename, ${lit(owner)}); END LOOP; END $$;`,
    `GRANT USAGE ON SCHEMA ${s} TO ${q(admin)}, ${q(support)};`,
    // Support: SELECT, nothing else.
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${q(support)};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${q(support)};`,
    // Administrators: read everything, change the practice's tables, only append to the audit log.
    `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${q(admin)};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${q(admin)};`,
    `REVOKE INSERT, UPDATE, DELETE ON ${s}.knex_migrations, ${s}.knex_migrations_lock FROM ${q(admin)};`,
    `REVOKE UPDATE, DELETE ON ${s}.audit_log FROM ${q(admin)};`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${q(admin)}, ${q(support)};`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${q(admin)};`,
    // The audit log's ids only move forward by its inserts: no setval for the administrators.
    `DO $$ BEGIN EXECUTE format('REVOKE UPDATE ON SEQUENCE %s FROM %I', ${auditSeq}, ${lit(admin)}); END $$;`,
    // Tables a later migration adds can be read by both; their write grants come from running this again.
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${q(owner)} IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${q(admin)}, ${q(support)};`,
  ];
}

/** The schema that the connection's tables live in (the URL's ?schema=, else the first of search_path). */
export async function currentSchema(db: Db): Promise<string> {
  const res = (await db.knex.raw('SELECT current_schema() AS s')) as { rows: Array<{ s: string | null }> };
  return res.rows[0]?.s ?? 'public';
}

export async function applyRoles(db: Db, statements: readonly string[]): Promise<void> {
  await db.knex.transaction(async (trx) => {
    for (const sql of statements) await trx.raw(sql);
  });
}
