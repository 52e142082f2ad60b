import { localeResources, LANGUAGES } from '../i18n.js';

/**
 * Text commands work in Swedish and English whatever the person's Teams language, so the aliases of every
 * language (locales/<language>/commands.json) are matched together. The app manifest declares the same words.
 */
export type CommandMatch = { commandId: string; argument: string };

type Alias = { commandId: string; words: string };

function loadAliases(): Alias[] {
  const aliases: Alias[] = [];
  for (const language of LANGUAGES) {
    const commands = (localeResources()[language].commands ?? {}) as Record<string, { aliases?: string[] }>;
    for (const [commandId, { aliases: words = [] }] of Object.entries(commands)) {
      for (const word of words) {
        const normalized = normalizeCommandText(word);
        if (normalized) aliases.push({ commandId, words: normalized });
      }
    }
  }
  // Longest first, so "mina grupper" wins over a shorter alias that starts the same way.
  return aliases.sort((a, b) => b.words.length - a.words.length);
}

const aliases = loadAliases();

/** Lower case, single spaces, no leading slash or trailing punctuation: "  Hjälp! " reads as "hjälp". */
export function normalizeCommandText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/[\u00a0\s]+/g, ' ')
    .trim()
    .replace(/^\//, '')
    .replace(/[.!?]+$/, '')
    .toLowerCase();
}

export function matchCommand(text: string | undefined): CommandMatch | undefined {
  const normalized = normalizeCommandText(text ?? '');
  for (const alias of aliases) {
    if (normalized === alias.words || normalized.startsWith(alias.words + ' ')) {
      return { commandId: alias.commandId, argument: normalized.slice(alias.words.length).trim() };
    }
  }
  return undefined;
}

export function knownCommandIds(): string[] {
  return [...new Set(aliases.map((alias) => alias.commandId))];
}
