#!/usr/bin/env python3
"""Progress and outcome over the real API (issue 21), run on SQLite and on PostgreSQL by
run_api_contract.sh: re-assessments, the server's behind flag (raised, not raised, never after
session 1), the clinician's behind list, the patient's view, validation.
Usage: progress_api.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD MAIL_DIR"""
import glob, json, os, re, sys, time, urllib.request, urllib.error
base, admin_email, admin_pw, mail_dir = sys.argv[1:5]
misses = []


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    h = {"Content-Type": "application/json", "X-Requested-With": "scarwise", "X-CSRF-Token": "1"}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            txt = r.read().decode()
            return r.status, (json.loads(txt) if txt[:1] in "{[" else txt)
    except urllib.error.HTTPError as e:
        txt = e.read().decode()
        try:
            return e.code, json.loads(txt)
        except Exception:
            return e.code, txt


def expect(cond, what):
    if not cond:
        misses.append(what)


def login(email, pw):
    s, b = call("POST", "/api/v1/auth/login", {"email": email, "password": pw})
    expect(s == 200 and b.get("token"), f"login {email}: {s} {str(b)[:100]}")
    return b.get("token")


HISTORY = {"active_acne": "none", "active_infection_in_area": False, "active_cold_sore": False, "cold_sore_history": False,
           "keloid_tendency": False, "pregnant": False, "breastfeeding": False, "anticoagulants": False,
           "bleeding_disorder": False, "immunosuppressed": False, "skin_cancer_in_area": False, "sunburn_in_area": False,
           "inflammatory_skin_disease_in_area": False, "uncontrolled_diabetes": False,
           "topical_anesthetic_allergy": False, "isotretinoin": "never", "radiation_to_area_months_ago": None,
           "filler_or_laser_months_ago": None, "antiplatelets_or_nsaids": False, "blood_thinning_supplements": False,
           "metal_allergy": False, "photosensitivity_disorder": False, "koebnerising_disease": "none",
           "tattoo_or_pmu_in_area": False, "open_wound_in_area": False, "recent_tanning": False,
           "peel_or_toxin_weeks_ago": None, "realistic_expectations": True}


def assessment(day, grade, macular, ice_pick, boxcar_shallow, rolling):
    return {"date": day, "qualitative_grade": grade, "zones": [{"zone": "cheek_left", "counts": {
        "macular": macular, "ice_pick": ice_pick, "boxcar_shallow": boxcar_shallow, "boxcar_deep": 0,
        "rolling": rolling, "papular": 0}, "keloid_area_cm2": 0}]}


# A rolling-dominant grade 3 patient (84 % of the atrophic scars are rolling), 10 G&B points: a band
# whose low edge after session 3 is above 0, so "no change at all" is behind.
BASELINE = assessment("2026-10-01", 3, 10, 2, 2, 21)
BETTER = assessment("2026-12-01", 2, 3, 1, 2, 8)


def invitation_token(email, since):
    for _ in range(40):
        found = []
        for path in glob.glob(os.path.join(mail_dir, "**", "*"), recursive=True):
            if os.path.isfile(path) and os.path.getmtime(path) >= since - 1:
                text = open(path, encoding="utf-8", errors="replace").read().replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
                m = re.search(r"[?#&]token=([A-Za-z0-9_\-.~%]+)", text)
                if m and email.lower() in text.lower():
                    found.append((os.path.getmtime(path), m.group(1)))
        if found:
            return sorted(found)[-1][1]
        time.sleep(0.5)
    return None


def course(doc, name, email):
    s, b = call("POST", "/api/v1/patients", {"given_name": name, "family_name": "Progress", "birth_date": "1994-03-17",
                                             "sex": "female", "email": email, "fitzpatrick": 3}, doc)
    expect(s == 201, f"create patient: {s} {str(b)[:120]}")
    pid = b["id"]
    s, b = call("POST", f"/api/v1/patients/{pid}/assessments", BASELINE, doc)
    expect(s == 201, f"assessment: {s} {str(b)[:120]}")
    s, b = call("POST", f"/api/v1/patients/{pid}/screenings", HISTORY, doc)
    expect(s == 201, f"screening: {s} {str(b)[:120]}")
    s, plan = call("POST", f"/api/v1/patients/{pid}/plans", {}, doc)
    expect(s == 201, f"plan: {s} {str(plan)[:120]}")
    return pid, plan


def width(band):
    return band["improvement_pct"]["high"] - band["improvement_pct"]["low"]


admin = login(admin_email, admin_pw)
s, b = call("POST", "/api/v1/users", {"email": "doc@progress.test", "name": "Dr Progress", "role": "clinician",
                                      "password": "correct horse battery 9"}, admin)
expect(s == 201, f"create clinician: {s}")
doc = login("doc@progress.test", "correct horse battery 9")

slow, plan = course(doc, "Slow", "slow@mail.test")
# The plan's expected band comes from the outcome model, per patient, with its explanation.
text = json.dumps(plan)
expect("rolling scars are" in text, f"plan explanation names the scar mix: {text[:300]}")
s, _ = call("GET", f"/api/v1/patients/{slow}/progress", token=doc)
expect(s == 404, f"progress before an approved plan: {s} (want 404)")
s, b = call("POST", f"/api/v1/patients/{slow}/reassessments",
            {"visit": "session", "after_session": 1, "assessment": BASELINE}, doc)
expect(s == 409, f"re-assessment before an approved plan: {s} (want 409) {str(b)[:100]}")
s, _ = call("POST", f"/api/v1/plans/{plan['id']}/approve", {}, doc)
expect(s == 200, f"approve: {s}")

s, b = call("GET", f"/api/v1/patients/{slow}/progress", token=doc)
expect(s == 200 and b.get("status") == "too_early" and len(b.get("expected", [])) == b.get("sessions"),
       f"progress with no re-assessment: {s} {str(b)[:200]}")
sessions = b.get("sessions", 0)
expect(sessions >= 3, f"a grade 3 plan has at least 3 sessions: {sessions}")
low3 = b["expected"][2]["improvement_pct"]["low"]
expect(low3 > 0, f"the band after session 3 has a low edge above 0 for this patient: {low3}")

# After session 1: no change at all, still never behind.
s, b = call("POST", f"/api/v1/patients/{slow}/reassessments",
            {"visit": "session", "after_session": 1, "assessment": BASELINE,
             "patient_rating": {"improvement": 1, "satisfaction": 5}}, doc)
expect(s == 201 and b.get("status") == "too_early" and not b["behind"]["behind"],
       f"no change after session 1 is never behind: {s} {str(b)[:300]}")
expect(b.get("points", [{}])[-1].get("improvement_pct") == 0, f"improvement computed as at consultation: {str(b)[:300]}")
# After session 3: still no change, below the band's low edge: behind, with the reason and suggestions.
s, b = call("POST", f"/api/v1/patients/{slow}/reassessments",
            {"visit": "session", "after_session": 3, "assessment": BASELINE}, doc)
expect(s == 201 and b.get("status") == "behind" and b["behind"]["behind"] and b["behind"].get("reason"),
       f"no change after session 3 is behind: {s} {str(b)[:300]}")
expect(len(b.get("suggestions", [])) >= 1, f"behind comes with the protocol's suggestions: {str(b)[:300]}")
expect(b.get("patient_message"), "a patient message")
last = sessions - 1
expect(width(b["updated"][last]) < width(b["expected"][last]) and
       b["updated"][last]["improvement_pct"]["mid"] < b["expected"][last]["improvement_pct"]["mid"],
       f"the update moves the remaining band toward the observations and narrows it: {b['updated'][last]} vs {b['expected'][last]}")

# Another patient improving well: not behind.
good, plan2 = course(doc, "Good", "good@mail.test")
call("POST", f"/api/v1/plans/{plan2['id']}/approve", {}, doc)
s, b = call("POST", f"/api/v1/patients/{good}/reassessments",
            {"visit": "session", "after_session": 3, "assessment": BETTER,
             "ecca": {"v_small": 1, "u_medium": 2, "m_large": 1, "superficial_elastolysis": 0,
                      "hypertrophic_recent": 0, "keloid_older": 0}}, doc)
expect(s == 201 and b.get("status") in ("on_track", "ahead") and not b["behind"]["behind"],
       f"a good response is not behind: {s} {str(b)[:300]}")
expect(b.get("points", [{}])[-1].get("ecca_total") == 15 + 40 + 25, f"ECCA from the protocol's weights: {str(b)[:300]}")
s, b = call("POST", f"/api/v1/patients/{good}/reassessments",
            {"visit": "follow_up", "after_session": sessions, "assessment": BETTER}, doc)
expect(s == 201 and b["points"][-1]["visit"] == "follow_up", f"follow-up re-assessment: {s} {str(b)[:200]}")

# The outcome record and the one-page course summary (pdftotext reads it back).
s, b = call("GET", f"/api/v1/patients/{good}/outcome", token=doc)
expect(s == 200 and len(b.get("after_sessions", [])) == 1 and b.get("follow_up") and b.get("adverse_events") == []
       and b.get("final_improvement_pct") is not None, f"outcome record: {s} {str(b)[:300]}")
req = urllib.request.Request(base + f"/api/v1/patients/{good}/course-summary.pdf",
                             headers={"Authorization": "Bearer " + doc, "X-Requested-With": "scarwise"})
with urllib.request.urlopen(req, timeout=20) as r:
    pdf = r.read()
    expect(r.headers.get("Content-Type", "").startswith("application/pdf") and pdf[:5] == b"%PDF-", "course summary is a PDF")
import subprocess, tempfile
with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
    f.write(pdf)
    f.flush()
    text = " ".join(subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout.split())
    pages = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
for want in ("Course summary: Good Progress", "Baseline", "After session 3", "Follow-up", "ECCA 80", "Adverse events",
             "None recorded"):
    expect(want in text, f"course summary text has {want!r}: {text[:400]}")
expect(re.search(r"Pages:\s+1\b", pages), f"the course summary is one page: {pages}")

s, b = call("GET", "/api/v1/progress/behind", token=doc)
ids = [c["patient_id"] for c in b.get("items", [])] if s == 200 else []
expect(s == 200 and slow in ids and good not in ids, f"behind list: {s} {ids}")
# The dashboard carries the same list in its one answer; a coordinator gets none (clinical).
s, b = call("GET", "/api/v1/dashboard", token=doc)
ids = [c["patient_id"] for c in (b.get("behind") or [])] if s == 200 else []
expect(s == 200 and slow in ids and good not in ids and all(c.get("behind", {}).get("reason") for c in b["behind"]),
       f"dashboard behind list: {s} {ids}")
s, _ = call("POST", "/api/v1/users", {"email": "desk@progress.test", "name": "Front Desk", "role": "coordinator",
                                      "password": "correct horse battery 9"}, admin)
desk = login("desk@progress.test", "correct horse battery 9")
s, b = call("GET", "/api/v1/dashboard", token=desk)
expect(s == 200 and b.get("behind") is None and b.get("open_alerts") is None,
       f"a coordinator's dashboard has no clinical lists: {s} {str(b)[:200]}")

# Validation.
for body, field in (({"visit": "session", "after_session": 99, "assessment": BASELINE}, "after_session"),
                    ({"visit": "follow_up", "after_session": 0, "assessment": BASELINE}, "after_session"),
                    ({"visit": "later", "after_session": 1, "assessment": BASELINE}, "visit"),
                    ({"visit": "session", "after_session": 1, "assessment": BASELINE, "ecca": {"v_small": 4}}, "ecca"),
                    ({"visit": "session", "after_session": 1, "assessment": BASELINE,
                      "patient_rating": {"improvement": 11}}, "patient_rating.improvement")):
    s, b = call("POST", f"/api/v1/patients/{slow}/reassessments", body, doc)
    got = b.get("error", {}).get("field", "") if isinstance(b, dict) else ""
    expect(s == 400 and got.startswith(field), f"invalid {field}: {s} {str(b)[:150]}")

# The patient sees their progress against the band, kindly; not the clinician's reason.
since = time.time()
s, _ = call("POST", f"/api/v1/patients/{slow}/portal-account", {"email": "slow@mail.test"}, doc)
tok = invitation_token("slow@mail.test", since)
expect(tok, "portal invitation mail")
call("POST", "/api/v1/auth/invitations/accept", {"token": tok, "password": "patient pass slow long"})
pat = login("slow@mail.test", "patient pass slow long")
s, b = call("GET", f"/api/v1/patients/{slow}/progress", token=pat)
expect(s == 200 and b.get("status") == "behind" and b.get("patient_message") and "reason" not in b.get("behind", {})
       and b.get("suggestions") == [], f"the patient's view: {s} {str(b)[:300]}")
s, _ = call("GET", f"/api/v1/patients/{good}/progress", token=pat)
expect(s == 404, f"another patient's progress: {s} (want 404)")
s, _ = call("GET", "/api/v1/progress/behind", token=pat)
expect(s in (403, 404), f"a patient lists behind courses: {s}")
s, _ = call("POST", f"/api/v1/patients/{slow}/reassessments",
            {"visit": "session", "after_session": 1, "assessment": BASELINE}, pat)
expect(s in (403, 404), f"a patient records a re-assessment: {s}")

# Aftercare adherence comes from the patient's check-ins (issue 21 §2): one following the
# aftercare, one without sunscreen on day 1 (a breach of the protocol's rule): half followed.
s, b = call("GET", f"/api/v1/patients/{slow}/progress", token=doc)
expect(s == 200 and b.get("adherence", {}).get("share") == 1 and b["adherence"]["check_ins"] == 0,
       f"adherence before any check-in: {s} {str(b.get('adherence'))[:200]}")
before = b.get("behind", {}).get("low_pct")
for day, sunscreen in ((1, True), (2, False)):
    s, _ = call("POST", f"/api/v1/patients/{slow}/check-ins",
                {"day_after_session": day, "redness": 1, "swelling": 0, "pain": 1, "sunscreen_used": sunscreen,
                 "makeup_used": False}, pat)
    expect(s == 201, f"check-in day {day}: {s}")
s, b = call("GET", f"/api/v1/patients/{slow}/progress", token=doc)
a = b.get("adherence", {}) if s == 200 else {}
expect(a.get("check_ins") == 2 and a.get("check_ins_followed") == 1 and a.get("share") == 0.5,
       f"adherence from check-ins: {s} {a}")
expect("aftercare followed 50 %" in b.get("explanation", ""), f"adherence in the explanation: {b.get('explanation')}")
expect(before is not None and b["behind"]["low_pct"] <= before, f"the interval widens: {before} -> {b['behind'].get('low_pct')}")
s, b = call("GET", f"/api/v1/patients/{slow}/outcome", token=doc)
expect(s == 200 and b.get("adherence", {}).get("share") == 0.5, f"adherence in the outcome record: {s} {str(b)[:200]}")

# The outcome record's adverse events come from the clinic's register (issue 19).
import datetime
today = datetime.date.today().isoformat()
s, b = call("POST", f"/api/v1/patients/{good}/adverse-events",
            {"type": "pih", "severity": "mild", "onset_on": today}, doc)
expect(s == 201, f"adverse event recorded: {s} {str(b)[:200]}")
s, b = call("GET", f"/api/v1/patients/{good}/outcome", token=doc)
events = b.get("adverse_events", []) if s == 200 else []
expect(len(events) == 1 and events[0].get("severity") == "mild" and events[0].get("outcome") == "ongoing"
       and "hyperpigmentation" in events[0].get("description", "") and events[0].get("date") == today,
       f"outcome record lists the register's event: {s} {events}")
req = urllib.request.Request(base + f"/api/v1/patients/{good}/course-summary.pdf",
                             headers={"Authorization": "Bearer " + doc, "X-Requested-With": "scarwise"})
with urllib.request.urlopen(req, timeout=20) as r:
    pdf = r.read()
with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
    f.write(pdf)
    f.flush()
    text = " ".join(subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout.split())
expect("Post-inflammatory hyperpigmentation (PIH) (mild, ongoing)" in text and "None recorded" not in text,
       f"the course summary lists the event: {text[:600]}")

s, b = call("GET", "/api/v1/audit?limit=500", token=admin)
expect(s == 200 and "reassessment.create" in json.dumps(b) and "progress.read" in json.dumps(b),
       f"re-assessments and progress reads are audited: {s}")

for m in misses:
    print("miss:", m)
print(f"progress API: {len(misses)} misses")
sys.exit(0 if not misses else 1)
