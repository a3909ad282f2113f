/**
 * Progress bars for long work, on stderr so `--json` output on stdout stays clean.
 * Shows done/total, rate and ETA; redraws at most every 100 ms; silent when stderr is not a TTY
 * unless forced (then it prints a line every 10%).
 */
export interface Progress {
  tick(n?: number): void;
  /** Sets the absolute count done (and the second count, when the bar has one). */
  update(done: number, also?: number): void;
  done(): void;
}

/** How a bar shows its counts; the default shows whole counts of `unit` and nothing else. */
export interface ProgressFormat {
  /** Counts and rate are shown divided by this, with one decimal (2^20 and unit 'MiB' for bytes). */
  scale?: number;
  /** Unit of a second count shown with its own rate (e.g. blocks found while bytes are scanned). */
  also?: string;
}

export type ProgressReporter = (label: string, total: number, unit?: string, format?: ProgressFormat) => Progress;

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function fmtRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k`;
  return r.toFixed(r < 10 ? 1 : 0);
}

/** `clockMs` is injected so the bar can be tested without real time. */
export function createProgressReporter(sink: ProgressSink, clockMs: () => number, enabled = sink.isTTY): ProgressReporter {
  return (label, total, unit = 'it', format = {}) => {
    const start = clockMs();
    const scale = format.scale ?? 1;
    const shown = (n: number): string => (scale === 1 ? String(n) : (n / scale).toFixed(1));
    let count = 0;
    let also = 0;
    let lastDraw = 0;
    let lastDecile = -1;
    const draw = (final: boolean): void => {
      const now = clockMs();
      if (!final && now - lastDraw < 100) return;
      lastDraw = now;
      const elapsed = Math.max((now - start) / 1000, 1e-9);
      const rate = count / elapsed;
      const frac = total > 0 ? Math.min(count / total, 1) : 0;
      const eta = rate > 0 ? (total - count) / rate : Infinity;
      const width = 24;
      const filled = Math.round(frac * width);
      const second = format.also ? ` · ${also} ${format.also} · ${fmtRate(also / elapsed)} ${format.also}/s` : '';
      const text = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${shown(count)}/${shown(total)} ${unit} · ${fmtRate(rate / scale)} ${unit}/s${second} · ETA ${final ? '00:00' : fmtDuration(eta)} · ${fmtDuration(elapsed)}`;
      if (sink.isTTY) sink.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
      else {
        const decile = Math.floor(frac * 10);
        if (final || decile > lastDecile) {
          lastDecile = decile;
          sink.write(`${text}\n`);
        }
      }
    };
    return {
      tick(n = 1) {
        count += n;
        if (enabled) draw(false);
      },
      update(done, alsoDone) {
        count = done;
        if (alsoDone !== undefined) also = alsoDone;
        if (enabled) draw(false);
      },
      done() {
        if (enabled) draw(true);
      },
    };
  };
}
