/**
 * A writer to stdout or stderr that survives its reader going away (`hashfloor hashprice --json | head`).
 * When the reader closes the pipe, Node reports EPIPE as an 'error' event on the stream, which,
 * unhandled, ends the process with a stack trace. Here the rest of that stream's output is dropped
 * instead and the command runs to its end: a command that is controlling miners finishes and logs
 * its step rather than stopping halfway because nobody reads its table. Other write errors are
 * reported once on stderr.
 */
export function closedPipeGuard(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (err.code !== 'EPIPE' && stream !== process.stderr) process.stderr.write(`hashfloor: cannot write the output: ${err.message}\n`);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
