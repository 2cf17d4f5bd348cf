import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_PIPELINES } from './builtin';
import type { StepContext } from './context';
import { LEGACY_PIPELINE_NAMES, type Pipeline } from './pipeline';

export type PipelineRegistry = ReadonlyMap<string, Pipeline<StepContext>>;

/** The built-in pipelines, by name: one explicit map, no discovery. */
export const PIPELINES: PipelineRegistry = new Map(BUILTIN_PIPELINES.map((p) => [p.name, p]));

/** The registered pipeline for a name (legacy names included), or undefined. */
export function findPipeline(name: string, registry: PipelineRegistry = PIPELINES): Pipeline<StepContext> | undefined {
  return registry.get(LEGACY_PIPELINE_NAMES[name] ?? name);
}

/**
 * The built-in pipelines plus those in SCANLOOM_PIPELINES_DIRS: each `.js` file there
 * exports `pipeline` (or a default export) registered under its own name.
 */
export function loadPipelineRegistry(extraDirs: readonly string[]): PipelineRegistry {
  const registry = new Map(PIPELINES);
  for (const dir of extraDirs) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(dir, file)) as { pipeline?: Pipeline<StepContext>; default?: Pipeline<StepContext> };
      const pipeline = loaded.pipeline ?? loaded.default;
      if (!pipeline?.name || !Array.isArray(pipeline.steps)) {
        throw new Error(`${path.join(dir, file)} does not export a pipeline ({ name, summary, steps }).`);
      }
      registry.set(pipeline.name, pipeline);
    }
  }
  return registry;
}
