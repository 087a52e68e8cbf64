//! The sample data set: both eras of the province, so that a newcomer sees
//! every page populated. Kon Tum's 2014 framework has values 2014–2019 by its
//! departments and districts; the new Quảng Ngãi province's 2021–2030 plan has
//! 2023–2024 by the former province's districts, 2025–2026 by the communes,
//! and forest cover continuing Kon Tum's. Reports are in every state. The
//! database is marked as holding sample data, and every page says so. The
//! figures are invented: plausible trends, not statistics.

mod kon_tum;
mod new_province;
mod round;

use anyhow::{Context, bail};
use xanh_core::access::{Actor, Role};
use xanh_store::{NewUser, Store};

/// Accounts of the sample data set: (account, role, agency, name).
const PEOPLE: &[(&str, Role, Option<&str>, &str)] = &[
    ("demo-admin", Role::Admin, None, "Quản trị (mẫu)"),
    (
        "demo-khdt",
        Role::Consolidator,
        Some("SO-KHDT"),
        "Chuyên viên Sở KH&ĐT (mẫu)",
    ),
    (
        "demo-ct",
        Role::Officer,
        Some("SO-CT"),
        "Cán bộ Sở Công thương (mẫu)",
    ),
    (
        "demo-xd",
        Role::Officer,
        Some("SO-XD"),
        "Cán bộ Sở Xây dựng (mẫu)",
    ),
    (
        "demo-nnptnt",
        Role::Officer,
        Some("SO-NNPTNT"),
        "Cán bộ Sở NN&PTNT (mẫu)",
    ),
    (
        "demo-khdt-bc",
        Role::Officer,
        Some("SO-KHDT"),
        "Cán bộ báo cáo Sở KH&ĐT (mẫu)",
    ),
    (
        "demo-khcn",
        Role::Officer,
        Some("SO-KHCN"),
        "Cán bộ Sở KH&CN (mẫu)",
    ),
    // The new Quảng Ngãi province (from 1/7/2025): Sở Tài chính consolidates.
    (
        "demo-tc",
        Role::Consolidator,
        Some("QN-SO-TC"),
        "Chuyên viên Sở Tài chính Quảng Ngãi (mẫu)",
    ),
    (
        "demo-nnmt",
        Role::Officer,
        Some("QN-SO-NNMT"),
        "Cán bộ Sở NN&MT Quảng Ngãi (mẫu)",
    ),
    // A ward's officer: Nghĩa Lộ sends its forest figures to Sở NN&MT.
    (
        "demo-xa",
        Role::Officer,
        Some("X21028"),
        "Cán bộ UBND phường Nghĩa Lộ (mẫu)",
    ),
    (
        "demo-qn-ct",
        Role::Officer,
        Some("QN-SO-CT"),
        "Cán bộ Sở Công Thương Quảng Ngãi (mẫu)",
    ),
    (
        "demo-qn-xd",
        Role::Officer,
        Some("QN-SO-XD"),
        "Cán bộ Sở Xây dựng Quảng Ngãi (mẫu)",
    ),
    (
        "demo-qn-khcn",
        Role::Officer,
        Some("QN-SO-KHCN"),
        "Cán bộ Sở KH&CN Quảng Ngãi (mẫu)",
    ),
    (
        "demo-lanhdao",
        Role::Viewer,
        None,
        "Lãnh đạo UBND tỉnh (mẫu)",
    ),
];

pub struct Loaded {
    pub password: String,
    pub accounts: Vec<&'static str>,
    pub reports: usize,
}

/// The sample accounts, as actors.
pub struct Accounts(Vec<Actor>);

impl Accounts {
    /// The account of that role and unit; the administrator for a unit that
    /// has no sample account (a district's figures are typed by its department).
    fn get(&self, role: Role, unit: Option<&str>) -> &Actor {
        self.0
            .iter()
            .find(|a| a.role == role && a.unit.as_deref() == unit)
            .unwrap_or(&self.0[0])
    }
}

/// Loads the sample data set into a fresh database holding the built-in
/// frameworks (the new province's is optional) and no reports.
pub async fn load(store: &Store) -> anyhow::Result<Loaded> {
    if store.is_demo().await? {
        bail!("the sample data set is already loaded / dữ liệu mẫu đã được nạp");
    }
    store
        .framework(kon_tum::FRAMEWORK, None)
        .await
        .context("the 2014 framework must be loaded first")?;
    let mut codes = vec![kon_tum::FRAMEWORK];
    let new_province = store.framework(new_province::FRAMEWORK, None).await.is_ok();
    if new_province {
        codes.push(new_province::FRAMEWORK);
    }
    for code in codes {
        for p in &store.periods(code).await? {
            if !store.reports_of_period(p.id).await?.is_empty() {
                bail!(
                    "this database already holds reports: the sample data set goes only into a fresh one"
                );
            }
        }
    }
    let password = xanh_app::password::random_token()[..16].to_string();
    let hash = xanh_app::password::hash(password.clone())
        .await
        .map_err(anyhow::Error::msg)?;
    // The new province's accounts only where its framework is loaded.
    let people: Vec<_> = PEOPLE
        .iter()
        .filter(|p| {
            new_province
                || !p
                    .2
                    .is_some_and(|u| u.starts_with("QN-") || u.starts_with('X'))
        })
        .collect();
    let mut actors = Vec::new();
    for (name, role, unit, display) in people.iter().copied() {
        let user = store
            .create_user(NewUser {
                username: name,
                display_name: display,
                password_hash: &hash,
                role: *role,
                unit_code: *unit,
                email: None,
            })
            .await
            .with_context(|| format!("creating the sample account {name}"))?;
        actors.push(user.actor());
    }
    let accounts = Accounts(actors);
    let mut reports = kon_tum::load(store, &accounts).await?;
    if new_province {
        reports += new_province::load(store, &accounts).await?;
    }
    store.set_setting("demo", "1").await?;
    Ok(Loaded {
        password,
        accounts: people.iter().map(|p| p.0).collect(),
        reports,
    })
}
