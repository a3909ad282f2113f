/**
 * /docs: a self-contained API reference (no CDN — the server may have no internet). It fetches
 * /openapi.json and renders every operation with its parameters, body and responses, plus a
 * "try it" button for GET operations.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>hashfloor API</title>
<style>
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--mut:#5b6570;--card:#f5f7f9;--line:#d8dee4;--acc:#b35c00}
@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e6e9ec;--mut:#9aa5b1;--card:#1a1f25;--line:#2c333b;--acc:#ffa94d}}
body{margin:0;font:15px/1.5 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:980px;margin:auto;padding:1rem}
h1{margin:.2rem 0}.mut{color:var(--mut)}
details{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer;font-family:ui-monospace,monospace}
.m{display:inline-block;min-width:4.2em;font-weight:700;color:var(--acc)}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid var(--line);padding:.25rem;text-align:left;vertical-align:top}
pre{background:var(--bg);border:1px solid var(--line);padding:.5rem;overflow:auto;max-height:24rem;font-size:13px}
button{font:inherit;padding:.2rem .7rem;border-radius:6px;border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer}
input{font:inherit;width:9rem;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:4px}
</style></head>
<body><main>
<h1>hashfloor API</h1>
<p class="mut" id="desc">Loading <a href="/openapi.json">/openapi.json</a>…</p>
<div id="ops"></div>
</main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (ch) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch]));
function deref(doc, s) { while (s && s.$ref) s = s.$ref.split('/').slice(1).reduce((o, k) => o[k], doc); return s; }
function schemaText(doc, s, depth = 0) {
  s = deref(doc, s);
  if (!s || depth > 6) return 'any';
  if (s.type === 'object' || s.properties) {
    const req = new Set(s.required || []);
    const pad = '  '.repeat(depth + 1);
    return '{\\n' + Object.entries(s.properties || {}).map(([k, v]) => pad + k + (req.has(k) ? '' : '?') + ': ' + schemaText(doc, v, depth + 1)).join('\\n') + '\\n' + '  '.repeat(depth) + '}';
  }
  if (s.type === 'array') return schemaText(doc, s.items, depth) + '[]';
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map((x) => schemaText(doc, x, depth)).join(' | ');
  return (Array.isArray(s.type) ? s.type.join('|') : s.type || 'any') + (s.description ? '  // ' + s.description : '');
}
async function main() {
  const doc = await (await fetch('/openapi.json')).json();
  document.getElementById('desc').textContent = doc.info.description + ' (OpenAPI ' + doc.openapi + ', version ' + doc.info.version + ')';
  const root = document.getElementById('ops');
  for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
    const d = document.createElement('details');
    const params = (op.parameters || []).map((p) => '<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p.in) + (p.required ? ', required' : '') + '</td><td>' + esc(p.schema?.type || '') + '</td><td>' + esc(p.schema?.example ?? p.example ?? '') + '</td><td><input data-p="' + esc(p.name) + '" data-in="' + esc(p.in) + '" value="' + esc(p.schema?.example ?? p.example ?? '') + '"></td></tr>').join('');
    const body = op.requestBody ? Object.entries(op.requestBody.content).map(([t, c]) => '<p>Body (' + esc(t) + ')</p><pre>' + esc(schemaText(doc, c.schema)) + '</pre>').join('') : '';
    const resps = Object.entries(op.responses || {}).map(([code, r]) => '<p><b>' + esc(code) + '</b> ' + esc(r.description) + '</p>' + Object.entries(r.content || {}).map(([t, c]) => '<pre>' + esc(t) + ' ' + esc(schemaText(doc, c.schema)) + '</pre>').join('')).join('');
    d.innerHTML = '<summary><span class="m">' + method.toUpperCase() + '</span> ' + esc(path) + ' — <span class="mut">' + esc(op.summary) + '</span></summary>' +
      (op.security ? '<p>Requires <code>Authorization: Bearer TOKEN</code> when the server binds a non-loopback address.</p>' : '') +
      (params ? '<table><tr><th>name</th><th>in</th><th>type</th><th>example</th><th>try</th></tr>' + params + '</table>' : '') + body + resps +
      (method === 'get' ? '<p><button>Try it</button></p><pre class="out" hidden></pre>' : '');
    const btn = d.querySelector('button');
    if (btn) btn.onclick = async () => {
      let url = path; const q = new URLSearchParams();
      for (const i of d.querySelectorAll('input')) { if (!i.value) continue; if (i.dataset.in === 'path') url = url.replace('{' + i.dataset.p + '}', encodeURIComponent(i.value)); else q.set(i.dataset.p, i.value); }
      const res = await fetch(url + (q.size ? '?' + q : ''));
      const out = d.querySelector('.out'); out.hidden = false;
      const text = await res.text();
      out.textContent = res.status + ' ' + res.headers.get('content-type') + '\\n' + (text.length > 20000 ? text.slice(0, 20000) + '\\n…' : text);
    };
    root.appendChild(d);
  }
}
main().catch((e) => { document.getElementById('desc').textContent = 'Could not load /openapi.json: ' + e; });
</script></body></html>`;
}
