// Message attachments (Slack's format, as Mattermost keeps them in props.attachments), as pure
// functions: reading them safely from a post, laying out their fields, and their colour.

export interface AttachmentField {
    title: string;
    value: string;
    short: boolean;
}

export interface ActionOption {
    text: string;
    value: string;
}

export interface AttachmentAction {
    id: string;
    name: string;
    type: 'button' | 'select';
    style: string;
    options: ActionOption[];
    dataSource: string;
    defaultOption: string;
}

export interface Attachment {
    color: string;
    pretext: string;
    authorName: string;
    authorIcon: string;
    authorLink: string;
    title: string;
    titleLink: string;
    text: string;
    fields: AttachmentField[];
    imageUrl: string;
    thumbUrl: string;
    footer: string;
    footerIcon: string;
    /** Seconds since the epoch (Slack's ts), or 0. */
    ts: number;
    actions: AttachmentAction[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

function toAction(raw: unknown): AttachmentAction | null {
    if (!raw || typeof raw !== 'object') {
        return null;
    }
    const a = raw as Record<string, unknown>;
    const id = str(a.id);
    if (!id) {
        return null;
    }
    const options = Array.isArray(a.options)
        ? a.options.filter((o): o is Record<string, unknown> => Boolean(o) && typeof o === 'object').map((o) => ({text: str(o.text), value: str(o.value)}))
        : [];
    return {id, name: str(a.name), type: a.type === 'select' ? 'select' : 'button', style: str(a.style), options, dataSource: str(a.data_source), defaultOption: str(a.default_option)};
}

function toAttachment(raw: unknown): Attachment | null {
    if (!raw || typeof raw !== 'object') {
        return null;
    }
    const a = raw as Record<string, unknown>;
    const fields = Array.isArray(a.fields)
        ? a.fields
              .filter((f): f is Record<string, unknown> => Boolean(f) && typeof f === 'object')
              .map((f) => ({title: str(f.title), value: str(f.value), short: f.short === true || f.short === 'true'}))
              .filter((f) => f.title || f.value)
        : [];
    const ts = typeof a.ts === 'number' ? a.ts : Number.parseFloat(str(a.ts)) || 0;
    return {
        color: str(a.color),
        pretext: str(a.pretext),
        authorName: str(a.author_name),
        authorIcon: str(a.author_icon),
        authorLink: str(a.author_link),
        title: str(a.title),
        titleLink: str(a.title_link),
        text: str(a.text) || (str(a.pretext) || str(a.title) || fields.length ? '' : str(a.fallback)),
        fields,
        imageUrl: str(a.image_url),
        thumbUrl: str(a.thumb_url),
        footer: str(a.footer),
        footerIcon: str(a.footer_icon),
        ts,
        actions: Array.isArray(a.actions) ? a.actions.map(toAction).filter((x): x is AttachmentAction => x !== null) : [],
    };
}

/** The attachments of a post's props (tolerating anything malformed). */
export function readAttachments(props: unknown): Attachment[] {
    if (!props || typeof props !== 'object') {
        return [];
    }
    const list = (props as Record<string, unknown>).attachments;
    return Array.isArray(list) ? list.map(toAttachment).filter((x): x is Attachment => x !== null) : [];
}

/** Fields in rows as Mattermost lays them out: two short fields share a row, a long one is alone. */
export function fieldRows(fields: AttachmentField[]): AttachmentField[][] {
    const rows: AttachmentField[][] = [];
    let half: AttachmentField[] | null = null;
    for (const f of fields) {
        if (f.short) {
            if (half) {
                half.push(f);
                half = null;
            } else {
                half = [f];
                rows.push(half);
            }
        } else {
            half = null;
            rows.push([f]);
        }
    }
    return rows;
}

const NAMED: Record<string, string> = {good: 'var(--online)', warning: 'var(--away)', danger: 'var(--danger)'};

/** The bar's colour: Slack's names map to theme colours; #rgb/#rrggbb pass; anything else is the border. */
export function barColor(color: string): string {
    if (NAMED[color]) {
        return NAMED[color];
    }
    if (/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) {
        return color.startsWith('#') ? color : `#${color}`;
    }
    return 'var(--border)';
}

/** Only http(s) links and images are used; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string): string {
    return /^https?:\/\//i.test(url) ? url : '';
}

/** Who a webhook or bot post shows as: the override name and icon, if the post came from a webhook. */
export function postOverride(props: unknown): {username: string; iconUrl: string; fromWebhook: boolean; fromBot: boolean} {
    const p = props && typeof props === 'object' ? (props as Record<string, unknown>) : {};
    const fromWebhook = p.from_webhook === 'true' || p.from_webhook === true;
    return {
        username: fromWebhook ? str(p.override_username) : '',
        iconUrl: fromWebhook ? safeUrl(str(p.override_icon_url)) : '',
        fromWebhook,
        fromBot: p.from_bot === 'true' || p.from_bot === true,
    };
}
