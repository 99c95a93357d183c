import enUS from './en-US.json';
import zhCN from './zh-CN.json';

/** The languages the UI speaks. */
export type Language = 'zh-CN' | 'en-US';

export type MessageKey = keyof typeof enUS;
export type Vars = Record<string, string | number>;

const catalogs: Record<Language, Record<string, string>> = {
  'en-US': enUS,
  'zh-CN': zhCN,
};

export const LANGUAGES: Language[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'closer.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en-US';
}

/** `zh*` → zh-CN, anything else → en-US. */
export function languageFromBrowser(tags: readonly string[]): Language {
  const first = tags.find((tag) => tag.trim() !== '');
  return first?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

/** The language to show before the user's saved one is known. */
export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (privacy mode)
  }
  const tags = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return languageFromBrowser(tags);
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not fatal
  }
}

export function hasMessage(language: Language, key: string): boolean {
  return key in catalogs[language];
}

/** Looks a message up and fills `{name}` placeholders; an unknown key shows itself. */
export function translate(language: Language, key: string, vars?: Vars): string {
  const template = catalogs[language][key] ?? catalogs['en-US'][key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
