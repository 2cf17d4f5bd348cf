import { LEGACY_PIPELINE_NAMES, Pipeline } from './pipeline';

/** The registered pipelines, by name: one explicit map, no discovery. */
export const PIPELINES: ReadonlyMap<string, Pipeline> = new Map<string, Pipeline>([]);

/** The registered pipeline for a name (legacy names included), or undefined. */
export function findPipeline(name: string, registry: ReadonlyMap<string, Pipeline> = PIPELINES): Pipeline | undefined {
  return registry.get(LEGACY_PIPELINE_NAMES[name] ?? name);
}
