// A02.FR.05: the private keys the station generates stay on the station. Each is a PEM file of
// its own in the data directory, readable by the station's user only (mode 0600); nothing else
// holds them: not the database, not a log line, not an OCPP message. Without a data directory
// (a station in memory, as tests run it) they live in memory only.

import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LazyMap } from '../../collections/lazy.js';

export interface KeyFiles {
  /** Stores a PKCS#8 PEM key; returns the name it is found by again. */
  write(pem: string): string;
  read(name: string): string | undefined;
  remove(name: string): void;
}

const NAME = /^station-key-[0-9a-f-]{36}\.pem$/;

export function keyFiles(dir: string | undefined): KeyFiles {
  if (dir === undefined) return memoryKeys();
  const keyDir = join(dir, 'keys');
  return {
    write(pem) {
      mkdirSync(keyDir, { recursive: true, mode: 0o700 });
      const name = `station-key-${randomUUID()}.pem`;
      writeFileSync(join(keyDir, name), pem, { mode: 0o600, flag: 'wx' });
      // The mode given to writeFileSync is masked by the umask; the key is 0600 whatever it is.
      chmodSync(join(keyDir, name), 0o600);
      return name;
    },
    read(name) {
      if (!NAME.test(name)) return undefined;
      try {
        return readFileSync(join(keyDir, name), 'utf8');
      } catch {
        return undefined;
      }
    },
    remove(name) {
      if (NAME.test(name)) rmSync(join(keyDir, name), { force: true });
    },
  };
}

function memoryKeys(): KeyFiles {
  const keys = new LazyMap<string, string>();
  return {
    write(pem) {
      const name = `station-key-${randomUUID()}.pem`;
      keys.set(name, pem);
      return name;
    },
    read: (name) => keys.get(name),
    remove: (name) => void keys.delete(name),
  };
}
