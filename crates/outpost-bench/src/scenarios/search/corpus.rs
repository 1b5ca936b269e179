//! A synthetic chat corpus: words drawn from a Zipf distribution over a vocabulary of common
//! English and technical words plus a long tail of made-up words, with URLs, e-mail addresses,
//! IP addresses, identifiers and some Chinese and Japanese text mixed in.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const COMMON: &str = "the to and a of is in it you that for on this we be with have are not i \
    was but can at will just so if do all what me my they there about get from out up like one \
    your would know now time when how think should need going some then deploy build release \
    server client database query index cache error issue fix bug test review merge branch commit \
    meeting today tomorrow yesterday customer support ticket team project plan design feature \
    update config network latency memory disk backup restore migration schema channel message \
    thread reply search user account login password token session api endpoint request response \
    timeout retry queue worker cluster node container kubernetes docker image volume storage \
    bucket upload download file report metric alert dashboard incident outage rollback hotfix \
    staging production sandbox pipeline job schedule cron script shell terminal editor browser \
    mobile desktop android ios linux windows macos firewall proxy gateway router switch dns tls \
    certificate domain invoice budget contract vendor partner launch roadmap sprint estimate";

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ren", "tus", "vel", "dor", "xa", "pri", "mon", "gal", "ze", "qua", "bri",
    "sto", "nel", "fi", "har", "jo", "wen", "cul", "tra", "po", "sim",
];

const CJK: [&str; 6] = [
    "我们明天去北京开会",
    "服务器今天很慢",
    "東京タワーに行きました",
    "データベースのバックアップ",
    "회의는 내일 서울에서 합니다",
    "上海的客户需要新版本",
];

/// The vocabulary, most frequent first, and a sampler over it.
pub struct Corpus {
    pub words: Vec<String>,
    cumulative: Vec<f64>,
    rng: StdRng,
}

impl Corpus {
    /// `tail` made-up words after the common ones; deterministic for a given `seed`.
    pub fn new(tail: usize, seed: u64) -> Self {
        let mut words: Vec<String> = COMMON.split_whitespace().map(str::to_owned).collect();
        let mut rng = StdRng::seed_from_u64(seed);
        while words.len() < tail + 200 {
            let n = rng.random_range(2..5);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())])
                .collect();
            if !words.contains(&w) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self {
            words,
            cumulative,
            rng,
        }
    }

    fn word(&mut self) -> String {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = self.rng.random_range(0.0..total);
        let i = self.cumulative.partition_point(|c| *c < x);
        self.words[i.min(self.words.len() - 1)].clone()
    }

    /// One message of 3 to 30 words.
    pub fn message(&mut self) -> String {
        let n = self.rng.random_range(3..31);
        let mut out: Vec<String> = Vec::with_capacity(n + 1);
        for _ in 0..n {
            let w = self.word();
            out.push(w);
        }
        match self.rng.random_range(0..100) {
            0..=2 => out.push(format!(
                "https://{}.example.com/{}",
                self.word(),
                self.rng.random_range(1..10_000)
            )),
            3..=4 => out.push(format!("{}.{}@example.org", self.word(), self.word())),
            5 => out.push(format!(
                "10.{}.{}.{}",
                self.rng.random_range(0..256),
                self.rng.random_range(0..256),
                self.rng.random_range(1..255)
            )),
            6..=8 => out.push(format!("{}_{}_{}", self.word(), self.word(), self.word())),
            9..=12 => out.push(CJK[self.rng.random_range(0..CJK.len())].to_owned()),
            _ => {}
        }
        out.join(" ")
    }

    /// A random index in `0..n`.
    pub fn pick(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }
}
