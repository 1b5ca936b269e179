// Wire-compatibility suite: the official Mattermost JS client (`Client4` from @mattermost/client)
// driven against a running Outpost server.
//
//   OUTPOST_URL=http://127.0.0.1:8065 node --test test/
//
// The server must be fresh (empty database): the first user created becomes the system admin.
// Every test calls only public Client4 methods, exactly as the Mattermost web and mobile apps do,
// and asserts on the response shapes those apps rely on.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import mattermostClient from '@mattermost/client';
import {WebSocket as NodeWebSocket} from 'ws';

const {Client4, ClientError, WebSocketClient} = mattermostClient;

// Node 20 has no global WebSocket: the official WebSocketClient is given the `ws` package's, the way
// it is meant to be in non-browser environments (its `newWebSocketFn` option).
globalThis.WebSocket ??= NodeWebSocket;

const URL = (process.env.OUTPOST_URL || '').replace(/\/+$/, '');
const ID_RE = /^[a-z0-9]{26}$/;
const PASSWORD = 'Compat-Passw0rd!';
// A 1×1 PNG.
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

// Unique per run, so the suite never collides with itself (lowercase letters and digits only).
const RUN = Math.random().toString(36).slice(2, 8).replace(/^[0-9]/, 'x');

function newClient() {
    const client = new Client4();
    client.setUrl(URL);
    return client;
}

function need(value, what) {
    if (!value) {
        throw new Error(`prerequisite missing: ${what} (an earlier step failed)`);
    }
    return value;
}

function assertId(value, what) {
    assert.equal(typeof value, 'string', `${what} should be a string`);
    assert.match(value, ID_RE, `${what} should be a 26-character Mattermost id`);
}

function assertEpochMs(value, what) {
    assert.equal(typeof value, 'number', `${what} should be a number`);
    // Milliseconds, not seconds: later than 2020-01-01 in ms.
    assert.ok(value > 1577836800000, `${what} should be epoch milliseconds, got ${value}`);
}

function roleList(roles) {
    assert.equal(typeof roles, 'string', 'roles should be a space-separated string');
    return roles.split(' ').filter(Boolean);
}

function assertSanitizedUser(user, what) {
    assertId(user.id, `${what}.id`);
    assert.ok(user.password === undefined || user.password === '', `${what} must not expose the password hash`);
    assertEpochMs(user.create_at, `${what}.create_at`);
    assert.equal(typeof user.username, 'string');
    assert.equal(typeof user.roles, 'string');
}

// Asserts that `promise` rejects with a Client4 ClientError carrying the given HTTP status (and
// Mattermost error id, when given). Returns the error for further checks.
async function expectClientError(promise, statusCode, serverErrorId) {
    let caught;
    try {
        const value = await promise;
        assert.fail(`expected an HTTP ${statusCode} error, but the call succeeded with ${JSON.stringify(value)?.slice(0, 300)}`);
    } catch (err) {
        if (err instanceof assert.AssertionError) {
            throw err;
        }
        caught = err;
    }
    assert.ok(caught instanceof ClientError, `expected a ClientError, got ${caught?.name}: ${caught?.message}`);
    assert.equal(caught.status_code, statusCode, `status_code (server_error_id=${caught.server_error_id}, message=${caught.message})`);
    assert.equal(typeof caught.server_error_id, 'string', 'error body should carry an "id"');
    assert.ok(caught.server_error_id.length > 0, 'error body "id" should not be empty');
    assert.equal(typeof caught.message, 'string');
    assert.ok(caught.message.length > 0, 'error body should carry a "message"');
    if (serverErrorId) {
        assert.equal(caught.server_error_id, serverErrorId);
    }
    return caught;
}

const s = {
    admin: null, // the user object from createUser
    u2: null,
    u3: null,
    team: null,
    townSquare: null,
    publicChannel: null,
    privateChannel: null,
    dm: null,
    gm: null,
};

describe('Client4 against Outpost', {concurrency: false}, () => {
    const client = newClient();

    before(() => {
        assert.ok(URL, 'set OUTPOST_URL to the base URL of a running Outpost server, e.g. http://127.0.0.1:8065');
    });

    after(async () => {
        // Best effort: never leave a session behind if a test failed before logout.
        if (client.getToken()) {
            await client.logout().catch(() => {});
        }
    });

    test('ping(false) answers status OK', async () => {
        const res = await client.ping(false);
        assert.equal(typeof res, 'object', 'ping should return a JSON object');
        assert.equal(res.status, 'OK');
    });

    test('getClientConfig (format=old) describes a Mattermost 10.11 server', async () => {
        // Client4 11.x names it getClientConfig; it requests /config/client?format=old, the shape
        // formerly fetched by getClientConfigOld.
        const cfg = await client.getClientConfig();
        assert.equal(typeof cfg, 'object');
        assert.equal(typeof cfg.Version, 'string');
        assert.ok(cfg.Version.startsWith('10.11'), `Version should start with 10.11, got ${cfg.Version}`);
        assert.equal(cfg.SiteURL, URL, 'SiteURL should be the --site-url the server was started with');
        assert.equal(typeof cfg.SiteName, 'string');
        assert.ok(cfg.SiteName.length > 0, 'SiteName should not be empty');
        for (const [key, value] of Object.entries(cfg)) {
            assert.equal(typeof value, 'string', `format=old config values are all strings; ${key} is ${typeof value}`);
        }
    });

    test('getClientLicenseOld reports an unlicensed server', async () => {
        const license = await client.getClientLicenseOld();
        assert.equal(typeof license, 'object');
        assert.equal(license.IsLicensed, 'false');
        for (const [key, value] of Object.entries(license)) {
            assert.equal(typeof value, 'string', `format=old license values are all strings; ${key} is ${typeof value}`);
        }
    });

    test('unauthenticated getMe is rejected with 401', async () => {
        await expectClientError(newClient().getMe(), 401);
    });

    test('createUser: the first user becomes system_admin', async () => {
        const username = `admin${RUN}`;
        const user = await client.createUser({email: `${username}@example.com`, username, password: PASSWORD});
        assertSanitizedUser(user, 'created user');
        assert.equal(user.username, username);
        assert.equal(user.email, `${username}@example.com`);
        const roles = roleList(user.roles);
        assert.ok(roles.includes('system_admin'), `first user roles should include system_admin, got "${user.roles}"`);
        assert.ok(roles.includes('system_user'), `first user roles should include system_user, got "${user.roles}"`);
        s.admin = user;
    });

    test('login returns the user and a session token that authenticates later calls', async () => {
        const admin = need(s.admin, 'admin user');
        const profile = await client.login(admin.username, PASSWORD);
        assertSanitizedUser(profile, 'login response');
        assert.equal(profile.id, admin.id);
        assert.equal(profile.username, admin.username);
        const token = client.getToken();
        assert.equal(typeof token, 'string');
        assert.ok(token.length > 0, 'login should return a Token header that Client4 stores');
    });

    test('getMe returns the logged-in user; responses carry a 10.11 X-Version-Id', async () => {
        const admin = need(s.admin, 'admin user');
        const me = await client.getMe();
        assertSanitizedUser(me, 'me');
        assert.equal(me.id, admin.id);
        assert.equal(me.email, admin.email);
        assert.ok(roleList(me.roles).includes('system_admin'));
        const serverVersion = client.getServerVersion();
        assert.ok(serverVersion.startsWith('10.11.'), `X-Version-Id should start with 10.11., got "${serverVersion}"`);
    });

    test('wrong password: 401 api.user.login.invalid_credentials_email_username', async () => {
        const admin = need(s.admin, 'admin user');
        const other = newClient();
        await expectClientError(other.login(admin.username, 'not-the-password'), 401, 'api.user.login.invalid_credentials_email_username');
        assert.equal(other.getToken(), '', 'a failed login must not yield a token');
    });

    test('createTeam creates an open team', async () => {
        const admin = need(s.admin, 'admin user');
        const name = `compat-${RUN}`;
        const team = await client.createTeam({name, display_name: `Compat ${RUN}`, type: 'O'});
        assertId(team.id, 'team.id');
        assert.equal(team.name, name);
        assert.equal(team.display_name, `Compat ${RUN}`);
        assert.equal(team.type, 'O');
        assertEpochMs(team.create_at, 'team.create_at');
        assert.equal(team.delete_at, 0);
        assert.ok(team.email === undefined || team.email === '' || team.email === admin.email);
        s.team = team;
    });

    test('getMyTeams lists the new team', async () => {
        const team = need(s.team, 'team');
        const teams = await client.getMyTeams();
        assert.ok(Array.isArray(teams), 'getMyTeams should return an array');
        const found = teams.find((t) => t.id === team.id);
        assert.ok(found, 'the created team should be listed');
        assert.equal(found.name, team.name);
    });

    test('getMyTeamMembers: the creator is team admin', async () => {
        const team = need(s.team, 'team');
        const members = await client.getMyTeamMembers();
        assert.ok(Array.isArray(members), 'getMyTeamMembers should return an array');
        const member = members.find((m) => m.team_id === team.id);
        assert.ok(member, 'a membership in the created team should be listed');
        assert.equal(member.user_id, s.admin.id);
        const roles = roleList(member.roles);
        assert.ok(roles.includes('team_user'), `team member roles "${member.roles}" should include team_user`);
        assert.ok(roles.includes('team_admin'), `team member roles "${member.roles}" should include team_admin`);
        assert.equal(member.scheme_user, true);
        assert.equal(member.scheme_admin, true);
        assert.equal(member.delete_at, 0);
    });

    test('getChannelByName finds town-square in the new team', async () => {
        const team = need(s.team, 'team');
        const channel = await client.getChannelByName(team.id, 'town-square');
        assertId(channel.id, 'town-square id');
        assert.equal(channel.name, 'town-square');
        assert.equal(channel.display_name, 'Town Square');
        assert.equal(channel.team_id, team.id);
        assert.equal(channel.type, 'O');
        assert.equal(channel.delete_at, 0);
        s.townSquare = channel;
    });

    test('createChannel: public (O) and private (P)', async () => {
        const team = need(s.team, 'team');
        const pub = await client.createChannel({team_id: team.id, name: `pub-${RUN}`, display_name: `Public ${RUN}`, type: 'O', purpose: 'compat', header: ''});
        assertId(pub.id, 'public channel id');
        assert.equal(pub.type, 'O');
        assert.equal(pub.name, `pub-${RUN}`);
        assert.equal(pub.display_name, `Public ${RUN}`);
        assert.equal(pub.purpose, 'compat');
        assert.equal(pub.team_id, team.id);
        assert.equal(pub.creator_id, s.admin.id);
        assertEpochMs(pub.create_at, 'channel.create_at');
        s.publicChannel = pub;

        const priv = await client.createChannel({team_id: team.id, name: `priv-${RUN}`, display_name: `Private ${RUN}`, type: 'P'});
        assertId(priv.id, 'private channel id');
        assert.equal(priv.type, 'P');
        assert.equal(priv.name, `priv-${RUN}`);
        assert.equal(priv.team_id, team.id);
        assert.notEqual(priv.id, pub.id);
        s.privateChannel = priv;
    });

    test('getMyChannels lists town-square and both new channels', async () => {
        const team = need(s.team, 'team');
        const channels = await client.getMyChannels(team.id);
        assert.ok(Array.isArray(channels), 'getMyChannels should return an array');
        const ids = channels.map((c) => c.id);
        for (const [what, ch] of [['town-square', s.townSquare], ['public', s.publicChannel], ['private', s.privateChannel]]) {
            need(ch, `${what} channel`);
            assert.ok(ids.includes(ch.id), `${what} channel should be listed`);
        }
        for (const ch of channels) {
            assertId(ch.id, 'channel.id');
            assert.ok(['O', 'P', 'D', 'G'].includes(ch.type), `channel.type "${ch.type}"`);
        }
    });

    test('getMyChannelMembers has a membership for each channel', async () => {
        const team = need(s.team, 'team');
        const members = await client.getMyChannelMembers(team.id);
        assert.ok(Array.isArray(members), 'getMyChannelMembers should return an array');
        for (const ch of [s.townSquare, s.publicChannel, s.privateChannel]) {
            need(ch, 'channel');
            const m = members.find((x) => x.channel_id === ch.id);
            assert.ok(m, `membership for channel ${ch.name} should be listed`);
            assert.equal(m.user_id, s.admin.id);
            assert.equal(typeof m.roles, 'string');
            assert.ok(roleList(m.roles).includes('channel_user'), `channel member roles "${m.roles}" should include channel_user`);
            assert.equal(typeof m.msg_count, 'number');
            assert.equal(typeof m.mention_count, 'number');
            assert.equal(typeof m.last_viewed_at, 'number');
            assert.equal(typeof m.notify_props, 'object');
            assert.ok(m.notify_props !== null, 'notify_props should be an object');
        }
    });

    test('the admin creates two more users (regular users)', async () => {
        need(s.admin, 'admin session');
        for (const key of ['u2', 'u3']) {
            const username = `${key}${RUN}`;
            const user = await client.createUser({email: `${username}@example.com`, username, password: PASSWORD, first_name: key.toUpperCase(), last_name: 'Compat'});
            assertSanitizedUser(user, `created ${key}`);
            assert.equal(user.username, username);
            assert.notEqual(user.id, s.admin.id);
            const roles = roleList(user.roles);
            assert.ok(roles.includes('system_user'), `roles "${user.roles}" should include system_user`);
            assert.ok(!roles.includes('system_admin'), `a later user must not be system_admin, got "${user.roles}"`);
            s[key] = user;
        }
    });

    test('addToTeam adds the new users to the team', async () => {
        const team = need(s.team, 'team');
        for (const key of ['u2', 'u3']) {
            const user = need(s[key], key);
            const member = await client.addToTeam(team.id, user.id);
            assert.equal(member.team_id, team.id);
            assert.equal(member.user_id, user.id);
            assert.ok(roleList(member.roles).includes('team_user'), `roles "${member.roles}" should include team_user`);
            assert.ok(!roleList(member.roles).includes('team_admin'), `roles "${member.roles}" must not include team_admin`);
        }
    });

    test('addToChannel adds u2 to the public and private channels', async () => {
        const u2 = need(s.u2, 'u2');
        for (const ch of [need(s.publicChannel, 'public channel'), need(s.privateChannel, 'private channel')]) {
            const member = await client.addToChannel(u2.id, ch.id);
            assert.equal(member.channel_id, ch.id);
            assert.equal(member.user_id, u2.id);
            assert.ok(roleList(member.roles).includes('channel_user'));
        }
    });

    test('getChannelMembers lists both members of the private channel', async () => {
        const priv = need(s.privateChannel, 'private channel');
        const members = await client.getChannelMembers(priv.id);
        assert.ok(Array.isArray(members), 'getChannelMembers should return an array');
        const userIds = members.map((m) => m.user_id).sort();
        assert.deepEqual(userIds, [s.admin.id, s.u2.id].sort());
        for (const m of members) {
            assert.equal(m.channel_id, priv.id);
        }
    });

    test('createDirectChannel([me, u2]) creates a D channel named id__id, idempotently', async () => {
        const u2 = need(s.u2, 'u2');
        const me = s.admin.id;
        const dm = await client.createDirectChannel([me, u2.id]);
        assertId(dm.id, 'dm.id');
        assert.equal(dm.type, 'D');
        assert.equal(dm.team_id, '');
        assert.equal(dm.name, [me, u2.id].sort().join('__'));
        const again = await client.createDirectChannel([u2.id, me]);
        assert.equal(again.id, dm.id, 'creating the same DM again should return the existing channel');
        s.dm = dm;
    });

    test('createGroupChannel([me, u2, u3]) creates a G channel, idempotently', async () => {
        const u2 = need(s.u2, 'u2');
        const u3 = need(s.u3, 'u3');
        const gm = await client.createGroupChannel([s.admin.id, u2.id, u3.id]);
        assertId(gm.id, 'gm.id');
        assert.equal(gm.type, 'G');
        assert.equal(gm.team_id, '');
        assert.match(gm.name, /^[0-9a-f]{40}$/, 'a group channel name is a 40-hex-digit hash of the member ids');
        const again = await client.createGroupChannel([u3.id, s.admin.id, u2.id]);
        assert.equal(again.id, gm.id, 'creating the same group again should return the existing channel');

        const members = await client.getChannelMembers(gm.id);
        assert.ok(Array.isArray(members));
        assert.deepEqual(members.map((m) => m.user_id).sort(), [s.admin.id, u2.id, u3.id].sort());
        s.gm = gm;
    });

    test('getProfilesByIds returns exactly the requested users', async () => {
        const u2 = need(s.u2, 'u2');
        const u3 = need(s.u3, 'u3');
        const users = await client.getProfilesByIds([u2.id, u3.id]);
        assert.ok(Array.isArray(users), 'getProfilesByIds should return an array');
        assert.deepEqual(users.map((u) => u.id).sort(), [u2.id, u3.id].sort());
        for (const user of users) {
            assertSanitizedUser(user, 'profile');
        }
        assert.equal(users.find((u) => u.id === u2.id).username, u2.username);
    });

    test('searchUsers finds u2 by username', async () => {
        const u2 = need(s.u2, 'u2');
        const users = await client.searchUsers(u2.username, {});
        assert.ok(Array.isArray(users), 'searchUsers should return an array');
        const found = users.find((u) => u.id === u2.id);
        assert.ok(found, `searching "${u2.username}" should find u2`);
        assertSanitizedUser(found, 'search result');
        assert.ok(!users.some((u) => u.id === s.u3.id), 'u3 does not match the search term');
    });

    test('autocompleteUsers in the team finds users by prefix', async () => {
        const team = need(s.team, 'team');
        const u2 = need(s.u2, 'u2');
        const res = await client.autocompleteUsers(u2.username.slice(0, 6), team.id, '');
        assert.equal(typeof res, 'object');
        assert.ok(Array.isArray(res.users), 'autocomplete should return {users: [...]}');
        assert.ok(res.users.some((u) => u.id === u2.id), 'u2 should be suggested');
        assert.ok(!res.users.some((u) => u.id === s.u3.id), 'u3 does not match the prefix');
    });

    test('getChannelCategories has favorites, channels and direct_messages', async () => {
        const team = need(s.team, 'team');
        const res = await client.getChannelCategories(s.admin.id, team.id);
        assert.equal(typeof res, 'object');
        assert.ok(Array.isArray(res.categories), 'response should have categories: [...]');
        assert.ok(Array.isArray(res.order), 'response should have order: [...]');
        const byType = Object.fromEntries(res.categories.map((c) => [c.type, c]));
        for (const type of ['favorites', 'channels', 'direct_messages']) {
            const cat = byType[type];
            assert.ok(cat, `a "${type}" category should exist`);
            assert.equal(typeof cat.id, 'string');
            assert.equal(cat.user_id, s.admin.id);
            assert.equal(cat.team_id, team.id);
            assert.ok(Array.isArray(cat.channel_ids), `${type}.channel_ids should be an array`);
            assert.ok(res.order.includes(cat.id), `order should include the ${type} category id`);
        }
        const channelIds = byType.channels.channel_ids;
        for (const ch of [s.townSquare, s.publicChannel, s.privateChannel]) {
            assert.ok(channelIds.includes(need(ch, 'channel').id), `the channels category should contain ${ch.name}`);
        }
        const dmIds = byType.direct_messages.channel_ids;
        assert.ok(dmIds.includes(need(s.dm, 'dm').id), 'the direct_messages category should contain the DM');
        assert.ok(dmIds.includes(need(s.gm, 'gm').id), 'the direct_messages category should contain the group message');
    });

    test('savePreferences then getMyPreferences returns the saved value', async () => {
        const me = need(s.admin, 'admin').id;
        const prefs = [
            {user_id: me, category: 'display_settings', name: 'use_military_time', value: 'true'},
            {user_id: me, category: 'display_settings', name: 'channel_display_mode', value: 'centered'},
        ];
        const res = await client.savePreferences(me, prefs);
        assert.deepEqual(res, {status: 'OK'});
        const mine = await client.getMyPreferences();
        assert.ok(Array.isArray(mine), 'getMyPreferences should return an array');
        for (const p of prefs) {
            const found = mine.find((x) => x.category === p.category && x.name === p.name);
            assert.ok(found, `preference ${p.category}/${p.name} should be returned`);
            assert.equal(found.user_id, me);
            assert.equal(found.value, p.value);
        }
    });

    test('updateStatus then getStatus', async () => {
        const me = need(s.admin, 'admin').id;
        const updated = await client.updateStatus({user_id: me, status: 'away'});
        assert.equal(updated.user_id, me);
        assert.equal(updated.status, 'away');
        const status = await client.getStatus(me);
        assert.equal(status.user_id, me);
        assert.equal(status.status, 'away');
        assert.equal(status.manual, true, 'a status set by the user is manual');
        assert.equal(typeof status.last_activity_at, 'number');
    });

    test('a regular user may not read the server config: getConfig → 403', async () => {
        const u2 = need(s.u2, 'u2');
        const regular = newClient();
        const profile = await regular.login(u2.username, PASSWORD);
        assert.equal(profile.id, u2.id);
        assert.ok(!roleList(profile.roles).includes('system_admin'));
        await expectClientError(regular.getConfig(), 403, 'api.context.permissions.app_error');
        await regular.logout();
    });

    test('getChannel with an unknown 26-character id → 404', async () => {
        need(s.admin, 'admin session');
        await expectClientError(client.getChannel('abcdefghijkmnopqrstuwxyz12'), 404);
    });

    test('WebSocketClient: authentication challenge, hello, then posted for a new message', async () => {
        const channel = need(s.publicChannel, 'public channel');
        const ws = new WebSocketClient({newWebSocketFn: (url) => new NodeWebSocket(url)});
        const events = [];
        let missed = 0;
        ws.addMessageListener((msg) => events.push(msg));
        // As the web app does: told when the server could not resume the event stream.
        ws.addMissedMessageListener(() => {
            missed += 1;
        });
        const waitFor = async (pred, what) => {
            for (let i = 0; i < 100; i++) {
                const hit = events.find(pred);
                if (hit) {
                    return hit;
                }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            throw new Error(`no ${what} within 5 s; got: ${JSON.stringify(events.map((e) => e.event))}`);
        };
        try {
            ws.initialize(`${URL.replace(/^http/, 'ws')}/api/v4/websocket`, client.getToken());
            const hello = await waitFor((e) => e.event === 'hello', 'hello');
            assert.equal(hello.seq, 0);
            assertId(hello.data.connection_id, 'hello.data.connection_id');
            assert.ok(hello.data.server_version.startsWith('10.11.'), hello.data.server_version);
            assert.equal(ws.connectionId, hello.data.connection_id, 'the client keeps the connection id');

            const post = await client.createPost({channel_id: channel.id, message: `over the socket ${RUN}`});
            const posted = await waitFor((e) => e.event === 'posted' && JSON.parse(e.data.post).id === post.id, 'posted');
            assert.equal(posted.broadcast.channel_id, channel.id);
            assert.equal(posted.data.channel_type, 'O');
            const inner = JSON.parse(posted.data.post);
            assert.equal(inner.message, `over the socket ${RUN}`);
            // The client checks that every event's seq follows the previous one (it reconnects on a
            // gap); having stayed on one connection id proves the numbering was continuous.
            assert.equal(ws.connectionId, hello.data.connection_id);
            assert.equal(ws.serverSequence, events[events.length - 1].seq + 1);
            assert.equal(missed, 0, 'no missed-events resync');
        } finally {
            ws.close();
        }
    });

    test('uploadFile (multipart with client_ids), createPost with file_ids, getFileInfosForPost, file URLs', async () => {
        const ch = need(s.publicChannel, 'public channel');
        const form = new FormData();
        form.append('channel_id', ch.id);
        form.append('client_ids', `client-${RUN}`);
        form.append('files', new Blob([PIXEL_PNG], {type: 'image/png'}), 'pixel.png');
        const up = await client.uploadFile(form);
        assert.deepEqual(up.client_ids, [`client-${RUN}`]);
        assert.equal(up.file_infos.length, 1);
        const info = up.file_infos[0];
        assertId(info.id, 'file id');
        assert.equal(info.name, 'pixel.png');
        assert.equal(info.extension, 'png');
        assert.equal(info.mime_type, 'image/png');
        assert.equal(info.size, PIXEL_PNG.length);
        assert.equal(info.width, 1);
        assert.equal(info.height, 1);
        assert.equal(info.channel_id, ch.id);
        assert.equal(info.user_id, s.admin.id);
        assertEpochMs(info.create_at, 'file.create_at');

        const post = await client.createPost({channel_id: ch.id, message: `file ${RUN}`, file_ids: [info.id]});
        assert.deepEqual(post.file_ids, [info.id]);
        assert.equal(post.metadata.files[0].id, info.id);
        const infos = await client.getFileInfosForPost(post.id);
        assert.equal(infos.length, 1);
        assert.equal(infos[0].post_id, post.id);

        const auth = {headers: {Authorization: `Bearer ${client.getToken()}`}};
        const original = await fetch(client.getFileUrl(info.id, Date.now()), auth);
        assert.equal(original.status, 200);
        assert.equal(original.headers.get('content-type'), 'image/png');
        assert.deepEqual(Buffer.from(await original.arrayBuffer()), PIXEL_PNG);
        const thumb = await fetch(client.getFileThumbnailUrl(info.id, Date.now()), auth);
        assert.equal(thumb.status, 200);

        const found = await client.searchFilesWithParams(need(s.team, 'team').id, {terms: 'pixel', is_or_search: false});
        assert.ok(found.order.includes(info.id), 'searchFilesWithParams finds the attached file');
        assert.equal(found.file_infos[info.id].name, 'pixel.png');
    });

    test('createCustomEmoji, getCustomEmojiByName, autocompleteCustomEmoji, addReaction with it, deleteCustomEmoji', async () => {
        const name = `compat${RUN}`;
        const emoji = await client.createCustomEmoji({name, creator_id: need(s.admin, 'admin').id}, new Blob([PIXEL_PNG], {type: 'image/png'}));
        assertId(emoji.id, 'emoji id');
        assert.equal(emoji.name, name);
        assert.equal((await client.getCustomEmojiByName(name)).id, emoji.id);
        const auto = await client.autocompleteCustomEmoji(name.slice(0, 5));
        assert.ok(auto.some((e) => e.id === emoji.id));
        const byNames = await client.getCustomEmojisByNames([name, 'smile']);
        assert.deepEqual(byNames.map((e) => e.id), [emoji.id]);
        const image = await fetch(client.getCustomEmojiImageUrl(emoji.id), {headers: {Authorization: `Bearer ${client.getToken()}`}});
        assert.equal(image.headers.get('content-type'), 'image/png');

        const post = await client.createPost({channel_id: need(s.publicChannel, 'public channel').id, message: 'react to me'});
        const reaction = await client.addReaction(s.admin.id, post.id, name);
        assert.equal(reaction.emoji_name, name);
        await client.deleteCustomEmoji(emoji.id);
        await expectClientError(client.getCustomEmojiByName(name), 404);
    });

    test('logout ends the session', async () => {
        need(s.admin, 'admin session');
        const oldToken = client.getToken();
        assert.ok(oldToken, 'logged in before logout');
        const response = await client.logout();
        assert.equal(response.ok, true, `logout should succeed, got HTTP ${response.status}`);
        assert.equal(client.getToken(), '', 'Client4 clears its token after a successful logout');
        // The old token must be dead on the server too.
        const stale = newClient();
        stale.setToken(oldToken);
        await expectClientError(stale.getMe(), 401);
    });
});
