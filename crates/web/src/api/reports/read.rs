//! Reading through the API: who is signed in, the overview of a period's
//! reports, one report with its values, narrative and comments (the officer's
//! own made if missing), and a report's audit trail.

use super::*;

/// Who is signed in: account, role and agency.
#[utoipa::path(get, path = "/api/v1/me", tag = "reporting",
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The account", body = Me), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError)))]
pub async fn me(Authed(session): Authed) -> Json<Me> {
    Json(Me {
        username: session.user.username,
        display_name: session.user.display_name,
        role: session.actor.role.as_str().to_string(),
        unit: session.actor.unit,
    })
}

/// Every expected report of a period with its state, timeliness and completeness (consolidator, administrator, viewer).
#[utoipa::path(get, path = "/api/v1/periods/{id}/reports", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The overview", body = Overview), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not allowed for this role", body = crate::api::doc::ApiError), (status = 404, description = "No such period", body = crate::api::doc::ApiError)))]
pub async fn overview(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<Overview>, WebError> {
    if !session.actor.can_see_overview() {
        return Err(WebError::forbidden(lang).json());
    }
    let (period, rows) = overview_rows(&state, id, lang)
        .await
        .map_err(WebError::api)?;
    let levels = xanh_app::overview::levels(&state, id, &session.actor, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Overview {
        period: period.into(),
        reports: rows
            .into_iter()
            .map(|r| OverviewItem {
                quality: QualityDetail {
                    figures_expected: r.counts.slots,
                    figures_given: r.counts.filled,
                    on_time: r.counts.on_time,
                    checks: r.counts.checks,
                    checks_held: r.counts.checks_held,
                    flags: r.counts.flags,
                    flags_explained: r.counts.flags_answered,
                    shown: r.quality,
                    parts: r.quality_parts,
                },
                unit: r.unit,
                unit_name: r.unit_name,
                report_id: r.report_id,
                state: r.state.as_str().to_string(),
                state_label: r.state_label,
                submitted_at: r.submitted,
                late: r.late,
                completeness: r.completeness,
                quality_score: r.score,
            })
            .collect(),
        levels: levels.into_iter().map(Into::into).collect(),
    }))
}

/// A report with its values, narrative and comments.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reporting",
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report", body = ReportInFull), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 404, description = "No such report, or not visible to this account", body = crate::api::doc::ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<ReportInFull>, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::api)?,
    ))
}

/// The signed-in officer's report for a period, made if it does not exist yet.
#[utoipa::path(post, path = "/api/v1/periods/{id}/my-report", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report", body = ReportInFull), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not an officer / missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "The agency does not report in this period", body = crate::api::doc::ApiError), (status = 409, description = "The period is not open: no report can be started", body = crate::api::doc::ApiError)))]
pub async fn my_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
) -> Result<Json<ReportInFull>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let report = ensure_own_report(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    let ctx = reporting::load(&state, &session.actor, report.id, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::api)?,
    ))
}

/// The audit trail of a report: every state change, value and narrative edit.
#[utoipa::path(get, path = "/api/v1/reports/{id}/audit", tag = "reporting",
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The trail", body = Trail), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Viewers do not see drafts' history", body = crate::api::doc::ApiError), (status = 404, description = "No such report", body = crate::api::doc::ApiError)))]
pub async fn audit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<Trail>, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    // The same rule as the page's: the trail holds draft values.
    let rows = ctx
        .audit_trail(&state, &session.actor, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Trail {
        entries: rows.into_iter().map(AuditEntry::from).collect(),
    }))
}
