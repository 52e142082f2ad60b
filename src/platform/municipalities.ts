import { readFileSync } from 'node:fs';
import { fromRepoRoot } from './paths.js';

/** A Swedish municipality (kommun) with its official SCB codes. */
export type Municipality = { code: string; name: string; countyCode: string; countyName: string };
export type County = { code: string; name: string };

function readMunicipalities(): Municipality[] {
  const [header, ...rows] = readFileSync(fromRepoRoot('data/municipalities-se.csv'), 'utf8').trim().split('\n');
  if (header !== 'code,name,county_code,county_name') throw new Error('Unexpected municipalities-se.csv header');
  return rows.map((row) => {
    const [code, name, countyCode, countyName] = row.split(',');
    return { code: code!, name: name!, countyCode: countyCode!, countyName: countyName! };
  });
}

const all = readMunicipalities();
const byCode = new Map(all.map((municipality) => [municipality.code, municipality]));
const swedishOrder = new Intl.Collator('sv');

export const municipalities = {
  all: (): readonly Municipality[] => all,
  byCode: (code: string): Municipality | undefined => byCode.get(code),
  inCounty: (countyCode: string): Municipality[] => all.filter((m) => m.countyCode === countyCode),
  counties: (): County[] => {
    const counties = new Map(all.map((m) => [m.countyCode, m.countyName]));
    return [...counties].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  },
  /** Names sort the Swedish way (Å, Ä, Ö last), which is how the region reads its own list. */
  sortByName: <T>(items: T[], nameOf: (item: T) => string): T[] =>
    [...items].sort((a, b) => swedishOrder.compare(nameOf(a), nameOf(b))),
  nameOf: (code: string): string => byCode.get(code)?.name ?? code,
};
