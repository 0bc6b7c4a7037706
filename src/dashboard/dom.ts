// Small DOM helpers of the dashboard. Data is only ever set as text, never as HTML.

type Attrs = Record<string, string>;

/** The element with that data-testid; the page is broken if it is missing. */
export function byId<T extends HTMLElement = HTMLElement>(testId: string): T {
  const node = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!node) throw new Error(`the page has no ${testId}`);
  return node;
}

/** An element; `text` sets its text, `testid` its data-testid, other keys are attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'testid') node.dataset.testid = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

export function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node as SVGElement;
}

export function setPill(node: HTMLElement, text: string, tone?: 'ok' | 'bad' | 'warn'): void {
  node.textContent = text;
  node.className = tone ? `pill ${tone}` : 'pill';
}

export function showError(message: string): void {
  byId('error').textContent = message;
}

/** POSTs a JSON body to the control API; shows the reason and answers false when it fails. */
export async function post(path: string, body: object = {}): Promise<boolean> {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    if (!response.ok) {
      showError(`${path}: ${answer.error ?? `${response.status} ${response.statusText}`}`);
      return false;
    }
    showError('');
    return true;
  } catch (error) {
    showError(`${path}: ${(error as Error).message}`);
    return false;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

export const kWh = (wh: number): string => `${(wh / 1000).toFixed(3)} kWh`;
export const watts = (w: number): string => `${Math.round(w).toLocaleString('en')} W`;
export const DASH = '\u2013';
