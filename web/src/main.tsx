import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';

import {App} from './App';
import {boot} from './store/actions';
import {parseRoute} from './store/routes';
import {createStore, initialState} from './store/store';
import {applyTheme, loadThemePreference} from './theme/theme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/auth.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/channel.css';
import './styles/overlays.css';
import './styles/posts.css';
import './styles/threads.css';
import './styles/files.css';
import './styles/search.css';

const theme = loadThemePreference();
applyTheme(theme);
createStore(initialState(theme, parseRoute(window.location.pathname + window.location.search)));

const root = document.getElementById('root');
if (root) {
    createRoot(root).render(
        <StrictMode>
            <App />
        </StrictMode>,
    );
}
void boot();

// The service worker keeps the shell for offline starts (production builds only: in `vite dev`
// it would cache modules that change on every edit).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    window.addEventListener('load', () => {
        navigator.serviceWorker.register('/sw.js').catch(() => undefined);
    });
}
