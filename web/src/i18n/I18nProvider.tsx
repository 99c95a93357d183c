import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import {
  hasMessage,
  initialLanguage,
  rememberLanguage,
  translate,
  type MessageKey,
  type Vars,
} from './messages';
import type { Language } from './messages';

export interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** For keys built at run time (permission keys, role keys): the key itself if unknown. */
  tx: (key: string, fallback?: string, vars?: Vars) => string;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  children,
  language: fixed,
}: {
  children: ReactNode;
  language?: Language;
}) {
  const [language, setState] = useState<Language>(() => {
    const chosen = fixed ?? initialLanguage();
    setApiLanguage(chosen);
    return chosen;
  });

  const setLanguage = useCallback((next: Language) => {
    setApiLanguage(next);
    rememberLanguage(next);
    setState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18nValue>(
    () => ({
      language,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      tx: (key, fallback, vars) =>
        hasMessage(language, key) ? translate(language, key, vars) : (fallback ?? key),
    }),
    [language, setLanguage],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
