import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FirmwareStatusEnumType } from '../../generated/ocpp201/index.js';
import {
  EVENT_TYPES,
  IDLE,
  PHASES,
  transition,
  triggered,
  type Effect,
  type FirmwareEvent,
  type FirmwareState,
  type Phase,
} from './firmware-state.js';

const at = (phase: Phase, attempt = 1): FirmwareState =>
  phase === 'Idle'
    ? IDLE
    : { phase, requestId: 7, attempt, attempts: 3, status: phase === 'InstallRebooting' ? 'InstallRebooting' : 'Downloading' };

/** One representative event of each type. */
const EVENTS: Record<FirmwareEvent['type'], FirmwareEvent> = {
  start: { type: 'start', requestId: 8, attempts: 3, retrieveDue: true },
  retrieveDue: { type: 'retrieveDue' },
  downloadFailed: { type: 'downloadFailed' },
  retryDue: { type: 'retryDue' },
  downloaded: { type: 'downloaded', verdict: 'verified', installable: true },
  installable: { type: 'installable' },
  installed: { type: 'installed' },
  installFailed: { type: 'installFailed' },
  booted: { type: 'booted' },
};

type Row = [Phase, FirmwareStatusEnumType[], Effect[]];
const same = (phase: Phase): Row => [phase, [], []];
const started: Row = ['Downloading', ['Downloading'], ['download']];
const startedCanceling = (old: FirmwareStatusEnumType): Row => ['Downloading', [old, 'Downloading'], ['download']];

// Every (phase, event) pair: the next phase, the statuses sent, the effects.
const TABLE: Record<Phase, Record<FirmwareEvent['type'], Row>> = {
  Idle: {
    start: started,
    retrieveDue: same('Idle'),
    downloadFailed: same('Idle'),
    retryDue: same('Idle'),
    downloaded: same('Idle'),
    installable: same('Idle'),
    installed: same('Idle'),
    installFailed: same('Idle'),
    booted: same('Idle'),
  },
  DownloadScheduled: {
    start: startedCanceling('DownloadFailed'),
    retrieveDue: ['Downloading', ['Downloading'], ['download']],
    downloadFailed: same('DownloadScheduled'),
    retryDue: same('DownloadScheduled'),
    downloaded: same('DownloadScheduled'),
    installable: same('DownloadScheduled'),
    installed: same('DownloadScheduled'),
    installFailed: same('DownloadScheduled'),
    booted: ['DownloadScheduled', [], ['waitRetrieve']],
  },
  Downloading: {
    start: startedCanceling('DownloadFailed'),
    retrieveDue: same('Downloading'),
    downloadFailed: ['Downloading', [], ['retryLater']],
    retryDue: ['Downloading', [], ['download']],
    downloaded: ['Installing', ['Downloaded', 'SignatureVerified', 'Installing'], ['install']],
    installable: same('Downloading'),
    installed: same('Downloading'),
    installFailed: same('Downloading'),
    booted: ['Downloading', ['Downloading'], ['download']],
  },
  InstallScheduled: {
    start: startedCanceling('InstallationFailed'),
    retrieveDue: same('InstallScheduled'),
    downloadFailed: same('InstallScheduled'),
    retryDue: same('InstallScheduled'),
    downloaded: same('InstallScheduled'),
    installable: ['Installing', ['Installing'], ['install']],
    installed: same('InstallScheduled'),
    installFailed: same('InstallScheduled'),
    booted: ['Downloading', ['Downloading'], ['download']],
  },
  Installing: {
    start: same('Installing'),
    retrieveDue: same('Installing'),
    downloadFailed: same('Installing'),
    retryDue: same('Installing'),
    downloaded: same('Installing'),
    installable: same('Installing'),
    installed: ['InstallRebooting', ['InstallRebooting'], ['reboot']],
    installFailed: ['Idle', ['InstallationFailed'], []],
    booted: ['Idle', ['InstallationFailed'], []],
  },
  InstallRebooting: {
    start: same('InstallRebooting'),
    retrieveDue: same('InstallRebooting'),
    downloadFailed: same('InstallRebooting'),
    retryDue: same('InstallRebooting'),
    downloaded: same('InstallRebooting'),
    installable: same('InstallRebooting'),
    installed: same('InstallRebooting'),
    installFailed: same('InstallRebooting'),
    booted: ['Idle', ['Installed'], ['securityEvent:FirmwareUpdated']],
  },
};

describe('L01/L02 firmware update state machine', () => {
  for (const phase of PHASES) {
    for (const type of EVENT_TYPES) {
      const [next, statuses, effects] = TABLE[phase][type];
      it(`L01.FR.01 – ${phase} × ${type} → ${next} [${statuses.join(', ')}]`, () => {
        const step = transition(at(phase), EVENTS[type]);
        assert.equal(step.state.phase, next);
        assert.deepEqual(
          step.notify.map((n) => n.status),
          statuses,
        );
        assert.deepEqual(step.effects, effects);
      });
    }
  }

  it('L01.FR.10 – every status carries the requestId of its update; a canceled one its own (L01.FR.24)', () => {
    const step = transition(at('Downloading'), EVENTS.start);
    assert.deepEqual(step.notify, [
      { status: 'DownloadFailed', requestId: 7 },
      { status: 'Downloading', requestId: 8 },
    ]);
    assert.ok(transition(at('Installing'), EVENTS.installed).notify.every((n) => n.requestId === 7));
  });

  it('L01.FR.13 – retrieveDateTime ahead: DownloadScheduled, waiting', () => {
    const step = transition(IDLE, { type: 'start', requestId: 1, attempts: 1, retrieveDue: false });
    assert.equal(step.state.phase, 'DownloadScheduled');
    assert.deepEqual(
      step.notify.map((n) => n.status),
      ['DownloadScheduled'],
    );
    assert.deepEqual(step.effects, ['waitRetrieve']);
  });

  it('L01.FR.30 – DownloadFailed only once every attempt failed', () => {
    let state = transition(IDLE, { type: 'start', requestId: 1, attempts: 3, retrieveDue: true }).state;
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const step = transition(state, EVENTS.downloadFailed);
      state = step.state;
      sent.push(...step.notify.map((n) => n.status));
    }
    assert.deepEqual(sent, ['DownloadFailed']);
    assert.equal(state.phase, 'Idle');
  });

  it('L01.FR.03 – invalid signature: Downloaded, InvalidSignature and the security event, no install', () => {
    const step = transition(at('Downloading'), { type: 'downloaded', verdict: 'invalid', installable: true });
    assert.deepEqual(
      step.notify.map((n) => n.status),
      ['Downloaded', 'InvalidSignature'],
    );
    assert.deepEqual(step.effects, ['securityEvent:InvalidFirmwareSignature']);
  });

  it('L01.FR.16/34 – not installable yet: InstallScheduled; L02: no SignatureVerified for an unsigned image', () => {
    const step = transition(at('Downloading'), { type: 'downloaded', verdict: 'unsigned', installable: false });
    assert.equal(step.state.phase, 'InstallScheduled');
    assert.deepEqual(
      step.notify.map((n) => n.status),
      ['Downloaded', 'InstallScheduled'],
    );
    assert.deepEqual(step.effects, ['waitInstall']);
  });

  it('F06.FR.16, L01.FR.25/26 – trigger: Idle without an update, else the last status with its requestId', () => {
    assert.deepEqual(triggered(IDLE), { status: 'Idle' });
    const scheduled = transition(at('Downloading'), { type: 'downloaded', verdict: 'verified', installable: false }).state;
    assert.deepEqual(triggered(scheduled), { status: 'InstallScheduled', requestId: 7 });
  });
});
