import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress.js';

/** A sink that records writes and a clock the test moves. */
function rig(isTTY: boolean, enabled?: boolean) {
  const writes: string[] = [];
  let nowMs = 1_000;
  const report = createProgressReporter({ write: (t) => writes.push(t), isTTY }, () => nowMs, enabled);
  return { writes, report, at: (ms: number) => (nowMs = ms) };
}

describe('progress bar', () => {
  it('on a terminal: one redrawn line with done/total, rate and ETA, at most every 100 ms', () => {
    const { writes, report, at } = rig(true);
    const bar = report('syncing', 1_000, 'blocks');
    at(3_000); // 2 s after the start
    bar.update(250);
    expect(writes).toEqual([`\rsyncing [${'█'.repeat(6)}${'░'.repeat(18)}]  25% 250/1000 blocks · 125 blocks/s · ETA 00:06 · 00:02\x1b[K`]);
    at(3_050);
    bar.update(300); // within 100 ms of the last draw: not redrawn
    expect(writes).toHaveLength(1);
    at(3_100);
    bar.tick(20);
    expect(writes[1]).toContain(' 32% 320/1000 blocks · 152 blocks/s · ETA 00:04 · 00:02');
    at(9_000);
    bar.update(1_000);
    bar.done();
    expect(writes.at(-1)).toBe(`\rsyncing [${'█'.repeat(24)}] 100% 1000/1000 blocks · 125 blocks/s · ETA 00:00 · 00:08\x1b[K\n`);
  });

  it('rates in thousands and ETAs in hours are shortened', () => {
    const { writes, report, at } = rig(true);
    const bar = report('scanning', 900_000, 'blocks');
    at(11_000);
    bar.update(12_000); // 1,200 blocks/s: 888,000 left ≈ 740 s
    expect(writes[0]).toContain('12000/900000 blocks · 1.2k blocks/s · ETA 12:20 · 00:10');
    const slow = report('slow', 1_000_000, 'it');
    at(12_000);
    slow.update(1); // 1 it/s: 999,999 s ≈ 277 h
    expect(writes.at(-1)).toContain('· 1.0 it/s · ETA 277:46:39 · 00:01');
  });

  it('a scaled count (bytes shown in MiB) with a second count and its rate (blocks found)', () => {
    const { writes, report, at } = rig(true);
    const bar = report('scanning block files', 512 * 2 ** 20, 'MiB', { scale: 2 ** 20, also: 'blocks' });
    at(3_000); // 2 s after the start
    bar.update(128 * 2 ** 20, 3_000);
    expect(writes[0]).toBe(
      `\rscanning block files [${'█'.repeat(6)}${'░'.repeat(18)}]  25% 128.0/512.0 MiB · 64 MiB/s · 3000 blocks · 1.5k blocks/s · ETA 00:06 · 00:02\x1b[K`,
    );
    at(4_000);
    bar.tick(2 ** 19); // the second count stays as last set
    expect(writes[1]).toContain(' 128.5/512.0 MiB · 43 MiB/s · 3000 blocks · 1.0k blocks/s · ETA 00:08 · 00:03');
  });

  it('not a terminal: silent unless forced, then a line per tenth done', () => {
    const quiet = rig(false);
    const q = quiet.report('syncing', 10, 'blocks');
    q.update(5);
    q.done();
    expect(quiet.writes).toEqual([]);

    const { writes, report, at } = rig(false, true);
    const bar = report('syncing', 10, 'blocks');
    for (let i = 1; i <= 10; i++) {
      at(1_000 + i * 1_000);
      bar.update(i);
    }
    bar.done();
    expect(writes).toHaveLength(11); // 10%…100% once each, then the final line
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    expect(writes[0]).toMatch(/^syncing \[.*\] {2}10% 1\/10 blocks · 1\.0 blocks\/s · ETA 00:09 · 00:01\n$/);
  });
});
