/** A dashboard panel: a card with a title, a body, and a status line for loading and errors. */
import { el } from './format.js';

export interface Panel {
  root: HTMLElement;
  body: HTMLElement;
  status(text: string, isError?: boolean): void;
}

export function panel(parent: HTMLElement, id: string, title: string, subtitle = '', wide = false): Panel {
  const root = el('section', { class: `card${wide ? ' wide' : ''}`, id, 'data-testid': id });
  const head = el('header');
  head.append(el('h2', {}, title));
  if (subtitle) head.append(el('p', { class: 'mut sub' }, subtitle));
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
