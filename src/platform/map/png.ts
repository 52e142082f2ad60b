import { Resvg } from '@resvg/resvg-js';
import { REPRESENTATION_FILLS, type DrawnMap, type Representation } from './draw.js';

/**
 * The map as a PNG for places that cannot run the page (the coverage card in chat): shapes only, no text, so it
 * needs no fonts and the card says in words what the colours mean.
 */
export function mapPng(map: DrawnMap, representation: (code: string) => Representation): Buffer {
  const shapes = map.municipalities
    .map(
      (m) =>
        `<path d="${m.path}" fill="${REPRESENTATION_FILLS[representation(m.code)]}" stroke="#424242" stroke-width="0.75" stroke-linejoin="round" shape-rendering="crispEdges"/>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${map.width}" height="${map.height}" viewBox="0 0 ${map.width} ${map.height}"><rect width="100%" height="100%" fill="#ffffff"/>${shapes}</svg>`;
  return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}
