/**
 * `hashfloor miners status`: every listed miner read at once (bounded concurrency, a deadline per
 * miner), one row each, totals per site and per lot, and measured hashrate against the catalog
 * nameplate of the machines that answered. A miner that fails or hangs is a row with its error;
 * it never holds up the others.
 */
import type { AsicModel } from '../../hardware/model.js';
import { lookupModel } from '../../hardware/catalog.js';
import type { FleetControl, MinerState, PowerSource } from '../../ports/fleet-control.js';
import { READ_STALL, settleEach } from './bounded.js';
import type { ListedMiner, MinerList } from './miner-list.js';
import { readMiner } from './read-miner.js';

export interface MinerStatusRow {
  miner: string;
  site: string | null;
  lot: string | null;
  driver: string | null;
  model: string | null;
  firmware: string | null;
  state: MinerState | 'unreachable';
  hashrate_ths: number | null;
  power_w: number | null;
  power_source: PowerSource | null;
  efficiency_jth: number | null;
  chip_temp_max_c: number | null;
  uptime_s: number | null;
  /** The read failure, else the firmware's last error text, else null. */
  error: string | null;
}

export interface StatusGroup {
  /** Site id or lot id; `(none)` for miners listed without one. */
  id: string;
  miners: number;
  answered: number;
  hashrate_ths: number;
  power_w: number;
  /** Stock hashrate of the answering miners' catalog models; null when none of them has a known model. */
  nameplate_hashrate_ths: number | null;
  /** hashrate_ths / nameplate_hashrate_ths × 100. */
  measured_vs_nameplate_pct: number | null;
  /** Machines the fleet's lot counts (lots only). */
  lot_count: number | null;
}

export interface MinersStatus {
  miners: MinerStatusRow[];
  sites: StatusGroup[];
  lots: StatusGroup[];
  answered: number;
  failed: number;
}

export interface StatusOptions {
  timeout_ms: number;
  concurrency: number;
  env: Readonly<Record<string, string | undefined>>;
  onSettled?: () => void;
}

function group(id: string, rows: readonly { row: MinerStatusRow; model: AsicModel | null }[], lotCount: number | null): StatusGroup {
  const up = rows.filter((r) => r.row.state !== 'unreachable');
  const hashrate = up.reduce((a, r) => a + (r.row.hashrate_ths ?? 0), 0);
  const known = up.filter((r) => r.model);
  const nameplate = known.length ? known.reduce((a, r) => a + (r.model?.hashrate_ths ?? 0), 0) : null;
  return {
    id,
    miners: rows.length,
    answered: up.length,
    hashrate_ths: hashrate,
    power_w: up.reduce((a, r) => a + (r.row.power_w ?? 0), 0),
    nameplate_hashrate_ths: nameplate,
    measured_vs_nameplate_pct: nameplate ? (100 * known.reduce((a, r) => a + (r.row.hashrate_ths ?? 0), 0)) / nameplate : null,
    lot_count: lotCount,
  };
}

function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

export async function minersStatus(fc: FleetControl, list: MinerList, catalog: readonly AsicModel[], o: StatusOptions): Promise<MinersStatus> {
  const settled = await settleEach(
    list.miners,
    o.concurrency,
    async (m: ListedMiner) => {
      try {
        return await readMiner(fc, m, { timeout_ms: o.timeout_ms, env: o.env, identify: true });
      } finally {
        o.onSettled?.();
      }
    },
    READ_STALL(o.concurrency),
  );
  const rows = list.miners.map((m, i) => {
    const s = settled[i];
    const base = { miner: m.key, site: m.site?.id ?? null, lot: m.lot?.id ?? null };
    if (!s?.ok) {
      const row: MinerStatusRow = {
        ...base,
        driver: m.entry.driver ?? null,
        model: m.entry.model ?? null,
        firmware: m.entry.firmware ?? null,
        state: 'unreachable',
        hashrate_ths: null,
        power_w: null,
        power_source: null,
        efficiency_jth: null,
        chip_temp_max_c: null,
        uptime_s: null,
        error: s?.error.message ?? 'not read',
      };
      return { row, model: null };
    }
    const { identity, telemetry: t } = s.value;
    const modelName = identity?.model ?? m.entry.model ?? null;
    const model = m.lot?.lot.model ?? (modelName ? (lookupModel(catalog, modelName) ?? null) : null);
    const row: MinerStatusRow = {
      ...base,
      driver: identity?.driver ?? s.value.driver.name,
      model: modelName,
      firmware: identity?.firmware ?? null,
      state: t.state,
      hashrate_ths: t.hashrate_ths,
      power_w: t.power_w,
      power_source: t.power_source,
      efficiency_jth: t.efficiency_jth,
      chip_temp_max_c: t.chip_temp_max_c,
      uptime_s: t.uptime_s,
      error: t.errors.at(-1) ?? null,
    };
    return { row, model };
  });
  const sites = [...byKey(rows, (r) => r.row.site ?? '(none)')].map(([id, rs]) => group(id, rs, null));
  const lots = [...byKey(rows, (r) => r.row.lot ?? '(none)')].map(([id, rs]) => group(id, rs, list.lots.find((l) => l.id === id)?.lot.count ?? null));
  const failed = rows.filter((r) => r.row.state === 'unreachable').length;
  return { miners: rows.map((r) => r.row), sites, lots, answered: rows.length - failed, failed };
}
