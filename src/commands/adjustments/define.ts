import type { CommandSpec } from '../define.js';
import { postedSpec } from '../posted-commands.js';

export const adjustments: CommandSpec = postedSpec('adjustment');
