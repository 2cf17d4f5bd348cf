import { parentPort } from 'node:worker_threads';
import { contentInfo } from './content';
import { createMagic } from './magic';
import type { ContentInfo } from './types';

export interface WorkerRequest {
  id: number;
  files: Array<{ location: string; name: string }>;
}

export type WorkerResult = ContentInfo | { error: string };

export interface WorkerResponse {
  id: number;
  results: WorkerResult[];
}

/** Serves content-info requests on the worker's parent port; one libmagic instance per thread. */
export function serveFileInfo(): void {
  const port = parentPort;
  if (port === null) {
    throw new Error('serveFileInfo must run in a worker thread');
  }
  const magic = createMagic();
  port.on('message', (request: WorkerRequest) => {
    void magic.then((m) => {
      const results = request.files.map(({ location, name }): WorkerResult => {
        try {
          return contentInfo(location, name, m);
        } catch (error) {
          return { error: (error as Error).message };
        }
      });
      port.postMessage({ id: request.id, results } satisfies WorkerResponse);
    });
  });
}
