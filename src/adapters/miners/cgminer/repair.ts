/**
 * Turns the bytes a cgminer-family RPC sends into an object, repairing the malformed JSON real
 * firmware emits (PROTOCOLS.md A.0): the trailing NUL, stray newlines, a reply that starts with `,`,
 * `}{` and `[,{` (bmminer), `,}` (btminer), `""key` (btminer), bare inf/nan (Avalon) and a buffer
 * cut short. Well-formed replies take the fast path: one JSON.parse, no rewriting.
 */
import { ParseError } from '../../../errors.js';

export type JsonObject = Record<string, unknown>;

/** A string literal (kept as is) or a bare inf/nan token outside strings (replaced). */
const INF_NAN = /"(?:[^"\\]|\\.)*"|(-?\b(?:inf|nan)\b)/gi;

function tryParse(text: string): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The textual repairs, in an order where one cannot undo another. */
export function repairText(text: string): string {
  let t = text.replace(/[\r\n]/g, '');
  if (t.startsWith(',')) t = `{${t.slice(1)}`;
  t = t.replace(/}\s*{/g, '},{');
  t = t.replace(/\[\s*,\s*{/g, '[{');
  t = t.replace(/,\s*([}\]])/g, '$1');
  t = t.replace(/""(?=[A-Za-z_])/g, '","');
  t = t.replace(INF_NAN, (m: string, token: string | undefined) => (token === undefined ? m : '0'));
  return t;
}

/**
 * A truncated buffer cut back to its last complete field, with the open objects and arrays closed.
 * A cut is safe just before a `,` or just after an opening bracket, outside strings.
 */
export function closeTruncated(text: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let safe: { end: number; closers: string } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      stack.push(c === '{' ? '}' : ']');
      safe = { end: i + 1, closers: [...stack].reverse().join('') };
    } else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') safe = { end: i, closers: [...stack].reverse().join('') };
  }
  return safe === undefined ? undefined : text.slice(0, safe.end) + safe.closers;
}

/**
 * Parses one reply; `source` names the miner in the error. Throws ParseError when no repair helps.
 * `truncated: false` refuses the cut-back repair: for a reply that lost its NUL because the
 * connection closed mid-reply, a "repaired" fragment would pass for the whole answer.
 */
export function parseCgminerReply(raw: string, source?: string, options: { truncated?: boolean } = {}): JsonObject {
  const text = raw.replace(/\0+$/, '');
  const fast = tryParse(text);
  if (fast) return fast;
  const repaired = repairText(text);
  const parsed = tryParse(repaired) ?? (options.truncated === false ? undefined : tryParse(closeTruncated(repaired) ?? ''));
  if (parsed) return parsed;
  throw new ParseError(`not a JSON object after repairs: ${JSON.stringify(text.slice(0, 80))}`, source === undefined ? {} : { source });
}
