/**
 * Strict IPv4 ranges for a miner scan: `a.b.c.d/n` with the host bits zero, or one
 * address. Strict because a scan must cover exactly what the user named: `10.0.0.1/24` (host bits
 * set), `010.0.0.0` (octal-looking) or `10.0.0` are refused rather than guessed at. Pure.
 */
import { UsageError } from '../errors.js';

export interface Ipv4Range {
  /** As the user wrote it. */
  text: string;
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
  /** First and last address probed (network and broadcast are skipped for prefixes ≤ /30). */
  first: number;
  last: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

function parseAddress(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Parses one range; `label` names the argument in the UsageError (exit 2). */
export function parseIpv4Range(text: string, label = text): Ipv4Range {
  const [addr, prefixText, extra] = text.split('/');
  const bad = (why: string): UsageError => new UsageError(`${label}: ${why} (expected an IPv4 range such as 127.0.0.0/30, or one address such as 127.0.0.5)`);
  if (extra !== undefined || addr === undefined) throw bad('not an IPv4 range');
  const network = parseAddress(addr);
  if (network === undefined) throw bad(`"${addr}" is not an IPv4 address`);
  let prefix = 32;
  if (prefixText !== undefined) {
    if (!/^(0|[1-9]\d?)$/.test(prefixText) || Number(prefixText) > 32) throw bad(`"/${prefixText}" is not a prefix length 0–32`);
    prefix = Number(prefixText);
  }
  const size = 2 ** (32 - prefix);
  if (network % size !== 0) throw bad(`host bits are set; the /${prefix} network is ${formatIpv4(network - (network % size))}/${prefix}`);
  // Network and broadcast addresses are never a miner's; /31 and /32 have neither.
  const inner = prefix <= 30 ? 1 : 0;
  return { text, network, prefix, first: network + inner, last: network + size - 1 - inner };
}

/** Number of addresses a range probes. */
export function rangeSize(r: Ipv4Range): number {
  return r.last - r.first + 1;
}

/** Every address of `ranges` once, in ascending order (overlapping ranges are merged). */
export function addressesOf(ranges: readonly Ipv4Range[]): string[] {
  const spans = ranges.map((r) => [r.first, r.last] as const).sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let next = 0;
  for (const [lo, hi] of spans) {
    for (let n = Math.max(lo, next); n <= hi; n++) out.push(formatIpv4(n));
    next = Math.max(next, hi + 1);
  }
  return out;
}

/** `4028,4029` → ports; `label` names the flag. */
export function parsePortList(text: string, label: string): number[] {
  const ports = text.split(',').map((p) => p.trim());
  const bad = ports.find((p) => !/^[1-9]\d{0,4}$/.test(p) || Number(p) > 65535);
  if (bad !== undefined) throw new UsageError(`${label}: "${bad}" is not a TCP port 1–65535 (expected e.g. 4028 or 4028,4029)`);
  return [...new Set(ports.map(Number))];
}
