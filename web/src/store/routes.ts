// URLs of the client, as Mattermost's web app spells them, so links are interchangeable:
//   /login, /signup_user_complete, /create_team, /select_team,
//   /{team}/channels/{channel-name}, /{team}/messages/@{username}, /{team}/messages/{gm-name},
//   /{team}/pl/{post-id} (a permalink: opens the post's channel at that post), /{team}/threads
// A team's invite link is Mattermost's too: /signup_user_complete/?id={invite-id}; the sign-in page
// reached from it keeps the invite (/login?id={invite-id}) so an existing account joins the team.
// A forgotten password: /reset_password asks for the e-mail; the server mails a link to
// /reset_password_complete?token={token}, where the new password is set.

export type Route =
    | {name: 'root'}
    | {name: 'login'; inviteId?: string}
    | {name: 'signup'; inviteId?: string}
    | {name: 'reset_password'}
    | {name: 'reset_password_complete'; token: string}
    | {name: 'create_team'}
    | {name: 'select_team'}
    | {name: 'team'; team: string}
    | {name: 'channel'; team: string; channel: string}
    | {name: 'dm'; team: string; username: string}
    | {name: 'permalink'; team: string; postId: string}
    | {name: 'threads'; team: string};

const decode = (s: string) => {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
};

/** The route of a path, which may end in a query (`location.pathname + location.search`). */
export function parseRoute(path: string): Route {
    const [pathname = '', query = ''] = path.split('?', 2);
    const parts = pathname.split('/').filter(Boolean).map(decode);
    const [first, second, third] = parts;
    const params = new URLSearchParams(query);
    const inviteId = params.get('id') || undefined;
    switch (first) {
        case undefined:
            return {name: 'root'};
        case 'login':
            return inviteId ? {name: 'login', inviteId} : {name: 'login'};
        case 'signup_user_complete':
        case 'signup_email':
            return inviteId ? {name: 'signup', inviteId} : {name: 'signup'};
        case 'reset_password':
            return {name: 'reset_password'};
        case 'reset_password_complete':
            return {name: 'reset_password_complete', token: params.get('token') ?? ''};
        case 'create_team':
            return {name: 'create_team'};
        case 'select_team':
            return {name: 'select_team'};
    }
    if (second === 'pl' && third) {
        return {name: 'permalink', team: first, postId: third};
    }
    if (second === 'threads') {
        return {name: 'threads', team: first};
    }
    if (second === 'channels' && third) {
        return {name: 'channel', team: first, channel: third};
    }
    if (second === 'messages' && third) {
        return third.startsWith('@') ? {name: 'dm', team: first, username: third.slice(1)} : {name: 'channel', team: first, channel: third};
    }
    return {name: 'team', team: first};
}

export function formatRoute(route: Route): string {
    const enc = encodeURIComponent;
    switch (route.name) {
        case 'root':
            return '/';
        case 'login':
            return route.inviteId ? `/login?id=${enc(route.inviteId)}` : '/login';
        case 'signup':
            return route.inviteId ? `/signup_user_complete/?id=${enc(route.inviteId)}` : '/signup_user_complete';
        case 'reset_password':
            return '/reset_password';
        case 'reset_password_complete':
            return `/reset_password_complete?token=${enc(route.token)}`;
        case 'create_team':
            return '/create_team';
        case 'select_team':
            return '/select_team';
        case 'team':
            return `/${enc(route.team)}`;
        case 'channel':
            return `/${enc(route.team)}/channels/${enc(route.channel)}`;
        case 'dm':
            return `/${enc(route.team)}/messages/@${enc(route.username)}`;
        case 'permalink':
            return `/${enc(route.team)}/pl/${enc(route.postId)}`;
        case 'threads':
            return `/${enc(route.team)}/threads`;
    }
}

/** Routes that need no session. */
export function isPublicRoute(route: Route): boolean {
    return route.name === 'login' || route.name === 'signup' || route.name === 'reset_password' || route.name === 'reset_password_complete';
}
