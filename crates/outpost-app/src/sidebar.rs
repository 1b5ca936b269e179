//! Sidebar categories: Favorites, Channels and Direct Messages are created on first use; custom
//! ones on request. Channels the user belongs to but never placed show up in "channels" (public
//! and private) or "direct_messages" (DMs and GMs).

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::{OrderedSidebarCategories, SidebarCategory};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::channels::UserChannelsQuery;

use crate::{App, SessionCtx, internal};

fn default_categories(user_id: &str, team_id: &str) -> Vec<SidebarCategory> {
    [
        ("favorites", "Favorites", 0, ""),
        ("channels", "Channels", 10, ""),
        ("direct_messages", "Direct Messages", 20, "recent"),
    ]
    .into_iter()
    .map(|(kind, display, order, sorting)| SidebarCategory {
        id: format!("{kind}_{user_id}_{team_id}"),
        user_id: user_id.to_owned(),
        team_id: team_id.to_owned(),
        sort_order: order,
        sorting: sorting.to_owned(),
        category_type: kind.to_owned(),
        display_name: display.to_owned(),
        ..SidebarCategory::default()
    })
    .collect()
}

fn category_not_found(e: StoreError) -> AppError {
    crate::not_found_or_internal(
        "app.channel.sidebar_categories.app_error",
        "Unable to find the sidebar category.",
    )(e)
}

impl App {
    async fn require_own_sidebar(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<()> {
        if ctx.user_id() != user_id {
            return Err(AppError::no_permission());
        }
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/categories`.
    pub async fn get_sidebar_categories(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<OrderedSidebarCategories> {
        self.require_own_sidebar(ctx, user_id, team_id).await?;
        let failed = internal("app.channel.sidebar_categories.app_error");
        let mut cats = self
            .store
            .get_sidebar_categories(user_id, team_id)
            .await
            .map_err(&failed)?;
        if cats.is_empty() {
            self.store
                .save_sidebar_categories(&default_categories(user_id, team_id))
                .await
                .map_err(&failed)?;
            cats = self
                .store
                .get_sidebar_categories(user_id, team_id)
                .await
                .map_err(&failed)?;
        }
        let channels = self
            .store
            .get_channels_for_user(&UserChannelsQuery {
                user_id: user_id.to_owned(),
                team_id: Some(team_id.to_owned()),
                ..UserChannelsQuery::default()
            })
            .await
            .map_err(&failed)?;
        for c in &mut cats {
            c.channel_ids
                .retain(|id| channels.iter().any(|ch| &ch.id == id));
        }
        for ch in &channels {
            if cats.iter().any(|c| c.channel_ids.contains(&ch.id)) {
                continue;
            }
            let kind = if ch.is_dm_or_gm() {
                "direct_messages"
            } else {
                "channels"
            };
            if let Some(c) = cats.iter_mut().find(|c| c.category_type == kind) {
                c.channel_ids.push(ch.id.clone());
            }
        }
        Ok(OrderedSidebarCategories {
            order: cats.iter().map(|c| c.id.clone()).collect(),
            categories: cats,
        })
    }

    /// `GET …/channels/categories/order`.
    pub async fn get_sidebar_category_order(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<Vec<String>> {
        Ok(self
            .get_sidebar_categories(ctx, user_id, team_id)
            .await?
            .order)
    }

    /// `PUT …/channels/categories/order`: the ids must be exactly the user's categories.
    pub async fn update_sidebar_category_order(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        order: Vec<String>,
    ) -> AppResult<Vec<String>> {
        let current = self
            .get_sidebar_categories(ctx, user_id, team_id)
            .await?
            .order;
        let mut a = current.clone();
        let mut b = order.clone();
        a.sort();
        b.sort();
        if a != b {
            return Err(AppError::invalid_body_param("order"));
        }
        self.store
            .update_sidebar_category_order(user_id, team_id, &order)
            .await
            .map_err(internal("app.channel.sidebar_categories.app_error"))?;
        self.emit_sidebar(
            "sidebar_category_order_updated",
            user_id,
            team_id,
            "order",
            serde_json::json!(order),
        )
        .await;
        Ok(order)
    }

    /// `GET …/channels/categories/{category_id}`.
    pub async fn get_sidebar_category(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> AppResult<SidebarCategory> {
        self.get_sidebar_categories(ctx, user_id, team_id)
            .await?
            .categories
            .into_iter()
            .find(|c| c.id == category_id)
            .ok_or_else(|| category_not_found(StoreError::NotFound))
    }

    /// `POST …/channels/categories`: a custom category, placed right after Favorites.
    pub async fn create_sidebar_category(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        mut cat: SidebarCategory,
    ) -> AppResult<SidebarCategory> {
        let current = self.get_sidebar_categories(ctx, user_id, team_id).await?;
        if cat.display_name.trim().is_empty() || cat.display_name.chars().count() > 64 {
            return Err(AppError::invalid_body_param("category"));
        }
        cat.id = new_id();
        cat.user_id = user_id.to_owned();
        cat.team_id = team_id.to_owned();
        cat.category_type = "custom".to_owned();
        let channel_ids = std::mem::take(&mut cat.channel_ids);
        self.store
            .save_sidebar_categories(std::slice::from_ref(&cat))
            .await
            .map_err(internal("app.channel.sidebar_categories.app_error"))?;
        let mut order = current.order;
        let at = usize::from(order.first().is_some_and(|f| f.starts_with("favorites_")));
        order.insert(at.min(order.len()), cat.id.clone());
        self.store
            .update_sidebar_category_order(user_id, team_id, &order)
            .await
            .map_err(internal("app.channel.sidebar_categories.app_error"))?;
        cat.channel_ids = channel_ids;
        self.save_sidebar_categories(ctx, user_id, team_id, vec![cat.clone()])
            .await?;
        self.emit_sidebar(
            "sidebar_category_created",
            user_id,
            team_id,
            "category_id",
            cat.id.clone().into(),
        )
        .await;
        self.get_sidebar_category(ctx, user_id, team_id, &cat.id)
            .await
    }

    /// `PUT …/channels/categories` and `PUT …/channels/categories/{category_id}`.
    pub async fn update_sidebar_categories(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        cats: Vec<SidebarCategory>,
    ) -> AppResult<Vec<SidebarCategory>> {
        let before = self.get_sidebar_categories(ctx, user_id, team_id).await?;
        let updated = self
            .save_sidebar_categories(ctx, user_id, team_id, cats)
            .await?;
        let (mute, unmute) = mute_changes(&before.categories, &updated);
        self.set_channels_muted(user_id, &mute, true).await;
        self.set_channels_muted(user_id, &unmute, false).await;
        let json = serde_json::to_string(&updated).unwrap_or_default();
        self.emit_sidebar(
            "sidebar_category_updated",
            user_id,
            team_id,
            "updatedCategories",
            json.into(),
        )
        .await;
        Ok(updated)
    }

    /// Writes edited categories (their type and, for default ones, their name are kept) and
    /// returns them as they now are.
    async fn save_sidebar_categories(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        mut cats: Vec<SidebarCategory>,
    ) -> AppResult<Vec<SidebarCategory>> {
        let current = self.get_sidebar_categories(ctx, user_id, team_id).await?;
        for c in &mut cats {
            let Some(old) = current.categories.iter().find(|o| o.id == c.id) else {
                return Err(category_not_found(StoreError::NotFound));
            };
            c.user_id = user_id.to_owned();
            c.team_id = team_id.to_owned();
            c.category_type = old.category_type.clone();
            if c.category_type != "custom" || c.display_name.trim().is_empty() {
                c.display_name = old.display_name.clone();
            }
            // As in Mattermost, the Direct Messages category cannot be muted.
            if c.category_type == "direct_messages" {
                c.muted = old.muted;
            }
        }
        self.store
            .update_sidebar_categories(&cats)
            .await
            .map_err(category_not_found)?;
        let fresh = self.get_sidebar_categories(ctx, user_id, team_id).await?;
        Ok(fresh
            .categories
            .into_iter()
            .filter(|c| cats.iter().any(|u| u.id == c.id))
            .collect())
    }

    /// Mutes (or unmutes) the user's memberships of `channel_ids`, as a muted category does to its
    /// channels: `mark_unread` becomes `mention` (or `all`), and each change is announced as
    /// `channel_member_updated`. A channel the user has left since is skipped.
    async fn set_channels_muted(&self, user_id: &str, channel_ids: &[String], muted: bool) {
        let value = if muted { "mention" } else { "all" };
        for channel_id in channel_ids {
            let Ok(m) = self.store.get_channel_member(channel_id, user_id).await else {
                continue;
            };
            if m.notify_props.get("mark_unread").map(String::as_str) == Some(value) {
                continue;
            }
            let mut props = m.notify_props;
            props.insert("mark_unread".to_owned(), value.to_owned());
            match self
                .store
                .update_channel_member_notify_props(channel_id, user_id, &props, now_millis())
                .await
            {
                Ok(()) => self.announce_member_update(channel_id, user_id).await,
                Err(e) => {
                    tracing::warn!(error = %e, channel_id, "could not follow the category's mute")
                }
            }
        }
    }

    /// `DELETE …/channels/categories/{category_id}`: custom categories only; their channels fall
    /// back to the default categories.
    pub async fn delete_sidebar_category(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> AppResult<()> {
        let cat = self
            .get_sidebar_category(ctx, user_id, team_id, category_id)
            .await?;
        if cat.category_type != "custom" {
            return Err(AppError::bad_request(
                "app.channel.sidebar_categories.app_error",
                "Only custom categories can be deleted.",
            ));
        }
        self.store
            .delete_sidebar_category(category_id)
            .await
            .map_err(category_not_found)?;
        self.emit_sidebar(
            "sidebar_category_deleted",
            user_id,
            team_id,
            "category_id",
            category_id.into(),
        )
        .await;
        Ok(())
    }
}

/// The channels an update of categories mutes and unmutes: all channels of a category whose
/// `muted` changed, and a channel moved from an unmuted category into a muted one (or back).
fn mute_changes(
    before: &[SidebarCategory],
    after: &[SidebarCategory],
) -> (Vec<String>, Vec<String>) {
    let mut mute = Vec::new();
    let mut unmute = Vec::new();
    for new in after {
        let Some(old) = before.iter().find(|o| o.id == new.id) else {
            continue;
        };
        match (old.muted, new.muted) {
            (false, true) => mute.extend(new.channel_ids.iter().cloned()),
            (true, false) => unmute.extend(new.channel_ids.iter().cloned()),
            _ => {}
        }
    }
    // Moves between the categories of this update only, as Mattermost counts them.
    let updated = |c: &&SidebarCategory| after.iter().any(|a| a.id == c.id);
    for new in after {
        for channel in &new.channel_ids {
            let Some(from) = before
                .iter()
                .filter(updated)
                .find(|c| c.channel_ids.contains(channel))
            else {
                continue;
            };
            if from.id == new.id {
                continue;
            }
            match (from.muted, new.muted) {
                (false, true) if !mute.contains(channel) => mute.push(channel.clone()),
                (true, false) if !unmute.contains(channel) => unmute.push(channel.clone()),
                _ => {}
            }
        }
    }
    (mute, unmute)
}
