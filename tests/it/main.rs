//! Xanh's integration suite: one test binary (each extra one links the world
//! again). Storage and web tests run on SQLite always and on PostgreSQL when
//! XANH_TEST_POSTGRES_URL is set, each in a database of its own.

mod helpers;
mod journeys;

mod admin_registry;
mod agency_signing;
mod api_conformance;
mod api_coverage;
mod architecture;
mod assess_cli;
mod audit_chain;
mod backup;
mod browser;
mod bulk_import;
mod bulk_table;
mod cli;
mod commune_journey;
mod communes;
mod concurrency;
mod continuity;
mod crash;
mod crawl;
mod crawl_browser;
mod dashboard;
mod dashboard_glance;
mod document_images;
mod documents;
mod drafts;
mod eras;
mod excel;
mod exports;
mod framework_files;
mod harness;
mod logs;
mod new_province_journey;
mod people;
mod probe_findings;
mod process;
mod provincial;
mod provincial_journey;
mod quality;
mod quality_browser;
mod registry;
mod reminders;
mod replica;
mod reporting;
mod route_matrix;
mod scale_out;
mod security;
mod signing;
mod storage;
mod timestamps;
mod web;
