//! Post search: Mattermost's query syntax over Outpost's own tokenizer
//! (`outpost_core::search`), in the channels the caller is a member of, ranked with phrase and
//! whole-word matches first, then newest first. The index is fed by post events (see
//! [`App::index_post`]) through a background [`engine::Indexer`].

pub mod engine;

use std::collections::HashMap;

use outpost_core::roles::perm;
use outpost_core::search::query::{ParsedQuery, TermKind, parse};
use outpost_core::search::{
    Needle, alternative_pieces, index_text, matched_words, narrowing_pieces, word_section,
};
use outpost_core::{AppError, AppResult};
use outpost_model::channel::Channel;
use outpost_model::post::{Post, PostSearchResults};
use outpost_store::channels::UserChannelsQuery;
use outpost_store::search::{IndexQuery, SearchDoc, SearchOp};

use crate::{App, SessionCtx, internal};

/// The newest matches ranked together; pages past it follow recency only.
const RANK_WINDOW: i64 = 300;

/// `POST /teams/{id}/posts/search` and `POST /posts/search`, as the body asks.
#[derive(Debug, Clone, Default)]
pub struct PostSearch {
    pub terms: String,
    pub is_or_search: bool,
    /// Seconds east of UTC, for `on:`, `before:` and `after:`.
    pub time_zone_offset: i64,
    pub include_deleted_channels: bool,
    pub page: i64,
    pub per_page: i64,
}

/// A ranked candidate: its id and score.
struct Candidate {
    id: String,
    score: (bool, usize, usize),
}

impl App {
    /// Queues a post for (re)indexing after it was created or edited; system messages and deleted
    /// posts are not searchable.
    pub(crate) fn index_post(&self, post: &Post) {
        if post.is_system() || post.delete_at != 0 {
            return;
        }
        self.indexer.push(SearchOp::Index(SearchDoc {
            post_id: post.id.clone(),
            channel_id: post.channel_id.clone(),
            user_id: post.user_id.clone(),
            create_at: post.create_at,
            body: index_text(&post.message),
        }));
    }

    /// Queues the removal of a deleted post (and its deleted replies) from the index.
    pub(crate) fn unindex_post(&self, post_id: &str) {
        self.indexer.push(SearchOp::Remove(post_id.to_owned()));
    }

    /// Queues the removal of a permanently deleted channel's posts from the index.
    pub(crate) fn unindex_channel(&self, channel_id: &str) {
        self.indexer
            .push(SearchOp::RemoveChannel(channel_id.to_owned()));
    }

    /// Rebuilds the search index from every post (`outpost search reindex`); `progress` gets the
    /// running count. Live changes made meanwhile are kept.
    pub async fn reindex_posts(&self, progress: impl FnMut(u64) + Send) -> AppResult<u64> {
        self.indexer.flush().await;
        self.store
            .reindex_posts(5_000, progress)
            .await
            .map_err(internal("app.post.reindex.app_error"))
    }

    /// Searches posts in one team (`team_id`) or in every team of the caller.
    pub async fn search_posts(
        &self,
        ctx: &SessionCtx,
        team_id: Option<&str>,
        req: PostSearch,
    ) -> AppResult<PostSearchResults> {
        if let Some(team) = team_id {
            self.require_team_permission(ctx, team, perm::VIEW_TEAM)
                .await?;
        }
        if req.terms.trim().is_empty() {
            return Err(AppError::invalid_body_param("terms"));
        }
        let per_page = if req.per_page <= 0 {
            60
        } else {
            req.per_page.min(200)
        };
        let page = req.page.clamp(0, 10_000);
        let q = parse(&req.terms);
        let mut out = PostSearchResults::default();
        if q.is_empty() {
            return Ok(out);
        }
        let Some(mut iq) = self.index_query(ctx, team_id, &q, &req).await? else {
            return Ok(out);
        };
        self.indexer.flush().await;
        let start = page * per_page;
        let ids = if start < RANK_WINDOW {
            iq.limit = RANK_WINDOW.max(start + per_page + 1);
            let rows = self.search_index(&iq).await?;
            let mut ranked = rank(&q, rows, req.is_or_search);
            ranked.drain(..usize::try_from(start).unwrap_or(0).min(ranked.len()));
            ranked
        } else {
            iq.offset = start;
            iq.limit = per_page + 1;
            self.search_index(&iq)
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        };
        let per_page = usize::try_from(per_page).unwrap_or(60);
        out.list.has_next = ids.len() > per_page;
        let page_ids: Vec<String> = ids.into_iter().take(per_page).collect();
        let mut posts = self
            .store
            .get_posts_by_ids(&page_ids)
            .await
            .map_err(internal("app.post.search.app_error"))?;
        self.attach_metadata(&mut posts).await?;
        let needles: Vec<Needle> = q.terms.iter().map(|t| t.needle.clone()).collect();
        let mut by_id: HashMap<String, Post> =
            posts.into_iter().map(|p| (p.id.clone(), p)).collect();
        for id in page_ids {
            if let Some(p) = by_id.remove(&id) {
                let words = matched_words(&p.message, &needles);
                if !words.is_empty() {
                    out.matches.insert(p.id.clone(), words);
                }
                out.list.push(p);
            }
        }
        Ok(out)
    }

    async fn search_index(&self, iq: &IndexQuery) -> AppResult<Vec<(String, String)>> {
        self.search
            .search(iq)
            .await
            .map_err(internal("app.post.search.app_error"))
    }

    /// The index query for a parsed search, or `None` when nothing can match (no readable
    /// channel, an unknown `from:` user).
    async fn index_query(
        &self,
        ctx: &SessionCtx,
        team_id: Option<&str>,
        q: &ParsedQuery,
        req: &PostSearch,
    ) -> AppResult<Option<IndexQuery>> {
        let channels = self.searchable_channels(ctx, team_id, req).await?;
        let named = |names: &[String]| -> Vec<String> {
            channels
                .iter()
                .filter(|c| {
                    names
                        .iter()
                        .any(|n| c.name.eq_ignore_ascii_case(n) || c.id == *n)
                })
                .map(|c| c.id.clone())
                .collect()
        };
        let mut channel_ids: Vec<String> = if q.in_channels.is_empty() {
            channels.iter().map(|c| c.id.clone()).collect()
        } else {
            let mut ids = named(&q.in_channels);
            ids.extend(self.direct_channels(ctx, &channels, &q.in_channels).await?);
            ids
        };
        let mut excluded = named(&q.excluded_channels);
        excluded.extend(
            self.direct_channels(ctx, &channels, &q.excluded_channels)
                .await?,
        );
        channel_ids.retain(|c| !excluded.contains(c));
        if channel_ids.is_empty() {
            return Ok(None);
        }
        let user_ids = self.user_ids(&q.from_users).await?;
        if !q.from_users.is_empty() && user_ids.is_empty() {
            return Ok(None);
        }
        let bounds = q.time_bounds(req.time_zone_offset);
        let positive: Vec<&Needle> = q.terms.iter().map(|t| &t.needle).collect();
        let patterns: Vec<String> = positive.iter().map(|n| n.like_pattern()).collect();
        let indexable: Vec<String> = positive
            .iter()
            .filter(|n| n.indexable())
            .map(|n| n.fts_literal())
            .collect();
        let or = req.is_or_search && positive.len() > 1;
        let narrowing = if or {
            Vec::new()
        } else {
            narrowing_needles(&positive)
        };
        let fts = if or {
            (indexable.len() == positive.len()).then(|| indexable.join(" OR "))
        } else {
            (!narrowing.is_empty()).then(|| {
                narrowing
                    .iter()
                    .map(Needle::fts_literal)
                    .collect::<Vec<_>>()
                    .join(" AND ")
            })
        };
        let words = if or {
            alternative_pieces(&positive).unwrap_or_default()
        } else {
            narrowing_pieces(&positive)
        };
        Ok(Some(IndexQuery {
            words,
            all: if or { Vec::new() } else { patterns.clone() },
            any: if or { patterns } else { Vec::new() },
            none: q
                .excluded_terms
                .iter()
                .map(|t| t.needle.like_pattern())
                .collect(),
            fts,
            channel_ids,
            user_ids,
            excluded_user_ids: self.user_ids(&q.excluded_users).await?,
            since: bounds.since,
            until: bounds.until,
            excluded_ranges: bounds.excluded,
            offset: 0,
            limit: 0,
            plan: Default::default(),
        }))
    }

    /// The channels the caller is a member of: in `team_id` (and DMs/GMs), or in every team the
    /// caller still belongs to; archived ones only when asked.
    async fn searchable_channels(
        &self,
        ctx: &SessionCtx,
        team_id: Option<&str>,
        req: &PostSearch,
    ) -> AppResult<Vec<Channel>> {
        let mut channels = self
            .store
            .get_channels_for_user(&UserChannelsQuery {
                user_id: ctx.user_id().to_owned(),
                team_id: team_id.map(str::to_owned),
                include_deleted: req.include_deleted_channels,
                last_delete_at: 0,
            })
            .await
            .map_err(internal("app.channel.get_channels.get.app_error"))?;
        if team_id.is_none() {
            let teams: Vec<String> = self
                .store
                .get_teams_for_user(ctx.user_id())
                .await
                .map_err(internal("app.team.get_all.app_error"))?
                .into_iter()
                .map(|t| t.id)
                .collect();
            channels.retain(|c| c.team_id.is_empty() || teams.contains(&c.team_id));
        }
        Ok(channels)
    }

    /// `in:bob` for the direct-message channel with bob, among the caller's channels.
    async fn direct_channels(
        &self,
        ctx: &SessionCtx,
        channels: &[Channel],
        names: &[String],
    ) -> AppResult<Vec<String>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for user_id in self.user_ids(names).await? {
            let mut pair = [ctx.user_id(), user_id.as_str()];
            pair.sort_unstable();
            let name = pair.join("__");
            out.extend(
                channels
                    .iter()
                    .filter(|c| c.channel_type == "D" && c.name == name)
                    .map(|c| c.id.clone()),
            );
        }
        Ok(out)
    }

    async fn user_ids(&self, usernames: &[String]) -> AppResult<Vec<String>> {
        if usernames.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .get_users_by_usernames(usernames)
            .await
            .map_err(internal("app.user.get_by_username.app_error"))?
            .into_iter()
            .map(|u| u.id)
            .collect())
    }
}

/// Words this long (three trigrams or more) are specific enough to narrow a search alone.
const SPECIFIC_WORD: usize = 5;

/// What narrows an AND search in the text index: the longest words of the needles (at most
/// two). Every trigram given to the index costs a walk through its posting list, and short
/// words ("the", "and") are the most common; every needle is still checked whole, so these
/// only have to be implied by the needles.
fn narrowing_needles(needles: &[&Needle]) -> Vec<Needle> {
    let len = |t: &str| t.trim().chars().count();
    let mut parts: Vec<Needle> = Vec::new();
    for n in needles.iter().filter(|n| n.indexable()) {
        let longest = n.text.split(' ').max_by_key(|w| len(w)).unwrap_or("");
        if n.text.trim().contains(' ') && len(longest) >= SPECIFIC_WORD {
            // A phrase: by its longest word (its short words are in most posts).
            parts.push(Needle {
                text: longest.to_owned(),
            });
        } else {
            parts.push((*n).clone());
        }
    }
    parts.sort_by_key(|n| std::cmp::Reverse(len(&n.text)));
    parts.dedup();
    parts.truncate(2);
    parts
}

/// Orders candidates (given newest first): the query's words as a phrase first, then more terms
/// found (OR searches), then more terms found as whole words; recency breaks ties.
fn rank(q: &ParsedQuery, rows: Vec<(String, String)>, or: bool) -> Vec<String> {
    let words: Vec<&str> = q
        .terms
        .iter()
        .filter(|t| matches!(t.kind, TermKind::Word | TermKind::Prefix))
        .map(|t| t.needle.core())
        .collect();
    let phrase = (words.len() > 1).then(|| format!(" {} ", words.join(" ")));
    let mut scored: Vec<Candidate> = rows
        .into_iter()
        .map(|(id, body)| {
            let in_phrase = phrase
                .as_ref()
                .is_some_and(|p| word_section(&body).contains(p.trim_end()));
            let found = if or {
                q.terms.iter().filter(|t| t.needle.found_in(&body)).count()
            } else {
                0
            };
            let whole = q
                .terms
                .iter()
                .filter(|t| body.contains(&format!(" {} ", t.needle.core())))
                .count();
            Candidate {
                id,
                score: (in_phrase, found, whole),
            }
        })
        .collect();
    // Stable: equal scores keep their recency order.
    scored.sort_by_key(|c| std::cmp::Reverse(c.score));
    scored.into_iter().map(|c| c.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(needles: &[Needle]) -> Option<String> {
        let parts = narrowing_needles(&needles.iter().collect::<Vec<_>>());
        (!parts.is_empty()).then(|| {
            parts
                .iter()
                .map(Needle::fts_literal)
                .collect::<Vec<_>>()
                .join(" AND ")
        })
    }

    #[test]
    fn narrowing_literals_are_implied_by_the_needles() {
        let term = |t: &str| Needle::term(t, false).unwrap_or_else(|| panic!("{t}"));
        // A phrase narrows by its longest word, not by its common short ones; a phrase of short
        // words keeps its whole text.
        let phrase = Needle::phrase("deploy the kubernetes cluster").unwrap_or_else(|| panic!());
        assert_eq!(
            fts(std::slice::from_ref(&phrase)).as_deref(),
            Some("\"kubernetes\"")
        );
        let short = Needle::phrase("the cat sat").unwrap_or_else(|| panic!());
        assert_eq!(
            fts(std::slice::from_ref(&short)).as_deref(),
            Some("\" the cat sat \"")
        );
        // Single words, prefixes and short whole words stay as they are.
        assert_eq!(fts(&[term("deploy")]).as_deref(), Some("\"deploy\""));
        let prefix = Needle::term("depl", true).unwrap_or_else(|| panic!());
        assert_eq!(fts(&[prefix]).as_deref(), Some("\" depl\""));
        assert_eq!(fts(&[term("go")]).as_deref(), Some("\" go \""));
        // At most two parts, longest first; words typed separately are kept even when short
        // (one of them may be the rare one).
        assert_eq!(
            fts(&[term("abcde"), term("abcdefg"), term("abcdef")]).as_deref(),
            Some("\"abcdefg\" AND \"abcdef\"")
        );
        assert_eq!(
            fts(&[term("tls"), term("customer")]).as_deref(),
            Some("\"customer\" AND \"tls\"")
        );
        // Nothing indexable: no expression.
        assert_eq!(
            fts(&[Needle::term("a", true).unwrap_or_else(|| panic!())]),
            None
        );
    }
}
