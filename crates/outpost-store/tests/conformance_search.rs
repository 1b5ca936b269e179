//! The post search index on both backends: every plan (through the channel/author/date filters,
//! through the text index, and the automatic choice) returns exactly the rows a plain in-memory
//! scan of the same documents returns.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_core::search::{Needle, alternative_pieces, index_text, narrowing_pieces};
use outpost_model::new_id;
use outpost_store::search::{IndexQuery, SearchDoc, SearchOp, SearchPlan, WordGroups};

mod common;

use common::open_with_options;

const WORDS: &[&str] = &[
    "deploy",
    "deployment",
    "kubernetes",
    "error",
    "rollback",
    "parse_http_header",
    "camelCaseWord",
    "日本語のテキスト",
    "https://example.com/a-b",
    "bob@example.com",
    "10.0.0.1",
    "release",
    "the",
    "cat",
    "go",
];

/// A deterministic message of 2–6 words.
fn message(i: usize) -> String {
    let mut x = i.wrapping_mul(2_654_435_761) ^ 0x9e37;
    let n = 2 + x % 5;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            WORDS[(x >> 33) % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pattern(term: &str) -> String {
    Needle::term(term, false).unwrap().like_pattern()
}

/// The needle a `LIKE` pattern of [`Needle::like_pattern`] looks for.
fn needle_of(pattern: &str) -> Needle {
    let inner = &pattern[1..pattern.len() - 1];
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        text.push(if c == '\\' { chars.next().unwrap() } else { c });
    }
    Needle { text }
}

/// The whole-word pieces the app gives the index for these patterns.
fn words(q: &IndexQuery) -> Vec<outpost_core::search::WordPiece> {
    if q.any.is_empty() {
        let needles: Vec<Needle> = q.all.iter().map(|p| needle_of(p)).collect();
        narrowing_pieces(&needles.iter().collect::<Vec<_>>())
    } else {
        let needles: Vec<Needle> = q.any.iter().map(|p| needle_of(p)).collect();
        alternative_pieces(&needles.iter().collect::<Vec<_>>()).unwrap_or_default()
    }
}

fn literal(term: &str) -> String {
    Needle::term(term, false).unwrap().fts_literal()
}

/// What every plan must return: the newest (last indexed) documents passing every test.
fn expected(docs: &[SearchDoc], q: &IndexQuery) -> Vec<String> {
    let like = |p: &str, body: &str| {
        let needle = p.trim_matches('%').replace("\\_", "_").replace("\\%", "%");
        body.contains(&needle)
    };
    docs.iter()
        .rev()
        .filter(|d| q.channel_ids.contains(&d.channel_id))
        .filter(|d| q.user_ids.is_empty() || q.user_ids.contains(&d.user_id))
        .filter(|d| !q.excluded_user_ids.contains(&d.user_id))
        .filter(|d| q.since.is_none_or(|v| d.create_at >= v))
        .filter(|d| q.until.is_none_or(|v| d.create_at <= v))
        .filter(|d| {
            q.excluded_ranges
                .iter()
                .all(|(a, b)| d.create_at < *a || d.create_at > *b)
        })
        .filter(|d| q.all.iter().all(|p| like(p, &d.body)))
        .filter(|d| q.any.is_empty() || q.any.iter().any(|p| like(p, &d.body)))
        .filter(|d| !q.none.iter().any(|p| like(p, &d.body)))
        .skip(usize::try_from(q.offset).unwrap())
        .take(usize::try_from(q.limit).unwrap())
        .map(|d| d.post_id.clone())
        .collect()
}

/// On PostgreSQL, moves the index's `seq` on by 1,000,000, so that the posts indexed after this
/// are a dozen 50,000-row epochs newer than the ones before, and the searches through the
/// whole-word index start with the newest epochs (a window that holds some of the matches).
async fn jump_seq(opts: &outpost_store::StoreOptions) {
    use sqlx::Connection;
    let Some(schema) = &opts.pg_schema else {
        return;
    };
    let mut c = sqlx::PgConnection::connect(&opts.url).await.unwrap();
    let seq = format!("{schema}.outpost_postsearch_seq_seq");
    sqlx::query("SELECT setval($1::regclass, nextval($1::regclass) + 1000000)")
        .bind(seq)
        .execute(&mut c)
        .await
        .unwrap();
}

#[tokio::test]
async fn every_plan_returns_the_newest_matches() {
    let (s, _d, opts) = open_with_options().await;
    let channels: Vec<String> = (0..3).map(|_| new_id()).collect();
    let users: Vec<String> = (0..3).map(|_| new_id()).collect();
    let mut docs: Vec<SearchDoc> = (0..300)
        .map(|i| SearchDoc {
            post_id: new_id(),
            channel_id: channels[i % 3].clone(),
            user_id: users[(i / 3) % 3].clone(),
            create_at: 1_000 + i64::try_from(i).unwrap() * 10,
            body: index_text(&message(i)),
        })
        .collect();
    let ops: Vec<SearchOp> = docs.iter().cloned().map(SearchOp::Index).collect();
    for (i, chunk) in ops.chunks(64).enumerate() {
        if i == 2 {
            jump_seq(&opts).await;
        }
        s.apply_search_ops(chunk).await.unwrap();
    }
    // An edit keeps the post's place; a removal drops it.
    docs[10].body = index_text("kubernetes rollback edited");
    let gone = docs.remove(20);
    s.apply_search_ops(&[
        SearchOp::Index(docs[10].clone()),
        SearchOp::Remove(gone.post_id),
    ])
    .await
    .unwrap();
    assert_eq!(s.count_search_docs().await.unwrap(), 299);

    let base = IndexQuery {
        channel_ids: channels.clone(),
        limit: 40,
        ..Default::default()
    };
    // What the whole-word index looks up: whole words as they are, fragments as the words of
    // the vocabulary that hold them (an edit's new word included), nothing for a word no post has.
    let groups = |all: &[&str]| {
        let mut q = IndexQuery {
            all: all.iter().map(|t| pattern(t)).collect(),
            ..base.clone()
        };
        q.words = words(&q);
        q
    };
    let w = |g: &[&[&str]]| {
        WordGroups::Groups(
            g.iter()
                .map(|g| g.iter().map(|w| (*w).to_owned()).collect())
                .collect(),
        )
    };
    assert_eq!(
        s.word_groups(&groups(&["deploy"])).await.unwrap(),
        w(&[&["deploy", "deployment"]])
    );
    assert_eq!(
        s.word_groups(&groups(&["ploy", "error"])).await.unwrap(),
        w(&[&["error"], &["deploy", "deployment"]])
    );
    assert_eq!(
        s.word_groups(&groups(&["dited"])).await.unwrap(),
        w(&[&["edited"]])
    );
    assert_eq!(
        s.word_groups(&groups(&["no-such-thing"])).await.unwrap(),
        WordGroups::Nothing
    );
    // A short whole word is looked up as it is; a one-letter prefix is not looked up at all.
    assert_eq!(
        s.word_groups(&groups(&["go"])).await.unwrap(),
        w(&[&["go"]])
    );
    let one_letter = IndexQuery {
        all: vec![Needle::term("e", true).unwrap().like_pattern()],
        words: vec![outpost_core::search::WordPiece {
            text: "e".to_owned(),
            at: outpost_core::search::WordAt::Start,
        }],
        ..base.clone()
    };
    assert_eq!(
        s.word_groups(&one_letter).await.unwrap(),
        WordGroups::Unusable
    );

    let queries = vec![
        IndexQuery {
            all: vec![pattern("deploy")],
            fts: Some(literal("deploy")),
            ..base.clone()
        },
        IndexQuery {
            all: vec![pattern("ploy"), pattern("error")],
            fts: Some(format!("{} AND {}", literal("ploy"), literal("error"))),
            user_ids: vec![users[1].clone()],
            channel_ids: vec![channels[2].clone()],
            ..base.clone()
        },
        IndexQuery {
            any: vec![pattern("kubernetes"), pattern("日本語")],
            fts: Some(format!(
                "{} OR {}",
                literal("kubernetes"),
                literal("日本語")
            )),
            excluded_user_ids: vec![users[0].clone()],
            ..base.clone()
        },
        IndexQuery {
            all: vec![pattern("example.com")],
            none: vec![pattern("bob")],
            fts: Some(literal("example.com")),
            since: Some(1_500),
            until: Some(3_500),
            excluded_ranges: vec![(2_000, 2_200)],
            ..base.clone()
        },
        // A phrase, narrowed in FTS by its words (the phrase is checked whole).
        IndexQuery {
            all: vec![
                Needle::phrase("kubernetes rollback")
                    .unwrap()
                    .like_pattern(),
            ],
            fts: Some(format!(
                "{} AND {}",
                literal("kubernetes"),
                literal("rollback")
            )),
            ..base.clone()
        },
        IndexQuery {
            all: vec![pattern("http_header")],
            fts: Some(literal("http_header")),
            offset: 7,
            limit: 5,
            ..base.clone()
        },
        // A short word: whole tokens only, and no FTS expression can serve it.
        IndexQuery {
            all: vec![pattern("go")],
            ..base.clone()
        },
        // Nothing but filters.
        IndexQuery {
            user_ids: vec![users[2].clone()],
            ..base.clone()
        },
        // A prefix, and a fragment of a word that only an edit brought in.
        IndexQuery {
            all: vec![Needle::term("depl", true).unwrap().like_pattern()],
            fts: Some(Needle::term("depl", true).unwrap().fts_literal()),
            ..base.clone()
        },
        IndexQuery {
            all: vec![pattern("dited")],
            fts: Some(literal("dited")),
            ..base.clone()
        },
        IndexQuery {
            all: vec![pattern("no-such-word")],
            fts: Some(literal("no-such-word")),
            ..base.clone()
        },
    ];
    let mut found_any = 0;
    for mut q in queries {
        q.words = words(&q);
        let want = expected(&docs, &q);
        found_any += usize::from(!want.is_empty());
        for plan in [
            SearchPlan::Auto,
            SearchPlan::Filtered,
            SearchPlan::TextIndex,
            SearchPlan::Words,
        ] {
            let got: Vec<String> = s
                .search_post_index(&IndexQuery { plan, ..q.clone() })
                .await
                .unwrap()
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            assert_eq!(got, want, "{plan:?} for {q:?}");
        }
    }
    // The data really exercises the plans (not only empty answers).
    assert!(found_any >= 7, "only {found_any} queries found something");
}
