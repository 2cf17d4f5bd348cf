/**
 * License detection accuracy on real corpora.
 *   npm run build && node dist/bench/licenses-accuracy.js [--npm DIR]... [--packed DIR] [--linux DIR]
 * --npm DIR     installed packages (a node_modules tree; default ./node_modules)
 * --packed DIR  a folder of `npm pack` tarballs
 * --linux DIR   an unpacked Linux source tree: SPDX tags of every file and LICENSES/ texts
 * Always measures Debian's /usr/share/common-licenses and /usr/share/doc/* /copyright files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import spdxCorrect from 'spdx-correct';
import parseSpdx from 'spdx-expression-parse';
import { detectCopyrights } from '../src/pipes/copyrights/copyrights';
import { detectLicenses } from '../src/pipes/licenses/detect-licenses';
import { expressionSymbols, parseExpression, scancodeToSpdx, spdxToScancode } from '../src/pipes/licenses/expression';
import { loadLicenseIndex } from '../src/pipes/licenses/license-index';
import { canonicalSpdxId } from '../src/pipes/licenses/license-keys';
import { findSpdxTags } from '../src/pipes/licenses/spdx-id';

const index = loadLicenseIndex();
const args = process.argv.slice(2);
const opt = (name: string): string[] => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1] as string] : []));
const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(2)}% (${a}/${b})`;
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

interface Sample {
  name: string;
  declared: string;
  text: string;
}

function installedSamples(root: string): Sample[] {
  const out: Sample[] = [];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      const p = join(dir, entry);
      if (entry.startsWith('.')) {
        continue;
      }
      if (entry.startsWith('@')) {
        visit(p);
        continue;
      }
      let pkg: { name?: string; version?: string; license?: unknown };
      try {
        pkg = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as typeof pkg;
      } catch {
        continue;
      }
      const license = readdirSync(p).find((f) => LICENSE_FILE.test(f));
      const key = `${pkg.name}@${pkg.version}`;
      if (license && typeof pkg.license === 'string' && /^[A-Za-z0-9.-]+$/.test(pkg.license) && !seen.has(key)) {
        seen.add(key);
        out.push({ name: key, declared: pkg.license, text: readFileSync(join(p, license), 'utf8') });
      }
      visit(join(p, 'node_modules'));
    }
  };
  visit(root);
  return out;
}

function packedSamples(dir: string): Sample[] {
  const out: Sample[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tgz'))) {
    const files = new Map<string, string>();
    tar.t({
      file: join(dir, file),
      sync: true,
      onReadEntry: (entry) => {
        const rel = entry.path.replace(/^[^/]+\//, '');
        if (rel === 'package.json' || LICENSE_FILE.test(rel)) {
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => files.set(rel, Buffer.concat(chunks).toString('utf8')));
        } else {
          entry.resume();
        }
      },
    });
    const pkg = JSON.parse(files.get('package.json') ?? '{}') as { license?: unknown };
    const license = [...files.keys()].find((f) => LICENSE_FILE.test(f));
    if (license && typeof pkg.license === 'string' && /^[A-Za-z0-9.-]+$/.test(pkg.license)) {
      out.push({ name: file, declared: pkg.license, text: files.get(license) ?? '' });
    }
  }
  return out;
}

function measureNpm(label: string, samples: Sample[]): void {
  let agree = 0;
  const misses: string[] = [];
  for (const s of samples) {
    const got = detectLicenses(s.text, index).detected_license_expression;
    if (got === spdxToScancode(s.declared)) {
      agree++;
    } else {
      misses.push(`${s.name}: ${s.declared} → ${got}`);
    }
  }
  console.log(`npm ${label}: LICENSE file agrees with the declared SPDX id: ${pct(agree, samples.length)}`);
  misses.slice(0, 15).forEach((m) => console.log(`   miss ${m}`));
  measureCopyrightLines(label, samples);
}

/**
 * A line reads as a copyright statement when a copyright word or sign is followed by a year or
 * a capitalised name, and it is not license prose ("copyright notice", "copyright holders").
 */
const STATEMENT_LINE = /(?:^|[\s>#*([:])(?:copyright|\(c\)|©)\s*(?:\(c\)|©)?:?\s*(?:(?:19|20)\d\d|by\s+[A-Z]|[A-Z][a-z]|[a-z]+[A-Z])/i;
const PROSE_LINE = /copyright (?:and|or|notice|holder|owner|law|in|statement|license|treaty|doctrine)|^\s*(?:[a-z]\.|\d+\.|\(c\))\s/i;

/** Statement lines of the LICENSE files found by the copyright detector, and detections on other lines. */
function measureCopyrightLines(label: string, samples: Sample[]): void {
  let expected = 0;
  let found = 0;
  let elsewhere = 0;
  const missed: string[] = [];
  for (const s of samples) {
    const lines = s.text.split('\n');
    const scan = detectCopyrights(s.text);
    const covered = new Set(scan.copyrights.flatMap((c) => Array.from({ length: c.end_line - c.start_line + 1 }, (_, k) => c.start_line + k)));
    lines.forEach((line, i) => {
      if (STATEMENT_LINE.test(line) && !PROSE_LINE.test(line)) {
        expected++;
        found += Number(covered.has(i + 1));
        if (!covered.has(i + 1)) {
          missed.push(`${s.name}:${i + 1}: ${line.trim()}`);
        }
      }
    });
    elsewhere += scan.copyrights.filter((c) => !STATEMENT_LINE.test(lines[c.start_line - 1] ?? '')).length;
  }
  console.log(`npm ${label}: statement lines of the LICENSE files found by the copyright detector: ${pct(found, expected)}; detections on other lines: ${elsewhere}`);
  missed.slice(0, 10).forEach((m) => console.log(`   missed ${m}`));
}

const DEBIAN_COMMON: Record<string, string> = {
  'Apache-2.0': 'apache-2.0', Artistic: 'artistic-perl-1.0', BSD: 'bsd-new', 'CC0-1.0': 'cc0-1.0',
  'GFDL-1.2': 'gfdl-1.2', 'GFDL-1.3': 'gfdl-1.3', 'GPL-1': 'gpl-1.0', 'GPL-2': 'gpl-2.0', 'GPL-3': 'gpl-3.0',
  'LGPL-2': 'lgpl-2.0', 'LGPL-2.1': 'lgpl-2.1', 'LGPL-3': 'lgpl-3.0', 'MPL-1.1': 'mpl-1.1', 'MPL-2.0': 'mpl-2.0',
};

function measureCommonLicenses(): void {
  const dir = '/usr/share/common-licenses';
  const names = readdirSync(dir).filter((n) => DEBIAN_COMMON[n] && statSync(join(dir, n)).isFile());
  let ok = 0;
  for (const n of names) {
    const got = detectLicenses(readFileSync(join(dir, n), 'utf8'), index).detected_license_expression;
    ok += Number(got === DEBIAN_COMMON[n]);
    console.log(`   ${n}: ${got}${got === DEBIAN_COMMON[n] ? '' : `   (expected ${DEBIAN_COMMON[n]})`}`);
  }
  console.log(`debian common-licenses: ${pct(ok, names.length)}`);
}

/** Debian short names (DEP-5) that spdx-correct does not know. */
const DEP5_NAMES: Record<string, string> = { expat: 'mit', 'public-domain': 'public-domain', artistic: 'artistic-perl-1.0', 'bsd-3-clause': 'bsd-new', 'bsd-2-clause': 'bsd-simplified', 'bsd-4-clause': 'bsd-original', zlib: 'zlib' };

function dep5Key(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (DEP5_NAMES[lower]) {
    return DEP5_NAMES[lower];
  }
  const plus = lower.endsWith('+');
  const bare = plus ? name.slice(0, -1) : name;
  const exact = canonicalSpdxId(bare);
  // spdx-correct guesses freely ("BSD-4-clause-UC" → BSD-2-Clause): only trust it for GNU short names.
  const corrected = exact ?? (/^(a|l)?gpl-?\d/i.test(bare) ? spdxCorrect(bare, { upgrade: false }) : null);
  if (!corrected) {
    return undefined;
  }
  const key = spdxToScancode(corrected).replace(/-plus$/, '');
  return plus ? `${key}-plus` : key;
}

function measureDebianCopyright(): void {
  let files = 0;
  let declared = 0;
  let found = 0;
  const missed = new Map<string, number>();
  for (const pkg of readdirSync('/usr/share/doc')) {
    const path = join('/usr/share/doc', pkg, 'copyright');
    if (!existsSync(path)) {
      continue;
    }
    const text = readFileSync(path, 'utf8');
    if (!/^Format:\s*\S*copyright-format/m.test(text)) {
      continue;
    }
    const names = new Set<string>();
    for (const m of text.matchAll(/^License:\s*(.+)$/gm)) {
      for (const part of (m[1] ?? '').split(/\s+(?:or|and)\s+|\s*[|,]\s*/i)) {
        const key = dep5Key(part.trim().replace(/\s+with\s+.*$/i, ''));
        if (key) {
          names.add(key);
        }
      }
    }
    if (names.size === 0) {
      continue;
    }
    files++;
    const scan = detectLicenses(text, index);
    const detected = new Set(scan.license_detections.flatMap((d) => expressionSymbols(parseExpression(d.license_expression))));
    for (const key of names) {
      declared++;
      found += Number(detected.has(key));
      if (!detected.has(key)) {
        missed.set(key, (missed.get(key) ?? 0) + 1);
        if (process.env.BENCH_VERBOSE) {
          console.log(`   ${path}: ${key} not in ${[...detected].join(' ')}`);
        }
      }
    }
  }
  const top = [...missed].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`   most missed: ${top.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`debian machine-readable copyright files: ${files} files; declared License: keys found by the engine: ${pct(found, declared)}`);
}

/** License keys of an expression without exceptions: what a notice can state. */
function licenseKeys(expression: string): string[] {
  const keys = new Set<string>();
  const walk = (e: ReturnType<typeof parseExpression>): void => {
    if (e.type === 'license') {
      keys.add(e.key);
    } else if (e.type === 'with') {
      walk(e.license);
    } else {
      e.args.forEach(walk);
    }
  };
  walk(parseExpression(expression));
  return [...keys];
}

function measureLinux(root: string): void {
  let tags = 0;
  let exact = 0;
  let notices = 0;
  let noticesAgree = 0;
  const noticeMisses: string[] = [];
  const misses: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else if (entry.isFile()) {
        const head = readFileSync(p, 'latin1').slice(0, 4096);
        const raw = /SPDX-License-Identifier:\s*([^\n]*)/.exec(head)?.[1];
        if (raw === undefined) {
          continue;
        }
        tags++;
        const [tag] = findSpdxTags(head.split('\n'));
        const want = oracleSpdx(raw.replace(/\s*(\*\/|-->|\*\)).*$/, '').replace(/^["']|["';]+$/g, '').trim());
        if (tag && want && scancodeToSpdx(tag.expression) === want) {
          exact++;
        } else if (misses.length < 15) {
          misses.push(`${p}: ${raw} → ${tag?.expression}`);
        }
        // One file in ten: the license notices found in the header must agree with its tag.
        if (tag && tags % 10 === 0) {
          const scan = detectLicenses(head, index);
          const noticeKeys = scan.license_detections
            .flatMap((d) => d.matches)
            .filter((m) => m.matcher !== '1-spdx-id' && m.matched_length >= 15)
            .flatMap((m) => licenseKeys(m.license_expression));
          if (noticeKeys.length > 0) {
            notices++;
            const allowed = new Set(licenseKeys(tag.expression));
            const ok = noticeKeys.every((k) => allowed.has(k));
            noticesAgree += Number(ok);
            if (!ok && noticeMisses.length < 15) {
              noticeMisses.push(`${p}: tag ${tag.expression}, notices ${[...new Set(noticeKeys)].join(' ')}`);
            }
          }
        }
      }
    }
  };
  walk(root);
  console.log(`linux SPDX-License-Identifier tags read exactly: ${pct(exact, tags)}`);
  misses.forEach((m) => console.log(`   miss ${m}`));
  console.log(`linux header notices (1 file in 10 with a tag) that agree with the file's SPDX tag: ${pct(noticesAgree, notices)}`);
  noticeMisses.forEach((m) => console.log(`   differs ${m}`));
  const licenses = join(root, 'LICENSES');
  let texts = 0;
  let identified = 0;
  for (const kind of readdirSync(licenses)) {
    for (const file of readdirSync(join(licenses, kind))) {
      texts++;
      // Only the license text itself: the header's usage guide quotes SPDX tags.
      const full = readFileSync(join(licenses, kind, file), 'utf8');
      const textStart = full.indexOf('License-Text:');
      const scan = detectLicenses(textStart >= 0 ? full.slice(textStart + 'License-Text:'.length) : full, index);
      const want = safeScancode(file);
      const symbols = scan.license_detections.flatMap((d) => expressionSymbols(parseExpression(d.license_expression)));
      const ok = want !== undefined && symbols.some((s) => want.split(/\s+/).includes(s));
      identified += Number(ok);
      if (!ok) {
        console.log(`   LICENSES/${kind}/${file}: ${scan.detected_license_expression}`);
      }
    }
  }
  console.log(`linux LICENSES/ texts identified: ${pct(identified, texts)}`);
}

type SpdxAst = ReturnType<typeof parseSpdx>;

/** Independent reading of an SPDX tag with spdx-expression-parse, deprecated GNU ids made explicit. */
function oracleSpdx(value: string): string | undefined {
  const render = (ast: SpdxAst, parent?: string): string => {
    if ('license' in ast) {
      const gnu = /^(A?GPL|LGPL|GFDL)-\d\.\d$/.test(ast.license);
      const id = gnu ? `${ast.license}${ast.plus ? '-or-later' : '-only'}` : `${ast.license}${ast.plus ? '+' : ''}`;
      return ast.exception ? `${id} WITH ${ast.exception}` : id;
    }
    const op = ast.conjunction.toUpperCase();
    const text = `${render(ast.left, op)} ${op} ${render(ast.right, op)}`;
    return parent && parent !== op ? `(${text})` : text;
  };
  try {
    return render(parseSpdx(value));
  } catch {
    return undefined;
  }
}

function safeScancode(spdx: string): string | undefined {
  try {
    return spdxToScancode(spdx);
  } catch {
    return undefined;
  }
}

const npmDirs = opt('--npm');
for (const dir of npmDirs.length > 0 || opt('--packed').length > 0 ? npmDirs : ['node_modules']) {
  measureNpm(dir, installedSamples(dir));
}
for (const dir of opt('--packed')) {
  measureNpm(`${dir} (npm pack tarballs)`, packedSamples(dir));
}
measureCommonLicenses();
measureDebianCopyright();
for (const dir of opt('--linux')) {
  measureLinux(dir);
}
