// The preview panel's HTML: a strict CSP (scripts only with this load's nonce, styles and fonts
// only from the webview's resource origin, no inline styles), one stylesheet and one script
// from dist/browser/. Shared by the extension and the Chromium test, so both serve the same page.

export interface PanelHtmlOptions {
  /** webview.cspSource (in tests: the page's origin). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title?: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; font-src ${cspSource}; img-src ${cspSource} data:`;
}

export function panelHtml(o: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escape(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escape(o.styleUri)}">
<title>${escape(o.title ?? 'Sightline preview')}</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"></div>
<script nonce="${escape(o.nonce)}" src="${escape(o.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 random characters for a nonce (webcrypto: Node ≥ 19 and browsers). */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/[+/=]/g, '');
}
