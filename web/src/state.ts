/** Dashboard-wide controls: the currency toggle and the user's power price. */
export type Unit = 'usd' | 'btc';

export interface State {
  unit: Unit;
  powerUsdPerMwh: number;
  onChange(fn: () => void): void;
}

export function createState(): State {
  const unitSel = document.getElementById('unit') as HTMLSelectElement;
  const power = document.getElementById('power-price') as HTMLInputElement;
  const listeners: (() => void)[] = [];
  const state: State = {
    unit: 'usd',
    powerUsdPerMwh: Number(power.value),
    onChange: (fn) => listeners.push(fn),
  };
  const fire = () => listeners.forEach((fn) => fn());
  unitSel.addEventListener('change', () => {
    state.unit = unitSel.value === 'btc' ? 'btc' : 'usd';
    fire();
  });
  power.addEventListener('input', () => {
    const v = Number(power.value);
    if (power.value === '' || !Number.isFinite(v) || v < 0) return;
    state.powerUsdPerMwh = v;
    fire();
  });
  return state;
}
