// Light, dark or follow the system: the choice is kept in localStorage and applied as
// `data-theme` on <html>; colours themselves live in tokens.css as CSS variables.

export type ThemePreference = 'light' | 'dark' | 'system';

const KEY = 'outpost.theme';
const media = () => window.matchMedia?.('(prefers-color-scheme: dark)');

export function loadThemePreference(): ThemePreference {
    const v = window.localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

export function saveThemePreference(pref: ThemePreference): void {
    window.localStorage.setItem(KEY, pref);
}

export function resolveTheme(pref: ThemePreference, systemDark: boolean): 'light' | 'dark' {
    if (pref === 'system') {
        return systemDark ? 'dark' : 'light';
    }
    return pref;
}

let unwatch: (() => void) | null = null;

export function applyTheme(pref: ThemePreference): void {
    unwatch?.();
    unwatch = null;
    const mq = media();
    const set = () => {
        document.documentElement.dataset.theme = resolveTheme(pref, mq?.matches ?? false);
    };
    set();
    if (pref === 'system' && mq) {
        mq.addEventListener('change', set);
        unwatch = () => mq.removeEventListener('change', set);
    }
}
