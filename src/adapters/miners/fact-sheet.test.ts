/**
 * The drivers against the example replies quoted in the team's protocol fact sheet (PROTOCOLS.md) (A.1 Avalon
 * fixture excerpt, A.3 LuxOS version/logon/curtail/profileset), served verbatim from loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cannedMiner } from '../../../test/helpers/canned-miner.js';
import { mmTokensOf, tokenNumber, tokenNumbers } from './avalon/estats.js';
import { statusOf } from './cgminer/client.js';
import { parseCgminerReply } from './cgminer/repair.js';
import { driverFromVersion } from './detect.js';
import { createFleetControl } from './fleet-control.js';

const AVALON_MM =
  '... SYSTEMSTATU[Work: In Work, Hash Board: 3 ] Elapsed[975] ... Temp[31] TMax[78] TAvg[70] Fan1[4275] Fan2[4282] FanR[49%] ... WALLPOWER[3731] ... GHSspd[199241.07] GHSmm[201920.42] GHSavg[184007.00] Freq[345.94] Led[0] MGHS[59459.52 61407.83 63139.66] MTmax[77 78 77] MTavg[69 70 71] ... SoftOFF[0] ... MPO[3515] ... WORKMODE[1]';
const AVALON_VERSION =
  '{"STATUS":[{"STATUS":"S","When":1687300219,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION":[{"CGMiner":"4.11.1","API":"3.7","PROD":"AvalonMiner 15-194","MODEL":"15-194","VERSION":"24102401_25462b2_9ddf522","MAC":"123456789012"}],"id":1}';
const LUX_VERSION =
  '{"STATUS":[{"Code":22,"Description":"LUXminer 2024.2.19.131822-ef17c0c4","Msg":"LUXminer versions","STATUS":"S","When":1672770089}],"VERSION":[{"API":"3.7","CompileTime":"Mon Feb 19 13:19:55 UTC 2024","LUXminer":"2024.2.19.131822-ef17c0c4","Miner":"2024.2.19.131822","Type":"Antminer S9"}],"id":1}';
const LUX_LOGON =
  '{"SESSION":[{"SessionID":"yJN2nlj1"}],"STATUS":[{"Code":316,"Description":"LUXminer 0.1.0-15436f7140","Msg":"Session created","STATUS":"S","When":1667917312}],"id":1}';
const LUX_CURTAIL =
  '{"CURTAIL":[{"Action":"sleep mode"}],"STATUS":[{"Code":335,"Description":"LUXminer 0.1.0-15436f7140","Msg":"Curtailment command sent","STATUS":"S","When":1681332079}],"id":1}';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('Avalon estats (A.1 fixture excerpt)', () => {
  it('parses the Key[value] tokens into the printed values', () => {
    const t = mmTokensOf({ 'MM ID0': AVALON_MM });
    expect(tokenNumber(t, 'WALLPOWER')).toBe(3731);
    expect(tokenNumber(t, 'FanR')).toBe(49);
    expect(tokenNumbers(t, 'MGHS')).toEqual([59459.52, 61407.83, 63139.66]);
    expect(t.get('SYSTEMSTATU')).toBe('Work: In Work, Hash Board: 3');
  });
  it('accepts the `:` key suffix and the `STATS` prefix', () => {
    expect(tokenNumber(mmTokensOf({ 'MM ID0:Summary': `'STATS':${AVALON_MM}` }), 'MPO')).toBe(3515);
  });

  it('turns the fixture into telemetry: GH/s → TH/s, measured wall power, board temps and fans', async () => {
    const estats = JSON.stringify({
      STATUS: [{ STATUS: 'S', When: 1687300219, Code: 70, Msg: 'CGMiner stats', Description: 'cgminer 4.11.1' }],
      STATS: [{ 'MM ID0': AVALON_MM }],
      id: 1,
    });
    const m = await cannedMiner({
      version: AVALON_VERSION,
      'estats+pools': JSON.stringify({ estats: [JSON.parse(estats)], pools: [{ STATUS: [{ STATUS: 'S' }], POOLS: [] }], id: 1 }),
    });
    close = m.close;
    const d = await createFleetControl({ now_unix_s: () => 1687300219 }).connect(m);
    expect(d.name).toBe('avalon');
    expect(await d.identify()).toMatchObject({ make: 'Canaan', model: 'AvalonMiner 15-194', firmware: '24102401_25462b2_9ddf522', mac: '12:34:56:78:90:12' });
    const t = await d.telemetry();
    expect(t.hashrate_ths).toBeCloseTo(199.24107, 12);
    expect(t).toMatchObject({
      state: 'hashing',
      power_w: 3731,
      power_source: 'measured',
      chip_temp_max_c: 78,
      board_temps_c: [69, 70, 71],
      fan_rpm: [4275, 4282],
      uptime_s: 975,
    });
    expect(t.efficiency_jth).toBeCloseTo(3731 / 199.24107, 9);
  });
});

describe('LuxOS replies (A.3)', () => {
  it('detects LuxOS by its LUXminer key although Type says Antminer', () => {
    const v = parseCgminerReply(LUX_VERSION).VERSION as Record<string, unknown>[];
    expect(driverFromVersion(v[0])).toBe('luxos');
    expect(driverFromVersion({ BMMiner: '1.0', Type: 'Antminer S19' })).toBe('antminer');
    expect(driverFromVersion({ PROD: 'AvalonMiner 15-194' })).toBe('avalon');
  });
  it('reads the status of the documented logon and curtail replies', () => {
    expect(statusOf(parseCgminerReply(LUX_LOGON))).toMatchObject({ status: 'S', code: 316, msg: 'Session created' });
    expect(statusOf(parseCgminerReply(LUX_CURTAIL))).toMatchObject({ status: 'S', code: 335 });
    expect(statusOf(parseCgminerReply('{"STATUS":"RESTART"}\0')).status).toBe('RESTART');
  });
  it('identifies a LuxOS miner from the documented version reply', async () => {
    const m = await cannedMiner({
      version: LUX_VERSION,
      'version+config': `{"version":[${LUX_VERSION}],"config":[{"STATUS":[{"STATUS":"S"}],"CONFIG":[{"MACAddr":"aa:bb:cc:dd:ee:ff"}]}],"id":1}`,
    });
    close = m.close;
    const d = await createFleetControl().connect(m);
    expect(await d.identify()).toEqual({
      driver: 'luxos',
      make: 'Bitmain',
      model: 'Antminer S9',
      firmware: 'LUXminer 2024.2.19.131822-ef17c0c4',
      mac: 'AA:BB:CC:DD:EE:FF',
      serial: null,
    });
  });
});
