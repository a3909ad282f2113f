import { describe, expect, it } from 'vitest';
import { closeTruncated, parseCgminerReply, repairText } from './repair.js';

// Each malformed form listed in PROTOCOLS.md A.0, written as the firmware would send it.
describe('cgminer reply repairs (PROTOCOLS.md A.0)', () => {
  const ok = { STATUS: [{ STATUS: 'S', Code: 22 }], id: 1 };

  it('strips the trailing NUL', () => {
    expect(parseCgminerReply('{"STATUS":[{"STATUS":"S","Code":22}],"id":1}\0')).toEqual(ok);
  });
  it('drops a comma before a closing brace (btminer)', () => {
    expect(parseCgminerReply('{"STATUS":[{"STATUS":"S","Code":22,}],"id":1,}\0')).toEqual(ok);
  });
  it('removes newlines (btminer)', () => {
    expect(parseCgminerReply('{"STATUS":[{"STATUS":"S",\n"Code":22}],\r\n"id":1}')).toEqual(ok);
  });
  it('puts the comma back between objects (bmminer `}{`)', () => {
    expect(parseCgminerReply('{"STATS":[{"a":1}{"b":2}],"id":1}').STATS).toEqual([{ a: 1 }, { b: 2 }]);
  });
  it('drops a comma that opens an array (bmminer `[,{`)', () => {
    expect(parseCgminerReply('{"STATS":[,{"a":1}],"id":1}').STATS).toEqual([{ a: 1 }]);
  });
  it('restores the comma in `""temp0` (btminer 2023-01-06)', () => {
    expect(parseCgminerReply('{"X":[{"name":"a""temp0":5}],"id":1}').X).toEqual([{ name: 'a', temp0: 5 }]);
  });
  it('reads bare inf and nan as 0 (Avalon) without touching strings that contain them', () => {
    const r = parseCgminerReply('{"X":[{"a":inf,"b":-inf,"c":nan,"d":"information"}],"id":1}');
    expect(r.X).toEqual([{ a: 0, b: 0, c: 0, d: 'information' }]);
  });
  it('puts the brace back on a reply that starts with a comma (Avalon)', () => {
    expect(parseCgminerReply(',"STATUS":[{"STATUS":"S","Code":22}],"id":1}')).toEqual(ok);
  });
  it('cuts a truncated buffer back to its last complete field', () => {
    expect(closeTruncated('{"A":[{"x":1,"y":2,"z":"ha')).toBe('{"A":[{"x":1,"y":2}]}');
    expect(parseCgminerReply('{"STATUS":[{"STATUS":"S","Code":22}],"SUMMARY":[{"GHS 5s":10,"Elapsed":9\0')).toEqual({
      STATUS: [{ STATUS: 'S', Code: 22 }],
      SUMMARY: [{ 'GHS 5s': 10 }],
    });
  });
  it('leaves well-formed text alone and fails with PARSE when nothing helps', () => {
    const text = '{"a":[{"b":"c,}"}]}';
    expect(parseCgminerReply(text)).toEqual({ a: [{ b: 'c,}' }] });
    expect(repairText('{"a":1}')).toBe('{"a":1}');
    expect(() => parseCgminerReply('<html>busy</html>')).toThrow(expect.objectContaining({ code: 'PARSE' }) as Error);
  });
});
