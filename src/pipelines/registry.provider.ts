/** Injection token of the pipeline registry (a ReadonlyMap of name to Pipeline). */
export const PIPELINE_REGISTRY = Symbol('PIPELINE_REGISTRY');
