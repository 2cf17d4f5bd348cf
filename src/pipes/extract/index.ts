export { detectArchive, isArchive } from './detect';
export { extractArchive, resolveLimits } from './extract-archive';
export { EXTRACT_SUFFIX, extractTree, type ExtractTreeOptions, type ExtractTreeResult } from './extract-tree';
export {
  DEFAULT_LIMITS,
  PROBLEM_KINDS,
  type ArchiveKind,
  type ExtractLimits,
  type ExtractProblem,
  type ExtractResult,
  type ProblemKind,
} from './types';
