import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { App } from './App.js';
import { languageOf, translator } from './i18n.js';
import { connectToHost, onThemeChange, type Host, type ThemeName } from './teams.js';
import { boardApi } from './api.js';

const THEMES: Record<ThemeName, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Light, dark and high contrast follow Teams (and change with it while the tab is open). */
function Root({ host }: { host: Host }) {
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => onThemeChange(host, setTheme), [host]);
  const language = languageOf(host.locale);
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dataset.theme = theme;
  }, [language, theme]);
  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }}>
      <App host={host} language={language} t={translator(language)} api={boardApi(host, language)} theme={theme} />
    </FluentProvider>
  );
}

const host = await connectToHost();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root host={host} />
  </StrictMode>,
);
