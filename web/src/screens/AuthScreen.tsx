// Signed-out screens: first-run setup (the first account becomes admin), sign-up, sign-in, and a
// forgotten password (ask for the link, then set the new one).

import {useState} from 'react';
import type {FormEvent, ReactNode} from 'react';

import {api} from '../api/client';
import type {ApiError} from '../api/client';
import {FormError} from '../components/ErrorNote';
import {login, navigate, signUp} from '../store/actions';
import {setState} from '../store/store';
import {formatRoute} from '../store/routes';
import type {Route} from '../store/routes';
import {useStore} from '../store/store';
import type {AppState} from '../store/store';
import {t} from '../strings';

function AuthFrame({title, lead, children, footer}: {title: string; lead: string; children: ReactNode; footer: ReactNode}) {
    return (
        <main className='auth'>
            <div className='auth__card'>
                <div className='auth__brand'>
                    <img src='/favicon.svg' alt='' width={40} height={40} />
                    <span>{t.productName}</span>
                </div>
                <h1>{title}</h1>
                <p className='auth__lead'>{lead}</p>
                {children}
            </div>
            <p className='auth__footer'>{footer}</p>
        </main>
    );
}

/** A signed-out screen's form: its fields, what the server refused, and the button. */
function AuthForm({onSubmit, busy, error, label, children}: {onSubmit: (e: FormEvent) => void; busy: boolean; error: ApiError | null; label: string; children: ReactNode}) {
    return (
        <form className='form' onSubmit={onSubmit}>
            {children}
            <FormError error={error} />
            <button className='button button--primary button--block' type='submit' disabled={busy}>
                {label}
            </button>
        </form>
    );
}

function Field({label, hint, ...input}: {label: string; hint?: string} & React.InputHTMLAttributes<HTMLInputElement>) {
    return (
        <label className='field'>
            <span className='field__label'>{label}</span>
            <input className='input' {...input} />
            {hint && <span className='field__hint'>{hint}</span>}
        </label>
    );
}

function useSubmit(run: () => Promise<void>): [boolean, ApiError | null, (e: FormEvent) => void] {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        run().catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return [busy, error, submit];
}

/** Whether anyone may create an account without an invite: the server refuses it unless both
 * account creation and the open server are on (the open server is off by default). */
const openSignUp = (s: AppState) => s.config.EnableUserCreation !== 'false' && s.config.EnableOpenServer === 'true';

export function LoginScreen() {
    const notice = useStore((s) => s.authNotice);
    // Reached from an invite link: signing in joins the team, and signing up works when closed.
    const inviteId = useStore((s) => (s.route.name === 'login' ? s.route.inviteId : undefined));
    const canSignUp = useStore(openSignUp) || Boolean(inviteId);
    const [loginId, setLoginId] = useState('');
    const [password, setPassword] = useState('');
    const [busy, error, submit] = useSubmit(() => login(loginId.trim(), password));
    return (
        <AuthFrame
            title={t.loginTitle}
            lead={t.loginLead}
            footer={
                canSignUp && (
                    <>
                        {t.noAccount}{' '}
                        <a href={formatRoute({name: 'signup', inviteId})} onClick={(e) => (e.preventDefault(), navigate({name: 'signup', inviteId}))}>
                            {t.signUpLink}
                        </a>
                    </>
                )
            }
        >
            {notice && (
                <p className='auth__notice' role='status'>
                    {notice === 'session-expired' ? t.sessionExpired : notice === 'password-reset' ? t.passwordWasReset : t.signedOut}
                </p>
            )}
            <AuthForm onSubmit={submit} busy={busy} error={error} label={busy ? t.signingIn : t.signIn}>
                <Field label={t.loginId} name='login_id' autoComplete='username' autoFocus required value={loginId} onChange={(e) => setLoginId(e.target.value)} />
                <Field label={t.password} name='password' type='password' autoComplete='current-password' required value={password} onChange={(e) => setPassword(e.target.value)} />
            </AuthForm>
            <p className='auth__aside'>
                <RouteLink route={{name: 'reset_password'}}>{t.forgotPassword}</RouteLink>
            </p>
        </AuthFrame>
    );
}

function RouteLink({route, children}: {route: Route; children: ReactNode}) {
    return (
        <a href={formatRoute(route)} onClick={(e) => (e.preventDefault(), navigate(route))}>
            {children}
        </a>
    );
}

/** "Forgot your password?": the address to mail the link to. */
export function ForgotPasswordScreen() {
    const [email, setEmail] = useState('');
    const [sentTo, setSentTo] = useState<string | null>(null);
    const [busy, error, submit] = useSubmit(async () => {
        await api.sendPasswordReset(email.trim());
        setSentTo(email.trim());
    });
    return (
        <AuthFrame title={t.resetTitle} lead={t.resetLead} footer={<RouteLink route={{name: 'login'}}>{t.resetBack}</RouteLink>}>
            {sentTo ? (
                <p className='auth__notice' role='status'>
                    {t.resetSent(sentTo)}
                </p>
            ) : (
                <AuthForm onSubmit={submit} busy={busy} error={error} label={busy ? t.resetSending : t.resetSend}>
                    <Field label={t.email} name='email' type='email' autoComplete='email' autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
                </AuthForm>
            )}
        </AuthFrame>
    );
}

/** The link from the e-mail: the new password, then sign in with it. */
export function ResetPasswordScreen() {
    const token = useStore((s) => (s.route.name === 'reset_password_complete' ? s.route.token : ''));
    const minLength = Number(useStore((s) => s.config.PasswordMinimumLength) ?? 8) || 8;
    const [password, setPassword] = useState('');
    const [busy, error, submit] = useSubmit(async () => {
        await api.resetPassword(token, password);
        setState({authNotice: 'password-reset'});
        navigate({name: 'login'}, true);
    });
    return (
        <AuthFrame title={t.newPasswordTitle} lead={t.newPasswordLead} footer={<RouteLink route={{name: 'reset_password'}}>{t.forgotPassword}</RouteLink>}>
            {!token ? (
                <p className='auth__notice'>{t.resetNoToken}</p>
            ) : (
                <AuthForm onSubmit={submit} busy={busy} error={error} label={t.setNewPassword}>
                    <Field
                        label={t.newPassword}
                        name='password'
                        type='password'
                        autoComplete='new-password'
                        autoFocus
                        required
                        minLength={minLength}
                        hint={t.passwordHint(minLength)}
                        value={password}
                        onChange={(e) => setPassword(e.target.value)}
                    />
                </AuthForm>
            )}
        </AuthFrame>
    );
}

export function SignupScreen() {
    const firstRun = useStore((s) => s.config.NoAccounts === 'true');
    const minLength = Number(useStore((s) => s.config.PasswordMinimumLength) ?? 8) || 8;
    // An invite link's sign-up joins the team, and works where open sign-up is off.
    const inviteId = useStore((s) => (s.route.name === 'signup' ? s.route.inviteId : undefined));
    const closed = !useStore(openSignUp) && !firstRun && !inviteId;
    const [email, setEmail] = useState('');
    const [username, setUsername] = useState('');
    const [password, setPassword] = useState('');
    const [busy, error, submit] = useSubmit(() => signUp(username.trim().toLowerCase(), email.trim(), password, inviteId));
    return (
        <AuthFrame
            title={firstRun ? t.setupTitle : t.signupTitle}
            lead={firstRun ? t.setupLead : inviteId ? t.invitedLead : t.signupLead}
            footer={
                <>
                    {t.haveAccount}{' '}
                    <a href={formatRoute({name: 'login', inviteId})} onClick={(e) => (e.preventDefault(), navigate({name: 'login', inviteId}))}>
                        {t.signInLink}
                    </a>
                </>
            }
        >
            {closed ? (
                <p className='auth__notice'>{t.signupClosed}</p>
            ) : (
                <AuthForm onSubmit={submit} busy={busy} error={error} label={busy ? t.creatingAccount : t.createAccount}>
                    <Field label={t.email} name='email' type='email' autoComplete='email' autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
                    <Field label={t.username} name='username' autoComplete='username' required hint={t.usernameHint} value={username} onChange={(e) => setUsername(e.target.value)} />
                    <Field
                        label={t.password}
                        name='password'
                        type='password'
                        autoComplete='new-password'
                        required
                        minLength={minLength}
                        hint={t.passwordHint(minLength)}
                        value={password}
                        onChange={(e) => setPassword(e.target.value)}
                    />
                </AuthForm>
            )}
        </AuthFrame>
    );
}
