import { geoPath, geoTransverseMercator } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/**
 * Drawing a region's municipalities: pure d3-geo, no Node and no DOM, so the board in the browser and the PNG in the
 * coverage card draw the same map from the same code.
 */
export type MunicipalityShape = Feature<Polygon | MultiPolygon, { code: string }>;

export type DrawnMunicipality = { code: string; path: string; centre: [number, number] };
export type DrawnMap = { width: number; height: number; municipalities: DrawnMunicipality[] };

/** How a municipality is represented across a programme's groups; the map's three colours. */
export type Representation = 'every' | 'some' | 'none';

/** Light enough for dark outlines, apart in lightness too, so they read without colour vision. */
export const REPRESENTATION_FILLS: Record<Representation, string> = {
  every: '#2e7d4f',
  some: '#f2c14e',
  none: '#d9d9d9',
};

/**
 * Projects the municipalities to fit `width` (the height follows the region's shape, within `maxHeight`).
 * Transverse Mercator on 15° E is how Swedish maps are drawn (SWEREF 99 TM), so the region keeps its familiar shape.
 */
export function drawRegion(
  shapes: readonly MunicipalityShape[],
  size: { width: number; maxHeight: number; padding?: number },
): DrawnMap {
  const padding = size.padding ?? 8;
  const collection = { type: 'FeatureCollection' as const, features: [...shapes] };
  const projection = geoTransverseMercator().rotate([-15, 0]);
  projection.fitWidth(size.width - 2 * padding, collection);
  const [[, top], [, bottom]] = geoPath(projection).bounds(collection);
  let height = Math.ceil(bottom - top + 2 * padding);
  if (height > size.maxHeight) {
    height = size.maxHeight;
    projection.fitExtent(
      [
        [padding, padding],
        [size.width - padding, height - padding],
      ],
      collection,
    );
  } else {
    projection.fitExtent(
      [
        [padding, padding],
        [size.width - padding, height - padding],
      ],
      collection,
    );
  }
  const path = geoPath(projection).digits(2);
  return {
    width: size.width,
    height,
    municipalities: shapes.map((shape) => {
      const [x, y] = path.centroid(shape);
      return {
        code: shape.properties.code,
        path: compactPath(path(shape) ?? ''),
        centre: [Math.round(x), Math.round(y)],
      };
    }),
  };
}

/** Points closer than this to the last one kept add nothing a person can see at the map's size. */
const TOLERANCE_PX = 0.6;

/**
 * d3's absolute `M x,y L x,y … Z` path as relative moves of one decimal, without points closer than TOLERANCE_PX to
 * the last one kept: a third of the size, the same drawing. Each ring keeps at least its first point and closes.
 */
export function compactPath(d: string): string {
  let out = '';
  let penX = 0; // where the pen is, in rounded coordinates, so relative steps never drift
  let penY = 0;
  for (const ring of d.split('M').filter(Boolean)) {
    const points = ring
      .replace(/Z$/, '')
      .split('L')
      .map((point) => point.split(',').map(Number) as [number, number]);
    const [first, ...rest] = points;
    if (!first) continue;
    const round = (value: number) => Math.round(value * 10) / 10;
    const start: [number, number] = [round(first[0]), round(first[1])];
    out += `m${fmt(start[0] - penX)},${fmt(start[1] - penY)}`;
    [penX, penY] = start;
    let steps = '';
    for (const [x, y] of rest) {
      if (Math.hypot(x - penX, y - penY) < TOLERANCE_PX) continue;
      const [rx, ry] = [round(x), round(y)];
      steps += `${fmt(rx - penX)},${fmt(ry - penY)} `;
      [penX, penY] = [rx, ry];
    }
    out += steps ? `l${steps.trimEnd()}z` : 'z';
    // After z the pen is back at the ring's start.
    [penX, penY] = start;
  }
  return out;
}

function fmt(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return (Object.is(rounded, -0) ? 0 : rounded).toString();
}
