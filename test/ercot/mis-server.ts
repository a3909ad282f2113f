/**
 * A local stand-in for ERCOT's MIS on 127.0.0.1, in the documented shapes (FEEDS.md §C.4): the
 * IceDocListJsonWS listing per report type and mirDownload by DocID. A test can queue faults
 * (status with headers, a hang, an HTML page) for a path before the real answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MisDocument {
  DocID: string;
  FriendlyName: string;
  PublishDate: string;
  bytes: Uint8Array;
}

export type Fault = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'html';

export interface MisServer {
  url: string;
  /** Requests seen, as path?query. */
  seen: string[];
  fail(pathPrefix: string, ...faults: Fault[]): void;
  close(): Promise<void>;
}

export async function startMisServer(reports: Record<number, MisDocument[]>): Promise<MisServer> {
  const faults = new Map<string, Fault[]>();
  const seen: string[] = [];
  const hung: ServerResponse[] = [];
  const docs = new Map(
    Object.values(reports)
      .flat()
      .map((d) => [d.DocID, d]),
  );
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    seen.push(path);
    const prefix = [...faults.keys()].find((p) => path.startsWith(p));
    const fault = prefix !== undefined ? faults.get(prefix)?.shift() : undefined;
    if (fault === 'hang') return void hung.push(res);
    if (fault === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Service unavailable</body></html>');
    if (fault) return void res.writeHead(fault.status, fault.headers).end(fault.body ?? '');
    const u = new URL(path, 'http://x');
    if (u.pathname === '/misapp/servlets/IceDocListJsonWS') {
      const list = reports[Number(u.searchParams.get('reportTypeId'))] ?? [];
      const body = { ListDocsByRptTypeRes: { DocumentList: list.map(({ bytes: _, ...d }) => ({ Document: { ...d, ContentSize: 1 } })) } };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
    const doc = u.pathname === '/misdownload/servlets/mirDownload' ? docs.get(u.searchParams.get('doclookupId') ?? '') : undefined;
    if (doc) return void res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from(doc.bytes));
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    fail: (p, ...f) => faults.set(p, [...(faults.get(p) ?? []), ...f]),
    close: () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
