import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { SignInPage } from './SignInPage';

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('SignInPage', () => {
  it('shows the server\'s message on a wrong password and keeps the user on the page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ status: 401, code: 'invalid_credentials', detail: 'Wrong email or password.' }), {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        }),
      ),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<SignInPage onSignedIn={onSignedIn} />);

    fill('Company code', 'demo');
    fill('Email', 'admin@demo.example.com');
    fill('Password', 'nope-nope');
    fireEvent.click(screen.getByTestId('signin-submit'));

    expect(await screen.findByText('Wrong email or password.')).toBeTruthy();
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(localStorage.getItem('closer.tenant')).toBeNull();
  });

  it('signs in and remembers the tenant', async () => {
    const session = {
      csrf_token: 'tok',
      user: { id: 'u1', name: 'Admin', language: null, tenant: { id: 't', slug: 'demo', name: 'Demo' } },
    };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify(session), { status: 200 })));
    const onSignedIn = vi.fn();
    renderWithProviders(<SignInPage onSignedIn={onSignedIn} />);

    fill('Company code', ' demo ');
    fill('Email', 'admin@demo.example.com');
    fill('Password', 'closer-demo');
    fireEvent.click(screen.getByTestId('signin-submit'));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(session));
    expect(localStorage.getItem('closer.tenant')).toBe('demo');
  });
});
