import { lazy, type CommandSpec } from '../define.js';

const load = () => import('./run.js');

export const db: CommandSpec = {
  name: 'db',
  description: 'the database schema: migrate, status',
  subcommands: [
    {
      name: 'migrate',
      description: 'create the database (SQLite file, mode 0600) or bring its schema up to date',
      run: lazy(load, 'migrateRun'),
    },
    {
      name: 'status',
      description: 'where the database is and where its schema stands',
      run: lazy(load, 'statusRun'),
    },
    {
      name: 'roles',
      description: 'PostgreSQL: print (or --apply) the SQL that creates least-privilege roles: owner, admin, support',
      options: [
        ['--prefix <name>', 'role names are <name>_owner, <name>_admin, <name>_support', { default: 'sessionctl' }],
        ['--apply', 'run the SQL on the database (needs a role that may create roles)'],
      ],
      run: lazy(() => import('./roles.js'), 'rolesRun'),
    },
  ],
};
