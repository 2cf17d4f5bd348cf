import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { debianLicenseFields, parseDebianCopyright } from './debian-copyright';
import { makePackageData, makeParty, type FileReference, type PackageData } from './models';
import { buildPurl } from './purl';
import { fieldValue, parseHeaderBlock, parseParagraphs, type Field } from './rfc822';

/** Returns the distro id (`debian`, `ubuntu`…) of the root holding a dpkg database, from its os-release. */
export function debianNamespace(root: string, readFile: DatafileInput['readFile']): string {
  for (const candidate of ['etc/os-release', 'usr/lib/os-release']) {
    const content = readFile?.(`${root}${candidate}`);
    if (content) {
      const id = /^ID=["']?([^"'\n]+)/m.exec(decodeText(content))?.[1];
      if (id === 'ubuntu' || id === 'debian') {
        return id;
      }
    }
  }
  return 'debian';
}

function fileReferences(
  root: string,
  name: string,
  arch: string | null,
  readFile: DatafileInput['readFile'],
): FileReference[] {
  // Multi-Arch: same packages name their control files `<name>:<arch>.*`.
  const md5sums =
    readFile?.(`${root}var/lib/dpkg/info/${name}.md5sums`) ??
    (arch ? readFile?.(`${root}var/lib/dpkg/info/${name}:${arch}.md5sums`) : null);
  if (!md5sums) {
    return [];
  }
  return decodeText(md5sums)
    .split('\n')
    .map((line) => /^([0-9a-f]{32})\s+(.+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      path: `/${m[2] ?? ''}`,
      size: null,
      sha1: null,
      md5: m[1] ?? null,
      sha256: null,
      sha512: null,
      extra_data: {},
    }));
}

function sourcePackage(fields: Field[], namespace: string, version: string | null): string[] {
  const source = fieldValue(fields, 'Source');
  if (!source) {
    return [];
  }
  const m = /^(\S+)(?:\s+\(([^)]+)\))?/.exec(source);
  return m?.[1] ? [buildPurl({ type: 'deb', namespace, name: m[1], version: m[2] ?? version })] : [];
}

/** Returns one package_data per installed package of a dpkg status file, licensed from its copyright file. */
export function parseDpkgStatus(input: DatafileInput): PackageData[] {
  const root = input.path.slice(0, input.path.length - 'var/lib/dpkg/status'.length);
  const namespace = debianNamespace(root, input.readFile);
  const packages: PackageData[] = [];
  for (const fields of parseParagraphs(decodeText(input.content))) {
    const name = fieldValue(fields, 'Package');
    const status = fieldValue(fields, 'Status') ?? '';
    if (!name || !/\binstalled$/.test(status)) {
      continue;
    }
    const version = fieldValue(fields, 'Version');
    const arch = fieldValue(fields, 'Architecture');
    const copyrightPath = `${root}usr/share/doc/${name}/copyright`;
    const copyrightContent = input.readFile?.(copyrightPath);
    const copyright = copyrightContent ? parseDebianCopyright(decodeText(copyrightContent)) : null;
    const maintainer = fieldValue(fields, 'Maintainer');
    const maintainerMatch = /^(.*?)\s*<([^>]+)>/.exec(maintainer ?? '');
    const installedSize = Number(fieldValue(fields, 'Installed-Size'));
    packages.push(
      makePackageData({
        datasource_id: 'debian_installed_status_db',
        type: 'deb',
        namespace,
        name,
        version,
        qualifiers: arch ? { arch } : {},
        description: fieldValue(fields, 'Description'),
        homepage_url: fieldValue(fields, 'Homepage'),
        parties: maintainer
          ? [makeParty('maintainer', maintainerMatch?.[1] ?? maintainer, maintainerMatch?.[2] ?? null)]
          : [],
        size: Number.isFinite(installedSize) && installedSize > 0 ? installedSize * 1024 : null,
        source_packages: sourcePackage(fields, namespace, version),
        file_references: fileReferences(root, name, arch, input.readFile),
        ...(copyright
          ? {
              ...debianLicenseFields(copyright, copyrightPath),
              copyright: copyright.copyrights.join('\n') || null,
            }
          : {}),
        extra_data: {
          multi_arch: fieldValue(fields, 'Multi-Arch'),
          section: fieldValue(fields, 'Section'),
          priority: fieldValue(fields, 'Priority'),
        },
      }),
    );
  }
  return packages;
}

export const debianInstalledStatusHandler: DatafileHandler = {
  datasourceId: 'debian_installed_status_db',
  packageType: 'deb',
  patterns: ['*var/lib/dpkg/status'],
  parse: parseDpkgStatus,
};

function parseControl({ path, content }: DatafileInput): PackageData[] {
  const paragraphs = parseParagraphs(decodeText(content));
  const source = paragraphs[0] ?? parseHeaderBlock('').fields;
  const isSource = fieldValue(source, 'Source') !== null && fieldValue(source, 'Package') === null;
  const binaries = isSource ? paragraphs.slice(1) : paragraphs;
  return binaries.map((fields) =>
    makePackageData({
      datasource_id: path.endsWith('debian/control')
        ? 'debian_control_in_source'
        : 'debian_control_extracted_deb',
      type: 'deb',
      namespace: 'debian',
      name: fieldValue(fields, 'Package'),
      version: fieldValue(fields, 'Version'),
      qualifiers:
        fieldValue(fields, 'Architecture') && !isSource
          ? { arch: fieldValue(fields, 'Architecture') ?? '' }
          : {},
      description: fieldValue(fields, 'Description'),
      homepage_url: fieldValue(fields, 'Homepage') ?? fieldValue(source, 'Homepage'),
      vcs_url: fieldValue(source, 'Vcs-Git'),
      code_view_url: fieldValue(source, 'Vcs-Browser'),
      parties: [fieldValue(fields, 'Maintainer') ?? fieldValue(source, 'Maintainer')]
        .filter((m): m is string => m !== null)
        .map((m) => makeParty('maintainer', m)),
      source_packages:
        isSource && fieldValue(source, 'Source')
          ? [
              buildPurl({
                type: 'deb',
                namespace: 'debian',
                name: fieldValue(source, 'Source'),
                version: null,
              }),
            ]
          : [],
    }),
  );
}

export const debianControlHandler: DatafileHandler = {
  datasourceId: 'debian_control_in_source',
  packageType: 'deb',
  patterns: ['*/debian/control', '*/control.tar.gz-extract/control', '*/control.tar.xz-extract/control'],
  parse: parseControl,
};
