//! `xanh user add|list|disable|enable|reset-password`.

use crate::cli::UserCommand;
use anyhow::{Context, bail};
use std::io::BufRead;
use std::process::ExitCode;
use xanh_app::password;
use xanh_core::Lang;
use xanh_core::access::Role;
use xanh_store::{NewUser, Store};

/// The password from standard input, or a generated one that is printed once.
fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password")?;
        let pw = line.trim_end_matches(['\r', '\n']).to_string();
        if let Err((vi, en)) = password::check_new(&pw) {
            bail!("{vi} / {en}");
        }
        Ok((pw, false))
    } else {
        // 24 hex characters: 96 bits, easy to type once and change.
        Ok((password::random_token()[..24].to_string(), true))
    }
}

pub async fn run(url: &str, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await.context("opening the database")?;
    let result = match cmd {
        UserCommand::Add {
            username,
            role,
            unit,
            name,
            email,
            password_stdin,
        } => {
            let username = username.trim().to_lowercase();
            let role_parsed = Role::parse(&role);
            if let Err(msg) =
                xanh_app::accounts::check_account(&username, role_parsed, unit.as_deref(), Lang::Vi)
            {
                let en = xanh_app::accounts::check_account(
                    &username,
                    role_parsed,
                    unit.as_deref(),
                    Lang::En,
                )
                .err()
                .unwrap_or_default();
                println!("{msg} / {en}");
                return Ok(ExitCode::FAILURE);
            }
            let (pw, generated) = new_password(password_stdin)?;
            let hash = password::hash(pw.clone())
                .await
                .map_err(anyhow::Error::msg)?;
            let display = name.unwrap_or_else(|| username.clone());
            let created = store
                .create_user(NewUser {
                    username: &username,
                    display_name: &display,
                    password_hash: &hash,
                    role: role_parsed.unwrap_or(Role::Viewer),
                    unit_code: unit.as_deref(),
                    email: email.as_deref(),
                })
                .await;
            match created {
                Ok(u) => {
                    println!(
                        "Đã tạo tài khoản / created account: {} ({})",
                        u.username,
                        u.role.as_str()
                    );
                    if generated {
                        println!("Mật khẩu / password: {pw}");
                        println!("(chỉ hiện một lần / shown once only)");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(xanh_store::StoreError::Conflict(_)) => {
                    println!("Tên đăng nhập đã có người dùng. / That account name is taken.");
                    Ok(ExitCode::FAILURE)
                }
                Err(xanh_store::StoreError::Invalid { .. }) => {
                    println!(
                        "Không có cơ quan, đơn vị này. / No such agency: {}",
                        unit.unwrap_or_default()
                    );
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            }
        }
        UserCommand::List => {
            for u in store.users().await? {
                println!(
                    "{:<20} {:<13} {:<12} {}{}",
                    u.username,
                    u.role.as_str(),
                    u.unit_code.as_deref().unwrap_or("-"),
                    u.display_name,
                    if u.disabled {
                        "  [đã khóa/disabled]"
                    } else {
                        ""
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { username } => toggle(&store, &username, true).await,
        UserCommand::Enable { username } => toggle(&store, &username, false).await,
        UserCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let (pw, generated) = new_password(password_stdin)?;
            let hash = password::hash(pw.clone())
                .await
                .map_err(anyhow::Error::msg)?;
            match store.set_password_hash(&username, &hash, "cli").await {
                Ok(()) => {
                    println!("Đã đặt lại mật khẩu / password reset: {username}");
                    if generated {
                        println!("Mật khẩu mới / new password: {pw}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(xanh_store::StoreError::NotFound(_)) => {
                    println!("Không có tài khoản này. / No such account: {username}");
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            }
        }
    };
    store.close().await;
    result
}

async fn toggle(store: &Store, username: &str, disable: bool) -> anyhow::Result<ExitCode> {
    match store.set_user_disabled(username, disable, "cli").await {
        Ok(()) => {
            println!(
                "{} / {}: {username}",
                if disable {
                    "Đã khóa"
                } else {
                    "Đã mở khóa"
                },
                if disable { "disabled" } else { "enabled" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(xanh_store::StoreError::NotFound(_)) => {
            println!("Không có tài khoản này. / No such account: {username}");
            Ok(ExitCode::FAILURE)
        }
        Err(xanh_store::StoreError::Invalid { reason, .. }) => {
            println!("{reason}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}
