import { formatDate } from '../common/dates';
import type { ListSpec } from './list-query';
import type { ProjectMessage } from './project-message.entity';

const A = 'm';

/** ScanCode.io's messages list: severity, model, description filters; search on description. */
export const MESSAGES_LIST: ListSpec = {
  alias: A,
  filters: {
    severity: { kind: 'choice', choices: ['info', 'warning', 'error'] },
    model: { kind: 'text' },
    description: { kind: 'text' },
  },
  searchFields: [`${A}.description`],
  searchable: { description: `${A}.description`, model: `${A}.model`, severity: `${A}.severity` },
  sortable: { severity: [`${A}.severity`], model: [`${A}.model`] },
  defaultOrder: [[`${A}.created_date`, 'ASC']],
  tieBreaker: `${A}.uuid`,
};

export function messageSortValue(row: ProjectMessage, column: string): unknown {
  const value = (row as unknown as Record<string, unknown>)[column.slice(A.length + 1)];
  return value instanceof Date ? value.toISOString() : value;
}

/** A message as ScanCode.io serializes it (traceback split into lines). */
export function toMessageView(m: ProjectMessage) {
  return {
    uuid: m.uuid,
    severity: m.severity,
    description: m.description,
    model: m.model,
    details: m.details,
    traceback: m.traceback ? m.traceback.split('\n') : [],
    created_date: formatDate(m.created_date),
  };
}
