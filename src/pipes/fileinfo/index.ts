export { classify, classifyResource, isLegal, isManifest, isReadme, realRootDepth, type Classification } from './classify';
export { fileInfo } from './file-info';
export {
  DEFAULT_IGNORED_PATTERNS,
  STATUS,
  flagEmptyFiles,
  flagIgnoredPatterns,
  flagWhiteouts,
  globToRegExp,
  isWhiteout,
  matchesAnyPattern,
  type Flaggable,
  type ResourceStatus,
  type StatusChange,
} from './flags';
export { hashBuffer, hashFile, type Digests } from './hash';
export { languageForName } from './language';
export type { MagicEngine } from './magic';
export { extensionOf } from './names';
export type { ResourceInfo, ResourceType } from './types';
export { walkCodebase, type WalkOptions } from './walk';
