/**
 * Hashrate unit conversions. Names carry units: `_hs` (H/s), `_ths` (TH/s = 1e12 H/s),
 * `_phs` (PH/s = 1e15 H/s), `_ehs` (EH/s = 1e18 H/s). Convert here, nowhere else.
 */
export const H_PER_TH = 1e12;
export const TH_PER_PH = 1e3;
export const TH_PER_EH = 1e6;

export const hsToThs = (hashrate_hs: number): number => hashrate_hs / H_PER_TH;
export const thsToHs = (hashrate_ths: number): number => hashrate_ths * H_PER_TH;
export const hsToEhs = (hashrate_hs: number): number => hashrate_hs / 1e18;
export const ehsToHs = (hashrate_ehs: number): number => hashrate_ehs * 1e18;
export const thsToPhs = (hashrate_ths: number): number => hashrate_ths / TH_PER_PH;
export const phsToThs = (hashrate_phs: number): number => hashrate_phs * TH_PER_PH;
export const thsToEhs = (hashrate_ths: number): number => hashrate_ths / TH_PER_EH;
export const ehsToThs = (hashrate_ehs: number): number => hashrate_ehs * TH_PER_EH;
export const ehsToPhs = (hashrate_ehs: number): number => hashrate_ehs * 1e3;

// Firmware units (cgminer-family RPCs report GH/s or MH/s); drivers convert at their edge with these.
export const GH_PER_TH = 1e3;
export const MH_PER_TH = 1e6;
export const ghsToThs = (hashrate_ghs: number): number => hashrate_ghs / GH_PER_TH;
export const thsToGhs = (hashrate_ths: number): number => hashrate_ths * GH_PER_TH;
export const mhsToThs = (hashrate_mhs: number): number => hashrate_mhs / MH_PER_TH;
export const thsToMhs = (hashrate_ths: number): number => hashrate_ths * MH_PER_TH;
