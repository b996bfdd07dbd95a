//! Meeting Point events over HTTP: events and registrations, suggestions, the stored
//! schedule, agendas, the event day and outcomes, erasure.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::{Value, json};

use passgenau::domain::EntityId;
use passgenau::events::{Meeting, Schedule, validate_schedule};

use crate::helpers::*;

fn event_json() -> Value {
    json!({ "name": "Meeting Point Düren", "date": "2026-12-03", "venue_postcode": "52349",
            "start": "09:00", "end": "11:00", "slot_minutes": 20,
            "breaks": [ { "start": "10:00", "end": "10:20" } ],
            "interpreters": [ { "language": "ar", "count": 2 } ] })
}

struct Setup {
    t: TestApp,
    event: String,
    employers: Vec<String>,
    vacancies: Vec<String>,
    candidates: Vec<String>,
}

impl Setup {
    fn url(&self, rest: &str) -> String {
        format!("/api/v1/events/{}{rest}", self.event)
    }
}

async fn candidate(t: &TestApp, i: usize, residence: Option<Value>) -> String {
    let mut c = candidate_json();
    c["external_ref"] = format!("DN-EV-{i:03}").into();
    if let Some(r) = residence {
        c["residence"] = r;
    }
    let r = t.post("/api/v1/candidates?refresh=wait_for", c).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

/// An event with `e` employers (one vacancy each, registered) and `c` candidates (not
/// registered).
async fn setup(e: usize, c: usize) -> Setup {
    let t = spawn_app();
    let r = t.post("/api/v1/events", event_json()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let event = r.body["id"].as_str().unwrap().to_owned();
    let (mut employers, mut vacancies) = (Vec::new(), Vec::new());
    for i in 0..e {
        let employer = t.employer().await;
        let mut v = vacancy_json(&employer);
        v["external_ref"] = format!("AG-EV-{i:03}").into();
        let r = t.post("/api/v1/vacancies?refresh=wait_for", v).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let vacancy = r.body["id"].as_str().unwrap().to_owned();
        let r = t
            .put(
                &format!("/api/v1/events/{event}/employers/{employer}"),
                json!({ "vacancy_ids": [vacancy] }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        employers.push(employer);
        vacancies.push(vacancy);
    }
    let mut candidates = Vec::new();
    for i in 0..c {
        candidates.push(candidate(&t, i, None).await);
    }
    Setup {
        t,
        event,
        employers,
        vacancies,
        candidates,
    }
}

async fn confirm_all(s: &Setup) {
    for c in &s.candidates {
        let r =
            s.t.put(
                &s.url(&format!("/candidates/{c}")),
                json!({ "status": "confirmed", "max_meetings": 2 }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
}

fn stored_schedule(body: &Value) -> Schedule {
    let meetings = body["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| Meeting {
            employer: m["employer_id"].as_str().unwrap().to_owned(),
            candidate: m["candidate_id"].as_str().unwrap().to_owned(),
            slot: m["slot"].as_u64().unwrap() as u32,
            table: m["table"].as_u64().unwrap() as u32,
            interpreter: m["interpreter"].as_str().map(str::to_owned),
        })
        .collect();
    Schedule {
        meetings,
        candidates_at_min: body["candidates_at_min"].as_u64().unwrap() as u32,
        objective: body["objective"].as_f64().unwrap(),
        upper_bound: body["upper_bound"].as_f64().unwrap(),
        replan: None,
    }
}

#[tokio::test]
async fn an_event_is_created_read_replaced_listed_and_deleted() {
    let t = spawn_app();
    let r = t.post("/api/v1/events", event_json()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let starts: Vec<&str> = r.body["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["09:00:00", "09:20:00", "09:40:00", "10:20:00", "10:40:00"]
    );
    let mut changed = event_json();
    changed["slot_minutes"] = 30.into();
    let r = t.put(&format!("/api/v1/events/{id}"), changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["version"], 2);
    assert_eq!(
        t.get(&format!("/api/v1/events/{id}")).await.body["slot_minutes"],
        30
    );
    assert_eq!(
        t.get("/api/v1/events").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        t.delete(&format!("/api/v1/events/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let r = t.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(
        (r.status.as_u16(), &r.body["code"]),
        (404, &json!("not_found"))
    );
}

#[tokio::test]
async fn bad_event_input_is_refused_naming_the_field() {
    let t = spawn_app();
    let mut e = event_json();
    e["slot_minutes"] = 0.into();
    assert_problem(
        &t.post("/api/v1/events", e).await,
        400,
        "out_of_range",
        "slot_minutes",
    );
    let mut e = event_json();
    e["breaks"] = json!([ { "start": "08:00", "end": "09:30" } ]);
    assert_problem(
        &t.post("/api/v1/events", e).await,
        400,
        "outside_event",
        "breaks[0].start",
    );
    let mut e = event_json();
    e["colour"] = "blue".into();
    let r = t.post("/api/v1/events", e).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["field"], "colour", "{}", r.body);
    let r = t.get("/api/v1/events/not-an-id").await;
    assert_problem(&r, 400, "invalid_id", "id");
}

#[tokio::test]
async fn registrations_check_their_references_and_keep_participant_numbers() {
    let s = setup(2, 2).await;
    let (e0, v1) = (&s.employers[0], &s.vacancies[1]);
    let r =
        s.t.put(
            &s.url(&format!("/employers/{e0}")),
            json!({ "vacancy_ids": [v1] }),
        )
        .await;
    assert_problem(&r, 422, "vacancy_of_other_employer", "vacancy_ids[0]");
    let r =
        s.t.put(
            &s.url(&format!("/employers/{e0}")),
            json!({ "vacancy_ids": [] }),
        )
        .await;
    assert_problem(&r, 400, "required", "vacancy_ids");
    let unknown = EntityId::generate();
    let r =
        s.t.put(
            &s.url(&format!("/employers/{unknown}")),
            json!({ "vacancy_ids": [v1] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let c = &s.candidates;
    let r =
        s.t.put(
            &s.url(&format!("/candidates/{}", c[0])),
            json!({ "status": "confirmed", "max_meetings": 0 }),
        )
        .await;
    assert_problem(&r, 400, "out_of_range", "max_meetings");
    for (i, id) in c.iter().enumerate() {
        let r =
            s.t.put(
                &s.url(&format!("/candidates/{id}")),
                json!({ "status": "invited" }),
            )
            .await;
        assert_eq!(r.body["participant_no"], i + 1, "{}", r.body);
    }
    let r =
        s.t.put(
            &s.url(&format!("/candidates/{}", c[0])),
            json!({ "status": "confirmed",
            "preferences": [ { "employer_id": e0, "preference": "would_like" } ] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["participant_no"], 1);
    let regs = s.t.get(&s.url("/registrations")).await.body;
    assert_eq!(
        regs["candidates"][0]["preferences"][0]["preference"],
        "would_like"
    );
    assert!(!regs.to_string().contains("Haddad"));
}

#[tokio::test]
async fn suggestions_spread_over_candidates_and_leave_out_who_may_not_work() {
    let s = setup(3, 4).await;
    let barred = candidate(
        &s.t,
        99,
        Some(json!({ "status_type": "duldung_60b", "annotation": "ERWERB_NICHT_GESTATTET" })),
    )
    .await;
    let r = s.t.get(&s.url("/suggestions?per_vacancy=1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let picked: Vec<&str> = r.body["vacancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["suggestions"][0]["candidate_id"].as_str().unwrap())
        .collect();
    assert_eq!(picked.len(), 3);
    assert_eq!(
        picked.iter().collect::<BTreeSet<_>>().len(),
        3,
        "{}",
        r.body
    );
    assert_eq!(r.body["distinct_candidates"], 3);
    let r = s.t.get(&s.url("/suggestions?per_vacancy=10")).await;
    assert!(!r.body.to_string().contains(&barred), "{}", r.body);
    assert!(r.body.to_string().contains(&s.candidates[3]));
    let r = s.t.get(&s.url("/suggestions?per_vacancy=0")).await;
    assert_problem(&r, 400, "out_of_range", "per_vacancy");
}

#[tokio::test]
async fn a_schedule_is_built_from_stored_data_stored_and_valid() {
    let s = setup(2, 4).await;
    let r = s.t.get(&s.url("/schedule")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    confirm_all(&s).await;
    let r = s.t.post(&s.url("/schedule"), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let meetings = r.body["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 8, "{}", r.body);
    assert!(meetings.iter().all(|m| m["interpreter"] == "ar"));
    assert!(r.body["gap"].as_f64().unwrap() < 0.01);
    let stored = s.t.get(&s.url("/schedule")).await.body;
    assert_eq!(stored["meetings"], r.body["meetings"]);
    let event_id: EntityId = s.event.parse().unwrap();
    let problem = s.t.app.event_problem(event_id).await.unwrap();
    assert_eq!(problem.interpreters.get("ar"), Some(&2));
    validate_schedule(&problem, &stored_schedule(&stored)).unwrap();
}

#[tokio::test]
async fn agendas_come_in_four_formats_without_the_persons_name() {
    let s = setup(2, 2).await;
    confirm_all(&s).await;
    s.t.post(&s.url("/schedule"), json!({})).await;
    let c = &s.candidates[0];
    let base = s.url(&format!("/agendas/candidates/{c}"));
    let ics = s.t.get(&format!("{base}?format=ics")).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.content_type.starts_with("text/calendar"));
    assert!(ics.text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.text.matches("BEGIN:VEVENT").count(), 2, "{}", ics.text);
    assert!(ics.text.split("\r\n").all(|l| l.len() <= 75));
    let html = s.t.get(&format!("{base}?format=html&lang=de")).await;
    assert!(html.text.contains("Teilnehmer/in Nr. 1"), "{}", html.text);
    for name in ["Amal", "Haddad", "a@example.org", "1999-04-02"] {
        assert!(!html.text.contains(name));
        assert!(!ics.text.contains(name));
    }
    let csv = s.t.get(&format!("{base}?format=csv")).await;
    assert_eq!(
        csv.text.lines().next().unwrap(),
        "meeting_id,slot,start,end,table,employer,job_title,participant_no,interpreter"
    );
    let en = s.t.get(&format!("{base}?lang=en")).await;
    assert_eq!(en.body["lang"], "en");
    assert_eq!(en.body["lines"][0]["job_title"], "Lagerhelfer (m/w/d)");
    let ar = s.t.get(&format!("{base}?lang=ar&format=html")).await;
    assert!(ar.text.contains("dir=\"rtl\""));
    let fa = s.t.get(&format!("{base}?lang=fa&format=html")).await;
    assert!(fa.text.contains("dir=\"rtl\"") && fa.text.contains("برنامهٔ گفت‌وگوها"));
    assert_problem(
        &s.t.get(&format!("{base}?lang=xx")).await,
        400,
        "unsupported_language",
        "lang",
    );
    let e = &s.employers[0];
    let emp =
        s.t.get(&s.url(&format!("/agendas/employers/{e}?format=json")))
            .await;
    assert_eq!(
        emp.body["lines"].as_array().unwrap().len(),
        2,
        "{}",
        emp.body
    );
    let int = s.t.get(&s.url("/agendas/interpreters?format=csv")).await;
    assert_eq!(int.text.lines().count(), 5);
}

#[tokio::test]
async fn a_no_show_is_replanned_keeping_held_meetings() {
    let s = setup(2, 4).await;
    confirm_all(&s).await;
    let r = s.t.post(&s.url("/replan"), json!({})).await;
    assert_eq!(
        (r.status.as_u16(), &r.body["code"]),
        (409, &json!("no_schedule"))
    );
    let before = s.t.post(&s.url("/schedule"), json!({})).await.body;
    let r = s.t.post(&s.url("/replan"), json!({})).await;
    assert_eq!(
        (r.status.as_u16(), &r.body["code"]),
        (409, &json!("no_attendance"))
    );
    // The no-show is someone with a meeting still to come.
    let absent = before["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["slot"].as_u64().unwrap() >= 2)
        .map(|m| m["candidate_id"].as_str().unwrap().to_owned())
        .unwrap();
    let r =
        s.t.post(
            &s.url("/attendance"),
            json!({ "now_slot": 2, "no_shows": [absent] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = s.t.post(&s.url("/replan"), json!({})).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    let held = |b: &Value| -> Vec<Value> {
        b["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["slot"].as_u64().unwrap() < 2)
            .cloned()
            .collect()
    };
    let future_of = |b: &Value, c: &str| {
        b["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["slot"].as_u64().unwrap() >= 2 && m["candidate_id"] == c)
            .count()
    };
    assert_eq!(held(&before), held(&after.body));
    assert_eq!(future_of(&after.body, &absent), 0);
    let summary = &after.body["replan"];
    assert!(
        summary["dropped_absent"].as_u64().unwrap() >= 1,
        "{}",
        summary
    );
    assert_eq!(summary["moved_or_cancelled"], 0, "{}", after.body);
    let event_id: EntityId = s.event.parse().unwrap();
    let problem = s.t.app.event_problem(event_id).await.unwrap();
    validate_schedule(&problem, &stored_schedule(&after.body)).unwrap();

    // A walk-in later in the day gets a conversation; what was held stays.
    let walk_in = candidate(&s.t, 50, None).await;
    let r =
        s.t.post(
            &s.url("/attendance"),
            json!({ "now_slot": 3, "walk_ins": [ { "candidate_id": walk_in } ] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = s.t.post(&s.url("/replan"), json!({})).await.body;
    assert!(future_of(&again, &walk_in) >= 1, "{}", again);
    let held3 = |b: &Value| -> Vec<Value> {
        b["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["slot"].as_u64().unwrap() < 3)
            .cloned()
            .collect()
    };
    assert_eq!(held3(&after.body), held3(&again));
}

#[tokio::test]
async fn a_hire_becomes_a_placement_through_the_event() {
    let s = setup(1, 1).await;
    confirm_all(&s).await;
    let sched = s.t.post(&s.url("/schedule"), json!({})).await.body;
    let meeting = sched["meetings"][0]["id"].as_str().unwrap().to_owned();
    let r = s
        .t
        .put(&s.url(&format!("/meetings/{meeting}/outcome")), json!({ "interest": true,
            "job_offered": true, "hired": { "type": "job_social_insurance", "start_date": "2027-01-04" } }))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let placement = r.body["placement"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["placement"]["source"], "meeting_point");
    assert_eq!(r.body["placement"]["event_id"], s.event.as_str());
    let p = s.t.get(&format!("/api/v1/placements/{placement}")).await;
    assert_eq!(p.body["vacancy_id"], s.vacancies[0].as_str());
    let again =
        s.t.put(
            &s.url(&format!("/meetings/{meeting}/outcome")),
            json!({ "interest": true,
            "hired": { "type": "job_social_insurance", "start_date": "2027-01-04" } }),
        )
        .await;
    assert_eq!(again.body["placement"]["id"], placement.as_str());
    let stored = s.t.get(&s.url("/schedule")).await.body;
    assert_eq!(stored["meetings"][0]["placement_id"], placement.as_str());
    let r =
        s.t.put(
            &s.url(&format!("/meetings/{}/outcome", EntityId::generate())),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn erasing_a_candidate_removes_them_from_the_event() {
    let s = setup(2, 2).await;
    confirm_all(&s).await;
    s.t.post(&s.url("/schedule"), json!({})).await;
    let gone = &s.candidates[0];
    let r = s.t.delete(&format!("/api/v1/candidates/{gone}")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let regs = s.t.get(&s.url("/registrations")).await.body;
    assert!(!regs.to_string().contains(gone.as_str()), "{}", regs);
    let sched = s.t.get(&s.url("/schedule")).await.body;
    assert!(!sched.to_string().contains(gone.as_str()), "{}", sched);
    assert_eq!(sched["meetings"].as_array().unwrap().len(), 2);
    let r =
        s.t.get(&s.url(&format!("/agendas/candidates/{gone}")))
            .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hire_recorded_again_after_a_lost_outcome_keeps_one_placement() {
    let s = setup(1, 1).await;
    confirm_all(&s).await;
    let sched = s.t.post(&s.url("/schedule"), json!({})).await.body;
    let m = &sched["meetings"][0];
    let meeting = m["id"].as_str().unwrap().to_owned();
    // As if an earlier attempt wrote the placement and then failed to store the outcome.
    let earlier =
        s.t.post(
            "/api/v1/placements",
            json!({ "external_ref": format!("meeting-{meeting}"),
                    "candidate_id": m["candidate_id"], "employer_id": m["employer_id"],
                    "vacancy_id": m["vacancy_id"], "type": "job_social_insurance",
                    "start_date": "2027-01-04", "source": "meeting_point", "event_id": s.event }),
        )
        .await;
    assert_eq!(earlier.status, StatusCode::CREATED, "{}", earlier.body);
    let r =
        s.t.put(
            &s.url(&format!("/meetings/{meeting}/outcome")),
            json!({ "hired": { "type": "job_social_insurance", "start_date": "2027-01-04" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["placement"]["id"], earlier.body["id"]);
    let all = s.t.get("/api/v1/placements").await.body;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
}
