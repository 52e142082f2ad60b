import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fromRepoRoot } from '../src/platform/paths.js';

/**
 * What a newcomer relies on when finding their way by folder names alone (ARCHITECTURE.md): features on floors
 * with no import running back up, no import cycles, one home for group access, every feature the same shape,
 * and no use case too long to read.
 */

/** Features bottom to top: each may import only the features before it. A new feature must be placed here. */
const FLOORS = ['programmes', 'audit', 'membership', 'polls', 'meetings', 'outputs', 'kit', 'board', 'privacy', 'help'];

/**
 * The files every feature has; help keeps nothing of its own, so it has no schema or store; the board is a web page
 * (web/), so it has no cards.
 */
const SHAPE = ['schema.ts', 'domain.ts', 'domain.test.ts', 'store.ts', 'cards.ts', 'deps.ts', 'handlers.ts'];
const SHAPE_EXCEPTIONS: Record<string, string[]> = { help: ['schema.ts', 'store.ts'], board: ['cards.ts'] };

/**
 * Domain rules are pure: no Teams, no Cosmos, no HTTP. A feature's rules are its `domain.ts` and, when they grow,
 * files named `<what>-rules.ts` beside it (kit/queue-rules.ts, ...): the name promises purity, and this checks it.
 */
const NOT_IN_DOMAIN = [/^botbuilder/, /^@microsoft\/teams-ai/, /^@azure\//, /platform\/(cosmos|teams|http|blob)\//];

const MAX_FUNCTION_LINES = 60;

const SRC = fromRepoRoot('src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const text = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const rel = (file: string) => relative(SRC, file).replaceAll('\\', '/');

/** Every import specifier of a file, and the project files the relative ones resolve to. */
function importsOf(file: string): { specifiers: string[]; local: string[] } {
  const specifiers = ts.preProcessFile(text.get(file)!, true, true).importedFiles.map((imported) => imported.fileName);
  const local = specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .filter((target) => text.has(target));
  return { specifiers, local };
}
const imports = new Map(files.map((file) => [file, importsOf(file)]));

const featureOf = (file: string) => /^features\/([^/]+)\//.exec(rel(file))?.[1];

/** A feature's pure rules: its domain.ts, and the `<what>-rules.ts` files split from it. */
const isRulesFile = (file: string) => /\/(domain|[\w-]+-rules)\.ts$/.test(rel(file));

describe('architecture', () => {
  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of imports.get(file)!.local) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps features on their floors, and the platform below every feature', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = featureOf(file);
      for (const target of imports.get(file)!.local) {
        const to = featureOf(target);
        if (!to || to === from) continue;
        if (!from) {
          if (rel(file).startsWith('platform/')) wrong.push(`${rel(file)} → ${rel(target)}`);
          continue;
        }
        expect(FLOORS, `place feature "${from}" or "${to}" on a floor`).toContain(from);
        if (FLOORS.indexOf(to) >= FLOORS.indexOf(from)) wrong.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every feature the same files', () => {
    const features = readdirSync(join(SRC, 'features'));
    for (const feature of features) {
      const present = readdirSync(join(SRC, 'features', feature));
      const expected = SHAPE.filter((file) => !(SHAPE_EXCEPTIONS[feature] ?? []).includes(file));
      expect(present, `features/${feature}`).toEqual(expect.arrayContaining(expected));
    }
  });

  it('keeps domain rules pure (domain.ts and *-rules.ts)', () => {
    const impure = files.filter(isRulesFile).flatMap((file) =>
      imports
        .get(file)!
        .specifiers.filter((specifier) => NOT_IN_DOMAIN.some((pattern) => pattern.test(specifier)))
        .map((specifier) => `${rel(file)} imports ${specifier}`),
    );
    expect(impure).toEqual([]);
  });

  it("decides group access in one place: only the access modules find a conversation's group or mint a grant", () => {
    const findsLinks = files.filter((file) => /\.findLink\(/.test(text.get(file)!)).map(rel);
    expect(findsLinks.sort()).toEqual(['features/membership/access.ts', 'features/programmes/store.ts']);
    const mintsGroupAccess = files.filter((file) => /as GroupAccess\b/.test(text.get(file)!)).map(rel);
    expect(mintsGroupAccess).toEqual(['features/membership/access.ts']);
    const mintsProgrammeAccess = files.filter((file) => /as ProgrammeAccess\b/.test(text.get(file)!)).map(rel);
    expect(mintsProgrammeAccess).toEqual(['features/programmes/access.ts']);
  });

  it('keeps handlers.ts a route table: one register function and nothing else exported', () => {
    for (const file of files.filter((f) => rel(f).endsWith('/handlers.ts'))) {
      const exported = [...text.get(file)!.matchAll(/^export (?:async )?(?:function|const|class|type) (\w+)/gm)];
      expect(
        exported.map((match) => match[1]),
        rel(file),
      ).toEqual([expect.stringMatching(/^register[A-Z]\w+$/)]);
    }
  });

  it(`has no use case, card or rule over ${MAX_FUNCTION_LINES} lines in a feature`, () => {
    const long: string[] = [];
    for (const file of files.filter((f) => featureOf(f) && !rel(f).endsWith('/handlers.ts'))) {
      const source = ts.createSourceFile(file, text.get(file)!, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
          const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (last - first + 1 > MAX_FUNCTION_LINES) long.push(`${rel(file)}:${first + 1} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});
