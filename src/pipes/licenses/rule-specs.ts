import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type spdxFullList from 'spdx-license-list/full';
import { parse as parseYaml } from 'yaml';
import { licenseDataDir } from './data-dir';
import { isDeprecatedSpdx, spdxIdToKey } from './license-keys';
import type { RuleKind } from './types';

/** A rule before tokenization, as written in the data files or taken from the SPDX list. */
export interface RuleSpec {
  identifier: string;
  expression: string;
  kind: RuleKind;
  text: string;
  relevance?: number;
  minimumCoverage?: number;
}

interface RuleFileEntry {
  expression: string;
  kind: RuleKind;
  relevance?: number;
  minimum_coverage?: number;
  texts: string[];
}


/** Returns the paths of the curated rule files, sorted. */
export function ruleFiles(): string[] {
  return readdirSync(join(licenseDataDir(), 'rules'))
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => join(licenseDataDir(), 'rules', f));
}

/** Returns the curated notices, references, tags and variants from data/rules/*.yml. */
export function curatedRuleSpecs(): RuleSpec[] {
  const out: RuleSpec[] = [];
  const counters = new Map<string, number>();
  for (const file of ruleFiles()) {
    const entries = parseYaml(readFileSync(file, 'utf8')) as RuleFileEntry[];
    for (const entry of entries) {
      const base = `${entry.expression.replace(/[^A-Za-z0-9.+-]+/g, '_')}_${entry.kind}`;
      for (const text of entry.texts) {
        const n = (counters.get(base) ?? 0) + 1;
        counters.set(base, n);
        out.push({
          identifier: `${base}_${n}.RULE`,
          expression: entry.expression,
          kind: entry.kind,
          text,
          relevance: entry.relevance,
          minimumCoverage: entry.minimum_coverage,
        });
      }
    }
  }
  return out;
}

/** Placeholders of the SPDX texts (`<year>`, `<copyright holders>`) that real files replace. */
const PLACEHOLDER = /<(?!https?:|www\.|ftp:)[^<>\n]{1,60}>/g;

/**
 * Returns one license-text rule per SPDX license. Deprecated ids are skipped, and so are
 * texts identical to an earlier one (GPL-2.0-or-later ships GPL-2.0-only's text: a bare text
 * is `gpl-2.0` in ScanCode, the "or later" comes from a notice).
 */
export function spdxTextRuleSpecs(): RuleSpec[] {
  const out: RuleSpec[] = [];
  const seen = new Set<string>();
  // The full list (every text, several megabytes) is read only when an index is built, not by every process that imports the engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spdxFull = require('spdx-license-list/full') as typeof spdxFullList;
  const ids = Object.keys(spdxFull).sort((a, b) => rankSpdxId(a) - rankSpdxId(b) || a.localeCompare(b));
  for (const id of ids) {
    const license = spdxFull[id];
    if (!license || isDeprecatedSpdx(id) || id.endsWith('+')) {
      continue;
    }
    const text = trimAppendedLicense(id, license.licenseText).replace(PLACEHOLDER, ' ');
    const fingerprint = text.replace(/\s+/g, ' ').trim();
    if (fingerprint.length < 20 || seen.has(fingerprint)) {
      continue;
    }
    seen.add(fingerprint);
    const key = spdxIdToKey(id);
    out.push({ identifier: `${key}.LICENSE`, expression: key, kind: 'text', text, relevance: 100 });
    // Many copies stop at the end of the terms and leave out the "how to apply" appendix.
    const end = text.search(/END OF TERMS AND CONDITIONS/i);
    if (end > 0 && text.length - end > 400) {
      const terms = text.slice(0, end + 'END OF TERMS AND CONDITIONS'.length);
      out.push({ identifier: `${key}_terms_only.RULE`, expression: key, kind: 'text', text: terms, relevance: 100 });
    }
  }
  return out;
}

/**
 * Plain ids come before GFDL's invariants variants and "-or-later" ids, so that duplicate
 * texts keep the plain ("-only") key as ScanCode does for a bare license text.
 */
function rankSpdxId(id: string): number {
  return (id.endsWith('-or-later') ? 2 : 0) + (id.includes('invariants') ? 1 : 0);
}

/** The SPDX LGPL-3.0 texts carry the GPL-3.0 text after their own; files rarely do. */
function trimAppendedLicense(id: string, text: string): string {
  if (id.startsWith('LGPL-3.0')) {
    const gpl = text.indexOf('GNU GENERAL PUBLIC LICENSE');
    return gpl > 0 ? text.slice(0, gpl) : text;
  }
  return text;
}
