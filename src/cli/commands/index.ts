/**
 * Every CLI command, loaded lazily. Add one line per command; keep the list sorted by path.
 */
import type { CommandEntry } from '../command.js';

export const registry: CommandEntry[] = [
  { path: ['difficulty'], summary: 'Bits → target, difficulty, implied hashrate; or the difficulty at a height', load: () => import('./difficulty.js') },
  { path: ['dispatch'], summary: 'Hour-by-hour operating plan under site caps: stock / underclock / overclock / off', load: () => import('./dispatch.js') },
  {
    path: ['fleet', 'report'],
    summary: 'A fleet over the history: BTC mined, cash and all-in cost per BTC, hashcost vs hashprice',
    load: () => import('./fleet-report.js'),
  },
  {
    path: ['fleet', 'sensitivity'],
    summary: "A fleet's margin over BTC price × power price, and breakevens per lot",
    load: () => import('./fleet-sensitivity.js'),
  },
  { path: ['halvings'], summary: 'Past halvings with real dates; future ones projected from a tip', load: () => import('./halvings.js') },
  { path: ['hashprice'], summary: 'Daily hashprice index with record lows and halving cycles', load: () => import('./hashprice.js') },
  { path: ['import', 'daily'], summary: 'Import days of network history from a CSV file (all rows or none)', load: () => import('./import-daily.js') },
  {
    path: ['import', 'prices'],
    summary: 'Import hourly power prices (USD/MWh, one column per node) from a CSV file (all rows or none)',
    load: () => import('./import-prices.js'),
  },
  { path: ['machine'], summary: 'One machine at a hashprice: margin, breakevens, payback', load: () => import('./machine.js') },
  { path: ['miners', 'log'], summary: 'The audit log of miners set: every change sent or refused, and its read-back', load: () => import('./miners-log.js') },
  { path: ['miners', 'scan'], summary: 'Find and identify miners in the IPv4 ranges you name; write an inventory', load: () => import('./miners-scan.js') },
  {
    path: ['miners', 'set'],
    summary: 'Profile, power target, sleep or wake: dry run unless --apply; capped, locked, verified',
    load: () => import('./miners-set.js'),
  },
  { path: ['miners', 'status'], summary: 'Read every listed miner; totals per site and lot vs catalog nameplate', load: () => import('./miners-status.js') },
  { path: ['models'], summary: 'The ASIC catalog; --model shows profiles and the efficiency hull', load: () => import('./models.js') },
  { path: ['network'], summary: 'One day of network history: blocks, difficulty, hashrate, fees, price', load: () => import('./network.js') },
  {
    path: ['network-power'],
    summary: 'The whole network per day: efficiency band (J/TH), power (GW), energy (TWh/yr)',
    load: () => import('./network-power.js'),
  },
  { path: ['pivot'], summary: 'Monte Carlo value of keeping a mining site vs converting it to AI/HPC hosting', load: () => import('./pivot.js') },
  { path: ['pools'], summary: 'Blocks and share per mining pool from synced blocks: implied hashrate, luck', load: () => import('./pools.js') },
  {
    path: ['prices', 'update'],
    summary: 'Fetch ERCOT real-time hub prices (hourly means of 15-minute SPPs) into the store',
    load: () => import('./prices-update.js'),
  },
  { path: ['security-budget'], summary: 'Subsidy to zero (~2140) and the fees needed to hold today’s hashprice', load: () => import('./security-budget.js') },
  { path: ['serve'], summary: 'Serve the HTTP API and the dashboard', load: () => import('./serve.js') },
  {
    path: ['simulate', 'miners'],
    summary: 'Serve simulated miners on loopback addresses until stopped; print their inventory',
    load: () => import('./simulate.js'),
  },
  { path: ['supply'], summary: 'Block subsidy and cumulative supply at a height', load: () => import('./supply.js') },
  { path: ['sync'], summary: 'Sync blocks from your own Bitcoin Core node (block files or RPC), reorg-safe', load: () => import('./sync.js') },
  { path: ['underwater'], summary: 'Share of network hashrate under water at a day’s hashprice; hashrate at risk', load: () => import('./underwater.js') },
  {
    path: ['update'],
    summary: 'Bring the stored history up to date from live public feeds (mempool.space, exchanges, Coin Metrics)',
    load: () => import('./update.js'),
  },
];
