/**
 * Draws the Teams app icons (appPackage/color.png 192x192, appPackage/outline.png 32x32).
 * The PNGs are committed; rerun only to change the design: `npx tsx scripts/generate-icons.ts`.
 *
 * Shapes are signed distance functions (negative inside) so one glyph definition renders
 * cleanly at both sizes; a tiny PNG encoder avoids an image-library dependency.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Sdf = (x: number, y: number) => number;
type Rgba = readonly [number, number, number, number];

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
const union =
  (...fs: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...fs.map((f) => f(x, y)));
const subtract =
  (a: Sdf, b: Sdf): Sdf =>
  (x, y) =>
    Math.max(a(x, y), -b(x, y));
const grow =
  (f: Sdf, by: number): Sdf =>
  (x, y) =>
    f(x, y) - by;

function roundedSquare(size: number, radius: number): Sdf {
  const half = size / 2;
  return (x, y) => {
    const qx = Math.abs(x - half) - (half - radius);
    const qy = Math.abs(y - half) - (half - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}

/**
 * Head and shoulders; (cx, top) is the top of the head and s the person's size. The body
 * runs straight down to `base` so people of different sizes stand on one line.
 */
function person(cx: number, top: number, s: number, base: number, gap: number): Sdf {
  const head = circle(cx, top + 0.2 * s, 0.2 * s);
  const shoulderY = top + s;
  const body: Sdf = (x, y) => {
    const d = y < shoulderY ? Math.hypot(x - cx, y - shoulderY) : Math.abs(x - cx);
    return Math.max(d - 0.5 * s, y - base);
  };
  return union(head, subtract(body, grow(head, gap)));
}

/**
 * A focus group: one person in front of two. `gap` is in pixels because it must stay
 * visible at 32 px, where a proportional gap would blur away.
 */
function group(x0: number, y0: number, w: number, gap: number): Sdf {
  const side = 0.44 * w;
  const front = 0.54 * w;
  const base = y0 + 0.16 * w + front;
  const back = union(person(x0 + 0.24 * w, y0, side, base, gap), person(x0 + 0.76 * w, y0, side, base, gap));
  const lead = person(x0 + 0.5 * w, y0 + 0.16 * w, front, base, gap);
  return union(subtract(back, grow(lead, gap)), lead);
}

/** Each pixel averages a 4x4 grid of samples, which is enough anti-aliasing for flat shapes. */
function render(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const n = 4;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let i = 0; i < n * n; i++) {
        const [r, g, b, a] = paint(px + ((i % n) + 0.5) / n, py + (Math.floor(i / n) + 0.5) / n);
        // Premultiplied so transparent samples don't darken edges.
        acc[0]! += r * a;
        acc[1]! += g * a;
        acc[2]! += b * a;
        acc[3]! += a;
      }
      const alpha = acc[3]!;
      const o = row + 1 + px * 4;
      for (let c = 0; c < 3; c++) rows[o + c] = alpha ? Math.round(acc[c]! / alpha) : 0;
      rows[o + 3] = Math.round((alpha / (n * n)) * 255);
    }
  }
  return rows;
}

function encodePng(size: number, rows: Buffer): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const WHITE: Rgba = [255, 255, 255, 1];
const CLEAR: Rgba = [0, 0, 0, 0];
const TOP: Rgba = [0, 120, 130, 1]; // teal, darkening downwards
const BOTTOM: Rgba = [0, 84, 104, 1];

function colorIcon(): Buffer {
  const size = 192;
  const tile = roundedSquare(size, 40);
  // Teams keeps the symbol inside the central ~120 px; the group is 116 px wide.
  const glyph = group(38, 56, 116, 6);
  return render(size, (x, y) => {
    if (tile(x, y) > 0) return CLEAR;
    if (glyph(x, y) < 0) return WHITE;
    const t = y / size;
    return [0, 1, 2].map((c) => TOP[c]! + (BOTTOM[c]! - TOP[c]!) * t).concat(1) as unknown as Rgba;
  });
}

function outlineIcon(): Buffer {
  const glyph = group(1, 5.5, 30, 1.6);
  return render(32, (x, y) => (glyph(x, y) < 0 ? WHITE : CLEAR));
}

export function generateIcons(dir: URL): void {
  writeFileSync(new URL('color.png', dir), encodePng(192, colorIcon()));
  writeFileSync(new URL('outline.png', dir), encodePng(32, outlineIcon()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = new URL('../appPackage/', import.meta.url);
  generateIcons(dir);
  console.log(`Wrote ${fileURLToPath(new URL('color.png', dir))} and outline.png`);
}
