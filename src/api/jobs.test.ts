import { describe, expect, it } from 'vitest';
import { JobManager } from './jobs.js';

describe('JobManager', () => {
  const now = () => 1_700_000_000;

  it('runs a job to its result with progress', async () => {
    const jobs = new JobManager({ nowUnixS: now });
    const job = jobs.start('sum', async (ctx) => {
      let s = 0;
      for (let i = 1; i <= 10; i++) {
        s += i;
        ctx.progress(i, 10, 'step');
        await ctx.yield();
      }
      return { sum: s };
    });
    expect(job.status).toBe('running');
    const done = await jobs.wait(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: { sum: 55 }, progress: { done: 10, total: 10 } });
  });

  it('cancels a running job', async () => {
    const jobs = new JobManager({ nowUnixS: now });
    const job = jobs.start('forever', async (ctx) => {
      for (;;) await ctx.yield();
    });
    expect((await jobs.cancel(job.id)).status).toBe('cancelled');
    expect((await jobs.wait(job.id)).status).toBe('cancelled');
  });

  it('records failures as problems with their code', async () => {
    const jobs = new JobManager({ nowUnixS: now });
    const job = jobs.start('bad', () => Promise.reject(new Error('boom')));
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('refuses more running jobs than allowed', () => {
    const jobs = new JobManager({ nowUnixS: now, maxRunning: 1 });
    jobs.start('a', () => new Promise(() => undefined));
    expect(() => jobs.start('b', () => Promise.resolve(1))).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as Error);
  });
});
