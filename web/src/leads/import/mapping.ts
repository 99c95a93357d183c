import type { ImportColumn, ImportMapping } from '../../api/types';

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
