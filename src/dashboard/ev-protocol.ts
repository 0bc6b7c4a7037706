// The EV that plugs in: an IEC 61851 EV (the default), or an ISO 15118 EV, with a contract for
// Plug & Charge (C07) when an eMAID and its contract certificate chain are given.

import { el } from './dom.js';

export interface EvProtocolFields {
  /** The fields, for the card's EV settings. */
  nodes: HTMLElement[];
  /** The `ev` of POST /plug, or undefined for the default EV. */
  plugBody(): { ev: Record<string, string> } | undefined;
}

export function evProtocolFields(p: string): EvProtocolFields {
  const protocol = el('select', { testid: `${p}protocol` }, [
    el('option', { value: 'IEC61851', text: 'IEC 61851 (no high-level communication)' }),
    el('option', { value: 'ISO15118-2', text: 'ISO 15118-2' }),
    el('option', { value: 'ISO15118-20', text: 'ISO 15118-20' }),
  ]);
  const emaid = el('input', { type: 'text', maxlength: '36', placeholder: 'e.g. NLTNMC000000001', testid: `${p}emaid` });
  const chain = el('textarea', { rows: '3', placeholder: '-----BEGIN CERTIFICATE----- … (leaf first)', testid: `${p}contract-chain` });
  const contract = el('fieldset', { class: 'contract', hidden: '' }, [
    el('legend', { text: 'Contract (Plug & Charge)' }),
    el('label', {}, ['eMAID', emaid]),
    el('label', {}, ['Contract certificate chain (PEM)', chain]),
  ]);
  protocol.onchange = () => {
    contract.hidden = protocol.value === 'IEC61851';
  };
  return {
    nodes: [el('label', {}, ['EV type (on plug-in)', protocol]), contract],
    plugBody: () => {
      if (protocol.value === 'IEC61851') return undefined;
      const ev: Record<string, string> = { protocol: protocol.value };
      if (emaid.value.trim() !== '' && chain.value.trim() !== '') {
        ev.emaid = emaid.value.trim();
        ev.contractCertificateChain = chain.value.trim();
      }
      return { ev };
    },
  };
}
