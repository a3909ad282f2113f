import { describe, expect, it } from 'vitest';
import { addressesOf, parseIpv4Range, parsePortList, rangeSize } from './cidr.js';

describe('IPv4 ranges', () => {
  it('a /30 probes its two hosts, a /31 and a /32 every address', () => {
    expect(addressesOf([parseIpv4Range('127.0.0.0/30')])).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(addressesOf([parseIpv4Range('127.0.0.4/31')])).toEqual(['127.0.0.4', '127.0.0.5']);
    expect(addressesOf([parseIpv4Range('127.0.0.5')])).toEqual(['127.0.0.5']);
    expect(rangeSize(parseIpv4Range('127.0.0.0/16'))).toBe(65_534);
  });

  it('overlapping ranges probe each address once, in order', () => {
    expect(addressesOf([parseIpv4Range('127.0.0.2'), parseIpv4Range('127.0.0.0/29'), parseIpv4Range('127.0.0.4/30')])).toEqual([
      '127.0.0.1',
      '127.0.0.2',
      '127.0.0.3',
      '127.0.0.4',
      '127.0.0.5',
      '127.0.0.6',
    ]);
  });

  it.each(['127.0.0.1/30', '256.0.0.0', '127.0.0.01', '127.0.0.0/', '127.0.0.0/032', ' 127.0.0.1', '127.0.0.1/-1', ''])(
    'refuses %j with a USAGE error naming it',
    (text) => {
      expect(() => parseIpv4Range(text, `RANGE "${text}"`)).toThrow(
        expect.objectContaining({ code: 'USAGE', message: expect.stringContaining(`RANGE "${text}"`) as unknown }) as Error,
      );
    },
  );

  it('says what is wrong: a second slash, or an address that is not one', () => {
    expect(() => parseIpv4Range('127.0.0.0/30/1')).toThrow(/^127\.0\.0\.0\/30\/1: not an IPv4 range \(/);
    expect(() => parseIpv4Range('127.0.0.0//30')).toThrow(/: not an IPv4 range \(/);
    expect(() => parseIpv4Range('256.0.0.0/8')).toThrow(/^256\.0\.0\.0\/8: "256\.0\.0\.0" is not an IPv4 address \(/);
    expect(() => parseIpv4Range('127.0.0.1/30')).toThrow(/host bits are set; the \/30 network is 127\.0\.0\.0\/30/);
  });

  it('ports: a list of 1–65535, deduplicated', () => {
    expect(parsePortList('4028,4029,4028', '--ports')).toEqual([4028, 4029]);
    for (const bad of ['0', '65536', '40x', '', '4028,'])
      expect(() => parsePortList(bad, '--ports')).toThrow(expect.objectContaining({ code: 'USAGE' }) as Error);
  });
});
