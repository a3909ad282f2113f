/**
 * Distinct loopback addresses for simulated miners. Linux routes all of 127.0.0.0/8 to `lo`, so each
 * miner gets its own host and the firmware's own port, as on a real site. Octets 0 and 255 are
 * skipped so no address looks like a network or broadcast address.
 */
import { ValidationError } from '../../../errors.js';

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function loopbackAddresses(count: number, first = '127.0.1.1'): string[] {
  const parts = first.split('.');
  if (parts.length !== 4 || parts[0] !== '127' || !parts.every((p) => OCTET.test(p)))
    throw ValidationError.field('base_address', `not a 127.x.y.z address: ${first}`);
  let [, b, c, d] = parts.map(Number) as [number, number, number, number];
  const out: string[] = [];
  while (out.length < count) {
    if (d === 0) d = 1;
    if (d === 255) {
      d = 1;
      c++;
    }
    if (c === 0) c = 1;
    if (c === 255) {
      c = 1;
      b++;
    }
    if (b > 254) throw ValidationError.field('count', `more miners than loopback addresses after ${first}`);
    out.push(`127.${b}.${c}.${d}`);
    d++;
  }
  return out;
}
