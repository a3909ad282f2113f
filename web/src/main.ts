/**
 * The dashboard: one page of panels, each loading its own data from the API. Shared controls
 * (USD/BTC, power price) live in the header and notify panels through `state`.
 */
import './style.css';
import { createState } from './state.js';
import { machinesPanel } from './panels/machines.js';
import { supplyPanel } from './panels/supply.js';

const root = document.getElementById('panels');
if (!root) throw new Error('missing #panels');
const state = createState();
void Promise.all([machinesPanel(root, state), supplyPanel(root)]).then(() => document.body.setAttribute('data-ready', 'true'));
