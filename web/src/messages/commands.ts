// Slash commands, as pure functions: whether a message is a command, and where a command's
// goto_location leads (inside the app, or another site).

/** A message starting with `/` runs as a command; `//` at the start sends a literal slash. */
export function isCommand(message: string): boolean {
    return message.startsWith('/') && !message.startsWith('//') && message.length > 1 && !/^\/\s/.test(message);
}

/** Commands the client runs itself instead of the server (like Mattermost's web client):
 * `/search words` searches the team and shows the results in the right-hand pane. */
export function localCommand(message: string): {name: 'search'; terms: string} | null {
    const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(message.trim());
    if (!m || m[1]?.toLowerCase() !== 'search') {
        return null;
    }
    return {name: 'search', terms: (m[2] ?? '').trim()};
}

/** A command's goto_location: a path of this site (to route to), or an external URL (to open). */
export function gotoTarget(location: string, origin: string): {internal: string} | {external: string} | null {
    if (!location) {
        return null;
    }
    let url: URL;
    try {
        url = new URL(location, origin);
    } catch {
        return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return null;
    }
    return url.origin === origin ? {internal: url.pathname} : {external: url.toString()};
}
