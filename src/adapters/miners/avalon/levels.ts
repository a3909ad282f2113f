/**
 * Avalon work levels (`ascset 0,worklevel,set,<0|1|2>`, PROTOCOLS.md A.1) as relative chip
 * frequencies for the catalog's physical model (src/hardware/profiles.ts). Canaan publishes no
 * watts per level; these ratios and the settle time are hashfloor assumptions (UNCONFIRMED), shared by
 * the driver's estimates and the simulator so the two agree.
 */
export const AVALON_LEVELS = [
  { level: 0, relative_frequency: 0.8 },
  { level: 1, relative_frequency: 1.0 },
  { level: 2, relative_frequency: 1.1 },
] as const;

export const AVALON_LEVEL_SETTLE_S = 120;
/** Seconds from softon to full hashrate (an assumption, like the levels). */
export const AVALON_WAKE_SETTLE_S = 300;
/** pyasic schedules softoff/softon 5 s ahead; so do we. */
export const AVALON_SOFT_DELAY_S = 5;

export const levelProfileId = (level: number): string => `worklevel-${level}`;

export function levelOf(profile_id: string): number | undefined {
  const m = /^worklevel-(\d)$/.exec(profile_id);
  const level = m ? Number(m[1]) : NaN;
  return AVALON_LEVELS.some((l) => l.level === level) ? level : undefined;
}
