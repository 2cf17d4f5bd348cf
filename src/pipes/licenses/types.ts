/** The kind of text a rule holds, as ScanCode's `is_license_*` flags. */
export type RuleKind = 'text' | 'notice' | 'reference' | 'tag' | 'intro' | 'clue' | 'false_positive';

/** A piece of known license text and the expression it stands for. */
export interface LicenseRule {
  identifier: string;
  /** ScanCode-key expression. */
  expression: string;
  kind: RuleKind;
  /** Token ids of the rule text. */
  tokens: Int32Array;
  relevance: number;
  minimumCoverage: number;
  /** Rule token ranges [start, end) that a match must cover entirely. */
  required: Array<[number, number]>;
}

/** ScanCode matcher names. */
export type Matcher = '1-hash' | '1-spdx-id' | '2-aho' | '3-seq';

/** One matched region of a file, before rendering. */
export interface RawMatch {
  rule: LicenseRule;
  matcher: Matcher;
  /** Query token positions [qStart, qEnd] inclusive. */
  qStart: number;
  qEnd: number;
  startLine: number;
  endLine: number;
  matchedLength: number;
  /** Number of rule tokens covered. */
  ruleCovered: number;
  /** Tokens of the matched region, for the detection identifier. */
  matchedTokens: string[];
}

/** A license match in ScanCode.io's JSON shape. */
export interface LicenseMatch {
  license_expression: string;
  license_expression_spdx: string;
  from_file: string | null;
  start_line: number;
  end_line: number;
  matcher: Matcher;
  score: number;
  matched_length: number;
  match_coverage: number;
  rule_relevance: number;
  rule_identifier: string;
  rule_url: string | null;
}

/** A license detection in ScanCode.io's JSON shape. */
export interface LicenseDetection {
  license_expression: string;
  license_expression_spdx: string;
  identifier: string;
  matches: LicenseMatch[];
}

/** The license fields ScanCode.io stores on a resource. */
export interface LicenseScan {
  detected_license_expression: string | null;
  detected_license_expression_spdx: string | null;
  license_detections: LicenseDetection[];
  license_clues: LicenseMatch[];
  percentage_of_license_text: number;
}
