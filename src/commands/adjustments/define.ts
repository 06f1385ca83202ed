import type { Define } from '../define.js';
import { definePosted } from '../payments/define.js';

export const define: Define = (program, runner) => definePosted(program, runner, 'adjustment');
