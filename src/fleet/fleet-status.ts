// What `ocpp-station fleet` prints: a status line every few seconds and a summary at the end.
// Rates are over the time since the previous line; RSS and CPU are the whole process, which
// with the built-in CSMS includes the CSMS too.

import type { FleetStats } from './fleet.js';
import type { HeapMode } from './heap-mode.js';

export interface ProcessSample {
  atMs: number;
  framesIn: number;
  framesOut: number;
  /** process.cpuUsage(), user + system, µs. */
  cpuUs: number;
}

export function sampleProcess(stats: FleetStats, atMs: number): ProcessSample {
  const cpu = process.cpuUsage();
  return { atMs, framesIn: stats.framesIn, framesOut: stats.framesOut, cpuUs: cpu.user + cpu.system };
}

/** What a line shows beyond the counts every fleet has. */
export interface StatusExtras {
  /** Worker threads, when more than one. */
  workers?: number;
  /** The fleet runs a scenario: show the runs passed, failed and running. */
  scenarios?: boolean;
  /** `--heap`: the summary names it when it is not the default. */
  heap?: HeapMode;
}

/** `count`: the stations of this process; `shard`: "I/N" when it runs one shard of a fleet. */
export function statusLine(
  stats: FleetStats,
  now: ProcessSample,
  previous: ProcessSample,
  count: number,
  shard?: string,
  extras: StatusExtras = {},
): string {
  const seconds = Math.max(0.001, (now.atMs - previous.atMs) / 1000);
  const rate = (a: number, b: number): string => ((a - b) / seconds).toFixed(1);
  return [
    ...(shard === undefined ? [] : [`shard=${shard}`]),
    ...(extras.workers === undefined ? [] : [`workers=${extras.workers}`]),
    `t=${Math.round(now.atMs / 1000)}s`,
    `started=${stats.started}/${count}`,
    `connected=${stats.connected}`,
    `accepted=${stats.accepted}`,
    `tx=${stats.transactions}`,
    `queued=${stats.queuedMessages}`,
    ...(extras.scenarios ? [scenarios(stats)] : []),
    `in=${rate(now.framesIn, previous.framesIn)}/s`,
    `out=${rate(now.framesOut, previous.framesOut)}/s`,
    `rss=${megabytes(process.memoryUsage.rss())}MB`,
    // 100 % is one core busy.
    `cpu=${((now.cpuUs - previous.cpuUs) / 10_000 / seconds).toFixed(0)}%`,
  ].join(' ');
}

export function summaryLine(
  stats: FleetStats,
  runMs: number,
  timeToAllAcceptedMs: number | undefined,
  cpuUs: number,
  shard?: string,
  extras: StatusExtras = {},
): string {
  return [
    'summary:',
    ...(shard === undefined ? [] : [`shard=${shard}`]),
    ...(extras.workers === undefined ? [] : [`workers=${extras.workers}`]),
    ...(extras.heap === 'size' ? ['heap=size'] : []),
    `ran=${(runMs / 1000).toFixed(1)}s`,
    `stations=${stats.started}`,
    `accepted=${stats.accepted}`,
    `all-accepted-after=${timeToAllAcceptedMs === undefined ? 'never' : `${(timeToAllAcceptedMs / 1000).toFixed(1)}s`}`,
    `sessions=${stats.sessionsStarted} started/${stats.sessionsEnded} ended`,
    ...(extras.scenarios ? [scenarios(stats)] : []),
    `frames=${stats.framesIn} in/${stats.framesOut} out`,
    `queued=${stats.queuedMessages}`,
    `rss=${megabytes(process.memoryUsage.rss())}MB`,
    `cpu=${(cpuUs / 1e6).toFixed(1)}s`,
  ].join(' ');
}

function scenarios(stats: FleetStats): string {
  return `scenarios=${stats.scenariosPassed} passed/${stats.scenariosFailed} failed/${stats.scenariosRunning} running`;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
