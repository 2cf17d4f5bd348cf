// The license and copyright engine's public surface, for pipeline steps and the service.
export { scanFile, scanFileSync, scanText, decodeText, isBinary, type FileScan, type ScanFileOptions } from './scan-file';
export { createScanPool, type PoolResult, type ScanPool, type ScanPoolOptions } from './scan-pool';
export { loadLicenseIndex, buildLicenseIndex, ensureLicenseIndexCache, type LicenseIndex } from './license-index';
export { detectLicenses, matchLicenses, type DetectLicensesOptions } from './detect-licenses';
export {
  parseExpression,
  renderExpression,
  combineExpressions,
  scancodeToSpdx,
  spdxToScancode,
  expressionSymbols,
  ExpressionSyntaxError,
  type LicenseExpression,
} from './expression';
export { keyToSpdxId, spdxIdToKey, countMappedKeys } from './license-keys';
export { findSpdxTags, findSpdxTagsInText, tagValueToExpression, type SpdxTag } from './spdx-id';
export type { LicenseDetection, LicenseMatch, LicenseScan, Matcher } from './types';
export { detectCopyrights, type AuthorEntry, type CopyrightEntry, type CopyrightScan, type HolderEntry } from '../copyrights/copyrights';
export { findEmails, findUrls, type EmailEntry, type UrlEntry } from '../copyrights/finder';
