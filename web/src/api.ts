/** The dashboard's only way to data: the hashfloor HTTP API on the same origin. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function unwrap<T>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const detail = typeof body === 'object' && body !== null && 'detail' in body ? String(body.detail) : String(body);
    throw new ApiError(res.status, detail);
  }
  return body as T;
}

export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const qs = q.toString();
  return unwrap<T>(await fetch(qs ? `${path}?${qs}` : path, { headers: { accept: 'application/json' } }));
}

export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': contentType };
  }
  return unwrap<T>(await fetch(path, init));
}

export interface Job<R> {
  id: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { done: number; total: number; unit: string };
  result: R | null;
  error: { detail: string } | null;
}

/** Polls a job until it finishes; `onProgress` sees each poll. */
export async function waitJob<R>(job: Job<R>, onProgress: (j: Job<R>) => void = () => undefined): Promise<R> {
  let j = job;
  while (j.status === 'running') {
    onProgress(j);
    await new Promise((r) => setTimeout(r, 250));
    j = await getJson<Job<R>>(`/api/v1/jobs/${j.id}`);
  }
  if (j.status !== 'succeeded' || j.result === null) throw new ApiError(500, j.error?.detail ?? `job ${j.status}`);
  return j.result;
}
