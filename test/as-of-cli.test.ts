/**
 * CLI: every command that starts from "today" takes it from the history's last complete day
 * (src/app/as-of.ts), carries it as data_as_of in --json and warns people on stderr when it is
 * stale. The clock is fixed through the services, as in the issue (#13: tried on 2026-12-02).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const DEC_2 = { nowUnixS: () => Date.parse('2026-12-02T09:00:00Z') / 1000 };
const FEB_14 = { nowUnixS: () => Date.parse('2026-02-14T09:00:00Z') / 1000 };
const WARNING = 'data ends 2026-02-12 (293 days ago): run `hashfloor update` or `hashfloor sync`';

const COMMANDS: [string, string[]][] = [
  ['hashprice', ['hashprice', '--from', '2026-01-01']],
  ['network', ['network']],
  ['network-power', ['network-power', '--from', '2026-01-01']],
  ['underwater', ['underwater']],
  ['halvings', ['halvings']],
  ['machine', ['machine', 's21xp', '--purchase-price', '5000']],
  ['security-budget', ['security-budget']],
  ['fleet report', ['fleet', 'report', 'examples/fleet.yaml']],
  ['fleet sensitivity', ['fleet', 'sensitivity', 'examples/fleet.yaml']],
  ['pivot', ['pivot', 'examples/site.yaml', '--paths', '50', '--sensitivity-paths', '10', '--workers', '1']],
];

const run = (argv: string[], clock = DEC_2) => cli(argv, undefined, false, clock);

describe('data as of the last complete day', () => {
  it.each(COMMANDS)('%s: people see the day and a stale warning on stderr; --json carries data_as_of and no warning', async (_name, argv) => {
    const people = await run(argv);
    expect(people.code).toBe(0);
    expect(people.stderr).toContain(WARNING);
    expect(people.stdout).toContain('Data as of 2026-02-12 (293 days ago');
    const machine = await run([...argv, '--json']);
    expect(machine.code).toBe(0);
    expect(machine.stderr).not.toContain('data ends');
    const doc = JSON.parse(machine.stdout) as { data_as_of: unknown };
    expect(doc.data_as_of).toMatchObject({ date: '2026-02-12', age_days: 293, stale: true });
  });

  it('is quiet while the data is fresh, and never counts today or later days', async () => {
    const fresh = await run(['security-budget'], FEB_14);
    expect(fresh.stderr).toBe('');
    // On 2025-06-10 the days from then on are not history yet: "today" is 2025-06-09.
    const past = JSON.parse((await run(['security-budget', '--json'], { nowUnixS: () => Date.parse('2025-06-10T12:00:00Z') / 1000 })).stdout) as {
      data_as_of: { date: string; stale: boolean };
      today: { date: string };
    };
    expect(past.data_as_of).toMatchObject({ date: '2025-06-09', stale: false });
    expect(past.today.date).toBe('2025-06-09');
  });

  it('halvings and machine name the same next halving from the same tip', async () => {
    for (const clock of [DEC_2, { nowUnixS: () => Date.parse('2025-09-01T00:00:00Z') / 1000 }]) {
      const h = JSON.parse((await run(['halvings', '--json'], clock)).stdout) as {
        data_as_of: { tip: { height: number } };
        tip: { height: number };
        next_halving: { height: number; time_utc: string };
      };
      const m = JSON.parse((await run(['machine', 's21xp', '--purchase-price', '5000', '--json'], clock)).stdout) as {
        data_as_of: unknown;
        payback_path: { start_height: number; next_halving_height: number; next_halving_date: string };
      };
      expect(m.data_as_of).toEqual(h.data_as_of);
      expect(m.payback_path.start_height).toBe(h.tip.height);
      expect(m.payback_path.next_halving_height).toBe(h.next_halving.height);
      // machine counts whole days of 144 blocks from the tip's day; halvings projects to the second.
      const days = (Date.parse(h.next_halving.time_utc) - Date.parse(`${m.payback_path.next_halving_date}T00:00:00Z`)) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(0);
      expect(days).toBeLessThan(1);
    }
  });
  it("security-budget shows the hashprice index's value for today and the last subsidy on the date halvings projects", async () => {
    type Day = { date: string; hashprice_usd_per_ph_day: number | null };
    const hp = JSON.parse((await run(['hashprice', '--from', '2026-02-12', '--to', '2026-02-12', '--json'])).stdout) as { days: Day[] };
    const sb = JSON.parse((await run(['security-budget', '--json'])).stdout) as {
      data_as_of: { tip: { height: number } };
      today: { date: string; height: number; hashprice_usd_per_ph_day: number; fees_btc_per_block: number; day_fees_btc_per_block: number };
      last_subsidy_height: number;
      last_subsidy_date: string;
    };
    // Before: $33.30 (priced with the 30-day fee mean), where hashprice, network and machine say $33.23.
    expect(sb.today.date).toBe('2026-02-12');
    expect(sb.today.hashprice_usd_per_ph_day).toBeCloseTo(hp.days[0]!.hashprice_usd_per_ph_day!, 9);
    expect(sb.today.hashprice_usd_per_ph_day.toFixed(2)).toBe('33.23');
    expect(sb.today.fees_btc_per_block).not.toBeCloseTo(sb.today.day_fees_btc_per_block, 4); // the 30-day mean stays, labelled
    // One anchor: the height of the day's last block at the end of the day, as halvings' tip.
    // Before: height 936,286 from 00:00 of 2026-02-12 → 2140-01-29; halvings put the last subsidy block on 2140-01-30.
    const h = JSON.parse((await run(['halvings', '--json'])).stdout) as { tip: { height: number }; halvings: { height: number; time_unix_s: number }[] };
    expect(sb.today.height).toBe(h.tip.height);
    const end = h.halvings.find((x) => x.height === sb.last_subsidy_height + 1)!;
    expect(sb.last_subsidy_date).toBe(new Date((end.time_unix_s - 600) * 1000).toISOString().slice(0, 10));
    expect(sb.last_subsidy_date).toBe('2140-01-30');
  });
});
