// Every command's definition, in the order --help lists them.
import type { Define } from './define.js';
import { define as db } from './db/define.js';
import { define as classes } from './classes/define.js';
import { define as payments } from './payments/define.js';
import { define as adjustments } from './adjustments/define.js';
import { define as addenda } from './addenda/define.js';
import { define as audit } from './audit/define.js';
import { define as report } from './report/define.js';
import { define as settings } from './settings/define.js';
import { define as demo } from './demo/define.js';
import { define as explain } from './explain/define.js';
import { define as deleteCommand } from './delete/define.js';
import { define as cancel } from './cancel/define.js';
import { define as confirm } from './confirm/define.js';
import { define as uncancel } from './uncancel/define.js';
import { define as restore } from './restore/define.js';
import { define as charges } from './charges/define.js';
import { define as duplicates } from './duplicates/define.js';
import { define as dashboard } from './dashboard/define.js';
import { define as search } from './search/define.js';
import { define as confirmSchedule } from './confirm-schedule/define.js';
import { define as calendar } from './calendar/define.js';
import { define as doctor } from './doctor/define.js';

export const COMMANDS: Define[] = [dashboard, search, confirmSchedule, calendar, explain, deleteCommand, cancel, confirm, uncancel, restore, duplicates, charges, classes, payments, adjustments, addenda, audit, report, settings, doctor, demo, db];
