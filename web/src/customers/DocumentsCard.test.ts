import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import enUS from '../i18n/en-US.json';
import zhCN from '../i18n/zh-CN.json';
import { documentErrorKey } from './DocumentsCard';

function refused(code: string | undefined) {
  return new ApiError(422, {
    status: 422,
    code: 'document_refused',
    errors: code ? [{ field: 'file', code, message: 'refused' }] : [],
  });
}

describe('documentErrorKey', () => {
  it('says which refusal it was, in both languages', () => {
    const cases: [unknown, string][] = [
      [new ApiError(413, { status: 413, title: 'Payload Too Large' }), 'documents.error.too_large'],
      [refused('executable'), 'documents.error.executable'],
      [refused('type_mismatch'), 'documents.error.type_mismatch'],
      [refused('type_not_allowed'), 'documents.error.type_not_allowed'],
      [refused('unknown_type'), 'documents.error.unknown_type'],
      [refused('empty_file'), 'documents.error.empty_file'],
      [refused('something_new'), 'documents.error.refused'],
      [refused(undefined), 'documents.error.refused'],
    ];
    for (const [error, key] of cases) {
      expect(documentErrorKey(error)).toBe(key);
      expect((enUS as Record<string, string>)[key]).toContain('{name}');
      expect((zhCN as Record<string, string>)[key]).toContain('{name}');
    }
  });

  it('leaves other failures to the usual reporter', () => {
    expect(documentErrorKey(new ApiError(403, { status: 403, code: 'forbidden' }))).toBeUndefined();
    expect(documentErrorKey(new ApiError(422, { status: 422, code: 'validation_failed' }))).toBeUndefined();
    expect(documentErrorKey(new ApiError(0, { status: 0, code: 'network' }))).toBeUndefined();
    expect(documentErrorKey(new Error('boom'))).toBeUndefined();
  });
});
