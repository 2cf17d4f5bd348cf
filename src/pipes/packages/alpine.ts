import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { declaredLicenseFields } from './licensing';
import { makeDependency, makePackageData, makeParty, type FileReference, type PackageData } from './models';
import { buildPurl } from './purl';

/** Returns one package_data per package of an apk `installed` database, with its files and SHA1s. */
export function parseApkInstalled({ path, content }: DatafileInput): PackageData[] {
  const packages: PackageData[] = [];
  for (const chunk of decodeText(content).split(/\n\s*\n/)) {
    const fields = new Map<string, string[]>();
    const files: FileReference[] = [];
    let dir = '';
    for (const line of chunk.split('\n')) {
      const m = /^([A-Za-z]):(.*)$/.exec(line);
      if (!m?.[1]) {
        continue;
      }
      const [, key, value = ''] = m;
      fields.set(key, [...(fields.get(key) ?? []), value]);
      if (key === 'F') {
        dir = value;
      } else if (key === 'R') {
        files.push({
          path: `/${dir ? `${dir}/` : ''}${value}`,
          size: null,
          sha1: null,
          md5: null,
          sha256: null,
          sha512: null,
          extra_data: {},
        });
      } else if (key === 'Z' && value.startsWith('Q1') && files.length > 0) {
        // "Q1" + base64 is apk's SHA1 of the file content.
        const last = files[files.length - 1];
        if (last) {
          last.sha1 = Buffer.from(value.slice(2), 'base64').toString('hex');
        }
      }
    }
    const get = (k: string): string | null => fields.get(k)?.[0] ?? null;
    const name = get('P');
    if (!name) {
      continue;
    }
    const version = get('V');
    const arch = get('A');
    const origin = get('o');
    const maintainer = get('m');
    packages.push(
      makePackageData({
        datasource_id: 'alpine_installed_db',
        type: 'alpine',
        name,
        version,
        qualifiers: arch ? { arch } : {},
        description: get('T'),
        homepage_url: get('U'),
        size: get('I') ? Number(get('I')) : null,
        vcs_url: get('c') ? `git+https://git.alpinelinux.org/aports/commit/?id=${get('c')}` : null,
        parties: maintainer
          ? [
              makeParty(
                'maintainer',
                maintainer.replace(/\s*<[^>]*>/, ''),
                /<([^>]+)>/.exec(maintainer)?.[1] ?? null,
              ),
            ]
          : [],
        source_packages: origin
          ? [buildPurl({ type: 'alpine', namespace: null, name: origin, version })]
          : [],
        file_references: files,
        ...declaredLicenseFields(get('L'), path),
        dependencies: (get('D') ?? '')
          .split(/\s+/)
          .filter((d) => d !== '' && !d.startsWith('!'))
          .map((d) =>
            makeDependency({
              purl: buildPurl({
                type: 'alpine',
                namespace: null,
                name: d.replace(/[<>=~].*$/, ''),
                version: null,
              }),
              extracted_requirement: d,
              scope: 'depend',
            }),
          ),
      }),
    );
  }
  return packages;
}

export const alpineInstalledHandler: DatafileHandler = {
  datasourceId: 'alpine_installed_db',
  packageType: 'alpine',
  patterns: ['*lib/apk/db/installed'],
  parse: parseApkInstalled,
};
