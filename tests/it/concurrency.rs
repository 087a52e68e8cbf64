//! Fifty people saving the same figure of the same report at the same moment,
//! over real HTTP: optimistic versions let exactly one save through per
//! version, everyone else is told to reload (409, in words), and the audit
//! trail chains every accepted save to the one before it: nothing is lost.

use crate::helpers::both_databases;
use crate::people::round;
use serde_json::{Value, json};
use std::sync::Arc;

const CLIENTS: usize = 50;
const INDICATOR: &str = "1.4";
const UNIT: &str = "UBND-TINH";

/// A bearer token for `username` (no CSRF needed, as for an outside system).
pub async fn token_for(store: &xanh_store::Store, username: &str) -> String {
    let (user, _) = store
        .user_for_login(username)
        .await
        .expect("looked up")
        .expect("the account exists");
    let token = format!("tok-{username}-{}", std::process::id());
    store
        .create_api_token(user.id, "test", &token)
        .await
        .expect("token created");
    token
}

struct Outcome {
    value: String,
    version: i64,
    refused: usize,
}

async fn read(http: &reqwest::Client, url: &str, token: &str) -> Value {
    let r = http.get(url).bearer_auth(token).send().await.expect("read");
    assert_eq!(r.status(), 200, "the report reads");
    r.json().await.expect("JSON")
}

/// Reads, saves its own value on the version it read, and on a refusal reads
/// again and retries, as a person told "reload and try again" would.
async fn client(
    url: String,
    token: String,
    value: String,
    start: Arc<tokio::sync::Barrier>,
) -> Outcome {
    let http = reqwest::Client::new();
    let mut version = read(&http, &url, &token).await["report"]["version"]
        .as_i64()
        .expect("a version");
    start.wait().await; // everyone saves on the same version at once
    let mut refused = 0;
    for _ in 0..10 * CLIENTS {
        let body = json!({ "version": version, "values": [{ "indicator": INDICATOR, "unit": UNIT, "value": value }] });
        let r = http
            .put(&url)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        let status = r.status().as_u16();
        let answer: Value = r.json().await.expect("every answer is JSON");
        match status {
            200 => {
                return Outcome {
                    value,
                    version: answer["report"]["version"].as_i64().expect("a version"),
                    refused,
                };
            }
            409 => {
                assert_eq!(answer["error"]["code"], "conflict", "{answer}");
                let message = answer["error"]["message"].as_str().unwrap_or_default();
                assert!(
                    message.contains("người khác thay đổi") && message.contains("tải lại"),
                    "a refused save is told why, in Vietnamese: {message}"
                );
                refused += 1;
                version = read(&http, &url, &token).await["report"]["version"]
                    .as_i64()
                    .expect("a version");
            }
            other => panic!("a save answered {other}: {answer}"),
        }
    }
    panic!("client {value} never got its save through");
}

both_databases! {
    async fn fifty_people_saving_the_same_figure_lose_no_update_and_each_refusal_is_told(db) {
        let round = round(db).await;
        let token = token_for(&round.db.store, "ct").await;
        let http = reqwest::Client::new();
        let r = http
            .post(format!("{}/api/v1/periods/{}/my-report", round.app.base, round.period))
            .bearer_auth(&token)
            .send()
            .await
            .expect("my-report");
        assert_eq!(r.status(), 200);
        let report: Value = r.json().await.expect("JSON");
        let id = report["report"]["id"].as_i64().expect("a report id");
        let first = report["report"]["version"].as_i64().expect("a version");
        let url = format!("{}/api/v1/reports/{id}", round.app.base);

        let start = Arc::new(tokio::sync::Barrier::new(CLIENTS));
        let tasks: Vec<_> = (0..CLIENTS)
            // Distinct values (10…59, a valid percentage), so every accepted save changes the figure.
            .map(|i| tokio::spawn(client(url.clone(), token.clone(), format!("{}", 10 + i), start.clone())))
            .collect();
        let mut outcomes = Vec::new();
        for t in tasks {
            outcomes.push(t.await.expect("the client finished"));
        }

        // Every client got through exactly once, each on a version of its own.
        let mut versions: Vec<i64> = outcomes.iter().map(|o| o.version).collect();
        versions.sort_unstable();
        let expected: Vec<i64> = (first + 1..=first + CLIENTS as i64).collect();
        assert_eq!(versions, expected, "one new version per accepted save, none shared");
        let refused: usize = outcomes.iter().map(|o| o.refused).sum();
        assert!(
            refused >= CLIENTS - 1,
            "at the start all fifty saved on one version, so at least 49 were refused; got {refused}"
        );

        // The audit trail: one entry per accepted save, each taking over from the one before.
        let trail = read(&http, &format!("{url}/audit"), &token).await;
        let entries: Vec<&Value> = trail["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| {
                e["entity"] == "value"
                    && e["field"] == "value"
                    && e["entity_id"] == format!("{id}/{INDICATOR}/{UNIT}").as_str()
            })
            .collect();
        assert_eq!(entries.len(), CLIENTS, "exactly one audit entry per accepted save");
        let mut previous: Option<String> = None;
        for e in &entries {
            let old = e["old_value"].as_str().map(str::to_string);
            assert_eq!(old, previous, "each save starts from the value the one before stored: {e}");
            previous = e["new_value"].as_str().map(str::to_string);
        }
        let mut written: Vec<String> = entries
            .iter()
            .map(|e| e["new_value"].as_str().expect("a value").to_string())
            .collect();
        written.sort();
        let mut typed: Vec<String> = outcomes.iter().map(|o| o.value.clone()).collect();
        typed.sort();
        assert_eq!(written, typed, "every client's value was stored once, in its turn");

        // What is stored is what the last accepted save wrote.
        let last = outcomes.iter().max_by_key(|o| o.version).expect("outcomes");
        let now = read(&http, &url, &token).await;
        assert_eq!(now["report"]["version"].as_i64(), Some(first + CLIENTS as i64));
        let stored = now["values"]
            .as_array()
            .expect("values")
            .iter()
            .find(|v| v["indicator"] == INDICATOR && v["unit"] == UNIT)
            .expect("the figure is stored");
        assert_eq!(stored["display"].as_str(), Some(last.value.as_str()));
        assert_eq!(previous.as_deref(), Some(last.value.as_str()), "the trail ends at the stored value");
    }
}
