// Copies the dashboard's static files (HTML, CSS) next to its compiled modules in dist/src/dashboard/,
// where the control API serves them from.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const from = new URL('../src/dashboard/', import.meta.url);
const to = new URL('../dist/src/dashboard/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) if (/\.(html|css)$/.test(name)) copyFileSync(new URL(name, from), new URL(name, to));
