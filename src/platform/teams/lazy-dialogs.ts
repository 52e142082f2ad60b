import { createRequire } from 'node:module';

/**
 * teams-ai's `Application` always loads its sign-in module, which loads `botbuilder-dialogs` and with it the
 * number, date and choice recognizers of every language its prompts support: about 38 MB of memory at start, a
 * quarter of the bot's. The bot never signs anyone in through teams-ai (the board checks its own tokens), so
 * teams-ai is handed a stand-in that serves the two names its modules use while loading (`Dialog`, which
 * `TeamsSsoPrompt` extends, and `DialogTurnStatus`) from their own light modules, and loads the real package the
 * first time anything else is asked for. Behaviour is unchanged; only the moment of loading moves.
 *
 * Imported for its effect by `teams-ai.ts`, before teams-ai itself.
 */
const require = createRequire(import.meta.url);
const LIGHT: Record<string, () => unknown> = {
  Dialog: () => (require('botbuilder-dialogs/lib/dialog.js') as Record<string, unknown>).Dialog,
  DialogTurnStatus: () => (require('botbuilder-dialogs/lib/dialog.js') as Record<string, unknown>).DialogTurnStatus,
};

type CachedModule = NonNullable<(typeof require.cache)[string]>;

function installStandIn(): void {
  const path = require.resolve('botbuilder-dialogs');
  if (require.cache[path]) return; // already loaded for real (a test, or someone else first): nothing to save
  let real: Record<string | symbol, unknown> | undefined;
  const loadReal = (): Record<string | symbol, unknown> => {
    if (!real) {
      delete require.cache[path];
      real = require(path) as Record<string | symbol, unknown>;
      require.cache[path] = standIn; // later requires keep getting the stand-in, which now forwards everything
    }
    return real;
  };
  const exports = new Proxy(
    {},
    {
      get: (_target, name) => (typeof name === 'string' && !real && name in LIGHT ? LIGHT[name]!() : loadReal()[name]),
      has: (_target, name) => name in loadReal(),
      ownKeys: () => Reflect.ownKeys(loadReal()),
      getOwnPropertyDescriptor: (_target, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(loadReal(), name);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const standIn = {
    id: path,
    filename: path,
    loaded: true,
    exports,
    children: [],
    paths: [],
  } as unknown as CachedModule;
  require.cache[path] = standIn;
}

installStandIn();
