/**
 * A loopback server that answers each cgminer command with a fixed reply text, for driver tests
 * against the example replies quoted in the team's protocol fact sheet (PROTOCOLS.md) (the simulator covers behaviour).
 */
import { type AddressInfo, createServer } from 'node:net';

export async function cannedMiner(replies: Record<string, string>): Promise<{ host: string; port: number; close: () => Promise<void> }> {
  const server = createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      const { command } = JSON.parse(chunk.toString('utf8')) as { command: string };
      socket.end(`${replies[command] ?? '{"STATUS":[{"STATUS":"E","Code":14,"Msg":"Invalid command"}],"id":1}'}\0`);
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return { host: '127.0.0.1', port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
