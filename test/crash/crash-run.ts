// Kills the station process (crash-child.ts) with SIGKILL at seeded random instants, with the
// CSMS connection cut now and then, and checks what reached the CSMS across all runs: no
// TransactionEvent lost, none duplicated (a resend with the same messageId counts once), seqNo
// consecutive per transaction, the energy register monotonic.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCsms } from '../../src/csms/local-csms.js';
import type { TransactionEventRequest } from '../../src/generated/ocpp201/index.js';

export interface CrashReport {
  killPoints: number;
  /** Kills that landed while a TransactionEvent was in flight (sent, not yet answered). */
  inFlight: number;
  transactions: number;
  events: number;
  resends: number;
  problems: string[];
}

const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));

export async function crashRun(runs: number, seed: number): Promise<CrashReport> {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // A slow CSMS: its answers to TransactionEvents take a while, so that kills land with one in flight.
  const csms = await startLocalCsms({ heartbeatIntervalS: 3600, transactionAnswerDelayMs: 250 });
  const stationId = `CRASH-${seed}`;
  const frames: string[] = [];
  /** messageIds of TransactionEvents received and not answered yet. */
  const open = new Set<string>();
  const record = csms.store.recordFrame.bind(csms.store);
  csms.store.recordFrame = (id, direction, text) => {
    if (id === stationId) {
      const frame = JSON.parse(text) as unknown[];
      if (direction === 'in') frames.push(text);
      if (direction === 'in' && frame[0] === 2 && frame[2] === 'TransactionEvent') open.add(frame[1] as string);
      if (direction === 'out' && frame[0] !== 2) open.delete(frame[1] as string);
    }
    record(id, direction, text);
  };
  let inFlight = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'ocpp-crash-'));
  let killPoints = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const proc = fork(child, [dataDir, csms.url, stationId, String(seed + run), 'run'], { stdio: 'ignore' });
      await new Promise<void>((resolve) => proc.once('message', () => resolve()));
      const lifeMs = 300 + random() * 2500;
      // Now and then the CSMS link is cut during the run and comes back by reconnection.
      if (random() < 0.5) {
        setTimeout(() => csms.server.session(stationId)?.close(1001), random() * lifeMs);
      }
      await new Promise((resolve) => setTimeout(resolve, lifeMs));
      proc.kill('SIGKILL');
      killPoints++;
      if (open.size > 0) inFlight++;
      open.clear();
      await new Promise((resolve) => proc.once('exit', resolve));
    }
    const drain = fork(child, [dataDir, csms.url, stationId, String(seed), 'drain'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => drain.once('exit', resolve));
    if (code !== 0) throw new Error(`drain run exited with ${code}`);
  } finally {
    await csms.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { killPoints, inFlight, ...check(frames) };
}

function check(frames: string[]): Omit<CrashReport, 'killPoints' | 'inFlight'> {
  const problems: string[] = [];
  const byMessageId = new Map<string, TransactionEventRequest>();
  let resends = 0;
  for (const text of frames) {
    const frame = JSON.parse(text) as unknown[];
    if (frame[0] !== 2 || frame[2] !== 'TransactionEvent') continue;
    const messageId = frame[1] as string;
    const request = frame[3] as TransactionEventRequest;
    const seen = byMessageId.get(messageId);
    if (seen) {
      resends++;
      if (JSON.stringify(seen) !== JSON.stringify(request)) problems.push(`messageId ${messageId} resent with another payload`);
      continue;
    }
    byMessageId.set(messageId, request);
  }
  const byTx = new Map<string, TransactionEventRequest[]>();
  for (const request of byMessageId.values()) {
    const id = request.transactionInfo.transactionId;
    byTx.set(id, [...(byTx.get(id) ?? []), request]);
  }
  for (const [id, list] of byTx) {
    const seqNos = list.map((e) => e.seqNo).sort((a, b) => a - b);
    if (new Set(seqNos).size !== seqNos.length) problems.push(`${id}: duplicated seqNo ${seqNos.join(',')}`);
    seqNos.forEach((n, i) => {
      if (n !== i) problems.push(`${id}: seqNo ${i} missing (have ${seqNos.join(',')})`);
    });
    const ordered = [...list].sort((a, b) => a.seqNo - b.seqNo);
    if (ordered[0]?.eventType !== 'Started') problems.push(`${id}: first event is ${ordered[0]?.eventType}`);
    if (ordered.at(-1)?.eventType !== 'Ended') problems.push(`${id}: never Ended`);
    if (ordered.filter((e) => e.eventType === 'Ended').length > 1) problems.push(`${id}: Ended twice`);
    // The Ended event also carries values from earlier (Transaction.Begin...): order by sample time.
    const samples = ordered
      .flatMap((e) => (e.meterValue ?? []).map((mv) => ({ mv, seqNo: e.seqNo })))
      .flatMap(({ mv, seqNo }) =>
        mv.sampledValue
          .filter((sv) => (sv.measurand ?? 'Energy.Active.Import.Register') === 'Energy.Active.Import.Register')
          .map((sv) => ({ at: Date.parse(mv.timestamp), value: sv.value, seqNo })),
      )
      .sort((a, b) => a.at - b.at);
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      if (b.value < a.value)
        problems.push(`${id}: energy register went back from ${a.value} to ${b.value} (seqNo ${a.seqNo} -> ${b.seqNo})`);
    }
  }
  return { transactions: byTx.size, events: byMessageId.size, resends, problems };
}

// `node dist/test/crash/crash-run.js [runs] [seed]`: the long run (npm run crash-test).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 200);
  const seed = Number(process.argv[3] ?? 1);
  const report = await crashRun(runs, seed);
  console.log(
    `kill points tried: ${report.killPoints} (${report.inFlight} with a TransactionEvent in flight), transactions: ${report.transactions}, events: ${report.events}, resends: ${report.resends}, problems: ${report.problems.length}`,
  );
  for (const problem of report.problems) console.log(`PROBLEM ${problem}`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}
