import { describe, expect, it } from 'vitest';
import { refusalKey, refusalOf } from '../../../test/support/refusals.js';
import { formatLength, isAllowedVideoLink, isShortEnough, parseLength, readVideoLink } from './video-rules.js';

describe('video length and links', () => {
  it.each([
    [175.128, '2:55', true],
    [190, '3:10', true],
    [190.4, '3:10', true],
    [190.6, '3:11', false],
    [210.128, '3:30', false],
    [3723, '1:02:03', false],
  ])('%d seconds reads %s and is short enough: %s', (seconds, label, ok) => {
    expect(formatLength(seconds)).toBe(label);
    expect(isShortEnough(seconds)).toBe(ok);
  });

  it.each([
    ['2:55', 175],
    ['02:55', 175],
    ['3.05', 185],
    ['175', 175],
    ['1:02:03', 3723],
    ['2:75', undefined],
    ['tre minuter', undefined],
    ['0:00', undefined],
    ['', undefined],
  ])('reads the stated length %j as %j', (text, seconds) => expect(parseLength(text)).toBe(seconds));

  it.each([
    ['https://regionjh.sharepoint.com/:v:/s/fokus/EaBc', true],
    ['https://web.microsoftstream.com/video/123', true],
    ['https://www.youtube.com/watch?v=abc', true],
    ['https://youtu.be/abc', true],
    ['https://vimeo.com/123', true],
    ['http://www.youtube.com/watch?v=abc', false],
    ['https://youtube.com.evil.example/watch', false],
    ['https://notyoutube.com/watch', false],
    ['javascript:alert(1)', false],
    ['min video', false],
  ])('allows %s as a video link: %s', (url, ok) => expect(isAllowedVideoLink(url)).toBe(ok));

  it('refuses a stated length over the limit with that length', () => {
    expect(readVideoLink('https://youtu.be/abc', '2:55')).toEqual({
      url: 'https://youtu.be/abc',
      durationSeconds: 175,
    });
    expect(refusalOf(() => readVideoLink('https://youtu.be/abc', '3:30'))).toEqual({
      key: 'outputs:errors.tooLong',
      values: { length: '3:30' },
    });
    expect(refusalKey(() => readVideoLink('https://example.com/v.mp4', '2:00'))).toBe('outputs:errors.badVideoLink');
    expect(refusalKey(() => readVideoLink('https://youtu.be/abc', 'snart'))).toBe('outputs:errors.badLength');
  });
});
