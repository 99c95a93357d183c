import { describe, expect, it } from 'vitest';
import { rememberSignedIn, wasSignedIn } from './session';

describe('the signed-in hint', () => {
  it('is kept on sign-in and dropped on sign-out', () => {
    rememberSignedIn(false);
    expect(wasSignedIn()).toBe(false);
    rememberSignedIn(true);
    expect(wasSignedIn()).toBe(true);
    expect(window.localStorage.getItem('closer.signedIn')).toBe('1');
    rememberSignedIn(false);
    expect(wasSignedIn()).toBe(false);
  });
});
