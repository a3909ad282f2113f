import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/helpers/catch-error.js';
import { halvingCalendar, nextHalving, OBSERVED_HALVINGS } from './halving-calendar.js';
import { LAST_SUBSIDY_HEIGHT } from './subsidy.js';

// Period 463 start (height 933,408, 2026-01-22T19:31:22Z): the newest tip in data/difficulty_epochs.csv.
const TIP = { height: 933_408, time_unix_s: 1_769_110_282 };

describe('halving calendar', () => {
  const cal = halvingCalendar(TIP);

  it('lists 33 halvings, 210,000 … 6,930,000, the last ending the subsidy', () => {
    expect(cal).toHaveLength(33);
    expect(cal[0]?.height).toBe(210_000);
    expect(cal[32]).toMatchObject({ index: 33, height: 6_930_000, subsidy_before_sat: 1n, subsidy_after_sat: 0n });
    expect(cal[31]).toMatchObject({ height: 6_720_000, subsidy_before_sat: 2n, subsidy_after_sat: 1n });
    expect(LAST_SUBSIDY_HEIGHT).toBe(6_929_999);
  });

  it.each([
    [210_000, '2012-11-28T15:24:38Z', 5_000_000_000n, 2_500_000_000n],
    [420_000, '2016-07-09T16:46:13Z', 2_500_000_000n, 1_250_000_000n],
    [630_000, '2020-05-11T19:23:43Z', 1_250_000_000n, 625_000_000n],
    [840_000, '2024-04-20T00:09:27Z', 625_000_000n, 312_500_000n],
  ])('edge: halving %i happened at %s (subsidy %s → %s sat)', (height, utc, before, after) => {
    const h = cal.find((e) => e.height === height);
    expect(h).toMatchObject({ status: 'observed', time_utc: utc, subsidy_before_sat: before, subsidy_after_sat: after });
  });

  it('projects 1,050,000 at 600 s/block from the tip: 116,592 blocks → 2028-04-11', () => {
    const h = nextHalving(TIP);
    expect(h).toMatchObject({ index: 5, height: 1_050_000, status: 'projected', blocks_from_tip: 116_592 });
    expect(h?.time_unix_s).toBe(TIP.time_unix_s + 116_592 * 600);
    expect(h?.time_utc.slice(0, 10)).toBe('2028-04-11');
    expect(h?.days_from_tip).toBeCloseTo((116_592 * 600) / 86_400, 9); // 809.67 days
  });

  it('the last halving (6,930,000) lands around 2140 at 600 s/block', () => {
    expect(cal[32]?.time_utc.slice(0, 4)).toBe('2140');
  });

  it('a faster block interval brings projections forward', () => {
    const fast = nextHalving({ ...TIP, block_interval_s: 570 });
    expect(fast?.time_unix_s).toBe(TIP.time_unix_s + 116_592 * 570);
  });

  it('a tip before a halving projects it too, but a real halving keeps its real time', () => {
    const early = halvingCalendar({ height: 800_000, time_unix_s: 1_689_000_000 });
    expect(early.find((e) => e.height === 840_000)).toMatchObject({ status: 'observed', blocks_from_tip: 40_000 });
    expect(nextHalving({ height: 840_000, time_unix_s: 1_713_571_767 })?.height).toBe(1_050_000);
  });

  it('rejects bad tips with field names', () => {
    expect(catchError(() => halvingCalendar({ height: -1, time_unix_s: TIP.time_unix_s }))).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'tip.height' }],
    });
    expect(catchError(() => halvingCalendar({ height: 1, time_unix_s: 5 }))).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'tip.time_unix_s' }] });
    expect(catchError(() => halvingCalendar({ ...TIP, block_interval_s: 0 }))).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'tip.block_interval_s' }],
    });
    // Height above 840,000 with a time before it happened.
    expect(catchError(() => halvingCalendar({ height: 850_000, time_unix_s: 1_700_000_000 }))).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'tip' }] });
  });

  it('observed halvings are listed in order', () => {
    expect(OBSERVED_HALVINGS.map((h) => h.height)).toEqual([210_000, 420_000, 630_000, 840_000]);
  });
});
