#!/usr/bin/python3
"""Reads an iCalendar feed with a third-party parser (python icalendar, Debian's 4.0.3) and
checks each event against expectations: the instant its DTSTART and DTEND name in UTC, read
through the feed's own VTIMEZONE and, independently, through the IANA zone of that name
(zoneinfo); its UID, SEQUENCE and STATUS.

Usage: check_ics.py FEED.ics EXPECTATIONS.json

EXPECTATIONS.json:
  {"time_zone": "Europe/Amsterdam",
   "events": [{"uid": "appointment-1@scarwise", "sequence": 0, "status": "CONFIRMED",
               "start_utc": "2026-03-24T08:00:00Z", "end_utc": "2026-03-24T08:45:00Z"}]}

Exit status 0 when every expectation holds; 1 with one line per failure; 2 when the
arguments or the icalendar module are missing.
"""
import json
import sys
from datetime import datetime, timezone

try:
    import icalendar
except ImportError:
    print("check_ics.py needs the python icalendar module (Debian: python3-icalendar)", file=sys.stderr)
    sys.exit(2)
from zoneinfo import ZoneInfo


def utc(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def until_in_local_time(vtimezone):
    """Rewrites each rule's UTC UNTIL as the same instant in the rule's local time.

    RFC 5545 writes a VTIMEZONE rule as a local DTSTART with a UTC UNTIL, which dateutil
    rejects ("RRULE UNTIL values must be specified in UTC when DTSTART is timezone-aware";
    dateutil/dateutil#1006, collective/icalendar#708), so to_tz() fails on any correct
    VTIMEZONE that ends a rule. DTSTART is in the offset in force before each onset
    (TZOFFSETFROM), so UNTIL + TZOFFSETFROM is the same instant in the same terms.
    """
    for rule in vtimezone.subcomponents:
        recur = rule.get("RRULE")
        if recur is None or "UNTIL" not in recur:
            continue
        offset = rule["TZOFFSETFROM"].td
        untils = recur["UNTIL"] if isinstance(recur["UNTIL"], list) else [recur["UNTIL"]]
        recur["UNTIL"] = [
            (u.astimezone(timezone.utc) + offset).replace(tzinfo=None)
            if isinstance(u, datetime) and u.tzinfo is not None
            else u
            for u in untils
        ]


def check(feed_bytes, expected):
    problems = []
    calendar = icalendar.Calendar.from_ical(feed_bytes)
    zone_name = expected["time_zone"]
    vtimezones = [c for c in calendar.walk("VTIMEZONE")]
    if len(vtimezones) != 1 or str(vtimezones[0].get("TZID")) != zone_name:
        return [f"want one VTIMEZONE with TZID {zone_name}, got {[str(v.get('TZID')) for v in vtimezones]}"]
    until_in_local_time(vtimezones[0])
    from_vtimezone = vtimezones[0].to_tz()
    from_iana = ZoneInfo(zone_name)

    events = {str(e.get("UID")): e for e in calendar.walk("VEVENT")}
    if len(events) != len(expected["events"]):
        problems.append(f"want {len(expected['events'])} VEVENTs, got {len(events)}")
    for want in expected["events"]:
        uid = want["uid"]
        event = events.get(uid)
        if event is None:
            problems.append(f"{uid}: no VEVENT with this UID")
            continue
        for name, key in (("DTSTART", "start_utc"), ("DTEND", "end_utc")):
            prop = event.get(name)
            if prop is None:
                problems.append(f"{uid}: no {name}")
                continue
            tzid = prop.params.get("TZID")
            if tzid != zone_name:
                problems.append(f"{uid}: {name};TZID={tzid}, want {zone_name}")
            wall = prop.dt.replace(tzinfo=None)  # the local wall-clock time as written
            instant = utc(want[key])
            via_vtimezone = from_vtimezone.localize(wall).astimezone(timezone.utc)
            via_iana = wall.replace(tzinfo=from_iana).astimezone(timezone.utc)
            if via_vtimezone != instant:
                problems.append(f"{uid}: {name} {wall} in the feed's VTIMEZONE is {via_vtimezone}, want {instant}")
            if via_iana != instant:
                problems.append(f"{uid}: {name} {wall} in IANA {zone_name} is {via_iana}, want {instant}")
        sequence = event.get("SEQUENCE")
        if sequence is None or int(sequence) != want["sequence"]:
            problems.append(f"{uid}: SEQUENCE {sequence}, want {want['sequence']}")
        status = str(event.get("STATUS"))
        if status != want["status"]:
            problems.append(f"{uid}: STATUS {status}, want {want['status']}")
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        feed_bytes = f.read()
    with open(argv[2], encoding="utf-8") as f:
        expected = json.load(f)
    problems = check(feed_bytes, expected)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
