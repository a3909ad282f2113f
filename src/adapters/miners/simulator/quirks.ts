/**
 * The malformed replies real firmware sends (PROTOCOLS.md A.0, "Malformed JSON pyasic repairs"),
 * reproduced on request so the client's repairs are exercised end to end. Each rewrites the
 * serialised reply; `no_multi` instead refuses `+`-joined commands (some S19s).
 */
export const SIM_QUIRKS = [
  'trailing_comma',
  'missing_comma',
  'bracket_comma',
  'newlines',
  'inf_nan',
  'leading_comma',
  'double_quote',
  'truncated',
  'no_multi',
] as const;
export type SimQuirk = (typeof SIM_QUIRKS)[number];

const REWRITES: Record<Exclude<SimQuirk, 'no_multi'>, (text: string) => string> = {
  // btminer: a comma before a closing brace.
  trailing_comma: (t) => t.replace(/}]/g, ',}]'),
  // bmminer: objects in an array with no comma between them.
  missing_comma: (t) => t.replace(/},{/g, '}{'),
  // bmminer: an array that opens with a comma.
  bracket_comma: (t) => t.replace('[{', '[,{'),
  // btminer: line breaks between fields.
  newlines: (t) => t.replace(/,"/g, ',\n"'),
  // Avalon: a non-finite double printed bare.
  inf_nan: (t) => t.replace(/"When":\d+/, '"When":inf'),
  // Avalon: the opening brace replaced by a comma.
  leading_comma: (t) => `,${t.slice(1)}`,
  // btminer 2023-01-06: the comma between a string value and the next key missing.
  double_quote: (t) => t.replace(/","/, '""'),
  // A buffer cut short (the NUL still follows, as send_result() sends strlen+1 of what it has).
  truncated: (t) => t.slice(0, Math.max(1, t.length - 7)),
};

export function applyQuirks(text: string, quirks: ReadonlySet<SimQuirk>): string {
  let t = text;
  for (const q of SIM_QUIRKS) if (q !== 'no_multi' && quirks.has(q)) t = REWRITES[q](t);
  return t;
}
