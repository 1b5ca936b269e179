//! Users.

use outpost_model::user::{StringMap, User};
use sqlx::FromRow;

use crate::{Store, StoreResult, placeholders, sql, with_db};

const USER_COLS: &str = "id, createat, updateat, deleteat, username, password, authdata, authservice, \
     email, emailverified, nickname, firstname, lastname, roles, allowmarketing, props::text AS props, \
     notifyprops::text AS notifyprops, lastpasswordupdate, lastpictureupdate, \
     failedattempts::bigint AS failedattempts, locale, mfaactive, mfasecret, position, \
     timezone::text AS timezone, lastlogin, (id IN (SELECT userid FROM bots)) AS isbot";

#[derive(FromRow)]
struct UserRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    username: Option<String>,
    password: Option<String>,
    authdata: Option<String>,
    authservice: Option<String>,
    email: Option<String>,
    emailverified: Option<bool>,
    nickname: Option<String>,
    firstname: Option<String>,
    lastname: Option<String>,
    roles: Option<String>,
    allowmarketing: Option<bool>,
    props: Option<String>,
    notifyprops: Option<String>,
    lastpasswordupdate: Option<i64>,
    lastpictureupdate: Option<i64>,
    failedattempts: Option<i64>,
    locale: Option<String>,
    mfaactive: Option<bool>,
    mfasecret: Option<String>,
    position: Option<String>,
    timezone: Option<String>,
    lastlogin: i64,
    isbot: Option<bool>,
}

fn map(s: Option<String>) -> StringMap {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            username: r.username.unwrap_or_default(),
            password: r.password.unwrap_or_default(),
            auth_data: r.authdata.filter(|s| !s.is_empty()),
            auth_service: r.authservice.unwrap_or_default(),
            email: r.email.unwrap_or_default(),
            email_verified: r.emailverified.unwrap_or_default(),
            nickname: r.nickname.unwrap_or_default(),
            first_name: r.firstname.unwrap_or_default(),
            last_name: r.lastname.unwrap_or_default(),
            position: r.position.unwrap_or_default(),
            roles: r.roles.unwrap_or_default(),
            allow_marketing: r.allowmarketing.unwrap_or_default(),
            props: map(r.props),
            notify_props: map(r.notifyprops),
            last_password_update: r.lastpasswordupdate.unwrap_or_default(),
            last_picture_update: r.lastpictureupdate.unwrap_or_default(),
            failed_attempts: r.failedattempts.unwrap_or_default(),
            locale: r.locale.unwrap_or_default(),
            timezone: map(r.timezone),
            mfa_active: r.mfaactive.unwrap_or_default(),
            mfa_secret: r.mfasecret.unwrap_or_default(),
            last_activity_at: 0,
            is_bot: r.isbot.unwrap_or_default(),
            disable_welcome_email: false,
            last_login: r.lastlogin,
        }
    }
}

fn json(m: &StringMap) -> String {
    serde_json::to_string(m).unwrap_or_else(|_| "{}".to_owned())
}

/// Sort orders for user lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserSort {
    /// By username (the default).
    #[default]
    Username,
    /// Newest first.
    CreateAt,
}

/// Filters for `GET /users` (`model.UserGetOptions`). Empty strings mean "no filter".
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub in_team: String,
    pub not_in_team: String,
    pub in_channel: String,
    pub not_in_channel: String,
    pub without_team: bool,
    /// `Some(true)`: only deactivated; `Some(false)`: only active; `None`: both.
    pub inactive: Option<bool>,
    /// Only users having this system role.
    pub role: String,
    pub sort: UserSort,
    pub offset: i64,
    pub limit: i64,
}

/// Filters for `POST /users/search` and autocomplete.
#[derive(Debug, Clone, Default)]
pub struct UserSearch {
    pub term: String,
    pub in_team: String,
    pub not_in_team: String,
    pub in_channel: String,
    pub not_in_channel: String,
    pub allow_inactive: bool,
    pub without_team: bool,
    pub limit: i64,
    /// Match on email addresses (only when emails are visible to the caller).
    pub allow_emails: bool,
    /// Match on first and last names (only when full names are visible to the caller).
    pub allow_full_names: bool,
}

impl Store {
    /// Inserts a new user.
    pub async fn save_user(&self, u: &User) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO users (id, createat, updateat, deleteat, username, password, authdata, \
                 authservice, email, emailverified, nickname, firstname, lastname, roles, allowmarketing, \
                 props, notifyprops, lastpasswordupdate, lastpictureupdate, failedattempts, locale, \
                 mfaactive, mfasecret, position, timezone, lastlogin) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                 $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb, $18, $19, $20, $21, $22, $23, \
                 $24, $25::jsonb, $26)",
            ))
            .bind(&u.id)
            .bind(u.create_at)
            .bind(u.update_at)
            .bind(u.delete_at)
            .bind(&u.username)
            .bind(&u.password)
            .bind(u.auth_data.as_deref())
            .bind(&u.auth_service)
            .bind(&u.email)
            .bind(u.email_verified)
            .bind(&u.nickname)
            .bind(&u.first_name)
            .bind(&u.last_name)
            .bind(&u.roles)
            .bind(u.allow_marketing)
            .bind(json(&u.props))
            .bind(json(&u.notify_props))
            .bind(u.last_password_update)
            .bind(u.last_picture_update)
            .bind(i32::try_from(u.failed_attempts).unwrap_or(0))
            .bind(&u.locale)
            .bind(u.mfa_active)
            .bind(&u.mfa_secret)
            .bind(&u.position)
            .bind(json(&u.timezone))
            .bind(u.last_login)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Writes every profile field of an existing user (not the password, roles or login state).
    pub async fn update_user(&self, u: &User) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE users SET updateat = $2, username = $3, email = $4, emailverified = $5, \
                 nickname = $6, firstname = $7, lastname = $8, position = $9, props = $10::jsonb, \
                 notifyprops = $11::jsonb, locale = $12, timezone = $13::jsonb, allowmarketing = $14, \
                 lastpictureupdate = $15 WHERE id = $1",
            ))
            .bind(&u.id)
            .bind(u.update_at)
            .bind(&u.username)
            .bind(&u.email)
            .bind(u.email_verified)
            .bind(&u.nickname)
            .bind(&u.first_name)
            .bind(&u.last_name)
            .bind(&u.position)
            .bind(json(&u.props))
            .bind(json(&u.notify_props))
            .bind(&u.locale)
            .bind(json(&u.timezone))
            .bind(u.allow_marketing)
            .bind(u.last_picture_update)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(crate::StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Sets one scalar column of a user (`column` is from a fixed list in this crate's callers).
    async fn set_user_column(
        &self,
        id: &str,
        column: UserColumn,
        value: ColumnValue<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let _audience = self.audience_change();
        let text = format!(
            "UPDATE users SET {} = $2, updateat = $3 WHERE id = $1",
            column.name()
        );
        with_db!(self, |p, pg| {
            let q = sqlx::query(sql(pg, &text)).bind(id);
            let q = match value {
                ColumnValue::Text(s) => q.bind(s.to_owned()),
                ColumnValue::Int(n) => q.bind(n),
            };
            let r = q.bind(now).execute(p).await?;
            if r.rows_affected() == 0 {
                return Err(crate::StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Stores a new password hash and resets failed attempts.
    pub async fn update_password(&self, id: &str, hash: &str, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE users SET password = $2, lastpasswordupdate = $3, updateat = $3, failedattempts = 0 WHERE id = $1",
            ))
            .bind(id)
            .bind(hash)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(crate::StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Counts one more failed login, atomically (concurrent wrong guesses all count).
    pub async fn increment_failed_attempts(&self, id: &str) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE users SET failedattempts = COALESCE(failedattempts, 0) + 1 WHERE id = $1",
            ))
            .bind(id)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Sets the failed login attempt counter.
    pub async fn update_failed_attempts(&self, id: &str, attempts: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE users SET failedattempts = $2 WHERE id = $1",
            ))
            .bind(id)
            .bind(i32::try_from(attempts).unwrap_or(i32::MAX))
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Records a successful login: resets failed attempts, stamps `lastlogin`.
    pub async fn record_login(&self, id: &str, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE users SET failedattempts = 0, lastlogin = $2 WHERE id = $1",
            ))
            .bind(id)
            .bind(now)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Sets the user's system roles.
    pub async fn update_user_roles(&self, id: &str, roles: &str, now: i64) -> StoreResult<()> {
        self.set_user_column(id, UserColumn::Roles, ColumnValue::Text(roles), now)
            .await
    }

    /// Deactivates (`delete_at = now`) or reactivates (`delete_at = 0`) a user.
    pub async fn update_user_delete_at(
        &self,
        id: &str,
        delete_at: i64,
        now: i64,
    ) -> StoreResult<()> {
        self.set_user_column(id, UserColumn::DeleteAt, ColumnValue::Int(delete_at), now)
            .await
    }

    /// Stamps the last profile picture change (0 = back to the default picture).
    pub async fn update_last_picture(&self, id: &str, at: i64, now: i64) -> StoreResult<()> {
        self.set_user_column(id, UserColumn::LastPictureUpdate, ColumnValue::Int(at), now)
            .await
    }

    /// One user by id.
    pub async fn get_user(&self, id: &str) -> StoreResult<User> {
        self.get_user_where("id = $1", id).await
    }

    /// One user by username (exact, lower-case).
    pub async fn get_user_by_username(&self, username: &str) -> StoreResult<User> {
        self.get_user_where("username = $1", &username.to_lowercase())
            .await
    }

    /// One user by email (case-insensitive).
    pub async fn get_user_by_email(&self, email: &str) -> StoreResult<User> {
        self.get_user_where("lower(email) = $1", &email.to_lowercase())
            .await
    }

    async fn get_user_where(&self, cond: &str, arg: &str) -> StoreResult<User> {
        let text = format!("SELECT {USER_COLS} FROM users WHERE {cond}");
        with_db!(self, |p, pg| {
            let row: UserRow = sqlx::query_as(sql(pg, &text))
                .bind(arg)
                .fetch_one(p)
                .await?;
            Ok(row.into())
        })
    }

    /// Number of users, optionally counting deactivated ones.
    pub async fn count_users(&self, include_deleted: bool) -> StoreResult<i64> {
        let text = if include_deleted {
            "SELECT COUNT(*) FROM users"
        } else {
            "SELECT COUNT(*) FROM users WHERE deleteat = 0"
        };
        with_db!(self, |p, pg| {
            let n: i64 = sqlx::query_scalar(sql(pg, text)).fetch_one(p).await?;
            Ok(n)
        })
    }

    /// Users by ids (missing ids are skipped), ordered by username.
    pub async fn get_users_by_ids(&self, ids: &[String]) -> StoreResult<Vec<User>> {
        self.get_users_in("id", ids).await
    }

    /// Users by usernames (missing names are skipped), ordered by username.
    pub async fn get_users_by_usernames(&self, names: &[String]) -> StoreResult<Vec<User>> {
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        self.get_users_in("username", &lower).await
    }

    async fn get_users_in(&self, column: &str, values: &[String]) -> StoreResult<Vec<User>> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {USER_COLS} FROM users WHERE {column} IN {} ORDER BY username",
            placeholders(1, values.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, UserRow>(s);
            for v in values {
                q = q.bind(v);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(User::from).collect())
        })
    }

    /// A page of users matching the filters.
    pub async fn get_users(&self, f: &UserQuery) -> StoreResult<Vec<User>> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        membership_filters(
            &mut conds,
            &mut args,
            &f.in_team,
            &f.not_in_team,
            &f.in_channel,
            &f.not_in_channel,
            f.without_team,
        );
        match f.inactive {
            Some(true) => conds.push("u.deleteat > 0".to_owned()),
            Some(false) => conds.push("u.deleteat = 0".to_owned()),
            None => {}
        }
        if !f.role.is_empty() {
            args.push(format!("%{}%", f.role));
            conds.push(format!("u.roles LIKE ${}", args.len()));
        }
        let order = match f.sort {
            UserSort::Username => "u.username ASC",
            UserSort::CreateAt => "u.createat DESC, u.username ASC",
        };
        self.select_users(&conds, &args, order, f.limit, f.offset)
            .await
    }

    /// Users whose username, names, nickname or email start with the term.
    pub async fn search_users(&self, s: &UserSearch) -> StoreResult<Vec<User>> {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        membership_filters(
            &mut conds,
            &mut args,
            &s.in_team,
            &s.not_in_team,
            &s.in_channel,
            &s.not_in_channel,
            s.without_team,
        );
        if !s.allow_inactive {
            conds.push("u.deleteat = 0".to_owned());
        }
        let term = s.term.trim().trim_start_matches('@');
        let search = crate::Search::new(term, true);
        if !term.is_empty() {
            args.push(search.pattern.clone());
            let n = args.len();
            let mut columns = vec!["username", "nickname"];
            if s.allow_full_names {
                columns.extend(["firstname", "lastname"]);
            }
            if s.allow_emails {
                columns.push("email");
            }
            let any = columns
                .iter()
                .map(|c| format!("lower(u.{c}) LIKE ${n} ESCAPE '\\'"))
                .collect::<Vec<_>>()
                .join(" OR ");
            conds.push(format!("({any})"));
        }
        if search.exact {
            return self
                .select_users(&conds, &args, "u.username ASC", s.limit, 0)
                .await;
        }
        // Non-ASCII letters: the pattern is a superset on SQLite; keep the real matches.
        let users = self
            .select_users(&conds, &args, "u.username ASC", 10_000, 0)
            .await?;
        Ok(users
            .into_iter()
            .filter(|u| {
                let hidden = "";
                search.matches([
                    u.username.as_str(),
                    if s.allow_full_names {
                        u.first_name.as_str()
                    } else {
                        hidden
                    },
                    if s.allow_full_names {
                        u.last_name.as_str()
                    } else {
                        hidden
                    },
                    u.nickname.as_str(),
                    if s.allow_emails {
                        u.email.as_str()
                    } else {
                        hidden
                    },
                ])
            })
            .take(usize::try_from(s.limit.clamp(0, 10_000)).unwrap_or(0))
            .collect())
    }

    async fn select_users(
        &self,
        conds: &[String],
        args: &[String],
        order: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<User>> {
        let cols = USER_COLS
            .split(", ")
            .map(|c| match c.trim() {
                // An expression (the bot flag) already names its columns.
                expr if expr.starts_with('(') => expr.to_owned(),
                col => format!("u.{col}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let where_ = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let text = format!(
            "SELECT {cols} FROM users u {where_} ORDER BY {order} LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, UserRow>(s);
            for a in args {
                q = q.bind(a);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(User::from).collect())
        })
    }
}

fn membership_filters(
    conds: &mut Vec<String>,
    args: &mut Vec<String>,
    in_team: &str,
    not_in_team: &str,
    in_channel: &str,
    not_in_channel: &str,
    without_team: bool,
) {
    let mut push = |arg: &str, template: &str| {
        args.push(arg.to_owned());
        conds.push(template.replace("$N", &format!("${}", args.len())));
    };
    if !in_team.is_empty() {
        push(
            in_team,
            "EXISTS (SELECT 1 FROM teammembers tm WHERE tm.userid = u.id AND tm.teamid = $N AND tm.deleteat = 0)",
        );
    }
    if !not_in_team.is_empty() {
        push(
            not_in_team,
            "NOT EXISTS (SELECT 1 FROM teammembers tm WHERE tm.userid = u.id AND tm.teamid = $N AND tm.deleteat = 0)",
        );
    }
    if !in_channel.is_empty() {
        push(
            in_channel,
            "EXISTS (SELECT 1 FROM channelmembers cm WHERE cm.userid = u.id AND cm.channelid = $N)",
        );
    }
    if !not_in_channel.is_empty() {
        push(
            not_in_channel,
            "NOT EXISTS (SELECT 1 FROM channelmembers cm WHERE cm.userid = u.id AND cm.channelid = $N)",
        );
    }
    if without_team {
        conds.push(
            "NOT EXISTS (SELECT 1 FROM teammembers tm WHERE tm.userid = u.id AND tm.deleteat = 0)"
                .to_owned(),
        );
    }
}

#[derive(Clone, Copy)]
enum UserColumn {
    Roles,
    DeleteAt,
    LastPictureUpdate,
}

impl UserColumn {
    fn name(self) -> &'static str {
        match self {
            UserColumn::Roles => "roles",
            UserColumn::DeleteAt => "deleteat",
            UserColumn::LastPictureUpdate => "lastpictureupdate",
        }
    }
}

enum ColumnValue<'a> {
    Text(&'a str),
    Int(i64),
}
