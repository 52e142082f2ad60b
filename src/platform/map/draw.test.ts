import { describe, expect, it } from 'vitest';
import { compactPath, drawRegion } from './draw.js';
import { municipalityShapes } from './boundaries.js';
import { municipalities } from '../municipalities.js';

describe('drawRegion', () => {
  const jamtland = municipalities.inCounty('23').map((m) => m.code);

  it('fits the region to the width, every municipality inside the picture', () => {
    const map = drawRegion(municipalityShapes(jamtland), { width: 400, maxHeight: 600 });
    expect(map.width).toBe(400);
    expect(map.height).toBeLessThanOrEqual(600);
    expect(map.municipalities.map((m) => m.code)).toEqual(jamtland);
    for (const { centre } of map.municipalities) {
      expect(centre[0]).toBeGreaterThan(0);
      expect(centre[0]).toBeLessThan(400);
      expect(centre[1]).toBeGreaterThan(0);
      expect(centre[1]).toBeLessThan(map.height);
    }
  });

  it('draws all 290 municipalities of Sweden', () => {
    const map = drawRegion(municipalityShapes(municipalities.all().map((m) => m.code)), { width: 560, maxHeight: 640 });
    expect(map.municipalities).toHaveLength(290);
    expect(map.height).toBe(640);
  });
});

describe('compactPath', () => {
  it('writes relative steps, drops points too close to see, and closes each ring', () => {
    expect(compactPath('M10,10L20,10L20.2,10.1L20,20ZM50,50L60,50L60,60Z')).toBe('m10,10l10,0 0,10zm40,40l10,0 0,10z');
  });
});
