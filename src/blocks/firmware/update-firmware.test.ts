import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UpdateFirmwareRequest } from '../../generated/ocpp201/index.js';
import type { StationContext } from '../../kernel/context.js';
import type { FirmwareState } from './firmware-state.js';
import type { FirmwareUpdates } from './firmware-update.js';
import { updateFirmware } from './update-firmware.js';
import { createCa, issueClientCert } from '../../../test/support/pki.js';

const request: UpdateFirmwareRequest = {
  requestId: 1,
  firmware: { location: 'https://example.com/fw.bin', retrieveDateTime: '2026-01-01T00:00:00Z' },
};

function setup(options: { install?: boolean; state?: FirmwareState; roots?: string[] | (() => string[]); secureOnly?: boolean } = {}) {
  const events: string[] = [];
  const ctx = {
    hal: options.install === false ? {} : { installFirmware: async () => undefined },
    now: () => new Date(),
  } as unknown as StationContext;
  const state = options.state ?? { phase: 'Idle' };
  const updates = {
    state,
    installing: state.phase === 'Installing' || state.phase === 'InstallRebooting',
    deps: {
      manufacturerRoots: options.roots ?? [],
      ...(options.secureOnly === undefined ? {} : { secureOnly: options.secureOnly }),
      securityEvent: (type: string) => events.push(type),
    },
  } as unknown as FirmwareUpdates;
  return { ctx, updates, events };
}

const running = (phase: 'Downloading' | 'Installing'): FirmwareState => ({ phase, requestId: 9, attempt: 1, attempts: 1, status: phase });

describe('L01/L02 UpdateFirmware', () => {
  it('L02 – no update running, no manufacturer root, unsigned: Accepted', () => {
    const { ctx, updates } = setup();
    assert.deepEqual(updateFirmware(request, ctx, updates), { status: 'Accepted' });
  });

  it('L01.FR.24 – an update running: AcceptedCanceled; L01.FR.27 – its install has begun: Rejected', () => {
    let s = setup({ state: running('Downloading') });
    assert.equal(updateFirmware(request, s.ctx, s.updates).status, 'AcceptedCanceled');
    s = setup({ state: running('Installing') });
    assert.equal(updateFirmware(request, s.ctx, s.updates).status, 'Rejected');
  });

  it('hardware that cannot install firmware, or an unsupported location: Rejected', () => {
    let s = setup({ install: false });
    assert.equal(updateFirmware(request, s.ctx, s.updates).status, 'Rejected');
    s = setup();
    const ftp = { ...request, firmware: { ...request.firmware, location: 'ftp://example.com/fw.bin' } };
    assert.equal(updateFirmware(ftp, s.ctx, s.updates).status, 'Rejected');
  });

  it('L01.FR.02/21/22 – a manufacturer root but no valid signing certificate: InvalidCertificate and the security event', () => {
    const { ctx, updates, events } = setup({ roots: ['not a certificate'] });
    assert.equal(updateFirmware(request, ctx, updates).status, 'InvalidCertificate');
    assert.deepEqual(events, ['InvalidFirmwareSigningCertificate']);
  });

  it('L01.FR.21 – manufacturer roots read at each request: a root installed after the start makes a signed update Accepted', async () => {
    const root = await createCa({ commonName: 'Manufacturer Root' });
    const signer = await issueClientCert(root, { commonName: 'Firmware Signing' });
    const store: string[] = [];
    const { ctx, updates } = setup({ roots: () => store });
    const signed = { ...request, firmware: { ...request.firmware, signingCertificate: signer.cert, signature: 'c2ln' } };
    assert.equal(updateFirmware(signed, ctx, updates).status, 'InvalidCertificate');
    store.push(root.cert); // InstallCertificate(ManufacturerRootCertificate)
    assert.equal(updateFirmware(signed, ctx, updates).status, 'Accepted');
  });

  it('TC_L_18_CS – a manufacturer root installed, no signing certificate and no signature: InvalidCertificate', async () => {
    const root = await createCa({ commonName: 'Manufacturer Root' });
    const { ctx, updates, events } = setup({ roots: () => [root.cert] });
    assert.equal(updateFirmware(request, ctx, updates).status, 'InvalidCertificate');
    assert.deepEqual(events, ['InvalidFirmwareSigningCertificate']);
  });

  it('TC_L_18_CS – a secure-only station without any manufacturer root refuses an unsigned update', () => {
    const { ctx, updates } = setup({ secureOnly: true });
    assert.equal(updateFirmware(request, ctx, updates).status, 'InvalidCertificate');
  });
});
