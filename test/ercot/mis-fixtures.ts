/**
 * MIS documents for the ERCOT tests: annual archives built from the real HB_WEST 15-minute prices
 * of the local days 2023-11-01…09 (../shared/data; HB_NORTH is HB_WEST − 0.5 and LZ_WEST a flat
 * 1, made up so several nodes are written and one is filtered out), an older 2023 archive with
 * wrong prices that the newer must replace, a 2022 "archive" that is no zip, and recent interval
 * files of 2026-01-10 (made-up prices).
 */
import { ARCHIVE_REPORT, RECENT_REPORT } from '../../src/adapters/feeds/ercot.js';
import { writeXlsx, writeZip, type TestCell } from '../helpers/zip-writer.js';
import type { MisDocument } from './mis-server.js';
import { westQuarterHours } from './real-data.js';

/** The NP6-785-ER archive sheet's header row (FEEDS.md §C.4). */
export const ARCHIVE_HEADER = [
  'Delivery Date',
  'Delivery Hour',
  'Delivery Interval',
  'Repeated Hour Flag',
  'Settlement Point Name',
  'Settlement Point Type',
  'Settlement Point Price',
];
const CSV_HEADER = 'DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,SettlementPointType,SettlementPointPrice,DSTFlag';

/** Archive rows of the real quarter hours of local days starting with `prefix`, both hubs. */
function archiveRows(prefix: string, offset = 0): TestCell[][] {
  const seen = new Set<string>();
  return westQuarterHours()
    .filter((q) => q.central.startsWith(prefix))
    .flatMap((q) => {
      const [y, mo, d, h, mi] = q.central.split(/[-T:]/).slice(0, 5);
      const repeated = seen.has(q.central.slice(0, 16));
      seen.add(q.central.slice(0, 16));
      const row = (node: string, p: number): TestCell[] => [
        `${mo}/${d}/${y}`,
        Number(h) + 1,
        Number(mi) / 15 + 1,
        repeated ? 'Y' : 'N',
        node,
        'HU',
        p + offset,
      ];
      return [row('HB_WEST', Number(q.price)), row('HB_NORTH', Number(q.price) - 0.5), row('LZ_WEST', 1)];
    });
}

const archive2023 = (offset = 0) =>
  writeZip([{ name: 'RTMLZHBSPP_2023.xlsx', data: writeXlsx([{ name: 'Nov', rows: [ARCHIVE_HEADER, ...archiveRows('2023-11-0', offset)] }]) }]);

/** One NP6-905-CD file: HE `he` interval `k` of 2026-01-10 (CST) at both hubs. */
const intervalDoc = (id: string, he: number, k: number, price: number, minute: number, retry = false): MisDocument => ({
  DocID: id,
  FriendlyName: `SPPHLZNP6905_20260110_${String(he).padStart(2, '0')}${k}${retry ? '_retry' : ''}`,
  PublishDate: `2026-01-10T0${he - 1}:${String(minute).padStart(2, '0')}:00-06:00`,
  bytes: writeZip([
    { name: `cdr.${id}.csv`, data: [CSV_HEADER, `01/10/2026,${he},${k},HB_WEST,HU,${price},N`, `01/10/2026,${he},${k},HB_NORTH,HU,${price + 1},N`].join('\n') },
  ]),
});

export const REPORTS: Record<number, MisDocument[]> = {
  [ARCHIVE_REPORT]: [
    { DocID: '900000001', FriendlyName: 'RTMLZHBSPP_2023', PublishDate: '2024-01-02T05:00:00-06:00', bytes: archive2023(999) },
    { DocID: '934466154', FriendlyName: 'RTMLZHBSPP_2023', PublishDate: '2024-01-03T05:00:00-06:00', bytes: archive2023() },
    { DocID: '934466155', FriendlyName: 'RTMLZHBSPP_2022', PublishDate: '2023-01-03T05:00:00-06:00', bytes: new Uint8Array([1, 2, 3]) },
  ],
  [RECENT_REPORT]: [
    intervalDoc('1001', 1, 1, 10, 16),
    intervalDoc('1002', 1, 2, 20, 31),
    intervalDoc('1003', 1, 3, -30, 46),
    intervalDoc('1004', 1, 4, 40, 59),
    intervalDoc('1005', 1, 4, 44, 59, true),
    intervalDoc('1006', 2, 1, 50, 16),
  ],
};
