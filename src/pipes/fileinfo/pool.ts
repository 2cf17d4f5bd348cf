import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './file-info.worker';
import type { ResourceInfo } from './types';

/**
 * Starts the worker module. From the TypeScript sources (tests, ts scripts) the worker compiles them with
 * @swc/core on the fly; from the build it loads the JavaScript directly. piscina is not used because it
 * needs a file it can require, which the TypeScript source is not.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.swc) {
  const { transformSync } = require(workerData.swc);
  const fs = require('node:fs');
  require.extensions['.ts'] = (module, filename) => {
    const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
    module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
  };
}
require(workerData.module).serveFileInfo(workerData.setup);
`;

interface Pending {
  worker: Worker;
  resolve: (results: ResourceInfo[]) => void;
  reject: (error: Error) => void;
}

/** A fixed set of worker threads computing file content info; each batch goes to the least busy thread. */
export class FileInfoPool {
  private readonly load = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      this.load.set(worker, 0);
      worker.on('message', (response: WorkerResponse) => {
        const entry = this.pending.get(response.id);
        this.pending.delete(response.id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        entry?.resolve(response.results);
      });
      worker.on('error', (error: Error) => {
        for (const [id, entry] of this.pending) {
          if (entry.worker === worker) {
            this.pending.delete(id);
            entry.reject(error);
          }
        }
      });
    }
  }

  /** Returns a pool of `threads` workers (default: one per available core). */
  static create(threads = availableParallelism(), setup: WorkerSetup = { magicEngine: 'auto' }): FileInfoPool {
    const isSource = extname(__filename) === '.ts';
    const workerData = {
      module: join(__dirname, `file-info.worker${extname(__filename)}`),
      swc: isSource ? require.resolve('@swc/core') : null,
      setup,
    };
    const workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(BOOTSTRAP, { eval: true, workerData }));
    return new FileInfoPool(workers);
  }

  /** Returns the record of each file (a read-error record when it cannot be read), in order. */
  run(request: Omit<WorkerRequest, 'id'>): Promise<ResourceInfo[]> {
    let worker = this.workers[0] as Worker;
    for (const candidate of this.workers) {
      if ((this.load.get(candidate) ?? 0) < (this.load.get(worker) ?? 0)) {
        worker = candidate;
      }
    }
    const id = this.nextId++;
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
