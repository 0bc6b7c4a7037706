// The energy registers of the simulated meters, kept in a file as a real meter keeps its register
// across a power cut. Written through (fsync) before a reading leaves the meter, beside the file
// and renamed over it, so that a kill at any instant leaves the last complete register: what the
// station reported is never above what the next process starts from (Energy.Active.Import.Register
// never decreases, not even across kill -9).

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** Energy.Active.Import.Register per EVSE id, Wh. */
export type Registers = Record<number, number>;

export interface RegisterStore {
  load(): Registers;
  save(registers: Registers): void;
}

export function registerFile(path: string): RegisterStore {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return {}; // the first start
      }
      const out: Registers = {};
      try {
        for (const [id, wh] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
          if (typeof wh === 'number' && Number.isFinite(wh) && wh >= 0) out[Number(id)] = wh;
        }
      } catch {
        throw new Error(`${path}: not a meter register file`);
      }
      return out;
    },
    save(registers) {
      const next = `${path}.next`;
      const fd = openSync(next, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(registers));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(next, path);
    },
  };
}
