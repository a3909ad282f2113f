/**
 * Hashrate unit conversions. Names carry units: `_hs` (H/s), `_ths` (TH/s = 1e12 H/s),
 * `_phs` (PH/s = 1e15 H/s), `_ehs` (EH/s = 1e18 H/s). Convert here, nowhere else.
 * Functions, not arrow constants: nothing is built at import time, and each body is mutation-tested.
 */
export const H_PER_TH = 1e12;
export const TH_PER_PH = 1e3;
export const TH_PER_EH = 1e6;

export function hsToThs(hashrate_hs: number): number {
  return hashrate_hs / H_PER_TH;
}
export function thsToHs(hashrate_ths: number): number {
  return hashrate_ths * H_PER_TH;
}
export function hsToEhs(hashrate_hs: number): number {
  return hashrate_hs / 1e18;
}
export function ehsToHs(hashrate_ehs: number): number {
  return hashrate_ehs * 1e18;
}
export function thsToPhs(hashrate_ths: number): number {
  return hashrate_ths / TH_PER_PH;
}
export function phsToThs(hashrate_phs: number): number {
  return hashrate_phs * TH_PER_PH;
}
export function thsToEhs(hashrate_ths: number): number {
  return hashrate_ths / TH_PER_EH;
}
export function ehsToThs(hashrate_ehs: number): number {
  return hashrate_ehs * TH_PER_EH;
}
export function ehsToPhs(hashrate_ehs: number): number {
  return hashrate_ehs * 1e3;
}

// Firmware units (cgminer-family RPCs report GH/s or MH/s); drivers convert at their edge with these.
export const GH_PER_TH = 1e3;
export const MH_PER_TH = 1e6;
export function ghsToThs(hashrate_ghs: number): number {
  return hashrate_ghs / GH_PER_TH;
}
export function thsToGhs(hashrate_ths: number): number {
  return hashrate_ths * GH_PER_TH;
}
export function mhsToThs(hashrate_mhs: number): number {
  return hashrate_mhs / MH_PER_TH;
}
export function thsToMhs(hashrate_ths: number): number {
  return hashrate_ths * MH_PER_TH;
}
