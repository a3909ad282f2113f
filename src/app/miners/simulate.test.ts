import { describe, expect, it } from 'vitest';
import { catchAppError as catchError } from '../../../test/helpers/catch-error.js';
import { SIM_FD_HEADROOM, checkFdLimit, openFileLimit, parseFaults, parseQuirks, splitCount, startSimulation } from './simulate.js';

describe('simulate miners: options', () => {
  it('splits a count by weights, parts adding up to the count', () => {
    expect(splitCount(10_000, undefined)).toEqual({ luxos: 3334, antminer: 3333, avalon: 3333 });
    expect(splitCount(10, 'luxos=2,antminer=1,avalon=1')).toEqual({ luxos: 5, antminer: 3, avalon: 2 });
    expect(splitCount(3, 'avalon=1')).toEqual({ luxos: 0, antminer: 0, avalon: 3 });
    expect(catchError(() => splitCount(3, 'luxos=0'))).toMatchObject({ code: 'VALIDATION' });
    expect(catchError(() => splitCount(3, 'whatsminer=1'))).toMatchObject({ code: 'VALIDATION' });
  });

  it('reads faults by position and every Nth miner, within the count', () => {
    expect(parseFaults('hang/100', 300)).toEqual({ 99: 'hang', 199: 'hang', 299: 'hang' });
    expect(parseFaults('0=session_held, 2=wrong_credentials', 3)).toEqual({ 0: 'session_held', 2: 'wrong_credentials' });
    expect(catchError(() => parseFaults('3=hang', 3))).toMatchObject({ code: 'VALIDATION' });
    expect(catchError(() => parseFaults('0=melt', 3))).toMatchObject({ code: 'VALIDATION' });
    expect(parseQuirks('avalon=inf_nan,avalon=leading_comma')).toEqual({ avalon: ['inf_nan', 'leading_comma'] });
  });

  it('refuses a count the descriptor limit cannot hold, naming both figures (exit 2), before opening anything', async () => {
    expect(() => checkFdLimit(1000, 1000 + SIM_FD_HEADROOM)).not.toThrow();
    const err = catchError(() => checkFdLimit(20_000, 20_000));
    expect(err).toMatchObject({ code: 'USAGE' });
    expect(err.message).toContain('ulimit -n is 20,000');
    expect(err.message).toContain(`--count ${20_000 - SIM_FD_HEADROOM} or fewer`);
    await expect(startSimulation({ count: 5, port: 0, base_address: '127.0.235.1' }, 10)).rejects.toMatchObject({ code: 'USAGE' });
    expect(openFileLimit()).toBeGreaterThan(0);
  });
});
