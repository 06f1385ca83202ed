// Every command's definition, in the order --help lists them.
import type { Define } from './define.js';
import { define as db } from './db/define.js';
import { define as demo } from './demo/define.js';

export const COMMANDS: Define[] = [demo, db];
