/**
 * Replies as cgminer-family firmware writes them (PROTOCOLS.md A.0, A.3): compact JSON, `STATUS`
 * first with STATUS, When, Code, Msg, Description in cgminer's order, then the section, then
 * `"id":1`; LuxOS sorts every object's keys (its documented replies are in that order). Multiple
 * commands nest each reply in an array under the command's name.
 */
export type JsonObject = Record<string, unknown>;
export type ReplyStyle = 'cgminer' | 'luxos';
export type StatusLetter = 'S' | 'I' | 'W' | 'E' | 'F';

export interface ReplyHead {
  style: ReplyStyle;
  description: string;
  when_s: number;
}

export function reply(head: ReplyHead, status: StatusLetter, code: number, msg: string, sections: Record<string, unknown> = {}): JsonObject {
  return { STATUS: [{ STATUS: status, When: head.when_s, Code: code, Msg: msg, Description: head.description }], ...sections, id: 1 };
}

export const invalidCommand = (head: ReplyHead): JsonObject => reply(head, 'E', 14, 'Invalid command');
export const accessDenied = (head: ReplyHead, command: string): JsonObject => reply(head, 'E', 45, `Access denied to '${command}' command`);

/** The reply to `a+b`: each command's whole reply in a one-element array under its name. */
export function joined(parts: readonly [string, JsonObject][]): JsonObject {
  const out: JsonObject = {};
  for (const [name, r] of parts) out[name] = [r];
  out.id = 1;
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as JsonObject;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}

export function serialize(style: ReplyStyle, r: JsonObject): string {
  return JSON.stringify(style === 'luxos' ? sortKeys(r) : r);
}
