import { readFileSync } from 'node:fs';
import { geoArea } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { fromRepoRoot } from '../paths.js';
import type { MunicipalityShape } from './draw.js';

type Geometry = Polygon | MultiPolygon;

/** Four decimals of a degree are about 10 m: finer than the simplified boundaries, and a third less to send. */
const round = (position: Position): Position => position.map((value) => Math.round(value * 1e4) / 1e4);

/**
 * d3-geo reads polygons on the sphere, where a ring's winding says which side is inside; the file winds them the
 * other way (as RFC 7946 asks), which d3 would read as "the whole world except this municipality".
 */
function windForD3(geometry: Geometry): Geometry {
  const rounded: Geometry =
    geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(round)) }
      : {
          type: 'MultiPolygon',
          coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(round))),
        };
  if (geoArea(rounded) <= 2 * Math.PI) return rounded;
  return rounded.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rounded.coordinates.map((ring) => [...ring].reverse()) }
    : {
        type: 'MultiPolygon',
        coordinates: rounded.coordinates.map((polygon) => polygon.map((ring) => [...ring].reverse())),
      };
}

function readBoundaries(): Map<string, Geometry> {
  const collection = JSON.parse(
    readFileSync(fromRepoRoot('data/municipalities-se.geojson'), 'utf8'),
  ) as FeatureCollection<Geometry, { id: string }>;
  return new Map(collection.features.map((feature) => [feature.properties.id, windForD3(feature.geometry)]));
}

let boundaries: Map<string, Geometry> | undefined;

/** The boundaries of the given municipalities (SCB codes), read once; codes without a boundary are left out. */
export function municipalityShapes(codes: readonly string[]): MunicipalityShape[] {
  boundaries ??= readBoundaries();
  return codes.flatMap((code) => {
    const geometry = boundaries!.get(code);
    if (!geometry) return [];
    const feature: Feature<Geometry, { code: string }> = { type: 'Feature', geometry, properties: { code } };
    return [feature];
  });
}
