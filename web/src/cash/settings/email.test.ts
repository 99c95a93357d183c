import { describe, expect, it } from 'vitest';
import { emailBody } from './email';

describe('emailBody', () => {
  const base = { enabled: true, host: ' smtp.example.com ', port: 465, security: 'tls', username: 'closer', from_address: 'closer@example.com', from_name: 'Closer' };

  it('leaves the password out when none is typed, so the saved one stays', () => {
    const body = emailBody({ ...base, password: '' });
    expect(body).not.toHaveProperty('password');
    expect(body.host).toBe('smtp.example.com');
  });

  it('sends a typed password, or "" to remove the saved one', () => {
    expect(emailBody({ ...base, password: 's3cret' }).password).toBe('s3cret');
    expect(emailBody({ ...base, password: '', clear_password: true }).password).toBe('');
    expect(emailBody({ ...base, password: 'new', clear_password: true }).password).toBe('new');
  });

  it('fills the defaults of a form left empty', () => {
    expect(emailBody({})).toEqual({ enabled: false, host: '', port: 587, security: 'starttls', username: '', from_address: '', from_name: '' });
  });
});
