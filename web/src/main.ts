/**
 * The dashboard: one page of panels, each loading its own data from the API. Shared controls
 * (USD/BTC, power price) live in the header and notify panels through `state`.
 */
import './style.css';
import { createState } from './state.js';
import { dispatchPanel } from './panels/dispatch.js';
import { fleetPanel } from './panels/fleet.js';
import { machinesPanel } from './panels/machines.js';
import { pivotPanel } from './panels/pivot.js';
import { feeSharePanel, hashpricePanel, loadHalvings, loadIndex, networkPanel } from './panels/hashprice.js';
import { supplyPanel } from './panels/supply.js';
import { cyclesPanel } from './panels/cycles.js';
import { securityBudgetPanel } from './panels/security-budget.js';
import { networkPowerPanel } from './panels/network-power.js';

const root = document.getElementById('panels');
if (!root) throw new Error('missing #panels');
const state = createState();
const index = loadIndex();
const halvings = loadHalvings();
// Unhandled until a panel awaits them; the panels report failures themselves.
index.catch(() => undefined);
halvings.catch(() => undefined);
let dispatch: { plan(id: string): void } = { plan: () => undefined };
// Panels append in call order: the grid pairs the half-width ones between the wide ones.
void Promise.all([
  hashpricePanel(root, state, index, halvings),
  cyclesPanel(root),
  networkPanel(root, index, halvings),
  feeSharePanel(root, index, halvings),
  supplyPanel(root, halvings),
  machinesPanel(root, state),
  securityBudgetPanel(root),
  networkPowerPanel(root),
  fleetPanel(root, (id) => dispatch.plan(id)),
]).then(() => document.body.setAttribute('data-ready', 'true'));
dispatch = dispatchPanel(root);
void pivotPanel(root);
