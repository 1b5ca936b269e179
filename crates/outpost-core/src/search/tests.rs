#![allow(clippy::unwrap_used, reason = "tests")]

use super::query::{TermKind, parse, start_of_day};
use super::{
    Needle, WordAt, WordPiece, fold, index_text, index_words, matched_words, narrowing_pieces,
    word_section,
};

fn finds(message: &str, query: &str) -> bool {
    let text = index_text(message);
    let q = parse(query);
    !q.terms.is_empty() && q.terms.iter().all(|t| t.needle.found_in(&text))
}

#[test]
fn index_text_layout() {
    let t = index_text("Deploy the getUserName() fix to 10.0.0.1, see https://ex.com/a-b!");
    assert_eq!(
        word_section(&t),
        " deploy the getusername fix to 10.0.0.1 see https://ex.com/a-b"
    );
    for part in [
        " get ", " user ", " name ", " 10 ", " https ", " ex ", " com ", " a ", " b ",
    ] {
        assert!(t.contains(part), "{part:?} in {t:?}");
    }
}

#[test]
fn fragments_hyphens_urls_emails_ips_identifiers() {
    let m = "Ping bob.smith@example.com about state-of-the-art parse_http_header and HTTPServer at https://docs.example.org/guide?x=1 on 192.168.10.42";
    for q in [
        "ping",
        "PING",
        "smith",
        "bob.smith@example.com",
        "example.com",
        "state-of-the-art",
        "the-art",
        "art",
        "parse_http_header",
        "http_header",
        "header",
        "httpserver",
        "server",
        "https://docs.example.org/guide",
        "docs.example",
        "192.168.10.42",
        "168.10",
        "pars*",
        "serv*",
        "\"about state-of-the-art\"",
    ] {
        assert!(finds(m, q), "{q} should find {m}");
    }
    for q in ["pong", "rver*", "\"about art\"", "192.168.10.43"] {
        assert!(!finds(m, q), "{q} should not find {m}");
    }
}

#[test]
fn camel_case_parts() {
    assert!(finds("call getUserName now", "user"));
    assert!(finds("call getUserName now", "userName"));
    assert!(finds("call getUserName now", "name*"));
    assert!(finds("XMLHttpRequest", "http*"));
    assert!(finds("XMLHttpRequest", "xml*"));
    assert!(finds("XMLHttpRequest", "request*"));
}

#[test]
fn cjk_words() {
    let zh = "我们明天去北京开会";
    assert!(finds(zh, "北京"));
    assert!(finds(zh, "明天"));
    assert!(finds(zh, "北京开会"));
    assert!(finds(zh, "京"));
    assert!(!finds(zh, "上海"));
    let ja = "東京タワーに行きました";
    assert!(finds(ja, "東京"));
    assert!(finds(ja, "タワー"));
    assert!(finds(ja, "行きました"));
    let ko = "회의는 내일 서울에서 합니다";
    assert!(finds(ko, "서울"));
    assert!(finds(ko, "서울에서"));
    assert!(finds(ko, "내일"));
    assert!(finds("iPhone价格很贵", "价格"));
    assert!(finds("iPhone价格很贵", "iphone"));
}

#[test]
fn short_words_match_whole_words_only() {
    assert!(finds("we go now", "go"));
    assert!(!finds("we going now", "go"));
    assert!(finds("we going now", "go*"));
    assert!(finds("c is fun", "c"));
}

#[test]
fn hashtags_match_whole_tags() {
    assert!(finds("release #rust-lang today", "#rust-lang"));
    assert!(!finds("release #rustacean today", "#rust"));
    assert!(finds("release #rustacean today", "rust"));
}

#[test]
fn full_width_and_case_fold() {
    assert_eq!(fold("ＡＢＣ１ Ünïcode"), "abc1 ünïcode");
    assert!(finds("ÉQUIPE ROUGE", "équipe"));
}

#[test]
fn parser_flags_and_terms() {
    let q = parse(
        "deploy \"exact phrase\" -skip serv* #tag from:alice -from:@bob in:town-square -in:~off-topic \
         after:2024-01-02 before:2024-2-3 on: 2024-03-04 -on:2024-03-05 -\"not this\" ext:.PDF",
    );
    let kinds: Vec<TermKind> = q.terms.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [
            TermKind::Word,
            TermKind::Phrase,
            TermKind::Prefix,
            TermKind::Hashtag
        ]
    );
    assert_eq!(q.terms[1].needle.text, " exact phrase ");
    assert_eq!(q.terms[2].needle.text, " serv");
    assert_eq!(q.terms[3].needle.text, " #tag ");
    assert_eq!(q.excluded_terms.len(), 2);
    assert_eq!(q.excluded_terms[1].needle.text, " not this ");
    assert_eq!(q.from_users, ["alice"]);
    assert_eq!(q.excluded_users, ["bob"]);
    assert_eq!(q.in_channels, ["town-square"]);
    assert_eq!(q.excluded_channels, ["off-topic"]);
    assert_eq!(q.extensions, ["pdf"]);
    assert_eq!(q.on.as_deref(), Some("2024-03-04"));
    assert_eq!(q.after.as_deref(), Some("2024-01-02"));
    assert_eq!(q.before.as_deref(), Some("2024-2-3"));
    assert_eq!(q.excluded_on.as_deref(), Some("2024-03-05"));
}

#[test]
fn dates_in_time_zones() {
    assert_eq!(start_of_day("1970-01-02", 0), Some(86_400_000));
    assert_eq!(start_of_day("2024-03-01", 0), Some(1_709_251_200_000));
    assert_eq!(
        start_of_day("2024-3-1", 3600),
        Some(1_709_251_200_000 - 3_600_000)
    );
    assert_eq!(start_of_day("2023-02-29", 0), None);
    assert_eq!(start_of_day("2024-02-29", 0), Some(1_709_164_800_000));
    assert_eq!(start_of_day("yesterday", 0), None);
    let b = parse("after:2024-03-01 before:2024-03-03").time_bounds(0);
    assert_eq!(b.since, Some(1_709_251_200_000 + 86_400_000));
    assert_eq!(b.until, Some(1_709_251_200_000 + 2 * 86_400_000 - 1));
}

#[test]
fn matches_for_highlighting() {
    let needles: Vec<Needle> = parse("user \"big deal\" 北京")
        .terms
        .into_iter()
        .map(|t| t.needle)
        .collect();
    assert_eq!(
        matched_words("Ask getUserName() about the big deal in 北京", &needles),
        ["getUserName", "big", "deal", "北京"]
    );
}

/// A small deterministic generator, so the fuzz loop needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn fuzz_never_panics() {
    let alphabet: Vec<char> =
        "ab-_\"*#@:~. \t\n東京한国\u{0}\u{1}\u{301}éÉ%\\'()[]<>9ＡfromintonbeforeafterextFROM:-"
            .chars()
            .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let len = (rng.next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
            .collect();
        let q = parse(&s);
        let _ = q.time_bounds((rng.next() % 100_000) as i64 - 50_000);
        let text = index_text(&s);
        for t in q.terms.iter().chain(&q.excluded_terms) {
            assert!(!t.needle.text.is_empty());
            let _ = t.needle.found_in(&text);
            let _ = t.needle.like_pattern();
            let _ = t.needle.fts_literal();
        }
        let needles: Vec<Needle> = q.terms.into_iter().map(|t| t.needle).collect();
        let _ = matched_words(&s, &needles);
        let _ = start_of_day(&s, 0);
    }
}

#[test]
fn word_pieces_of_needles() {
    let piece = |t: &str, at| WordPiece {
        text: t.to_owned(),
        at,
    };
    let term = |t: &str, prefix| Needle::term(t, prefix).unwrap();
    assert_eq!(
        term("depl", true).word_pieces(),
        vec![piece("depl", WordAt::Start)]
    );
    assert_eq!(
        term("ploy", false).word_pieces(),
        vec![piece("ploy", WordAt::Inside)]
    );
    assert_eq!(
        term("go", false).word_pieces(),
        vec![piece("go", WordAt::Whole)]
    );
    assert_eq!(
        term("http_header", false).word_pieces(),
        vec![piece("http", WordAt::End), piece("header", WordAt::Start)]
    );
    assert_eq!(
        term("a.b.example.com", false).word_pieces(),
        vec![
            piece("a", WordAt::End),
            piece("b", WordAt::Whole),
            piece("example", WordAt::Whole),
            piece("com", WordAt::Start)
        ]
    );
    // Narrowing prefers phrases (whole words in a row), then long whole words, then long
    // fragments, then short whole words; short fragments are left out.
    let phrase = Needle::phrase("deploy the kubernetes").unwrap();
    let frag = term("a.b.exa", false);
    assert_eq!(
        narrowing_pieces(&[&phrase, &frag, &term("release", false)]),
        vec![
            piece("deploy the kubernetes", WordAt::Sequence),
            piece("release", WordAt::Inside),
            piece("exa", WordAt::Start),
            piece("b", WordAt::Whole),
        ]
    );
    // Whole words in a row inside one term are a sequence too.
    assert_eq!(
        narrowing_pieces(&[&term("x.a.b.example.com", false)]),
        vec![
            piece("a b example", WordAt::Sequence),
            piece("com", WordAt::Start),
        ]
    );
    assert_eq!(piece("exa", WordAt::Start).like_pattern(), "exa%");
    assert_eq!(piece("a_b", WordAt::Inside).like_pattern(), "%a\\_b%");
    assert_eq!(piece("x", WordAt::End).like_pattern(), "%x");
}

#[test]
fn every_needle_found_has_its_pieces_in_the_index_words() {
    let messages = [
        "Ping bob.smith@example.com about state-of-the-art parse_http_header and HTTPServer",
        "see https://docs.example.org/guide?x=1 on 192.168.10.42 — ok?",
        "東京都に住んでいます and 서울 too; ＡＢＣ１ full-width",
        "#release-notes for v1.2.3 (don't panic) `code_block` *bold* [link](http://a.b/c)",
    ];
    let queries = [
        "ping",
        "smith",
        "bob.smith@example.com",
        "example.com",
        "the-art",
        "art",
        "http_header",
        "httpserver",
        "server",
        "docs.example",
        "guide?x=1",
        "168.10",
        "pars*",
        "serv*",
        "\"about state-of-the-art\"",
        "東京",
        "住んで",
        "서울",
        "abc1",
        "#release-notes",
        "notes",
        "v1.2",
        "don't",
        "code_block",
        "bold",
        "a.b/c",
        "x=1 on",
    ];
    let mut checked = 0;
    for m in messages {
        let text = index_text(m);
        let words: Vec<&str> = index_words(&text).collect();
        for q in queries {
            for t in parse(q).terms {
                if !t.needle.found_in(&text) {
                    continue;
                }
                for p in t.needle.word_pieces() {
                    checked += 1;
                    assert!(
                        words.iter().any(|w| p.fits(w)),
                        "{p:?} of {q:?} in none of {words:?}"
                    );
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} pieces checked");
}
