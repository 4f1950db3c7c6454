#!/usr/bin/env python3
"""Seeds N patients through the API for the load benchmarks (bench/load.sh, bench/fleet.sh).

Usage: bench/seed_patients.py BASE_URL TOKEN N   (8 parallel POST /api/v1/patients; each must answer 201)
"""
import concurrent.futures
import json
import sys
import urllib.request

base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])


def create(i):
    body = json.dumps({"given_name": f"Load{i}", "family_name": "Patient", "birth_date": "1990-01-01",
                       "fitzpatrick": 1 + i % 6}).encode()
    req = urllib.request.Request(base + "/api/v1/patients", data=body, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        assert r.status == 201


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(n)))
print(f"seeded {n} patients")
