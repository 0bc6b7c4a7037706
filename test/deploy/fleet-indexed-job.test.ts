// The example Kubernetes Indexed Job (deploy/fleet-indexed-job.yaml) as the cluster would run
// it: each completion index's shell command, expanded by a real sh, gives fleet options the CLI
// accepts, and the shards together run every station id exactly once.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { parseFleetArgs } from '../../src/cli/fleet-command.js';
import { shardSlice } from '../../src/fleet/fleet.js';

const ROOT = new URL('../../../', import.meta.url);

interface Job {
  kind: string;
  spec: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: {
      spec: {
        containers: {
          command: string[];
          args: string[];
          env: { name: string; value: string }[];
          resources: { requests: { cpu: string } };
        }[];
      };
    };
  };
}

describe('deploy/fleet-indexed-job.yaml', () => {
  const job = yaml.load(readFileSync(new URL('deploy/fleet-indexed-job.yaml', ROOT), 'utf8')) as Job;
  const [container] = job.spec.template.spec.containers;

  /** The argv the pod with this completion index runs, as sh expands it. */
  const argvOf = (index: number): string[] => {
    const script = container!.args[0]!.replace(/^exec node dist\/src\/cli\/main\.js /, "printf '%s\\n' ");
    const env = Object.fromEntries(container!.env.map((e) => [e.name, e.value]));
    const out = execFileSync('sh', ['-c', script], { env: { ...env, JOB_COMPLETION_INDEX: String(index) }, encoding: 'utf8' });
    return out.trimEnd().split('\n');
  };

  it('is an Indexed Job whose pods all run at once, and runs the entry point the image has', () => {
    assert.equal(job.kind, 'Job');
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.parallelism, job.spec.completions);
    assert.match(container!.args[0]!, /^exec node dist\/src\/cli\/main\.js fleet /);
    assert.ok(existsSync(new URL('dist/src/cli/main.js', ROOT)), 'the built entry point');
    assert.match(readFileSync(new URL('Dockerfile', ROOT), 'utf8'), /ENTRYPOINT \["node", "dist\/src\/cli\/main\.js"\]/);
  });

  it('each index runs shard index+1 of completions, options the CLI accepts; together every id once', () => {
    const seen = new Set<number>();
    let count = 0;
    for (let index = 0; index < job.spec.completions; index++) {
      const argv = argvOf(index);
      assert.equal(argv[0], 'fleet');
      const options = parseFleetArgs(argv.slice(1));
      assert.deepEqual(options.shard, { index: index + 1, of: job.spec.completions });
      assert.equal(options.csmsUrl, 'ws://csms.example.svc:9000/ocpp');
      // Not the node's cores: a worker thread per CPU the pod asks for.
      assert.equal(options.workers, Number(container!.resources.requests.cpu));
      count = options.count;
      const { first, size } = shardSlice(options.count, options.shard!);
      for (let i = first; i < first + size; i++) {
        assert.ok(!seen.has(i), `station index ${i} in two shards`);
        seen.add(i);
      }
    }
    assert.equal(seen.size, count);
  });
});
