/** A dashboard panel: a card with a title, a body, and a status line for loading and errors. */
import { el } from './format.js';

/** The API's `data_as_of`: the history's last complete day and how old it is. */
export interface DataAsOf {
  date: string;
  age_days: number;
  stale: boolean;
}

/** Older than this many days the data is stale; the API's rule (src/app/as-of.ts), for series without `data_as_of`. */
export const STALE_AFTER_DAYS = 3;

export interface Panel {
  root: HTMLElement;
  body: HTMLElement;
  status(text: string, isError?: boolean): void;
  /** Shows "As of" the data's last complete day, warning when it is stale. */
  asOf(asOf: DataAsOf | string | null | undefined): void;
}

/** `data_as_of` from a series' last day, against today's UTC date. */
export function asOfDay(date: string, nowMs = Date.now()): DataAsOf {
  const age = Math.floor((nowMs - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  return { date, age_days: age, stale: age > STALE_AFTER_DAYS };
}

/** An empty "as of" line for a part of a panel with data of its own; fill it with showAsOf. */
export function asOfElement(id: string): HTMLElement {
  const line = el('p', { class: 'asof mut small', 'data-testid': `${id}-asof` });
  line.hidden = true;
  return line;
}

/** Fills an "as of" line (hidden for null), with the stale warning and the command that refreshes the data. */
export function showAsOf(line: HTMLElement, id: string, v: DataAsOf | null): void {
  line.replaceChildren();
  line.hidden = !v;
  if (!v) return;
  line.append(`As of ${v.date} (last complete day)`);
  if (v.stale) {
    const warn = el('span', { class: 'stale', role: 'status', 'data-testid': `${id}-stale` });
    warn.append(
      `, ${v.age_days} days old — run `,
      el('code', {}, 'hashfloor update'),
      ' (or ',
      el('code', {}, 'hashfloor sync'),
      ' with your own node) to refresh',
    );
    line.append(warn);
  }
}

export function panel(parent: HTMLElement, id: string, title: string, subtitle = '', wide = false): Panel {
  const root = el('section', { class: `card${wide ? ' wide' : ''}`, id, 'data-testid': id });
  const head = el('header');
  head.append(el('h2', {}, title));
  if (subtitle) head.append(el('p', { class: 'mut sub' }, subtitle));
  const asOfLine = asOfElement(id);
  head.append(asOfLine);
  const body = el('div', { class: 'body' });
  const line = el('p', { class: 'status mut' }, 'Loading…');
  root.append(head, body, line);
  parent.append(root);
  return {
    root,
    body,
    status(text, isError = false) {
      line.textContent = text;
      line.classList.toggle('error', isError);
      line.hidden = text === '';
    },
    asOf(a) {
      const v = typeof a === 'string' ? asOfDay(a) : (a ?? null);
      showAsOf(asOfLine, id, v);
      if (!v) return;
      root.dataset.asOf = v.date;
      root.dataset.stale = String(v.stale);
    },
  };
}

/** Runs a panel's loader, showing its error (the API's problem detail) instead of throwing. */
export async function guarded(p: Panel, load: () => Promise<void>): Promise<void> {
  try {
    await load();
  } catch (err) {
    p.status(`Could not load: ${err instanceof Error ? err.message : String(err)}`, true);
  }
}
