import { describe, expect, it } from 'vitest';
import { settleEach } from './bounded.js';

const after = <T>(ms: number, v: T): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

describe('settleEach', () => {
  // Items 0 and 1 stall for 300 ms; the other 8 answer at once.
  const work = (running: { now: number; max: number; fastDoneMs?: number }) => async (i: number) => {
    const t0 = performance.now();
    running.now++;
    running.max = Math.max(running.max, running.now);
    try {
      if (i === 3) throw new Error('no answer');
      return await after(i < 2 ? 300 : 1, i);
    } finally {
      running.now--;
      if (i >= 2) running.fastDoneMs = Math.max(running.fastDoneMs ?? 0, performance.now() - (start ?? t0));
    }
  };
  let start: number | undefined;

  it('a stalled call gives up its slot, so the rest do not wait for it; results stay in item order', async () => {
    const running: { now: number; max: number; fastDoneMs?: number } = { now: 0, max: 0 };
    start = performance.now();
    const out = await settleEach([...Array(10).keys()], 2, work(running), { stalled_after_ms: 20, max_stalled: 4 });
    const items = out.map((r) => (r.ok ? r.value : r.error.message));
    expect(items).toEqual([0, 1, 2, 'no answer', 4, 5, 6, 7, 8, 9]);
    // Everyone else is done long before the stalled pair lets go (300 ms).
    expect(running.fastDoneMs).toBeLessThan(200);
    expect(running.max).toBeLessThanOrEqual(2 + 4);
  });

  it('without release, the stalled calls hold their slots; max_stalled bounds how many run beside the limit', async () => {
    const held: { now: number; max: number; fastDoneMs?: number } = { now: 0, max: 0 };
    start = performance.now();
    await settleEach([0, 1, 2, 3, 4], 2, work(held));
    expect(held.fastDoneMs).toBeGreaterThanOrEqual(295);
    expect(held.max).toBe(2);
    const capped = { now: 0, max: 0 };
    await settleEach([0, 1, 2, 3, 4], 1, work(capped), { stalled_after_ms: 10, max_stalled: 1 });
    expect(capped.max).toBeLessThanOrEqual(2);
  });
});
