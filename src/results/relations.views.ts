import type { RelationRow } from './export-rows.repository';

/** A relation as ScanCode.io serializes it: both paths, the to-resource status and a score text. */
export function toRelationView(r: RelationRow) {
  return {
    to_resource: r.to_path,
    status: r.to_status,
    map_type: r.map_type,
    score: relationScore(r.extra_data),
    from_resource: r.from_path,
  };
}

export type RelationView = ReturnType<typeof toRelationView>;

/** `path_score`, followed by ` diff_ratio: <r>` when the relation has one (ScanCode.io's `get_score`). */
function relationScore(extra: Record<string, unknown>): string {
  const scalar = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
  const score = scalar(extra.path_score) ?? '';
  const diff = scalar(extra.diff_ratio);
  return diff === undefined ? score : `${score} diff_ratio: ${diff}`;
}
