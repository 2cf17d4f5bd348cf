import { createHash } from 'node:crypto';
import type { LicenseDetection, LicenseMatch } from './types';

/** Where a detection was seen: a file and its line range. */
export interface FileRegion {
  path: string;
  start_line: number;
  end_line: number;
}

/** One unique license detection of a codebase (ScanCode.io DiscoveredLicense). */
export interface UniqueDetection {
  identifier: string;
  license_expression: string;
  license_expression_spdx: string;
  matches: LicenseMatch[];
  detection_log: string[];
  from_package: boolean;
  is_license_clue: boolean;
  detection_count: number;
  file_regions: FileRegion[];
  needs_review: boolean;
  review_comments: string[];
}

type DetectionLike = Pick<LicenseDetection, 'license_expression' | 'license_expression_spdx' | 'identifier'> & {
  matches: Partial<LicenseMatch>[];
};

const REVIEW = {
  imperfect: 'The license detection has a match with imperfect coverage: some words of the license rule were not found.',
  unknown: 'The license detection has an unknown license reference: the text mentions a license that could not be identified.',
  clue: 'This is a license clue, too weak to be a detection on its own.',
} as const;

/**
 * Collects the unique license detections of a codebase, as ScanCode.io's
 * `collect_and_create_license_detections`: resources' detections and clues (a clue becomes a
 * one-match detection) and packages' declared and other license detections, keyed by identifier,
 * each with the file regions where it was seen and a count.
 */
export class LicenseDetectionCollector {
  private readonly detections = new Map<string, UniqueDetection>();

  /** The detections and clues of one scanned file. */
  addResource(path: string, detections: readonly DetectionLike[], clues: readonly Partial<LicenseMatch>[]): void {
    for (const detection of detections) {
      this.add(detection, path, { fromPackage: false, isClue: false });
    }
    for (const clue of clues) {
      const expression = clue.license_expression ?? '';
      if (!expression) {
        continue;
      }
      this.add(
        { license_expression: expression, license_expression_spdx: clue.license_expression_spdx ?? '', identifier: clueIdentifier(clue), matches: [clue] },
        path,
        { fromPackage: false, isClue: true },
      );
    }
  }

  /** The license detections a package's datafile declared. */
  addPackage(datafilePath: string, detections: readonly DetectionLike[]): void {
    for (const detection of detections) {
      this.add(detection, datafilePath, { fromPackage: true, isClue: false });
    }
  }

  results(): UniqueDetection[] {
    return [...this.detections.values()].sort((a, b) => a.identifier.localeCompare(b.identifier));
  }

  private add(detection: DetectionLike, fallbackPath: string, origin: { fromPackage: boolean; isClue: boolean }): void {
    if (!detection.license_expression || !detection.identifier) {
      return;
    }
    const matches = detection.matches.map(normalizeMatch);
    let unique = this.detections.get(detection.identifier);
    if (!unique) {
      const review = reviewComments(detection.license_expression, matches, origin.isClue);
      unique = {
        identifier: detection.identifier,
        license_expression: detection.license_expression,
        license_expression_spdx: detection.license_expression_spdx ?? '',
        matches,
        detection_log: origin.isClue ? ['license-clues'] : [],
        from_package: origin.fromPackage,
        is_license_clue: origin.isClue,
        detection_count: 0,
        file_regions: [],
        needs_review: review.length > 0,
        review_comments: review,
      };
      this.detections.set(detection.identifier, unique);
    }
    unique.detection_count++;
    const lines = matches.filter((m) => m.start_line > 0);
    unique.file_regions.push({
      path: stripCodebase(matches.find((m) => m.from_file)?.from_file ?? fallbackPath),
      start_line: lines.length ? Math.min(...lines.map((m) => m.start_line)) : 0,
      end_line: lines.length ? Math.max(...lines.map((m) => m.end_line)) : 0,
    });
  }
}

function normalizeMatch(match: Partial<LicenseMatch>): LicenseMatch {
  return {
    license_expression: match.license_expression ?? '',
    license_expression_spdx: match.license_expression_spdx ?? '',
    from_file: match.from_file ? stripCodebase(match.from_file) : null,
    start_line: match.start_line ?? 0,
    end_line: match.end_line ?? 0,
    matcher: match.matcher ?? ('' as LicenseMatch['matcher']),
    score: match.score ?? 0,
    matched_length: match.matched_length ?? 0,
    match_coverage: match.match_coverage ?? 0,
    rule_relevance: match.rule_relevance ?? 0,
    rule_identifier: match.rule_identifier ?? '',
    rule_url: match.rule_url ?? null,
  };
}

/** ScanCode.io strips the `codebase/` root of paths it records. */
function stripCodebase(path: string): string {
  return path.startsWith('codebase/') ? path.slice('codebase/'.length) : path;
}

function reviewComments(expression: string, matches: LicenseMatch[], isClue: boolean): string[] {
  const comments: string[] = [];
  if (matches.some((m) => m.match_coverage > 0 && m.match_coverage < 100)) {
    comments.push(REVIEW.imperfect);
  }
  if (/\bunknown\b|unknown-license-reference/.test(expression)) {
    comments.push(REVIEW.unknown);
  }
  if (isClue) {
    comments.push(REVIEW.clue);
  }
  return comments;
}

/** A clue's identifier: its expression made python-safe and a UUID from the clue's rule and place. */
function clueIdentifier(clue: Partial<LicenseMatch>): string {
  const content = JSON.stringify([clue.rule_identifier ?? '', clue.score ?? 0, clue.matched_length ?? 0]);
  const hex = createHash('sha1').update(content, 'utf8').digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `${(clue.license_expression ?? '').toLowerCase().replace(/[^a-z0-9]/g, '_')}-${uuid}`;
}
