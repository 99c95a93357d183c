import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SignInPage } from '../pages/SignInPage';
import { renderWithProviders } from '../test/render';

describe('language switch', () => {
  it('changes the texts on the sign-in page and remembers the choice', async () => {
    renderWithProviders(<SignInPage onSignedIn={vi.fn()} />, 'en-US');
    expect(screen.getByText('Sign in to Closer')).toBeTruthy();
    expect(screen.getByText('Company code')).toBeTruthy();

    fireEvent.click(screen.getByTestId('lang-switch'));
    fireEvent.click(await screen.findByTestId('lang-option-zh-CN'));

    expect(await screen.findByText('登录 Closer')).toBeTruthy();
    expect(screen.getByText('企业代码')).toBeTruthy();
    expect(screen.queryByText('Sign in to Closer')).toBeNull();
    expect(localStorage.getItem('closer.language')).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
