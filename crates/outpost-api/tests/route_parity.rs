//! The route table against Mattermost's endpoint inventories (`tests/data/*.tsv`, copies of
//! `shared/endpoints/`): every route we serve must be one Mattermost has, i.e. one the web client
//! (Client4) calls or, failing that, one in Mattermost's OpenAPI spec. Routes Client4 calls that we do
//! not serve yet are counted and printed, not failed.

use std::collections::BTreeSet;

const CLIENT4: &str = include_str!("data/client4.tsv");
const OPENAPI: &str = include_str!("data/openapi.tsv");

/// Routes Mattermost's router registers that neither inventory lists (see
/// `shared/reference/mattermost.md` §1.1: "Router routes not in the spec"), with where they live.
const UNLISTED: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/api/v4/bots/{bot_user_id}/icon",
        "server/channels/api4/bot.go getBotIconImage (BaseRoutes.Bot /icon)",
    ),
    (
        "POST",
        "/api/v4/bots/{bot_user_id}/icon",
        "server/channels/api4/bot.go setBotIconImage",
    ),
    (
        "DELETE",
        "/api/v4/bots/{bot_user_id}/icon",
        "server/channels/api4/bot.go deleteBotIconImage",
    ),
    (
        "POST",
        "/hooks/{id}",
        "server/channels/web/webhook.go incomingWebhook (public, outside /api/v4)",
    ),
    (
        "POST",
        "/hooks/commands/{id}",
        "server/channels/web/webhook.go commandWebhook (public, outside /api/v4)",
    ),
    (
        "POST",
        "/api/v4/posts/ids/reactions",
        "server/channels/api4/reaction.go getBulkReactions (called by the mobile app)",
    ),
    (
        "GET",
        "/api/v4/users/{user_id}/teams/{team_id}/threads/mention_counts",
        "server/channels/api4/user.go getThreadMentionCountsByChannel (reference/mattermost.md §1.2)",
    ),
];

/// `{user_id}`, `{userId}`… → `{}`; `/users/me/…` → `/users/{}/…`.
fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    let out = out.replace("/users/me/", "/users/{}/");
    match out.strip_suffix("/users/me") {
        Some(prefix) => format!("{prefix}/users/{{}}"),
        None => out,
    }
}

fn inventory(tsv: &str) -> BTreeSet<(String, String)> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            Some((cols.next()?.to_owned(), normalise(cols.next()?)))
        })
        .collect()
}

#[test]
fn normalisation() {
    assert_eq!(
        normalise("/api/v4/users/{user_id}/preferences/{category}"),
        "/api/v4/users/{}/preferences/{}"
    );
    assert_eq!(
        normalise("/api/v4/users/me/status/custom"),
        "/api/v4/users/{}/status/custom"
    );
    assert_eq!(normalise("/api/v4/users/me"), "/api/v4/users/{}");
}

#[test]
fn every_route_is_a_mattermost_route() {
    let client4 = inventory(CLIENT4);
    let openapi = inventory(OPENAPI);
    assert!(
        client4.len() > 400 && openapi.len() > 500,
        "inventories load"
    );
    let ours: BTreeSet<(String, String)> = outpost_api::ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), normalise(p)))
        .collect();
    assert_eq!(ours.len(), outpost_api::ROUTES.len(), "no duplicate routes");

    let invented: Vec<_> = ours
        .iter()
        .filter(|r| !client4.contains(*r) && !openapi.contains(*r))
        .filter(|(m, p)| {
            !UNLISTED
                .iter()
                .any(|(um, up, _)| um == m && normalise(up) == *p)
        })
        .collect();
    assert!(
        invented.is_empty(),
        "routes Mattermost does not have: {invented:#?}"
    );

    let only_openapi: Vec<_> = ours.iter().filter(|r| !client4.contains(*r)).collect();
    if !only_openapi.is_empty() {
        println!(
            "{} routes served are in Mattermost's OpenAPI spec but not called by Client4:",
            only_openapi.len()
        );
        for (m, p) in &only_openapi {
            println!("  {m} {p}");
        }
    }
    let missing = client4.iter().filter(|r| !ours.contains(*r)).count();
    println!(
        "Client4 routes served: {} of {}; not served yet: {missing}",
        client4.len() - missing,
        client4.len()
    );
}
