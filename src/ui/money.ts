// Amounts of money as stored (integer cents) shown as dollars.
import { thousands } from '../domain/words.js';

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${thousands(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}
