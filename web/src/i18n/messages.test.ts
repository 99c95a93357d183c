import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';
import { languageFromBrowser, translate } from './messages';

describe('message files', () => {
  it('have the same keys in both languages, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(enUS).sort());
    for (const [key, text] of [...Object.entries(enUS), ...Object.entries(zhCN)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(enUS) as (keyof typeof enUS)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(enUS[key]));
    }
  });
});

describe('translate', () => {
  it('fills placeholders and shows unknown keys as themselves', () => {
    expect(translate('en-US', 'home.welcome', { name: 'Li Lei' })).toBe('Welcome, Li Lei');
    expect(translate('zh-CN', 'home.welcome', { name: '李雷' })).toBe('欢迎，李雷');
    expect(translate('en-US', 'no.such.key')).toBe('no.such.key');
  });
});

describe('languageFromBrowser', () => {
  it('maps zh* to zh-CN and everything else to en-US', () => {
    expect(languageFromBrowser(['zh-TW', 'en'])).toBe('zh-CN');
    expect(languageFromBrowser(['zh'])).toBe('zh-CN');
    expect(languageFromBrowser(['de-DE', 'zh-CN'])).toBe('en-US');
    expect(languageFromBrowser([])).toBe('en-US');
  });
});
