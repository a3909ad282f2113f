// A Stryker ignorer (stryker.config.mjs `ignorers`): mutants inside the text of an error message are
// not run. The project's tests assert an error's `code` and field `path`, never its wording
// (docs/DEVELOPING.md, "Errors"), so a mutant that only rewords a message cannot be killed by design.
// Ignored here: the message argument of `new …Error(message, …)`, of `…Error.field(path, message)`,
// of the local helpers `bad(path?, message)` and `….fail(message, …)`, the value of a `message:`
// property, and the labels a ByteReader read takes only to name the field in a ParseError (`what`
// of src/chain/reader.ts: its parameter defaults and the label argument of r.u8/…/varint/skip).
// Field paths stay mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const REASON = 'error message text: tests assert code and path, not wording';

/** ByteReader reads and the index of their `what` label (src/chain/reader.ts). */
const READER_LABEL = { u8: 0, u16le: 0, u32le: 0, i32le: 0, u64le: 0, varint: 0, bytesView: 1, skip: 1, need: 1 };

/** Index of the message argument in `call`, or −1. */
function messageArgument(call) {
  const callee = call.callee;
  const args = call.arguments;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && Object.hasOwn(READER_LABEL, callee.property.name)) {
    return READER_LABEL[callee.property.name];
  }
  if (call.type === 'NewExpression' && callee.type === 'Identifier' && /Error$/.test(callee.name)) return 0;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
    if (callee.object.type === 'Identifier' && /Error$/.test(callee.object.name) && callee.property.name === 'field') return 1;
    if (callee.property.name === 'fail') return 0;
  }
  if (callee.type === 'Identifier' && callee.name === 'bad') return args.length - 1;
  return -1;
}

const errorMessages = {
  shouldIgnore(path) {
    const parent = path.parentPath?.node;
    if (!parent) return undefined;
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && path.listKey === 'arguments') {
      return path.key === messageArgument(parent) ? REASON : undefined;
    }
    // `what = 'byte'`: the default label of a reader method.
    if (parent.type === 'AssignmentPattern' && path.key === 'right' && parent.left.type === 'Identifier' && parent.left.name === 'what') return REASON;
    if (parent.type === 'ObjectProperty' && path.key === 'value' && !parent.computed) {
      const k = parent.key;
      if ((k.type === 'Identifier' && k.name === 'message') || (k.type === 'StringLiteral' && k.value === 'message')) return REASON;
    }
    return undefined;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'error-messages', errorMessages)];
