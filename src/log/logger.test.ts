import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, redactFrame } from './logger.js';

const password = 'S3cret-P4ssword-0123';

describe('secrets never reach a log line', () => {
  it('A01 – a SetVariables frame setting BasicAuthPassword is logged with the value redacted', () => {
    const frame = JSON.stringify([
      2,
      'm1',
      'SetVariables',
      {
        setVariableData: [
          { attributeValue: password, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } },
          { attributeValue: '60', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        ],
      },
    ]);
    const safe = redactFrame(frame);
    assert.equal(safe.includes(password), false);
    assert.match(safe, /"attributeValue":"\[redacted\]"/);
    assert.match(safe, /"attributeValue":"60"/, 'other values stay readable');
  });

  it('frames without a secret pass through unchanged (no parse on the hot path)', () => {
    const frame = '[2,"m1","Heartbeat",{}]';
    assert.equal(redactFrame(frame), frame);
  });

  it('an unparseable frame that mentions the secret variable is not logged at all', () => {
    assert.equal(redactFrame(`[2,"m1","SetVariables",{"BasicAuthPassword":"${password}"`).includes(password), false);
  });

  it('structured fields named like secrets are censored by the logger', () => {
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    const log = createLogger({ level: 'info', destination: sink });
    log.info({ password, basicAuthPassword: password, headers: { authorization: `Basic ${password}` } }, 'connecting');
    assert.match(output, /connecting/);
    assert.equal(output.includes(password), false);
  });

  it('A02.FR.05 – a private key logged as a field of link options or certificate sources is censored', () => {
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    const log = createLogger({ level: 'info', destination: sink });
    log.info({ options: { clientKey: key }, sources: { stationKey: key }, clientKey: key }, 'settings');
    assert.match(output, /settings/);
    assert.equal(output.includes('MIGHAgEAMBMG'), false);
  });
});
