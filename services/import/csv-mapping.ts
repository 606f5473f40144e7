import { AppError } from '@/services/errors/app-error';

export type ImportKind = 'events' | 'items' | 'users';
export type ImportFormat = 'jsonl' | 'csv';

// CSV columns -> record fields. Empty cells are omitted (the field's default applies). `properties`
// (and `traits` for users) may be one column holding a JSON object and/or `properties.<path>`
// columns (`properties.size.eu` -> {"size": {"eu": ...}}) whose cells are parsed as numbers or
// booleans when they look like one. Cells of list columns are `|`-separated.
const STRING_FIELDS: Record<ImportKind, readonly string[]> = {
  events: ['id', 'type', 'userId', 'anonymousId', 'itemId', 'recommId'],
  items: ['id', 'title', 'description', 'currency', 'url', 'imageUrl'],
  users: ['id'],
};
const NUMBER_FIELDS: Record<ImportKind, readonly string[]> = { events: ['value'], items: ['price'], users: [] };
const TIME_FIELDS: Record<ImportKind, readonly string[]> = { events: ['timestamp'], items: ['publishedAt'], users: [] };
const LIST_FIELDS: Record<ImportKind, readonly string[]> = { events: [], items: ['categories', 'tags'], users: [] };
const BOOLEAN_FIELDS: Record<ImportKind, readonly string[]> = { events: [], items: ['available'], users: [] };
export const OBJECT_FIELD: Record<ImportKind, 'properties' | 'traits'> = { events: 'properties', items: 'properties', users: 'traits' };

const fieldsOf = (kind: ImportKind) => [
  ...STRING_FIELDS[kind],
  ...NUMBER_FIELDS[kind],
  ...TIME_FIELDS[kind],
  ...LIST_FIELDS[kind],
  ...BOOLEAN_FIELDS[kind],
  OBJECT_FIELD[kind],
];

/** Unknown or repeated columns stop the import before any row is read: every row would fail. */
export function checkCsvHeader(kind: ImportKind, header: readonly string[]): void {
  const known = new Set(fieldsOf(kind));
  const prefix = `${OBJECT_FIELD[kind]}.`;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push(`column "${h}" appears twice`);
    seen.add(h);
    if (!known.has(h) && !(h.startsWith(prefix) && h.length > prefix.length && !h.split('.').some((p) => p === ''))) {
      problems.push(`unknown column "${h}"`);
    }
  }
  if (!seen.has('id')) problems.push('the "id" column is required');
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      `CSV header: ${problems.join('; ')} (columns for ${kind}: ${fieldsOf(kind).join(', ')}, ${prefix}<name>)`,
    );
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;

/** A number column: the number, or the cell as is so that validation names the problem. */
const toNumber = (cell: string): unknown => (NUMBER.test(cell.trim()) ? Number(cell) : cell);
/** Epoch milliseconds when all digits, else the text (ISO 8601). */
const toTime = (cell: string): unknown => (INTEGER.test(cell.trim()) ? Number(cell) : cell);
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);
const toBoolean = (cell: string): unknown => {
  const v = cell.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : cell;
};
/** A cell of a properties.* column: numbers and booleans as such (not "007", which stays text). */
const toScalar = (cell: string): unknown => (NUMBER.test(cell) ? Number(cell) : cell === 'true' ? true : cell === 'false' ? false : cell);

/** One CSV row -> the record the api would receive for it (validated afterwards like any other). */
export function csvRowToRecord(kind: ImportKind, header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const objectField = OBJECT_FIELD[kind];
  let object: Record<string, unknown> | undefined;
  for (let i = 0; i < header.length; i++) {
    const column = header[i]!;
    const cell = cells[i] ?? '';
    if (cell === '') continue;
    if (column === objectField) {
      try {
        const parsed: unknown = JSON.parse(cell);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) object = { ...parsed, ...object };
        else record[column] = parsed; // validation reports "expected object"
      } catch {
        record[column] = cell;
      }
    } else if (column.startsWith(`${objectField}.`)) {
      object ??= {};
      const path = column.slice(objectField.length + 1).split('.');
      let target = object;
      for (const key of path.slice(0, -1)) {
        const next = target[key];
        target = (target[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
      }
      target[path.at(-1)!] = toScalar(cell);
    } else if (NUMBER_FIELDS[kind].includes(column)) record[column] = toNumber(cell);
    else if (TIME_FIELDS[kind].includes(column)) record[column] = toTime(cell);
    else if (BOOLEAN_FIELDS[kind].includes(column)) record[column] = toBoolean(cell);
    else if (LIST_FIELDS[kind].includes(column)) {
      record[column] = cell
        .split('|')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    } else record[column] = cell;
  }
  if (object && typeof record[objectField] !== 'string') record[objectField] = object;
  return record;
}
