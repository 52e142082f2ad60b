import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signs what a link that opens without signing in grants (a calendar file, a video), so the link cannot be guessed
 * from ids and stops working when what it was signed over changes: a group's link version (renewed when someone
 * leaves the group or a coordinator asks), an expiry. The key is derived from the bot's secret for this purpose
 * only, and tokens are compared in constant time.
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'fokusgrupper', 'link signing v1', 32));
  }

  sign(subject: string): string {
    return createHmac('sha256', this.key).update(subject).digest('base64url').slice(0, 32);
  }

  verify(subject: string, token: string): boolean {
    const expected = Buffer.from(this.sign(subject));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
