//! Crash safety: the real `xanh serve` is killed with SIGKILL while officers
//! save, submit and upload and the consolidator returns reports, again and
//! again after varying delays; each time it is started again on the same
//! database. Afterwards every report is whole: its version counts exactly the
//! changes its audit trail records, every stored figure, text and state is
//! the last one the trail names, and every change a client was told about
//! is still there.

use crate::helpers::{TestDb, both_databases, with_builtin};
use crate::people::add_user;
use crate::process::{Process, sign_in};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use xanh_core::access::Role;
use xanh_core::workflow::PeriodState;
use xanh_store::{AuditRow, Store};

/// Kills per test; each comes a different time after the clients start
/// (10 ms to ~0.6 s), so that over the rounds it lands in every phase of a
/// request: reading the body, parsing, inside the transaction, committing.
const ROUNDS: u64 = 24;

fn delay(round: u64) -> Duration {
    Duration::from_millis(10 + (round * 97) % 600)
}
const PERIODS: [&str; 5] = [
    "annual-2015",
    "annual-2016",
    "annual-2017",
    "annual-2018",
    "annual-2019",
];
/// The officer's figure written by every save and upload: values 60–63 move
/// by 5% at most from one year to another, far under what the unusual-value
/// check asks to confirm (a change over 25%), so no confirmation is asked for.
const INDICATOR: &str = "1.1";
const UNIT: &str = "UBND-TINH";

type Client = (reqwest::Client, String);
/// Per report, what the clients were told: the highest version acknowledged
/// and how many uploads were acknowledged.
type Acked = Arc<Mutex<HashMap<i64, (i64, usize)>>>;

struct Bench {
    db: TestDb,
    dir: tempfile::TempDir,
    officer: Client,
    consolidator: Client,
    /// Each report's id, version and state before the test's changes.
    reports: Vec<(i64, i64, String)>,
}

/// The framework, an officer and the consolidator, five open periods and
/// the officer's report in each, made through a first server process.
async fn bench(db: TestDb) -> Bench {
    with_builtin(&db.store).await;
    let dpi = add_user(&db.store, "dpi", Role::Consolidator, Some("SO-KHDT")).await;
    add_user(&db.store, "ct", Role::Officer, Some("SO-CT")).await;
    let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
    let dir = tempfile::tempdir().expect("a data directory");
    let server = Process::start(&db.url, dir.path());
    let officer = sign_in(&server.base, "ct").await;
    let consolidator = sign_in(&server.base, "dpi").await;
    let mut reports = Vec::new();
    for code in PERIODS {
        let period = periods.iter().find(|p| p.code == code).expect("period").id;
        db.store
            .set_period_state(period, PeriodState::Open, &dpi)
            .await
            .expect("opened");
        let r = officer
            .0
            .post(format!("{}/api/v1/periods/{period}/my-report", server.base))
            .header("x-csrf-token", &officer.1)
            .send()
            .await
            .expect("my-report");
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.expect("JSON");
        let id = body["report"]["id"].as_i64().expect("id");
        reports.push((
            id,
            body["report"]["version"].as_i64().expect("version"),
            body["report"]["state"].as_str().expect("state").to_string(),
        ));
    }
    server.kill();
    Bench {
        db,
        dir,
        officer,
        consolidator,
        reports,
    }
}

fn acknowledge(acked: &Acked, report: i64, version: Option<i64>, upload: bool) {
    let mut map = acked.lock().expect("not poisoned");
    let entry = map.entry(report).or_insert((0, 0));
    if let Some(v) = version {
        entry.0 = entry.0.max(v);
    }
    if upload {
        entry.1 += 1;
    }
}

/// Makes every narrative text unique across clients and restarts, so that
/// every save changes something and leaves a trail entry.
static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Save → submit → returned by the consolidator → save …, until the server
/// stops answering. A 409 (someone else moved first) just means read again.
async fn submission_cycle(
    base: String,
    officer: Client,
    consolidator: Client,
    report: i64,
    acked: Acked,
) {
    let url = format!("{base}/api/v1/reports/{report}");
    let mut saved = false;
    loop {
        let Ok(r) = officer.0.get(&url).send().await else {
            return;
        };
        let Ok(now) = r.json::<Value>().await else {
            return;
        };
        let version = now["report"]["version"].as_i64().expect("a version");
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (who, path, body) = match now["report"]["state"].as_str() {
            Some("not_started" | "draft" | "returned") if !saved => (
                &officer,
                url.clone(),
                json!({ "version": version,
                    "values": [{ "indicator": INDICATOR, "unit": UNIT, "value": format!("{}", 60 + n % 4) }],
                    "narrative": [{ "objective": "1", "part": "results", "body": format!("Kết quả, lần ghi {n}.") }] }),
            ),
            Some("not_started" | "draft" | "returned") => (
                &officer,
                format!("{url}/submit"),
                json!({ "version": version }),
            ),
            Some("submitted") => (
                &consolidator,
                format!("{url}/return"),
                json!({ "version": version, "reason": format!("Bổ sung số liệu (lần {n}).") }),
            ),
            other => panic!("unexpected state {other:?}"),
        };
        let request = if path == url {
            who.0.put(&path)
        } else {
            who.0.post(&path)
        };
        let Ok(r) = request
            .header("x-csrf-token", &who.1)
            .json(&body)
            .send()
            .await
        else {
            return;
        };
        let status = r.status().as_u16();
        let Ok(answer) = r.json::<Value>().await else {
            return;
        };
        match status {
            200 => {
                acknowledge(&acked, report, answer["report"]["version"].as_i64(), false);
                saved = path == url;
            }
            other => panic!("{path} answered {other}: {answer}"),
        }
    }
}

/// The template with `number` typed into the first input cell (Số liệu!H7).
fn filled(template: &[u8], number: usize) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("a part");
        let name = part.name().expect("a UTF-8 name").to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).expect("readable");
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(content).expect("UTF-8");
            let start = xml.find("<c r=\"H7\"").expect("the first input cell");
            let tag_end = start + xml[start..].find('>').expect("its tag ends");
            let end = if xml[..tag_end].ends_with('/') {
                tag_end + 1
            } else {
                tag_end + xml[tag_end..].find("</c>").expect("the cell ends") + 4
            };
            content = format!(
                "{}<c r=\"H7\"><v>{number}</v></c>{}",
                &xml[..start],
                &xml[end..]
            )
            .into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        out.start_file(name, options).expect("a part");
        out.write_all(&content).expect("written");
    }
    out.finish().expect("a workbook").into_inner()
}

/// Uploads the filled template again and again, a new figure each time. A
/// template is good for one upload (it carries the report's version), so
/// after each one the officer downloads a fresh one, as a person would.
async fn upload_cycle(
    base: String,
    officer: Client,
    report: i64,
    first: Arc<Vec<u8>>,
    acked: Acked,
) {
    let mut template = first.to_vec();
    for k in 0.. {
        if k > 0 {
            let fresh = officer
                .0
                .get(format!("{base}/reports/{report}/template.xlsx"))
                .send()
                .await;
            // The server is being killed: this cycle ends, as an upload's would.
            let Ok(fresh) = fresh.and_then(|r| r.error_for_status()) else {
                return;
            };
            let Ok(bytes) = fresh.bytes().await else {
                return;
            };
            template = bytes.to_vec();
        }
        let form = reqwest::multipart::Form::new()
            .text("csrf", officer.1.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(filled(&template, 60 + k % 4))
                    .file_name("bao-cao.xlsx"),
            );
        let Ok(r) = officer
            .0
            .post(format!("{base}/reports/{report}/upload"))
            .multipart(form)
            .send()
            .await
        else {
            return;
        };
        match r.status().as_u16() {
            303 => acknowledge(&acked, report, None, true),
            other => {
                let Ok(body) = r.text().await else { return };
                // Another upload to the same report landed between this
                // template's download and its upload: refused as stale,
                // nothing written. A right answer; the next cycle takes a fresh one.
                if other == 422 && body.contains("mẫu đã cũ") {
                    continue;
                }
                panic!(
                    "an upload answered {other}: {}",
                    &body[..body.len().min(2000)]
                );
            }
        }
    }
}

fn chain<'a>(
    entries: impl Iterator<Item = &'a AuditRow>,
    first: Option<&str>,
    what: &str,
) -> Option<String> {
    let mut last = first.map(str::to_string);
    for e in entries {
        assert_eq!(
            e.old_value, last,
            "{what}: each entry starts where the one before ended: {e:?}"
        );
        last = e.new_value.clone();
    }
    last
}

/// Checks one report after a restart; returns (changes counted, uploads counted).
async fn whole(
    store: &Store,
    work: Work,
    (report, base_version, base_state): &(i64, i64, String),
    acked: &Acked,
) -> (i64, usize) {
    let (report, base_version) = (*report, *base_version);
    let row = store.report(report).await.expect("the report");
    let trail = store.report_audit_trail(report).await.expect("the trail");
    let slot = format!("{report}/{INDICATOR}/{UNIT}");
    let values = trail.iter().filter(|e| {
        e.entity == "value" && e.entity_id == slot && e.field.as_deref() == Some("value")
    });
    let texts = trail.iter().filter(|e| e.entity == "narrative");
    let states = trail
        .iter()
        .filter(|e| e.entity == "report" && e.field.as_deref() == Some("state"));
    let uploads = trail.iter().filter(|e| e.action == "upload").count();
    let state_changes = states.clone().filter(|e| e.action != "save").count() as i64;

    // Every stored change has its entry and every entry its change: the
    // version counts the transactions, each of which leaves a known entry.
    let transactions = match work {
        // A save always changes the (unique) text; submit and return change the state.
        Work::Submissions => texts.clone().count() as i64 + state_changes,
        Work::Uploads => uploads as i64,
    };
    assert_eq!(
        row.version - base_version,
        transactions,
        "report {report}: the version counts exactly the changes in the trail"
    );
    let returns = states.clone().filter(|e| e.action == "return").count();
    let comments = store.comments(report).await.expect("comments").len();
    assert_eq!(
        comments, returns,
        "every return has its comment, and only returns"
    );

    let last_value = chain(values, None, "value");
    let stored = store
        .values_of_period(row.period_id)
        .await
        .expect("values")
        .into_iter()
        .find(|v| v.indicator_code == INDICATOR && v.unit_code == UNIT)
        .and_then(|v| v.value.map(|v| v.audit_text()));
    assert_eq!(
        stored, last_value,
        "report {report}: the stored figure is the trail's last"
    );
    let last_text = chain(texts, None, "narrative");
    let text = store
        .narratives(report)
        .await
        .expect("narrative")
        .into_iter()
        .find(|n| n.objective_code == "1" && n.part == xanh_core::report::NarrativePart::Results)
        .map(|n| n.body);
    assert_eq!(
        text, last_text,
        "report {report}: the stored text is the trail's last"
    );
    let last_state = chain(states, Some(base_state.as_str()), "state");
    assert_eq!(
        Some(row.state.as_str().to_string()),
        last_state,
        "report {report}: the state is the trail's last"
    );
    if row.state.as_str() == "submitted" {
        assert!(row.submitted_at.is_some(), "a submitted report says when");
    }

    let (version, acked_uploads) = acked
        .lock()
        .expect("not poisoned")
        .get(&report)
        .copied()
        .unwrap_or((0, 0));
    assert!(
        row.version >= version,
        "report {report}: version {version} was acknowledged, {} survived",
        row.version
    );
    assert!(
        uploads >= acked_uploads,
        "report {report}: {acked_uploads} uploads were acknowledged, {uploads} survived"
    );
    (row.version - base_version, uploads)
}

#[derive(Clone, Copy, PartialEq)]
enum Work {
    Submissions,
    Uploads,
}

async fn kill_again_and_again(db: TestDb, work: Work) {
    let bench = bench(db).await;
    let acked: Acked = Arc::default();
    let mut templates = HashMap::new();
    let (mut changes, mut uploads) = (0, 0);
    for round in 0..ROUNDS {
        let server = Process::start(&bench.db.url, bench.dir.path());
        let mut clients = Vec::new();
        for &(report, _, _) in &bench.reports {
            let base = server.base.clone();
            let officer = bench.officer.clone();
            clients.push(match work {
                Work::Submissions => tokio::spawn(submission_cycle(
                    base,
                    officer,
                    bench.consolidator.clone(),
                    report,
                    acked.clone(),
                )),
                Work::Uploads => {
                    if let std::collections::hash_map::Entry::Vacant(slot) = templates.entry(report)
                    {
                        let r = officer
                            .0
                            .get(format!("{base}/reports/{report}/template.xlsx"))
                            .send()
                            .await
                            .expect("the template");
                        assert_eq!(r.status(), 200);
                        slot.insert(Arc::new(r.bytes().await.expect("bytes").to_vec()));
                    }
                    tokio::spawn(upload_cycle(
                        base,
                        officer,
                        report,
                        templates[&report].clone(),
                        acked.clone(),
                    ))
                }
            });
        }
        tokio::time::sleep(delay(round)).await;
        server.kill();
        for c in clients {
            tokio::time::timeout(Duration::from_secs(60), c)
                .await
                .expect("clients notice the dead server")
                .expect("no client saw a wrong answer");
        }
        // Restarted on the same database: every report whole, before or after each change.
        let restarted = Process::start(&bench.db.url, bench.dir.path());
        let health = reqwest::get(format!("{}/health", restarted.base))
            .await
            .expect("health");
        assert_eq!(health.status(), 200, "round {round}: the server comes back");
        let store = bench.db.reopen().await;
        let (mut c, mut u) = (0, 0);
        for report in &bench.reports {
            let (rc, ru) = whole(&store, work, report, &acked).await;
            c += rc;
            u += ru;
        }
        store.close().await;
        restarted.kill();
        assert!(
            c >= changes && u >= uploads,
            "nothing committed disappears on a later crash"
        );
        (changes, uploads) = (c, u);
    }
    match work {
        Work::Submissions => assert!(
            changes >= 20,
            "the clients got work done between kills: {changes}"
        ),
        Work::Uploads => assert!(
            uploads >= 10,
            "the clients got uploads through between kills: {uploads}"
        ),
    }
}

both_databases! {
    async fn a_server_killed_during_submissions_leaves_every_report_before_or_after_each_change(db) {
        kill_again_and_again(db, Work::Submissions).await;
    }

    async fn a_server_killed_during_excel_uploads_leaves_every_upload_whole_with_its_trail_entry(db) {
        kill_again_and_again(db, Work::Uploads).await;
    }
}
