// Copies the static files (HTML, CSS) of the dashboard and of the fleet report next to their
// compiled modules in dist/, where the control API serves them from and the report inlines them.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

for (const dir of ['src/dashboard/', 'src/fleet/report/']) {
  const from = new URL(`../${dir}`, import.meta.url);
  const to = new URL(`../dist/${dir}`, import.meta.url);
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (/\.(html|css)$/.test(name)) copyFileSync(new URL(name, from), new URL(name, to));
}
