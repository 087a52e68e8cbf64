//! Marks the integration tests' PostgreSQL variants as ignored when no
//! PostgreSQL is given, so that a run without one says so ("N ignored")
//! instead of counting them as passed. CI sets the URL and fails on any
//! ignored test (`.ci/run`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(xanh_postgres)");
    println!("cargo::rerun-if-env-changed=XANH_TEST_POSTGRES_URL");
    if std::env::var_os("XANH_TEST_POSTGRES_URL").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=xanh_postgres");
    }
}
