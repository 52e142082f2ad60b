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
  const path = geoPath(projection).digits(1);
  return {
    width: size.width,
    height,
    municipalities: shapes.map((shape) => {
      const [x, y] = path.centroid(shape);
      return { code: shape.properties.code, path: path(shape) ?? '', centre: [Math.round(x), Math.round(y)] };
    }),
  };
}
