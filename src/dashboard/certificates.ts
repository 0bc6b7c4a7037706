// The certificates panel: the installed root certificates (M05) and the station's own V2G
// certificate (A02), each with its type, subject and expiry; an expired one is marked.

import type { CertificateSnapshot } from '../control/snapshot.js';
import { byId, el } from './dom.js';

function row(c: CertificateSnapshot, i: number): HTMLElement {
  const p = `certificate-${i}`;
  const expired = Date.parse(c.notAfter) < Date.now();
  return el('tr', { testid: p, 'data-type': c.type }, [
    el('td', { testid: `${p}-type`, text: c.type }),
    el('td', { testid: `${p}-subject`, text: c.subject }),
    el('td', { testid: `${p}-expiry` }, [
      el('time', { datetime: c.notAfter, text: new Date(c.notAfter).toLocaleString() }),
      ...(expired ? [el('span', { class: 'pill bad', text: 'expired' })] : []),
    ]),
  ]);
}

/** Shows the certificates of a state. */
export function renderCertificates(certificates: readonly CertificateSnapshot[] | undefined): void {
  const list = certificates ?? [];
  byId('certificate-count').textContent = String(list.length);
  byId('certificates').replaceChildren(
    ...(list.length === 0
      ? [el('tr', {}, [el('td', { class: 'muted', colspan: '3', testid: 'certificates-none', text: 'No certificates installed' })])]
      : list.map(row)),
  );
}
