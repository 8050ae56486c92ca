/** Small shared pieces for the sandbox's own HTML pages (inbox, meeting rooms). */

export function escapeHtml(value: unknown): string {
  // Objects have no text worth showing: only scalars are printed.
  return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const BASE_CSS = `
:root { --ink:#14161a; --muted:#60656f; --line:#e4e6eb; --bg:#f5f6f8; --card:#fff; --brand:#7b3fe4; --brand-soft:#f1eafd;
  --ok:#13803d; --ok-soft:#e3f6ea; --warn:#a15c00; --warn-soft:#fff2db; --bad:#b42318; --bad-soft:#fde8e6; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header.top { display:flex; align-items:center; gap:12px; padding:14px 28px; background:var(--card); border-bottom:1px solid var(--line); }
header.top .logo { width:30px; height:30px; border-radius:8px; background:var(--brand); color:#fff; display:grid; place-items:center; font-weight:700; }
header.top h1 { font-size:17px; margin:0; }
header.top .sub { color:var(--muted); font-size:13px; }
header.top .spacer { flex:1; }
.pill { display:inline-block; padding:2px 9px; border-radius:999px; font-size:12px; font-weight:600; background:var(--line); color:var(--muted); }
.pill.ok { background:var(--ok-soft); color:var(--ok); } .pill.warn { background:var(--warn-soft); color:var(--warn); }
.pill.bad { background:var(--bad-soft); color:var(--bad); } .pill.brand { background:var(--brand-soft); color:var(--brand); }
.card { background:var(--card); border:1px solid var(--line); border-radius:12px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
`;

export function htmlPage(title: string, body: string, extraCss = '', script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${BASE_CSS}${extraCss}</style>
</head>
<body>
${body}
${script ? `<script>${script}</script>` : ''}
</body>
</html>`;
}
