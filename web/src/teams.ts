/**
 * teams-js is loaded only where Teams may be hosting the page: on load it fetches Teams' list of valid domains,
 * which a plain browser (npm start, tests) neither needs nor can always reach.
 */
const teams = () => import('@microsoft/teams-js');

export type ThemeName = 'default' | 'dark' | 'contrast';

/** Where the page runs: inside Teams (a tab), or a plain browser (`npm start`, tests). */
export type Host = {
  inTeams: boolean;
  locale: string;
  theme: ThemeName;
  /** The channel tab's settings page (Teams asks which programme the tab shows). */
  configuring: boolean;
  /** The programme a channel tab was set up to show, or one named in the address. */
  programmeId?: string;
};

const query = new URLSearchParams(window.location.search);

function themeName(value: string | null | undefined): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** Teams hosts tabs in a frame (web, desktop) or a native web view (mobile); anywhere else there is no Teams to ask. */
function maybeInTeams(): boolean {
  return window.self !== window.top || 'nativeInterface' in window;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

export async function connectToHost(): Promise<Host> {
  const programmeId = query.get('programme') ?? undefined;
  if (maybeInTeams()) {
    try {
      const { app, FrameContexts } = await teams();
      await withTimeout(app.initialize(), 5000);
      const context = await app.getContext();
      return {
        inTeams: true,
        locale: context.app.locale,
        theme: themeName(context.app.theme),
        configuring: context.page.frameContext === FrameContexts.settings,
        ...(programmeId ? { programmeId } : {}),
      };
    } catch {
      // Framed by something that is not Teams: carry on as a plain page.
    }
  }
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return {
    inTeams: false,
    locale: query.get('lang') ?? navigator.language,
    theme: themeName(query.get('theme') ?? (prefersDark ? 'dark' : 'default')),
    configuring: query.get('view') === 'config',
    ...(programmeId ? { programmeId } : {}),
  };
}

export function onThemeChange(host: Host, change: (theme: ThemeName) => void): void {
  if (host.inTeams)
    void teams().then(({ app }) => app.registerOnThemeChangeHandler((theme) => change(themeName(theme))));
}

/** The single sign-on token Teams gives the tab (cached and renewed by Teams); none outside Teams. */
export async function signInToken(host: Host): Promise<string | undefined> {
  if (!host.inTeams) return undefined;
  const { authentication } = await teams();
  return authentication.getAuthToken();
}

/** The channel tab's settings: saving fixes the tab to one programme. */
export async function offerTabConfig(
  programme: { programmeId: string; name: string } | undefined,
  title: string,
): Promise<void> {
  const { pages } = await teams();
  pages.config.setValidityState(programme !== undefined);
  if (!programme) return;
  pages.config.registerOnSaveHandler((save) => {
    const contentUrl = `${window.location.origin}/board/?programme=${encodeURIComponent(programme.programmeId)}`;
    pages.config
      .setConfig({
        entityId: `board-${programme.programmeId}`,
        contentUrl,
        websiteUrl: contentUrl,
        suggestedDisplayName: title,
      })
      .then(
        () => save.notifySuccess(),
        () => save.notifyFailure(),
      );
  });
}
