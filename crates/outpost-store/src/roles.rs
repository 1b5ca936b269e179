//! Roles: seeded with Mattermost's defaults, read by the permission checks.

use outpost_core::roles::BuiltinRole;
use outpost_model::misc::Role;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

const ROLE_COLS: &str = "id, name, displayname, description, createat, updateat, deleteat, permissions, schememanaged, builtin";

#[derive(FromRow)]
struct RoleRow {
    id: String,
    name: Option<String>,
    displayname: Option<String>,
    description: Option<String>,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    permissions: Option<String>,
    schememanaged: Option<bool>,
    builtin: Option<bool>,
}

impl From<RoleRow> for Role {
    fn from(r: RoleRow) -> Self {
        Role {
            id: r.id,
            name: r.name.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            permissions: r
                .permissions
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            scheme_managed: r.schememanaged.unwrap_or_default(),
            built_in: r.builtin.unwrap_or_default(),
        }
    }
}

impl Store {
    /// Inserts the built-in roles that are missing (existing ones keep their edited permissions).
    pub async fn seed_roles(
        &self,
        roles: &[BuiltinRole],
        new_id: impl Fn() -> String,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for r in roles {
                let perms: Vec<&str> = r.permissions.iter().map(String::as_str).collect();
                sqlx::query(sql(
                    pg,
                    "INSERT INTO roles (id, name, displayname, description, createat, updateat, deleteat, \
                     permissions, schememanaged, builtin, schemeid) VALUES ($1, $2, $3, $4, $5, $5, 0, $6, $7, true, '') \
                     ON CONFLICT (name) DO NOTHING",
                ))
                .bind(new_id())
                .bind(&r.name)
                .bind(&r.display_name)
                .bind(format!("authentication.roles.{}.description", r.name))
                .bind(now)
                .bind(perms.join(" "))
                .bind(r.scheme_managed)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Every role.
    pub async fn get_all_roles(&self) -> StoreResult<Vec<Role>> {
        let text = format!("SELECT {ROLE_COLS} FROM roles ORDER BY name");
        with_db!(self, |p, pg| {
            let rows: Vec<RoleRow> = sqlx::query_as(sql(pg, &text)).fetch_all(p).await?;
            Ok(rows.into_iter().map(Role::from).collect())
        })
    }

    /// One role by id.
    pub async fn get_role(&self, id: &str) -> StoreResult<Role> {
        let text = format!("SELECT {ROLE_COLS} FROM roles WHERE id = $1");
        with_db!(self, |p, pg| {
            let r: RoleRow = sqlx::query_as(sql(pg, &text)).bind(id).fetch_one(p).await?;
            Ok(r.into())
        })
    }

    /// Roles by names (unknown names skipped).
    pub async fn get_roles_by_names(&self, names: &[String]) -> StoreResult<Vec<Role>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {ROLE_COLS} FROM roles WHERE name IN {} ORDER BY name",
            placeholders(1, names.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, RoleRow>(s);
            for n in names {
                q = q.bind(n);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(Role::from).collect())
        })
    }

    /// Replaces a role's permissions.
    pub async fn update_role_permissions(
        &self,
        id: &str,
        permissions: &[String],
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE roles SET permissions = $2, updateat = $3 WHERE id = $1",
            ))
            .bind(id)
            .bind(permissions.join(" "))
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }
}
