#!/usr/bin/env python3
"""Nothing acknowledged is lost: kill -9 the server in the middle of concurrent writes.

Usage: kill_during_writes.py SCARWISE_BINARY DB_URL   (DB_URL "sqlite:fresh": a new temporary SQLite file)

Creates an admin, starts `scarwise serve`, has 4 clients create patients as fast as they can,
kills the server with SIGKILL while they write, restarts it on the same database, and checks
that every patient whose creation got a 201 is there with the name it was given, that no
patient exists without its audit entry (nothing half-done), and that the audit chain verifies.
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

BIN, DB = sys.argv[1], sys.argv[2]
FRESH_DIR = None
if DB == "sqlite:fresh":  # a new database in a temporary folder, removed at the end
    FRESH_DIR = tempfile.mkdtemp(prefix="scarwise-durability-")
    DB = "sqlite:" + os.path.join(FRESH_DIR, "durability.db")
PASSWORD = "durability admin password"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, body=None, token=None, timeout=10):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def start(port, log):
    proc = subprocess.Popen([BIN, "serve", "--db", DB, "--listen", f"127.0.0.1:{port}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if call(base, "GET", "/healthz", timeout=1)[0] == 200:
                return proc, base
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    sys.exit("server did not start")


def main():
    subprocess.run([BIN, "user", "add", "--db", DB, "--email", "admin@durable.test", "--name", "Admin", "--role", "admin"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    log = tempfile.TemporaryFile()
    port = free_port()
    proc, base = start(port, log)
    status, body = call(base, "POST", "/api/v1/auth/login", {"email": "admin@durable.test", "password": PASSWORD})
    assert status == 200, status
    token = body["token"]

    acknowledged = {}  # id -> given name
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set():
            name = f"W{n}-{i}"
            i += 1
            try:
                status, body = call(base, "POST", "/api/v1/patients", {"given_name": name, "family_name": "Durable",
                                                                       "birth_date": "1990-01-01", "fitzpatrick": 2},
                                    token, timeout=5)
            except OSError:
                continue  # the server died under us: this write was never acknowledged
            if status == 201:
                with lock:
                    acknowledged[body["id"]] = name

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    print(f"killed the server after {len(acknowledged)} acknowledged creations")
    assert len(acknowledged) > 0, "no write was acknowledged before the kill"

    proc, base = start(free_port(), log)
    try:
        status, body = call(base, "POST", "/api/v1/auth/login", {"email": "admin@durable.test", "password": PASSWORD})
        assert status == 200, status
        token = body["token"]
        lost = [pid for pid, name in acknowledged.items()
                if (lambda r: r[0] != 200 or r[1]["given_name"] != name)(call(base, "GET", f"/api/v1/patients/{pid}", None, token))]
        assert not lost, f"acknowledged but lost after kill -9: {lost[:10]}"
        patients, cursor = [], ""
        while True:
            status, page = call(base, "GET", "/api/v1/patients?limit=1000" + (f"&cursor={cursor}" if cursor else ""), None, token)
            assert status == 200, status
            patients += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        created, after = set(), 0
        while True:
            status, page = call(base, "GET", f"/api/v1/audit?limit=1000&after={after}", None, token)
            assert status == 200, status
            created |= {e["entity_id"] for e in page["items"] if e["action"] == "patient.create" and e["outcome"] == "ok"}
            after = page["next_after"]
            if not after:
                break
        half_done = [p["id"] for p in patients if p["id"] not in created]
        assert not half_done, f"patients without their audit entry: {half_done[:10]}"
        print(f"after restart: all {len(acknowledged)} acknowledged patients present; "
              f"{len(patients)} patients, each with its audit entry")
    finally:
        proc.terminate()
        proc.wait()
    verify = subprocess.run([BIN, "audit", "verify", "--db", DB], capture_output=True, text=True)
    print(verify.stdout.strip())
    assert verify.returncode == 0, verify.stdout + verify.stderr


if __name__ == "__main__":
    try:
        main()
    finally:
        if FRESH_DIR:
            shutil.rmtree(FRESH_DIR, ignore_errors=True)
