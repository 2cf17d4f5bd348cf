import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { correctLicenseName, fromLicenseText } from './license-names';
import { normalizeLicenseStatement, toScancodeExpression, type LicenseNormalization } from './licensing';
import { makePackageData, type PackageData } from './models';
import { fieldValue, parseParagraphs } from './rfc822';

export interface DebianCopyright {
  /** License names of the `Files: *` paragraphs, or of all paragraphs when there is none. */
  primaryLicenses: string[];
  /** License names of the other Files paragraphs. */
  otherLicenses: string[];
  copyrights: string[];
  isMachineReadable: boolean;
}

/** Returns licenses and copyrights of a Debian copyright file (DEP-5 or free-form). */
export function parseDebianCopyright(text: string): DebianCopyright {
  const paragraphs = parseParagraphs(text);
  const isMachineReadable = /^Format:\s*\S+/im.test(text.slice(0, 400));
  const primary: string[] = [];
  const other: string[] = [];
  const copyrights: string[] = [];
  if (isMachineReadable) {
    for (const p of paragraphs) {
      const files = fieldValue(p, 'Files');
      const license = fieldValue(p, 'License')?.split('\n')[0]?.trim();
      const copyright = fieldValue(p, 'Copyright');
      if (copyright && files) {
        copyrights.push(
          ...copyright
            .split('\n')
            .map((c) => c.trim())
            .filter((c) => c && c !== '.'),
        );
      }
      if (!files || !license) {
        continue;
      }
      (files.split(/\s+/).includes('*') ? primary : other).push(license);
    }
  }
  if (primary.length === 0 && other.length > 0) {
    primary.push(...other.splice(0));
  }
  if (primary.length === 0) {
    // Free-form files: a reference to /usr/share/common-licenses or a pasted well-known text.
    const referenced = [...text.matchAll(/common-licenses\/([A-Za-z0-9.+_-]+)/g)].map((m) =>
      (m[1] ?? '').replace(/[.,]$/, ''),
    );
    const fromText = fromLicenseText(text);
    primary.push(...new Set([...referenced, ...(fromText ? [fromText] : [])]));
    copyrights.push(
      ...[...text.matchAll(/^\s*Copyright[:\s]+(?:\(C\)|©)?\s*(.+)$/gim)]
        .map((m) => `Copyright ${m[1]?.trim() ?? ''}`)
        .slice(0, 20),
    );
  }
  return {
    primaryLicenses: [...new Set(primary)],
    otherLicenses: [...new Set(other)].filter((l) => !primary.includes(l)),
    copyrights,
    isMachineReadable,
  };
}

/** Returns one license name of a Debian copyright file as SPDX, treating `GPL-2+` as or-later. */
export function debianLicenseToSpdx(name: string): string | null {
  // Debian joins alternatives with " or ", lists with ", " or " and ", and writes "and/or" for either.
  const alternatives = name.split(/\s+(?:or|and\/or)\s+/i).map((alt) => {
    const all = alt
      .split(/\s+and\s+|\s*,\s*/i)
      .map((p) => correctLicenseName(p.replace(/\s+with\s+.*$/i, '')));
    return all.every((id): id is string => id !== null) ? all.join(' AND ') : null;
  });
  if (alternatives.every((a): a is string => a !== null)) {
    return alternatives.length > 1
      ? alternatives.map((a) => (a.includes(' ') ? `(${a})` : a)).join(' OR ')
      : (alternatives[0] ?? null);
  }
  return null;
}

/** Returns the license fields of a package from a parsed Debian copyright file. */
export function debianLicenseFields(
  copyright: DebianCopyright,
  fromFile: string | null,
): LicenseNormalization & {
  other_license_expression: string | null;
  other_license_expression_spdx: string | null;
  extracted_license_statement: string | null;
} {
  const mapped = (names: string[]): string[] => names.map((n) => debianLicenseToSpdx(n) ?? n);
  const declared = normalizeLicenseStatement(mapped(copyright.primaryLicenses), fromFile);
  const other = normalizeLicenseStatement(mapped(copyright.otherLicenses), fromFile);
  return {
    ...declared,
    other_license_expression: other.declared_license_expression_spdx
      ? toScancodeExpression(other.declared_license_expression_spdx)
      : null,
    other_license_expression_spdx: other.declared_license_expression_spdx,
    extracted_license_statement:
      [...copyright.primaryLicenses, ...copyright.otherLicenses].join('\n') || null,
  };
}

function parseCopyrightFile({ path, content }: DatafileInput): PackageData[] {
  const parsed = parseDebianCopyright(decodeText(content));
  const name = /usr\/share\/doc\/([^/]+)\/copyright$/.exec(path)?.[1] ?? null;
  return [
    makePackageData({
      datasource_id: 'debian_copyright_in_package',
      type: 'deb',
      namespace: 'debian',
      name,
      copyright: parsed.copyrights.join('\n') || null,
      ...debianLicenseFields(parsed, path),
    }),
  ];
}

export const debianCopyrightHandler: DatafileHandler = {
  datasourceId: 'debian_copyright_in_package',
  packageType: 'deb',
  patterns: ['*usr/share/doc/*/copyright'],
  parse: parseCopyrightFile,
};
