import type { Define } from '../define.js';

export const define: Define = (program, runner) => {
  const db = program.command('db').description('the database schema: migrate, status');
  db.command('migrate')
    .description('create the database (SQLite file, mode 0600) or bring its schema up to date')
    .action(runner(async () => ({ run: (await import('./run.js')).migrateRun })));
  db.command('status')
    .description('where the database is and where its schema stands')
    .action(runner(async () => ({ run: (await import('./run.js')).statusRun })));
  db.command('roles')
    .description('PostgreSQL: print (or --apply) the SQL that creates least-privilege roles: owner, admin, support')
    .option('--prefix <name>', 'role names are <name>_owner, <name>_admin, <name>_support', 'sessionctl')
    .option('--apply', 'run the SQL on the database (needs a role that may create roles)')
    .action(runner(async () => ({ run: (await import('./roles.js')).rolesRun })));
};
