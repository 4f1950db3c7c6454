#!/usr/bin/env python3
"""A clinic chain under load: 3 servers on one PostgreSQL behind nginx, one of them killed.

Run by scripts/fleet.sh (which starts the fleet and passes it in SCARWISE_FLEET_*):
    scripts/fleet.sh --bin BUILD/apps/scarwise --demo python3 tests/contract/fleet_test.py BIN

Concurrent clients create patients and open their portal accounts (an invitation e-mail
each), book series, check in and read, all through nginx; server 2 is killed with SIGKILL
in the middle and started again. Afterwards:
  - every write that was acknowledged is there (patients with their names, bookings);
  - no practitioner, room or device holds two overlapping appointments (an independent scan
    of the calendar, beside the database's own exclusion);
  - every invitation was e-mailed at least once, and more than once only where the killed
    server had claimed it (at most the outbox's 4 workers), reported;
  - no request got a 5xx except those in flight when the server was killed (counted);
  - a session opened on one server works on another, and a sign-out, a disabled account or a
    changed role on one server is honoured by the others within the session cache's bound (5 s);
  - the sign-in throttle counts failures made on different servers together;
  - the audit chain verifies.
"""
import datetime, glob, json, os, signal, subprocess, sys, threading, time, urllib.error, urllib.request

BIN = sys.argv[1]
FLEET = os.environ["SCARWISE_FLEET_URL"]
DIR = os.environ["SCARWISE_FLEET_DIR"]
DB = os.environ["SCARWISE_FLEET_DB"]
SERVERS = int(os.environ["SCARWISE_FLEET_SERVERS"])
SESSION_CACHE_BOUND_S = 5  # docs/security.md: another server honours a sign-out within this
LOAD_S, KILL_AT_S, RESTART_AT_S = 16.0, 5.0, 8.0
KILL = os.environ.get("FLEET_KILL", "1") == "1"  # FLEET_KILL=0: the fault-free run (exactly once)
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def server_url(i):
    return open(os.path.join(DIR, f"server-{i}.url")).read().strip()


def call(base, method, path, body=None, token=None, timeout=30):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text[:1] in "{[" else text)
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text
    except OSError as e:  # connection reset or refused: counted like a 5xx
        return 599, str(e)


def login(base, email, password):
    status, body = call(base, "POST", "/api/v1/auth/login", {"email": email, "password": password})
    if status != 200:
        sys.exit(f"sign-in of {email} at {base}: {status} {body}")
    return body["token"]


def history_answers(base, token):
    """Unremarkable answers to the protocol's screening questions."""
    _, q = call(base, "GET", "/api/v1/protocol/questions", token=token)
    answers = {}
    for question in q["screening"]:
        kind = question["type"]
        if kind == "bool":
            answers[question["key"]] = question["key"] == "realistic_expectations"
        elif kind == "course":
            answers[question["key"]] = "never"
        elif kind == "enum":
            options = question.get("options") or ["none"]
            answers[question["key"]] = next((o for o in options if o in ("none", "never")), options[0])
        else:
            answers[question["key"]] = None
    return answers


ASSESSMENT = {"date": datetime.date.today().isoformat(), "qualitative_grade": 2,
              "zones": [{"zone": "cheek_right", "counts": {"macular": 0, "ice_pick": 0, "boxcar_shallow": 4,
                                                           "boxcar_deep": 0, "rolling": 3, "papular": 0},
                        "keloid_area_cm2": 0}]}


def approved_plan(token, history, n):
    """A new patient with an approved plan (set up before the load)."""
    s, p = call(FLEET, "POST", "/api/v1/patients", {"given_name": f"Booker{n}", "family_name": "Fleet",
                                                    "birth_date": "1990-01-01", "sex": "female", "fitzpatrick": 2},
                token)
    assert s == 201, (s, p)
    pid = p["id"]
    s, b = call(FLEET, "POST", f"/api/v1/patients/{pid}/assessments", ASSESSMENT, token)
    assert s == 201, (s, b)
    s, b = call(FLEET, "POST", f"/api/v1/patients/{pid}/screenings", history, token)
    assert s == 201, (s, b)
    s, b = call(FLEET, "POST", f"/api/v1/patients/{pid}/plans", {}, token)
    assert s == 201, (s, b)
    plan_id = b["id"]
    # The patient signs the treatment consent on the clinic's tablet before the plan is approved.
    _, texts = call(FLEET, "GET", "/api/v1/consent-texts", token=token)
    text = next(t for t in texts["items"] if t["purpose"] == "treatment")
    s, b = call(FLEET, "POST", f"/api/v1/patients/{pid}/consents",
                {"purpose": "treatment", "text_version": text["version"], "text_sha256": text["sha256"],
                 "signer": "patient", "signer_name": f"Booker{n} Fleet", "signature_svg_path": "M 10 20 L 30 40 L 50 10"},
                token)
    assert s == 201, (s, b)
    s, b = call(FLEET, "POST", f"/api/v1/plans/{plan_id}/approve", {}, token)
    assert s == 200, (s, b)
    return plan_id


class Load:
    def __init__(self):
        self.lock = threading.Lock()
        self.results = []  # (started, ended, status, what)
        self.patients = {}  # id -> (given name, e-mail), acknowledged
        self.bookings = {}  # plan id -> appointments, acknowledged
        self.stop = threading.Event()

    def record(self, started, status, what):
        with self.lock:
            self.results.append((started, time.monotonic(), status, what))

    def run(self, fn, *args):
        n = 0
        while not self.stop.is_set():
            fn(n, *args)
            n += 1

    def create_patient(self, n, worker, token):
        name = f"W{worker}n{n}"
        email = f"{name.lower()}@fleet.test"
        t = time.monotonic()
        s, p = call(FLEET, "POST", "/api/v1/patients", {"given_name": name, "family_name": "Fleet",
                                                        "birth_date": "1991-02-03", "sex": "male", "email": email,
                                                        "fitzpatrick": 3}, token)
        self.record(t, s, "create patient")
        if s != 201:
            return
        with self.lock:
            self.patients[p["id"]] = (name, email)
        t = time.monotonic()
        s, _ = call(FLEET, "POST", f"/api/v1/patients/{p['id']}/portal-account", {"email": email}, token)
        self.record(t, s, "invite")
        if s in (200, 201):
            with self.lock:
                self.invited.add(email)

    def book(self, n, token, plans):
        if n >= len(plans):
            self.read(n, token)
            return
        t = time.monotonic()
        s, b = call(FLEET, "POST", f"/api/v1/plans/{plans[n]}/bookings", {}, token)
        self.record(t, s, "book series")
        if s == 201:
            with self.lock:
                self.bookings[plans[n]] = b

    def check_in(self, n, patient_id, token):
        t = time.monotonic()
        s, _ = call(FLEET, "POST", f"/api/v1/patients/{patient_id}/check-ins",
                    {"day_after_session": 1, "redness": 2, "swelling": 1, "pain": 2, "sunscreen_used": True,
                     "makeup_used": False}, token)
        self.record(t, s, "check in")
        time.sleep(0.2)

    def read(self, n, token):
        t = time.monotonic()
        s, page = call(FLEET, "GET", "/api/v1/patients?limit=50", token=token)
        self.record(t, s, "list patients")
        if s == 200 and page.get("items"):
            t = time.monotonic()
            s, _ = call(FLEET, "GET", f"/api/v1/patients/{page['items'][-1]['id']}", token=token)
            self.record(t, s, "read patient")


def sessions_across_servers(admin):
    s1, s2, s3 = server_url(1), server_url(2), server_url(3)
    token = login(s1, "coordinator@demo.scarwise.test", "demo-coordinator-2026")
    check(call(s3, "GET", "/api/v1/me", token=token)[0] == 200, "a session opened on server 1 works on server 3")
    check(call(FLEET, "GET", "/api/v1/me", token=token)[0] == 200, "... and through nginx")
    call(s3, "GET", "/api/v1/me", token=token)  # server 3 caches it now
    check(call(s2, "POST", "/api/v1/auth/logout", token=token)[0] in (200, 204), "signed out on server 2")
    started = time.monotonic()
    while call(s3, "GET", "/api/v1/me", token=token)[0] != 401 and time.monotonic() - started < 30:
        time.sleep(0.2)
    took = time.monotonic() - started
    check(took <= SESSION_CACHE_BOUND_S + 1, f"server 3 refuses the signed-out session after {took:.1f} s "
                                             f"(bound {SESSION_CACHE_BOUND_S} s)")
    check(call(s1, "GET", "/api/v1/me", token=token)[0] == 401, "server 1 refuses it too")

    # A disabled account: its sessions end on every server within the bound.
    s, user = call(s1, "POST", "/api/v1/users", {"email": "temp@fleet.test", "name": "Temp Nurse",
                                                  "role": "coordinator", "password": "fleet temp password 1"}, admin)
    check(s == 201, f"admin adds a coordinator: {s}")
    temp = login(s2, "temp@fleet.test", "fleet temp password 1")
    check(call(s3, "GET", "/api/v1/me", token=temp)[0] == 200, "the new coordinator works on server 3")
    check(call(s1, "PATCH", f"/api/v1/users/{user['id']}", {"disabled": True}, admin)[0] == 200,
          "admin disables the account on server 1")
    started = time.monotonic()
    while call(s3, "GET", "/api/v1/me", token=temp)[0] != 401 and time.monotonic() - started < 30:
        time.sleep(0.2)
    took = time.monotonic() - started
    check(took <= SESSION_CACHE_BOUND_S + 1, f"server 3 refuses the disabled account after {took:.1f} s")

    # A changed role: an admin demoted on server 1 loses the admin's rights on server 3
    # within the bound (the session stays open, with the new role).
    s, user = call(s1, "POST", "/api/v1/users", {"email": "chief@fleet.test", "name": "Chief Nurse",
                                                  "role": "admin", "password": "fleet chief password 1"}, admin)
    check(s == 201, f"admin adds a second admin: {s}")
    chief = login(s2, "chief@fleet.test", "fleet chief password 1")
    check(call(s3, "GET", "/api/v1/users", token=chief)[0] == 200, "the second admin lists accounts on server 3")
    check(call(s1, "PUT", f"/api/v1/users/{user['id']}/role", {"role": "coordinator"}, admin)[0] == 200,
          "admin makes them a coordinator on server 1")
    check(call(s1, "GET", "/api/v1/users", token=chief)[0] == 403, "server 1 applies the new role at once")
    started = time.monotonic()
    while call(s3, "GET", "/api/v1/users", token=chief)[0] != 403 and time.monotonic() - started < 30:
        time.sleep(0.2)
    took = time.monotonic() - started
    check(took <= SESSION_CACHE_BOUND_S + 1, f"server 3 applies the changed role after {took:.1f} s")
    check(call(s3, "GET", "/api/v1/patients", token=chief)[0] == 200, "... and the session goes on as a coordinator")

    # The sign-in throttle counts failures made on every server together.
    statuses = []
    for attempt in range(6):
        base = server_url(attempt % SERVERS + 1)
        statuses.append(call(base, "POST", "/api/v1/auth/login", {"email": "admin@demo.scarwise.test",
                                                                  "password": f"wrong {attempt}"})[0])
    check(429 in statuses[3:5], f"failed sign-ins on servers 1, 2, 3, 1 are throttled together: {statuses}")


def mails_by_recipient():
    counts = {}
    for path in glob.glob(os.path.join(DIR, "mail", "*.eml")):
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith("To: "):
                    to = line[4:].strip()
                    counts[to] = counts.get(to, 0) + 1
                    break
                if not line.strip():
                    break
    return counts


def main():
    admin = login(FLEET, "admin@demo.scarwise.test", "demo-admin-2026")
    clinician = login(FLEET, "clinician@demo.scarwise.test", "demo-clinician-2026")
    ada = login(FLEET, "ada@demo.scarwise.test", "demo-patient-2026")
    _, me = call(FLEET, "GET", "/api/v1/me", token=ada)
    ada_id = me.get("patient_id")
    history = history_answers(FLEET, clinician)
    plans = [approved_plan(clinician, history, n) for n in range(8)]

    load = Load()
    load.invited = set()
    threads = [threading.Thread(target=load.run, args=(load.create_patient, w, clinician)) for w in range(3)]
    threads.append(threading.Thread(target=load.run, args=(load.book, clinician, plans)))
    threads.append(threading.Thread(target=load.run, args=(load.check_in, ada_id, ada)))
    threads.append(threading.Thread(target=load.run, args=(load.read, admin)))
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(KILL_AT_S)
    killed_at = time.monotonic()
    if KILL:
        victim = int(open(os.path.join(DIR, "server-2.pid")).read())
        os.kill(victim, signal.SIGKILL)
        print(f"killed server 2 (pid {victim}) at {killed_at - started:.1f} s", flush=True)
        time.sleep(RESTART_AT_S - KILL_AT_S)
        subprocess.run([os.path.join(DIR, "start-server"), "2"], check=True)
        print(f"server 2 is back at {time.monotonic() - started:.1f} s", flush=True)
    time.sleep(max(0.0, LOAD_S - (time.monotonic() - started)))
    load.stop.set()
    for t in threads:
        t.join()

    results = load.results
    errors = [r for r in results if r[2] >= 500]
    in_flight_at_kill = [r for r in results if r[0] <= killed_at + 0.05 and r[1] >= killed_at]
    late = [r for r in errors if r[0] > killed_at + 0.05]
    print(f"{len(results)} requests in {LOAD_S:.0f} s; {len(errors)} answered 5xx or reset; "
          f"{len(in_flight_at_kill)} were in flight at the kill", flush=True)
    for r in errors:
        print(f"  5xx: {r[3]} -> {r[2]} (started {r[0] - started:.2f} s)")
    check(not late, f"no request started after the kill got a 5xx (nginx passes them to the others): {len(late)}")
    check(len(errors) <= len(in_flight_at_kill), "5xx only for requests in flight at the kill")
    check(len(load.patients) >= 10, f"the load wrote: {len(load.patients)} patients acknowledged")

    # Every acknowledged patient is there, as written.
    missing = [pid for pid, (name, _) in load.patients.items()
               if call(FLEET, "GET", f"/api/v1/patients/{pid}", token=admin)[1].get("given_name") != name]
    check(not missing, f"every acknowledged patient is there with its name ({len(load.patients)}): missing {missing}")
    check(len(load.bookings) == len(plans), f"every series was booked: {len(load.bookings)} of {len(plans)}")

    # No double booking: an independent scan of every booked appointment.
    today = datetime.date.today()
    appointments, s = [], 200
    for quarter in range(5):  # the calendar answers at most 92 days at a time
        first = today + datetime.timedelta(days=91 * quarter)
        cursor = None
        while s == 200:
            path = f"/api/v1/appointments?from={first}&to={first + datetime.timedelta(days=91)}"
            s, listed = call(FLEET, "GET", path + (f"&cursor={cursor}" if cursor else ""), token=admin)
            if s != 200:
                print(f"  listing the calendar: {s} {listed}", flush=True)
                break
            appointments += listed["items"]
            cursor = listed.get("next_cursor")
            if not cursor:
                break
    booked = [a for a in appointments if a.get("status") == "booked"]
    at = datetime.datetime.fromisoformat
    overlaps = []
    for key in ("practitioner_id", "room_id", "device_id"):
        by = {}
        for a in booked:
            if a.get(key):
                by.setdefault(a[key], []).append((at(a["starts_at"]), at(a["ends_at"]), a["id"]))
        for slots in by.values():
            slots.sort()
            overlaps += [(x[2], y[2]) for x, y in zip(slots, slots[1:]) if y[0] < x[1]]
    check(s == 200 and len(booked) > 0, f"the calendar lists {len(booked)} booked appointments")
    check(not overlaps, f"no resource holds two overlapping appointments: {overlaps[:5]}")
    for plan, answer in load.bookings.items():
        ids = {a["id"] for a in answer["appointments"] if a.get("status") == "booked"}
        check(ids <= {a["id"] for a in booked}, f"plan {plan}'s acknowledged bookings are in the calendar")

    # Every invitation was e-mailed; more than once only where the killed server had claimed it.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        counts = mails_by_recipient()
        if all(counts.get(e, 0) >= 1 for e in load.invited):
            break
        time.sleep(1)
    counts = mails_by_recipient()
    unsent = [e for e in load.invited if counts.get(e, 0) == 0]
    twice = [e for e in load.invited if counts.get(e, 0) > 1]
    print(f"{len(load.invited)} invitations: {len(unsent)} not delivered, {len(twice)} delivered twice", flush=True)
    if unsent:  # what the outbox says of them
        _, listed = call(FLEET, "GET", "/api/v1/outbox?limit=1000", token=admin)
        states = {}
        for m in listed.get("items", []) if isinstance(listed, dict) else []:
            if m.get("recipient") in unsent:
                states[m.get("status"), m.get("last_error", "")] = states.get((m.get("status"), m.get("last_error", "")), 0) + 1
        print(f"  the outbox of the undelivered: {states or listed}", flush=True)
    check(not unsent, f"every invitation was delivered: {unsent[:5]}")
    allowed = 4 if KILL else 0
    check(len(twice) <= allowed, f"duplicates only from the killed server's claims (at most {allowed}): {twice}")

    sessions_across_servers(admin)

    verified = subprocess.run([BIN, "audit", "verify", "--db", DB], capture_output=True, text=True)
    check(verified.returncode == 0, f"the audit chain verifies: {verified.stdout.strip()} {verified.stderr.strip()}")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("fleet: all checks passed")


if __name__ == "__main__":
    main()
