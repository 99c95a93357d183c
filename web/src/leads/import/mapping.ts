import type { ImportColumn, ImportMapping, ImportPreviewRow } from '../../api/types';

/** The server's recognised columns as the starting mapping; unrecognised ones are skipped. */
export function initialMapping(columns: ImportColumn[]): ImportMapping {
  const mapping: ImportMapping = {};
  for (const column of columns) mapping[String(column.index)] = column.field ?? '';
  return mapping;
}

export interface MappingCheck {
  /** No column fills the company name, which every lead needs. */
  missingCompany: boolean;
  /** Fields that more than one column fills. */
  repeated: string[];
}

export function checkMapping(mapping: ImportMapping): MappingCheck {
  const used = new Map<string, number>();
  for (const field of Object.values(mapping)) {
    if (field) used.set(field, (used.get(field) ?? 0) + 1);
  }
  return {
    missingCompany: !used.has('company_name'),
    repeated: [...used].filter(([, n]) => n > 1).map(([field]) => field),
  };
}

export function mappingUsable(check: MappingCheck): boolean {
  return !check.missingCompany && check.repeated.length === 0;
}

/** The mapped fields in column order, each once: the preview's columns. */
export function mappedFields(columns: ImportColumn[], mapping: ImportMapping): string[] {
  const fields: string[] = [];
  for (const column of [...columns].sort((a, b) => a.index - b.index)) {
    const field = mapping[String(column.index)];
    if (field && !fields.includes(field)) fields.push(field);
  }
  return fields;
}

/**
 * The preview's columns: mapped fields in column order, then fields the server derived
 * (first and last name become the contact) — each only if some row has a value or an error
 * for it.
 */
export function previewFields(
  columns: ImportColumn[],
  mapping: ImportMapping,
  rows: Pick<ImportPreviewRow, 'values' | 'errors'>[],
): string[] {
  const candidates = [...mappedFields(columns, mapping)];
  for (const row of rows) {
    for (const field of [...Object.keys(row.values), ...row.errors.map((e) => e.field)]) {
      if (field && !candidates.includes(field)) candidates.push(field);
    }
  }
  return candidates.filter((field) =>
    rows.some((row) => (row.values[field] ?? '') !== '' || row.errors.some((e) => e.field === field)),
  );
}
