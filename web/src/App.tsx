// Picks the screen for the current state: loading, signed out, team setup, or the app.

import {ErrorNote} from './components/ErrorNote';
import {ForgotPasswordScreen, LoginScreen, ResetPasswordScreen, SignupScreen} from './screens/AuthScreen';
import {MainScreen} from './screens/MainScreen';
import {TeamSetupScreen} from './screens/TeamSetupScreen';
import {Icon} from './components/Icon';
import {start} from './store/actions';
import {useStore} from './store/store';
import {t} from './strings';

export function App() {
    const boot_ = useStore((s) => s.boot);
    const me = useStore((s) => s.me);
    const route = useStore((s) => s.route);
    const online = useStore((s) => s.online);
    if (boot_.status === 'loading') {
        return <div className='splash' aria-busy='true' aria-label={t.loading} />;
    }
    if (boot_.status === 'error') {
        const offline = !online || boot_.error?.status === 0;
        return (
            <main className='auth'>
                <div className='auth__card'>
                    {offline ? (
                        <div className='offline' role='alert'>
                            <Icon name='alert' size={28} />
                            <h1>{t.offlineTitle}</h1>
                            <p>{t.offlineLead}</p>
                            <button type='button' className='button' onClick={() => void start()}>
                                {t.retry}
                            </button>
                        </div>
                    ) : (
                        <ErrorNote title={t.errorNetwork} error={boot_.error} onRetry={() => void start()} />
                    )}
                </div>
            </main>
        );
    }
    if (!me) {
        switch (route.name) {
            case 'signup':
                return <SignupScreen />;
            case 'reset_password':
                return <ForgotPasswordScreen />;
            case 'reset_password_complete':
                return <ResetPasswordScreen />;
            default:
                return <LoginScreen />;
        }
    }
    if (route.name === 'create_team' || route.name === 'select_team') {
        return <TeamSetupScreen mode={route.name === 'create_team' ? 'create' : 'select'} />;
    }
    return <MainScreen />;
}
