import { parentPort } from 'node:worker_threads';
import { contentInfos } from './content';
import { createMagic, type MagicEngine } from './magic';
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

export interface WorkerSetup {
  magicEngine: MagicEngine;
}

export interface WorkerResponse {
  id: number;
  results: ResourceInfo[];
}

/** Serves file-record requests on the worker's parent port; one libmagic instance per thread. */
export function serveFileInfo(setup: WorkerSetup): void {
  const port = parentPort;
  if (port === null) {
    throw new Error('serveFileInfo must run in a worker thread');
  }
  const magic = createMagic(setup.magicEngine);
  port.on('message', (request: WorkerRequest) => {
    void magic.then(async (m) => {
      const infos = await contentInfos(request.files, { ...(request.fileTypes ? { magic: m } : {}), sha512: request.sha512 });
      const results = request.files.map(({ path }, i) => fileRecord(path, infos[i] ?? { error: 'not read' }, request.rootDepth));
      port.postMessage({ id: request.id, results } satisfies WorkerResponse);
    });
  });
}
