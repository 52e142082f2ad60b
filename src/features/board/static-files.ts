import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { HttpAnswer, HttpHandler } from '../../platform/http/routes.js';
import { fromRepoRoot } from '../../platform/paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Teams shows the tab inside its own pages; this lets only Teams (and Microsoft 365 hosts) frame it, and the page
 * itself load nothing but its own scripts. Videos come from Blob Storage, so media may come from anywhere https.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' https://res.cdn.office.net; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; media-src 'self' https: http://127.0.0.1:*; connect-src 'self' https://res.cdn.office.net; " +
    'frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us ' +
    'https://*.office.com https://*.microsoft365.com https://*.cloud.microsoft https://*.skype.com',
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
};

const notFound: HttpAnswer = { status: 404, contentType: 'text/plain; charset=utf-8', body: 'not found' };

/**
 * The board's built files (`npm run build:web` writes dist/web/). Every path under /board/ that is not a file is the
 * page itself, so the tab's deep links work. Files are read once; hashed asset names make them safe to cache.
 */
export function boardFiles(root = fromRepoRoot('dist', 'web')): HttpHandler {
  const cache = new Map<string, HttpAnswer>();
  const read = (relative: string): HttpAnswer | undefined => {
    const cached = cache.get(relative);
    if (cached) return cached;
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !TYPES[extname(file)]) return undefined;
    const isPage = extname(file) === '.html';
    const answer: HttpAnswer = {
      status: 200,
      contentType: TYPES[extname(file)]!,
      body: readFileSync(file),
      headers: isPage ? PAGE_HEADERS : { 'cache-control': 'public, max-age=31536000, immutable' },
    };
    if (!isPage) cache.set(relative, answer);
    return answer;
  };
  return async ({ params }) => {
    const relative = (params['*'] ?? '').replace(/^\/+/, '');
    if (relative.includes('\0')) return notFound;
    const file = relative && /\.[a-z0-9]+$/i.test(relative) ? read(relative) : read('index.html');
    if (file) return file;
    if (!existsSync(join(root, 'index.html'))) {
      return {
        status: 503,
        contentType: 'text/plain; charset=utf-8',
        body: 'The board is not built: npm run build:web',
      };
    }
    return notFound;
  };
}
