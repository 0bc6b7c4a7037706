// The dashboard's files: src/dashboard/ builds (HTML, CSS and the compiled browser modules) into
// dist/src/dashboard/, which sits next to this module's own dist/src/control/. They are read once,
// at the first request, and only these names are served; nothing is looked up from the URL path.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export interface DashboardFile {
  contentType: string;
  body: Buffer;
}

/**
 * Only the page's own module scripts and style sheet run, it may talk to its own origin and
 * nothing else, and no string ever becomes HTML or script (Trusted Types with no policy).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

let files: Map<string, DashboardFile> | undefined;

/** `/` is index.html; other paths name a file of the dashboard directory, or nothing. */
export function dashboardFile(pathname: string): DashboardFile | undefined {
  files ??= load();
  return files.get(pathname === '/' ? '/index.html' : pathname);
}

function load(): Map<string, DashboardFile> {
  const found = new Map<string, DashboardFile>();
  let names: string[];
  try {
    names = readdirSync(DASHBOARD_DIR);
  } catch {
    names = [];
  }
  for (const name of names) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type && /^[a-z0-9-]+\.(html|css|js)$/.test(name))
      found.set(`/${name}`, { contentType: type, body: readFileSync(DASHBOARD_DIR + name) });
  }
  if (!found.has('/index.html')) {
    const body = Buffer.from(
      '<!doctype html><title>Dashboard not built</title><p>The dashboard is not built: run <code>npm run build</code>.</p>',
    );
    found.set('/index.html', { contentType: TYPES['.html']!, body });
  }
  return found;
}
