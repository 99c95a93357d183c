import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { translate } from '../i18n/messages';
import { problemMessage } from './problem';

const t = (key: Parameters<typeof translate>[1]) => translate('en-US', key);

describe('problemMessage', () => {
  it("prefers the server's translated detail", () => {
    expect(problemMessage(new ApiError(409, { detail: '部门名称重复' }), t)).toBe('部门名称重复');
  });

  it('falls back to our own words by status', () => {
    expect(problemMessage(new ApiError(0, { code: 'network' }), t)).toBe(translate('en-US', 'error.network'));
    expect(problemMessage(new ApiError(403, {}), t)).toBe(translate('en-US', 'error.forbidden'));
    expect(problemMessage(new Error('boom'), t)).toBe(translate('en-US', 'error.generic'));
  });
});
