//! `xanh backup` and `xanh restore`. SQLite copies itself (`VACUUM INTO`, a
//! consistent snapshot taken while the server writes); PostgreSQL is dumped and
//! restored by its own tools, `pg_dump -Fc` and `pg_restore`, whose snapshot
//! is consistent too. Both write to a `.partial` file renamed when complete,
//! so a file with the asked name is always a whole backup.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xanh_store::backup::{check_sqlite_backup, sqlite_path, sqlite_snapshot, table_count};
use xanh_store::{Backend, Store, backend_of};

pub async fn backup(url: &str, out: &Path) -> anyhow::Result<ExitCode> {
    if out.exists() {
        bail!(
            "tệp {0} đã có: hãy chọn tên khác, bản sao lưu không ghi đè tệp nào / \
             {0} exists: choose another name, a backup never overwrites a file",
            out.display()
        );
    }
    if table_count(url).await.context("reading the database")? == 0 {
        bail!(
            "cơ sở dữ liệu trống hoặc chưa có, không có gì để sao lưu / \
             the database is empty or does not exist: nothing to back up"
        );
    }
    let partial = partial_path(out);
    // A leftover of an interrupted backup is never a backup: start again.
    let _ = std::fs::remove_file(&partial);
    private_empty_file(&partial)?;
    let made = match backend_of(url)? {
        Backend::Sqlite => sqlite_snapshot(url, &partial)
            .await
            .context("sao chép cơ sở dữ liệu SQLite / copying the SQLite database"),
        Backend::Postgres => pg_tool(
            "pg_dump",
            &["--format=custom", "--no-owner", "--no-privileges", "--file"],
            &partial,
            url,
        )
        .await
        .context("pg_dump"),
    };
    if let Err(e) = made {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, out).with_context(|| format!("naming {}", out.display()))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!("Đã sao lưu / backed up: {} ({size} bytes)", out.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let kind = backup_kind(file)?;
    let target = backend_of(url)?;
    if kind != target {
        bail!(
            "{0} là bản sao lưu {1}, không khôi phục được vào cơ sở dữ liệu {2} / \
             {0} is a {1} backup and cannot be restored into a {2} database",
            file.display(),
            name(kind),
            name(target)
        );
    }
    let tables = table_count(url)
        .await
        .context("reading the target database")?;
    if tables > 0 {
        bail!(
            "cơ sở dữ liệu đích không trống ({tables} bảng): chỉ khôi phục vào một cơ sở dữ liệu \
             mới, trống (tệp SQLite mới, hoặc createdb) / the target database is not empty \
             ({tables} tables): restore only into a new, empty database (a new SQLite file, or createdb)"
        );
    }
    match target {
        Backend::Sqlite => restore_sqlite(url, file).await?,
        Backend::Postgres => {
            pg_tool(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                ],
                file,
                url,
            )
            .await
            .context("pg_restore")?;
        }
    }
    // A backup from an older Xanh gets this version's newer migrations.
    let store = Store::connect(url)
        .await
        .context("opening the restored database")?;
    store.close().await;
    println!("Đã khôi phục / restored: {}", file.display());
    Ok(ExitCode::SUCCESS)
}

fn name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// Which database a backup file comes from, by its first bytes.
fn backup_kind(file: &Path) -> anyhow::Result<Backend> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .with_context(|| format!("không đọc được / cannot read {}", file.display()))?;
    if n == 16 && &head == b"SQLite format 3\0" {
        Ok(Backend::Sqlite)
    } else if head[..n].starts_with(b"PGDMP") {
        Ok(Backend::Postgres)
    } else {
        bail!(
            "{0} không phải là bản sao lưu của Xanh (SQLite hoặc pg_dump -Fc) / \
             {0} is not a Xanh backup (SQLite or pg_dump -Fc)",
            file.display()
        )
    }
}

async fn restore_sqlite(url: &str, file: &Path) -> anyhow::Result<()> {
    check_sqlite_backup(file)
        .await
        .context("kiểm tra bản sao lưu / checking the backup")?;
    let Some(target) = sqlite_path(url) else {
        bail!("cần một tệp SQLite để khôi phục vào / a SQLite file is needed to restore into");
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Copy beside the target and rename: the target is whole or untouched.
    let partial = partial_path(&target);
    std::fs::copy(file, &partial).with_context(|| format!("copying to {}", partial.display()))?;
    for side in ["-wal", "-shm"] {
        let mut p = target.clone().into_os_string();
        p.push(side);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::rename(&partial, &target).with_context(|| format!("naming {}", target.display()))?;
    Ok(())
}

/// A backup holds password hashes and the key that signs spreadsheet
/// templates: it is made readable by its owner only, before anything is
/// written into it. `VACUUM INTO` accepts an empty file, and pg_dump keeps the
/// mode of the file it truncates.
fn private_empty_file(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    Ok(())
}

fn partial_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

/// Runs pg_dump or pg_restore on `file` against the database at `url`. The
/// password, if the URL has one, goes in PGPASSWORD rather than on the
/// command line, where other users of the machine could read it.
async fn pg_tool(tool: &str, args: &[&str], file: &Path, url: &str) -> anyhow::Result<()> {
    let (dbname, password) = split_password(url);
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args);
    if tool == "pg_dump" {
        cmd.arg(file).arg("--dbname").arg(&dbname);
    } else {
        cmd.arg("--dbname").arg(&dbname).arg(file);
    }
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let tool_name = tool.to_string();
    let output = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .context("waiting for the tool")?;
    let output = match output {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "không tìm thấy {tool_name}: hãy cài gói postgresql-client cùng phiên bản với máy chủ / \
             {tool_name} not found: install postgresql-client of the server's version"
        ),
        Err(e) => return Err(e).with_context(|| format!("running {tool_name}")),
    };
    if !output.status.success() {
        bail!(
            "{tool_name} không thành công / failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// The URL without its password, and the password percent-decoded.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_string(), None);
    };
    (
        format!("{scheme}://{user}@{host}{path}"),
        Some(percent_decode(password)),
    )
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
