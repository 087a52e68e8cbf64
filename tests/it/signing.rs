//! Signed issued reports (PAdES), judged by outside tools: a provincial
//! report issued with the organisation's key (a test CA and key made here
//! with openssl) is reported valid and unmodified by poppler's pdfsig and by
//! pyHanko against the test CA; a copy with one byte changed is reported
//! broken by both; the file served afterwards is the one signed; its first
//! page image is kept in `artifacts/pdf/`.

use crate::helpers::{TestApp, both_databases};
use crate::people::{field, login_with};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs openssl in `dir`; a failure stops the test with what openssl said.
pub(crate) fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A test CA and an organisation's key signed by it: (CA certificate, PKCS#12, passphrase file).
pub(crate) fn test_pki(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    // Made once per directory: what else was signed by the CA (a
    // time-stamping authority's certificate) keeps its chain.
    if dir.join("org.p12").exists() {
        return (
            dir.join("ca.pem"),
            dir.join("org.p12"),
            dir.join("pass.txt"),
        );
    }
    let run = |args: &[&str]| openssl(dir, args);
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "30",
        "-subj",
        "/CN=Xanh Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "org.key",
        "-out",
        "org.csr",
        "-subj",
        "/CN=UBND tinh Quang Ngai/O=UBND tinh Quang Ngai/C=VN",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n",
    )
    .expect("written");
    run(&[
        "x509",
        "-req",
        "-in",
        "org.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "org.pem",
        "-days",
        "30",
        "-extfile",
        "ext.cnf",
    ]);
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        "org.key",
        "-in",
        "org.pem",
        "-certfile",
        "ca.pem",
        "-out",
        "org.p12",
        "-passout",
        "pass:bi-mat-thu",
    ]);
    std::fs::write(dir.join("pass.txt"), "bi-mat-thu\n").expect("written");
    // The leader's own key, as on a USB token: Xanh never sees it; the test signs with it.
    person_key(
        dir,
        "leader",
        "/CN=Nguyen Van A/O=UBND tinh Quang Ngai/C=VN",
    );
    (
        dir.join("ca.pem"),
        dir.join("org.p12"),
        dir.join("pass.txt"),
    )
}

/// A person's own key and certificate from the test CA (`{who}.der`,
/// `{who}.key.der`), as on a USB token: Xanh never sees it; the test signs
/// with it through [`sign_digest`].
pub(crate) fn person_key(dir: &Path, who: &str, subject: &str) {
    let run = |args: &[&str]| openssl(dir, args);
    let (key, csr, pem, der, key_der) = (
        format!("{who}.key"),
        format!("{who}.csr"),
        format!("{who}.pem"),
        format!("{who}.der"),
        format!("{who}.key.der"),
    );
    run(&[
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-subj", subject,
    ]);
    run(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        &pem,
        "-days",
        "30",
        "-extfile",
        "ext.cnf",
    ]);
    run(&["x509", "-in", &pem, "-outform", "DER", "-out", &der]);
    run(&[
        "pkcs8", "-topk8", "-nocrypt", "-in", &key, "-outform", "DER", "-out", &key_der,
    ]);
}

/// The /verify page's answer for a file.
pub(crate) async fn verify_page(app: &TestApp, pdf: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(pdf).file_name("bao-cao.pdf"),
    );
    let r = reqwest::Client::new()
        .post(format!("{}/verify", app.base))
        .multipart(form)
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    r.text().await.expect("the page")
}

pub(crate) fn tool(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} runs: {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A server's state over `db` holding the organisation's key from `dir`
/// (made by [`test_pki`]), the signer first when `leader_first`, asking
/// `tsa` for a timestamp where one is given.
pub(crate) fn keyed_state(
    db: &crate::helpers::TestDb,
    dir: &Path,
    leader_first: bool,
    tsa: Option<&str>,
) -> xanh_web::AppState {
    let (_, p12, pass) = test_pki(dir);
    let mut state = xanh_web::AppState::new(db.store.clone());
    state.settings.signing = Some(std::sync::Arc::new(xanh_app::SigningKey {
        p12: std::fs::read(&p12).expect("the key"),
        password: std::fs::read_to_string(&pass)
            .expect("the passphrase")
            .trim()
            .to_string(),
        tsa_url: tsa.map(str::to_string),
    }));
    state.settings.leader_signs_first = leader_first;
    state
}

/// The sample data, a server holding the organisation's key (the signer
/// signing first when `leader_first`), the 2018 report compiled again and
/// issued as `number` after the confirmation: (server, consolidator, the
/// sample's password, the report's address, its id).
async fn issued_with_key(
    db: &crate::helpers::TestDb,
    dir: &Path,
    leader_first: bool,
    number: &str,
) -> (TestApp, crate::people::Person, String, String, String) {
    issued_with_key_and_tsa(db, dir, leader_first, number, None).await
}

/// As [`issued_with_key`], the organisation's signature timestamped by `tsa`.
pub(crate) async fn issued_with_key_and_tsa(
    db: &crate::helpers::TestDb,
    dir: &Path,
    leader_first: bool,
    number: &str,
    tsa: Option<&str>,
) -> (TestApp, crate::people::Person, String, String, String) {
    let (_, password, p2018) = crate::people::sample(db).await;
    let state = keyed_state(db, dir, leader_first, tsa);
    let app = TestApp::start_with(state).await;
    let dpi = login_with(&app, "demo-khdt", &password).await;
    let (status, location) = dpi
        .post(&app, &format!("/periods/{p2018}/provincial-report"), &[])
        .await;
    assert_eq!(status, 303, "{location}");
    let (_, page) = dpi.get(&app, &location).await;
    let version = field(&page, "version").expect("a revision");
    let issue = [
        ("number", number),
        ("date", "21/01/2019"),
        ("signer", "Nguyễn Văn A"),
    ];
    let mut first = vec![("version", version.as_str())];
    first.extend(issue);
    let (status, page) = dpi.post(&app, &format!("{location}/issue"), &first).await;
    assert_eq!(status, 200, "a confirmation first");
    let confirmed = field(&page, "version").expect("the confirmed revision");
    let mut second = vec![("version", confirmed.as_str()), ("confirm", "yes")];
    second.extend(issue);
    let (status, done) = dpi.post(&app, &format!("{location}/issue"), &second).await;
    assert_eq!(status, 303, "{done}");
    let id = location
        .trim_start_matches("/provincial-reports/")
        .to_string();
    (app, dpi, password, location, id)
}

both_databases! {
    async fn an_issued_report_signed_with_the_organisations_key_is_valid_for_pdfsig_and_pyhanko_and_a_changed_copy_is_not(db) {
        let dir = tempfile::tempdir().expect("a directory");
        let (app, _, _, _, id) = issued_with_key(&db, dir.path(), false, "16/BC-UBND").await;
        let ca = dir.path().join("ca.pem");

        let pdf = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers").bytes().await.expect("the PDF").to_vec();
        let again = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers").bytes().await.expect("the PDF").to_vec();
        assert_eq!(pdf, again, "the file served is the one kept at issue, byte for byte");
        let signed = dir.path().join("signed.pdf");
        std::fs::write(&signed, &pdf).expect("written");
        let signed_path = signed.to_str().expect("utf-8");

        let (ok, said) = tool("pdfsig", &[signed_path]);
        assert!(ok && said.contains("Signature is Valid") && said.contains("Total document signed"), "pdfsig: {said}");
        let (ok, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust", ca.to_str().expect("utf-8"), signed_path]);
        assert!(
            ok && said.contains("The signer's certificate is trusted.") && said.contains("The signature covers the entire file.")
                && said.contains("The signature is judged VALID."),
            "pyHanko: {said}"
        );

        // The first page, as a person sees it: the Decree 30 block at the top right.
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/pdf");
        std::fs::create_dir_all(&out).expect("the artifacts folder");
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let (ok, said) = tool("pdftoppm", &["-png", "-r", "80", "-f", "1", "-l", "1", signed_path, out.join(format!("{tag}-signed-report")).to_str().expect("utf-8")]);
        assert!(ok, "{said}");

        // One byte changed inside the signed range: both tools say it is broken.
        // /verify, for anyone: intact and exactly the issued report, signer on the trust list.
        let mut state = xanh_web::AppState::new(db.store.clone());
        state.settings.trust_roots = Some(std::sync::Arc::new(std::fs::read(&ca).expect("the CA")));
        let public = TestApp::start_with(state).await;
        let said = verify_page(&public, pdf.clone()).await;
        assert!(said.contains("Các chữ ký số còn nguyên vẹn và văn bản không bị sửa sau chữ ký cuối cùng."), "{said}");
        assert!(said.contains("UBND tinh Quang Ngai") && said.contains("chứng thư số thuộc danh sách tin cậy"), "who signed, and trusted: {said}");
        assert!(said.contains(&format!("Đây đúng là văn bản Xanh đã ban hành: <a href=\"/provincial-reports/{id}\">16/BC-UBND</a>")), "{said}");
        let out = crate::backup::command(&["verify", signed_path, "--trust-roots", ca.to_str().expect("utf-8")], &db.url).await;
        let cli = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success() && cli.contains("nguyên vẹn / intact; tin cậy / trusted") && cli.contains(&format!("exactly the issued report {id}")), "{cli}");

        let mut changed = pdf.clone();
        let at = changed.windows(7).position(|w| w == b"/Length").expect("a stream") + 2;
        changed[at] ^= 0x20;
        let broken = dir.path().join("changed.pdf");
        std::fs::write(&broken, &changed).expect("written");
        let broken_path = broken.to_str().expect("utf-8");
        let (_, said) = tool("pdfsig", &[broken_path]);
        assert!(!said.contains("Signature is Valid"), "pdfsig on the changed copy: {said}");
        let (_, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust", ca.to_str().expect("utf-8"), broken_path]);
        assert!(!said.contains("judged VALID"), "pyHanko on the changed copy: {said}");
        let said = verify_page(&public, changed).await;
        assert!(said.contains("VĂN BẢN ĐÃ BỊ SỬA") && said.contains("chữ ký bị phá vỡ"), "/verify names the broken signature: {said}");
        assert!(said.contains("Tệp không trùng với văn bản nào Xanh đã ban hành"), "{said}");
        let out = crate::backup::command(&["verify", broken_path], &db.url).await;
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
        let r = reqwest::Client::new().post(format!("{}/verify", public.base))
            .multipart(reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"PK not a pdf".to_vec()).file_name("x.pdf")))
            .send().await.expect("answers");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("the page").contains("Tệp này không phải PDF"), "a file that is no PDF is said so");

        // The page, walked in a browser at both widths.
        let driver = crate::harness::Driver::start();
        for width in [crate::harness::DESKTOP, crate::harness::PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}/verify", public.base)).await.expect("the page");
            let input = b.find(fantoccini::Locator::Id("verify-file")).await.expect("the file field");
            input.send_keys(signed_path).await.expect("chosen");
            b.find(fantoccini::Locator::Id("verify")).await.expect("the button").click().await.expect("clicked");
            crate::harness::wait_for(&b, fantoccini::Locator::Id("verdict"), "the verdict").await;
            assert!(!crate::harness::overflow(&b).await.scrolls_sideways(), "/verify at {width} px scrolls sideways");
            let found = crate::harness::axe(&b).await;
            assert!(found.is_empty(), "/verify at {width} px: {found:#?}");
            crate::harness::shot(&b, &format!("{tag}-verify-{width}")).await;
            b.close().await.expect("closed");
        }
    }
}

/// A signer's tool (a USB token's middleware, a remote signing service): a
/// detached CMS SignedData over the digest alone (the only thing Xanh gives
/// out), with the certificate of `who` (made by [`person_key`]).
pub(crate) fn sign_digest(digest: &[u8], dir: &Path, who: &str) -> Vec<u8> {
    use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
    use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
    use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
    use der::{Decode, Encode};
    use rsa::pkcs8::DecodePrivateKey;
    let cert = x509_cert::Certificate::from_der(
        &std::fs::read(dir.join(format!("{who}.der"))).expect("the certificate"),
    )
    .expect("DER");
    let key = rsa::RsaPrivateKey::from_pkcs8_der(
        &std::fs::read(dir.join(format!("{who}.key.der"))).expect("the key"),
    )
    .expect("PKCS#8");
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key);
    let sha256 = x509_cert::spki::AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let content = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let info = SignerInfoBuilder::new(&signer, sid, sha256.clone(), &content, Some(digest))
        .expect("a signer info");
    SignedDataBuilder::new(&content)
        .add_digest_algorithm(sha256)
        .expect("the algorithm")
        .add_certificate(CertificateChoices::Certificate(cert))
        .expect("the certificate")
        .add_signer_info::<_, rsa::pkcs1v15::Signature>(info)
        .expect("signed")
        .build()
        .expect("built")
        .to_der()
        .expect("DER")
}

both_databases! {
    async fn the_signer_signs_through_the_digest_then_the_organisation_and_pdfsig_and_pyhanko_judge_both_valid(db) {
        use base64::Engine;
        let dir = tempfile::tempdir().expect("a directory");
        let (app, dpi, password, location, id) = issued_with_key(&db, dir.path(), true, "17/BC-UBND").await;
        let ca = dir.path().join("ca.pem");
        let url = format!("{}/provincial-reports/{id}/pdf", app.base);
        let unsigned = reqwest::get(&url).await.expect("answers").bytes().await.expect("the PDF").to_vec();

        // Xanh gives out only the digest; the leader's tool signs it.
        let (status, body) = dpi.api(&app, reqwest::Method::POST, &format!("/api/v1/provincial-reports/{id}/signature/prepare"), Some(serde_json::json!({"signer": "Nguyễn Văn A"}))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["algorithm"], "SHA-256");
        let digest = base64::engine::general_purpose::STANDARD.decode(body["digest_base64"].as_str().expect("the digest")).expect("base64");
        assert_eq!(digest.len(), 32);
        assert_eq!(reqwest::get(&url).await.expect("answers").bytes().await.expect("the PDF").to_vec(), unsigned, "nothing changes before the signature comes back");

        // A signature over another digest is refused, and nothing is kept.
        let wrong = sign_digest(&[7u8; 32], dir.path(), "leader");
        let (status, body) = dpi.api(&app, reqwest::Method::PUT, &format!("/api/v1/provincial-reports/{id}/signature"), Some(serde_json::json!({"cms_base64": base64::engine::general_purpose::STANDARD.encode(&wrong)}))).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("không ký đúng văn bản")), "{body}");

        // The page shows the same digest, and takes the signer's .p7s by hand.
        let (_, page) = dpi.get(&app, &location).await;
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert!(page.contains(&format!("id=\"digest\">{hex}</code>")), "the page gives the digest to sign");
        // The waiting state, walked in a browser at both widths.
        let driver = crate::harness::Driver::start();
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        for width in [crate::harness::DESKTOP, crate::harness::PHONE] {
            let b = driver.browser(width).await;
            crate::harness::sign_in(&b, &app.base, "demo-khdt", &password).await;
            b.goto(&format!("{}{location}", app.base)).await.expect("the issued report");
            crate::harness::wait_for(&b, fantoccini::Locator::Id("digest"), "the digest to sign").await;
            b.execute("document.getElementById('signing').scrollIntoView({block: 'start'})", vec![]).await.expect("scrolled");
            assert!(!crate::harness::overflow(&b).await.scrolls_sideways(), "the signing section at {width} px scrolls sideways");
            let found = crate::harness::axe(&b).await;
            assert!(found.is_empty(), "the signing section at {width} px: {found:#?}");
            crate::harness::shot(&b, &format!("{tag}-signing-awaited-{width}")).await;
            b.close().await.expect("closed");
        }
        // A file that is no signature is refused on the issued report's own page.
        let junk = reqwest::multipart::Form::new().text("csrf", dpi.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(b"khong phai chu ky".to_vec()).file_name("nham.p7s"));
        let r = dpi.http.post(format!("{}{location}/signature", app.base)).multipart(junk).send().await.expect("answers");
        assert_eq!(r.status(), 422);
        let page = r.text().await.expect("the page");
        assert!(page.contains("Tệp không phải chữ ký CMS") && page.contains(&format!("id=\"digest\">{hex}</code>")), "said where the digest still waits");
        let cms = sign_digest(&digest, dir.path(), "leader");
        let form = reqwest::multipart::Form::new()
            .text("csrf", dpi.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(cms).file_name("chu-ky.p7s"));
        let r = dpi.http.post(format!("{}{location}/signature", app.base)).multipart(form).send().await.expect("answers");
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let (_, page) = dpi.get(&app, &location).await;
        assert!(page.contains("Văn bản đã được ký số bởi: Nguyễn Văn A; Ủy ban nhân dân tỉnh Kon Tum."), "the page says who signed, in order");
        let signed = reqwest::get(&url).await.expect("answers").bytes().await.expect("the PDF").to_vec();
        assert!(signed.starts_with(&unsigned), "each signature is an incremental update of the issued file");
        let file = dir.path().join("two-signatures.pdf");
        std::fs::write(&file, &signed).expect("written");
        let path = file.to_str().expect("utf-8");
        let (ok, said) = tool("pdfsig", &[path]);
        assert!(ok && said.matches("Signature is Valid").count() == 2, "pdfsig, both signatures: {said}");
        assert!(said.contains("Nguyen Van A") && said.contains("UBND tinh Quang Ngai"), "the leader, then the organisation: {said}");
        assert!(said.contains("Total document signed"), "the organisation's covers the whole file: {said}");
        let (ok, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust", ca.to_str().expect("utf-8"), path]);
        assert!(ok && said.contains("The signature is judged VALID."), "pyHanko: {said}");
        let trail = db.store.audit_trail("provincial_report", &id).await.expect("the trail");
        assert!(trail.iter().any(|r| r.action == "prepare_signature") && trail.iter().any(|r| r.action == "sign"), "both steps are in the trail");
    }
}
