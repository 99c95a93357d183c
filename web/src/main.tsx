import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AntdRoot } from './app/AntdRoot';
import { AppRoutes } from './app/AppRoutes';
import { SessionGate } from './auth/SessionGate';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <AntdRoot>
          <BrowserRouter>
            <SessionGate>
              <AppRoutes />
            </SessionGate>
          </BrowserRouter>
        </AntdRoot>
      </I18nProvider>
    </StrictMode>,
  );
}
