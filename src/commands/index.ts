// Every command's definition, in the order --help lists them.
import type { CommandSpec } from './define.js';
import { db } from './db/define.js';
import { classes } from './classes/define.js';
import { payments } from './payments/define.js';
import { adjustments } from './adjustments/define.js';
import { addenda } from './addenda/define.js';
import { audit } from './audit/define.js';
import { report } from './report/define.js';
import { settings } from './settings/define.js';
import { demo } from './demo/define.js';
import { explain } from './explain/define.js';
import { deleteCommand } from './delete/define.js';
import { cancel } from './cancel/define.js';
import { confirm } from './confirm/define.js';
import { uncancel } from './uncancel/define.js';
import { restore } from './restore/define.js';
import { charges } from './charges/define.js';
import { duplicates } from './duplicates/define.js';
import { dashboard } from './dashboard/define.js';
import { search } from './search/define.js';
import { confirmSchedule } from './confirm-schedule/define.js';
import { calendar } from './calendar/define.js';
import { doctor } from './doctor/define.js';

export const COMMANDS: readonly CommandSpec[] = [dashboard, search, confirmSchedule, calendar, explain, deleteCommand, cancel, confirm, uncancel, restore, duplicates, charges, classes, payments, adjustments, addenda, audit, report, settings, doctor, demo, db];
