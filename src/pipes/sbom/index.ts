import { readCycloneDxJson, readCycloneDxXml } from './cyclonedx';
import type { SbomEvent, SbomKind } from './model';
import { readSpdxJson, readSpdxTagValue, readSpdxYaml } from './spdx';

export { detectSbom } from './detect';
export { SbomError } from './errors';
export type { SbomEvent, SbomKind, SbomPackage } from './model';

/**
 * Reads an SBOM file of the given format: its packages, dependencies and vulnerabilities as they
 * come, then its header. `fromPath` (the codebase path of the file) is recorded on license matches.
 * Throws an SbomError saying what is wrong and where.
 */
export function readSbom(file: string, kind: SbomKind, fromPath: string): AsyncGenerator<SbomEvent> {
  switch (kind) {
    case 'cyclonedx-json':
      return readCycloneDxJson(file, fromPath);
    case 'cyclonedx-xml':
      return readCycloneDxXml(file, fromPath);
    case 'spdx-json':
      return readSpdxJson(file, fromPath);
    case 'spdx-yaml':
      return readSpdxYaml(file, fromPath);
    case 'spdx-tag-value':
      return readSpdxTagValue(file, fromPath);
  }
}
