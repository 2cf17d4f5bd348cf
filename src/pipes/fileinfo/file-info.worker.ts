import { parentPort } from 'node:worker_threads';
import { contentInfo } from './content';
import { createMagic } from './magic';
import { fileRecord } from './records';
import type { ResourceInfo } from './types';

export interface WorkerRequest {
  id: number;
  /** path is relative to the walked root; name is its last segment. */
  files: Array<{ location: string; path: string; name: string }>;
  /** Depth of the codebase's real root, for is_top_level. */
  rootDepth: number;
  /** Run libmagic (file_type, mime_type); it costs far more than hashing on text files. */
  fileTypes: boolean;
  sha512: boolean;
}

export interface WorkerResponse {
  id: number;
  results: ResourceInfo[];
}

/** Serves file-record requests on the worker's parent port; one libmagic instance per thread. */
export function serveFileInfo(): void {
  const port = parentPort;
  if (port === null) {
    throw new Error('serveFileInfo must run in a worker thread');
  }
  const magic = createMagic();
  port.on('message', (request: WorkerRequest) => {
    void magic.then((m) => {
      const results = request.files.map(({ location, path, name }) => {
        try {
          return fileRecord(path, contentInfo(location, name, request.fileTypes ? m : undefined, request.sha512), request.rootDepth);
        } catch (error) {
          return fileRecord(path, { error: (error as Error).message }, request.rootDepth);
        }
      });
      port.postMessage({ id: request.id, results } satisfies WorkerResponse);
    });
  });
}
