// The answers given without Intl (to spare its start-up cost) are the ones Intl gives.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalZone, dayIn, machineDay, machineZone } from '../../src/domain/days.js';
import { thousands } from '../../src/domain/words.js';

describe('thousands', () => {
  it('writes every integer as toLocaleString("en-US") does', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -2000, max: 2000 })), (n) => {
      expect(thousands(n)).toBe(n.toLocaleString('en-US'));
    }));
  });
});

describe('the machine day and UTC', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  // Instants from 1970 to 2100, with the hours around midnight well represented.
  const instant = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms));

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kathmandu', 'Europe/Berlin'])(
    'machineDay is dayIn(machineZone()) with the machine in %s',
    (zone) => {
      process.env.TZ = zone;
      expect(machineZone()).toBe(canonicalZone(zone));
      fc.assert(fc.property(instant, (at) => {
        expect(machineDay(at)).toBe(dayIn(machineZone(), at));
      }));
    },
  );

  it('UTC by arithmetic is the day Intl gives in UTC', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(fc.property(instant, (at) => {
      expect(dayIn('UTC', at)).toBe(intl.format(at));
    }));
  });

  it.each(['utc', 'UTC', 'Etc/UTC', 'etc/utc', 'GMT', 'Etc/GMT'])('%s is canonically UTC, as Intl says', (name) => {
    expect(canonicalZone(name)).toBe('UTC');
    expect(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone).toBe('UTC');
  });
});
