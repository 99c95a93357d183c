import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AntdRoot } from '../app/AntdRoot';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/messages';

/** Renders UI with the app's providers, in a fixed starting language. */
export function renderWithProviders(ui: ReactElement, language: Language = 'en-US') {
  return render(
    <I18nProvider language={language}>
      <AntdRoot>
        <MemoryRouter>{ui}</MemoryRouter>
      </AntdRoot>
    </I18nProvider>,
  );
}
