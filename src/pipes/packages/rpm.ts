import Database from 'better-sqlite3';
import type { DatafileHandler, DatafileInput } from './handler';
import { decodeText } from './fields';
import { declaredLicenseFields } from './licensing';
import { makeDependency, makePackageData, makeParty, type FileReference, type PackageData } from './models';
import { buildPurl } from './purl';

// RPM header tags read from installed package headers (rpm/rpmtag.h).
const TAG = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  summary: 1004,
  description: 1005,
  buildtime: 1006,
  size: 1009,
  distribution: 1010,
  vendor: 1011,
  license: 1014,
  packager: 1015,
  url: 1020,
  arch: 1022,
  filesizes: 1028,
  filedigests: 1035,
  sourcerpm: 1044,
  requirename: 1049,
  dirindexes: 1116,
  basenames: 1117,
  dirnames: 1118,
} as const;

type TagValue = string | string[] | number[];

/** Returns the tags of an RPM header blob as stored in rpmdb (index count, data length, index, data). */
export function parseRpmHeader(blob: Buffer): Map<number, TagValue> {
  const count = blob.readUInt32BE(0);
  const dataLength = blob.readUInt32BE(4);
  const dataStart = 8 + count * 16;
  if (count > 100_000 || dataStart + dataLength > blob.length) {
    throw new Error('truncated RPM header');
  }
  const tags = new Map<number, TagValue>();
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 16;
    const tag = blob.readUInt32BE(at);
    const type = blob.readUInt32BE(at + 4);
    const offset = dataStart + blob.readUInt32BE(at + 8);
    const n = blob.readUInt32BE(at + 12);
    if (type === 6 || type === 8 || type === 9) {
      // STRING, STRING_ARRAY and I18NSTRING: NUL-terminated strings (the first locale for I18N).
      const strings: string[] = [];
      let pos = offset;
      for (let k = 0; k < (type === 6 ? 1 : n) && pos < dataStart + dataLength; k++) {
        const end = blob.indexOf(0, pos);
        strings.push(blob.toString('utf8', pos, end < 0 ? dataStart + dataLength : end));
        pos = end + 1;
      }
      tags.set(tag, type === 8 ? strings : (strings[0] ?? ''));
    } else if (type === 4 || type === 3) {
      const size = type === 4 ? 4 : 2;
      tags.set(
        tag,
        Array.from({ length: n }, (_, k) =>
          size === 4 ? blob.readUInt32BE(offset + k * 4) : blob.readUInt16BE(offset + k * 2),
        ),
      );
    }
  }
  return tags;
}

function text(tags: Map<number, TagValue>, tag: number): string | null {
  const v = tags.get(tag);
  return typeof v === 'string' && v !== '' && v !== '(none)' ? v : null;
}

function list<T extends string | number>(tags: Map<number, TagValue>, tag: number): T[] {
  const v = tags.get(tag);
  return Array.isArray(v) ? (v as T[]) : [];
}

function rpmNamespace(root: string, readFile: DatafileInput['readFile']): string | null {
  const content = readFile?.(`${root}etc/os-release`) ?? readFile?.(`${root}usr/lib/os-release`);
  return content ? (/^ID=["']?([^"'\n]+)/m.exec(decodeText(content))?.[1] ?? null) : null;
}

function toPackageData(tags: Map<number, TagValue>, namespace: string | null, fromFile: string): PackageData {
  const epoch = list<number>(tags, TAG.epoch)[0];
  const arch = text(tags, TAG.arch);
  const version = [text(tags, TAG.version), text(tags, TAG.release)].filter(Boolean).join('-') || null;
  const dirs = list<string>(tags, TAG.dirnames);
  const indexes = list<number>(tags, TAG.dirindexes);
  const sizes = list<number>(tags, TAG.filesizes);
  const digests = list<string>(tags, TAG.filedigests);
  const files: FileReference[] = list<string>(tags, TAG.basenames).map((base, i) => {
    const digest = digests[i] ?? '';
    return {
      path: `${dirs[indexes[i] ?? 0] ?? ''}${base}`,
      size: sizes[i] ?? null,
      sha1: null,
      md5: digest.length === 32 ? digest : null,
      sha256: digest.length === 64 ? digest : null,
      sha512: null,
      extra_data: {},
    };
  });
  const source = text(tags, TAG.sourcerpm);
  const sourceMatch = source ? /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(source) : null;
  const buildtime = list<number>(tags, TAG.buildtime)[0];
  const vendor = text(tags, TAG.vendor);
  return makePackageData({
    datasource_id: 'rpm_installed_database_sqlite',
    type: 'rpm',
    namespace,
    name: text(tags, TAG.name),
    version,
    qualifiers: { ...(arch ? { arch } : {}), ...(epoch ? { epoch: String(epoch) } : {}) },
    description: [text(tags, TAG.summary), text(tags, TAG.description)].filter(Boolean).join('\n') || null,
    homepage_url: text(tags, TAG.url),
    size: list<number>(tags, TAG.size)[0] ?? null,
    release_date: buildtime ? new Date(buildtime * 1000).toISOString().slice(0, 10) : null,
    parties: [
      ...(vendor
        ? [{ type: 'organization' as const, role: 'vendor', name: vendor, email: null, url: null }]
        : []),
      ...(text(tags, TAG.packager) ? [makeParty('packager', text(tags, TAG.packager))] : []),
    ],
    source_packages: sourceMatch?.[1]
      ? [
          buildPurl({
            type: 'rpm',
            namespace,
            name: sourceMatch[1],
            version: `${sourceMatch[2]}-${sourceMatch[3]}`,
            qualifiers: { arch: 'src' },
          }),
        ]
      : [],
    file_references: files,
    ...declaredLicenseFields(text(tags, TAG.license), fromFile),
    dependencies: [...new Set(list<string>(tags, TAG.requirename))]
      .filter((r) => !r.startsWith('rpmlib(') && !r.startsWith('/'))
      .map((r) =>
        makeDependency({
          purl: buildPurl({ type: 'rpm', namespace, name: r, version: null }),
          scope: 'requires',
        }),
      ),
  });
}

/** Returns one package_data per header of an rpmdb.sqlite database, read in memory without the rpm tool. */
export function parseRpmdbSqlite({ path, content, readFile }: DatafileInput): PackageData[] {
  const root = path.slice(0, path.length - 'var/lib/rpm/rpmdb.sqlite'.length);
  const namespace = path.endsWith('var/lib/rpm/rpmdb.sqlite') ? rpmNamespace(root, readFile) : null;
  const db = new Database(content, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as Array<{ blob: Buffer }>;
    return rows.map((row) => toPackageData(parseRpmHeader(row.blob), namespace, path));
  } finally {
    db.close();
  }
}

export const rpmSqliteHandler: DatafileHandler = {
  datasourceId: 'rpm_installed_database_sqlite',
  packageType: 'rpm',
  patterns: ['*rpm/rpmdb.sqlite'],
  parse: parseRpmdbSqlite,
};
