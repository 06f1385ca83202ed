import type { Define } from '../define.js';
import { definePosted } from '../posted-commands.js';

export const define: Define = (program, runner) => definePosted(program, runner, 'adjustment');
