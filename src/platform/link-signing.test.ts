import { describe, expect, it } from 'vitest';
import { LinkSigner } from './link-signing.js';

describe('LinkSigner', () => {
  const signer = new LinkSigner('a-secret-of-at-least-thirty-two-characters');

  it('signs a subject so that only the same subject and key verify', () => {
    const token = signer.sign('calendar|meeting|p|m|salt|0');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(signer.verify('calendar|meeting|p|m|salt|0', token)).toBe(true);
    expect(signer.verify('calendar|meeting|p|m|salt|1', token)).toBe(false);
    expect(
      new LinkSigner('another-secret-of-at-least-thirty-two-chars').verify('calendar|meeting|p|m|salt|0', token),
    ).toBe(false);
  });

  it('refuses tokens of another length or shape without comparing them', () => {
    expect(signer.verify('x', '')).toBe(false);
    expect(signer.verify('x', signer.sign('x').slice(0, 31))).toBe(false);
    expect(signer.verify('x', `${signer.sign('x')}A`)).toBe(false);
  });
});
