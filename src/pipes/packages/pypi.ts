import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { declaredLicenseFields } from './licensing';
import {
  makePackageData,
  makeParty,
  type DependentPackage,
  type FileReference,
  type PackageData,
  type Party,
} from './models';
import { canonicalPypiName, pypiDependency } from './pypi-requirement';
import { fieldValue, fieldValues, parseHeaderBlock, type Field } from './rfc822';

/** Returns the PyPI registry URLs ScanCode derives from a name and version. */
export function pypiUrls(name: string, version: string | null): Partial<PackageData> {
  return {
    repository_homepage_url: `https://pypi.org/project/${name}`,
    repository_download_url: version
      ? `https://pypi.org/packages/source/${name.charAt(0)}/${name}/${name}-${version}.tar.gz`
      : null,
    api_data_url: version
      ? `https://pypi.org/pypi/${name}/${version}/json`
      : `https://pypi.org/pypi/${name}/json`,
  };
}

/** Returns the license statement ScanCode builds for Python metadata: license field plus license classifiers. */
export function pypiLicenseStatement(license: string | null, classifiers: string[]): unknown {
  const licenseClassifiers = classifiers.filter((c) => c.startsWith('License ::'));
  const usable = license && !/^unknown$/i.test(license) ? license : null;
  if (licenseClassifiers.length === 0) {
    return usable;
  }
  return usable ? { license: usable, classifiers: licenseClassifiers } : { classifiers: licenseClassifiers };
}

/** Returns the flat list of license items inside a pypiLicenseStatement value, for normalisation. */
export function pypiLicenseItems(statement: unknown): unknown {
  if (statement && typeof statement === 'object' && !Array.isArray(statement)) {
    const s = statement as { license?: string; classifiers?: string[] };
    // A classifier repeating the license field adds nothing: normalisation de-duplicates equal results.
    return [...(s.license ? [s.license] : []), ...(s.classifiers ?? [])];
  }
  return statement;
}

function projectUrls(fields: Field[]): Partial<PackageData> {
  const out: Partial<PackageData> = {};
  for (const entry of fieldValues(fields, 'Project-URL')) {
    const [label = '', url = ''] = entry.split(/,\s*/, 2);
    const l = label.toLowerCase().replace(/[^a-z]/g, '');
    if (['source', 'sourcecode', 'code', 'repository'].includes(l)) {
      out.code_view_url ??= url;
    } else if (['tracker', 'bugtracker', 'issues', 'issuetracker', 'bugs'].includes(l)) {
      out.bug_tracking_url ??= url;
    } else if (l === 'homepage') {
      out.homepage_url ??= url;
    }
  }
  return out;
}

function metadataParties(fields: Field[]): Party[] {
  const parties: Party[] = [];
  for (const role of ['Author', 'Maintainer']) {
    const name = fieldValue(fields, role);
    const email = fieldValue(fields, `${role}-email`);
    if (name || email) {
      parties.push(makeParty(role.toLowerCase(), name, email));
    }
  }
  return parties;
}

function recordReferences(input: DatafileInput): FileReference[] {
  const dir = input.path.slice(0, input.path.lastIndexOf('/'));
  const record = input.readFile?.(`${dir}/RECORD`);
  if (!record) {
    return [];
  }
  return decodeText(record)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [path = '', hash = '', size = ''] = line.split(',');
      const [algo, digest] = hash.split('=', 2);
      const hex = digest
        ? Buffer.from(digest.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex')
        : null;
      return {
        path,
        size: size ? Number(size) : null,
        sha1: null,
        md5: null,
        sha256: algo === 'sha256' ? hex : null,
        sha512: null,
        extra_data: {},
      };
    });
}

/** Returns the package_data of Python core metadata (METADATA or PKG-INFO). */
export function parsePypiMetadata(input: DatafileInput, datasourceId: string): PackageData[] {
  const { fields, body } = parseHeaderBlock(decodeText(input.content));
  const rawName = fieldValue(fields, 'Name');
  if (!rawName) {
    throw new Error('Python metadata without a Name field');
  }
  const name = canonicalPypiName(rawName);
  const version = fieldValue(fields, 'Version');
  const classifiers = fieldValues(fields, 'Classifier');
  const licenseExpression = fieldValue(fields, 'License-Expression');
  const statement = licenseExpression ?? pypiLicenseStatement(fieldValue(fields, 'License'), classifiers);
  const dependencies = fieldValues(fields, 'Requires-Dist')
    .map((r) => pypiDependency(r, 'install'))
    .filter((d): d is DependentPackage => d !== null);
  const description = [fieldValue(fields, 'Summary'), fieldValue(fields, 'Description') ?? body.trim()]
    .filter(Boolean)
    .join('\n');
  const homepage = fieldValue(fields, 'Home-page');
  return [
    makePackageData({
      datasource_id: datasourceId,
      type: 'pypi',
      name,
      version,
      primary_language: 'Python',
      description: description || null,
      homepage_url: homepage && homepage !== 'UNKNOWN' ? homepage : null,
      download_url: fieldValue(fields, 'Download-URL'),
      keywords: (fieldValue(fields, 'Keywords') ?? '').split(/[,\s]+/).filter(Boolean),
      parties: metadataParties(fields),
      ...pypiUrls(name, version),
      ...projectUrls(fields),
      ...declaredLicenseFields(pypiLicenseItems(statement), input.path),
      extracted_license_statement: declaredLicenseFields(statement, input.path).extracted_license_statement,
      file_references: datasourceId === 'pypi_wheel_metadata' ? recordReferences(input) : [],
      extra_data: {
        ...(fieldValue(fields, 'Requires-Python')
          ? { python_requires: fieldValue(fields, 'Requires-Python') }
          : {}),
      },
      dependencies,
    }),
  ];
}

const metadataHandler = (datasourceId: string, patterns: string[]): DatafileHandler => ({
  datasourceId,
  packageType: 'pypi',
  patterns,
  parse: (input) => parsePypiMetadata(input, datasourceId),
});

export const pypiWheelMetadataHandler = metadataHandler('pypi_wheel_metadata', ['*.dist-info/METADATA']);
export const pypiEggPkginfoHandler = metadataHandler('pypi_egg_pkginfo', ['*/EGG-INFO/PKG-INFO']);
export const pypiEditableEggPkginfoHandler = metadataHandler('pypi_editable_egg_pkginfo', [
  '*.egg-info/PKG-INFO',
]);
export const pypiSdistPkginfoHandler = metadataHandler('pypi_sdist_pkginfo', ['*/PKG-INFO']);
