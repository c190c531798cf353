#!/usr/bin/env python3
"""Seeds a Verkstad SQLite database (already migrated) for `make bench`.

  seed.py DB first TOKEN   the bench user's own organisation: 10 groups, 100 people with their
                           memberships, 10 pending invitations, 300 audit rows, and a session
                           whose cookie value is TOKEN. Prints the organisation's and the
                           huvudman group's ids.
                           Its huvudman group has 30 members who have all written in every
                           field of step 1 (open), with the group's answers, their history and
                           a note per member under each prompt.
  seed.py DB report ORG    a large year for ORG's compiled report: its huvudman group's five
                           steps finalised with every field written, and each of its nine units'
                           newest submission of every hand-over up, with an answer to each.
  seed.py DB others N      N more organisations of the same shape, none of them the bench
                           user's (N = 999 gives 1,000 organisations, 10,000 groups, 100,000
                           people and memberships, 300,000 audit rows).

Values are written as the server writes them: UUIDs as 16-byte blobs, times as RFC 3339 text,
token hashes as hex SHA-256.
"""

import hashlib
import os
import re
import sqlite3
import sys
import uuid
from datetime import datetime, timedelta, timezone

GROUPS = 10
PEOPLE = 100
AUDIT = 300
NOW = datetime.now(timezone.utc)


def when(delta=timedelta()):
    return (NOW + delta).isoformat()


def organisation(db, n, owner=None):
    """One organisation: a huvudman group, nine unit groups, PEOPLE members spread over them
    (the first of each group leads it), one pending invitation per group, AUDIT audit rows.
    `owner` (a user id) owns it and leads its huvudman group. Returns (org id, huvudman id)."""
    org = uuid.uuid4()
    db.execute("INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, 'kommunal', ?)",
               (org.bytes, f"Kommun {n:04d}", when()))
    groups = [uuid.uuid4() for _ in range(GROUPS)]
    db.executemany(
        "INSERT INTO groups (id, organisation_id, track, name, school_forms, school_unit_code, "
        "current_step, created_at) VALUES (?, ?, ?, ?, ?, NULL, 1, ?)",
        [(g.bytes, org.bytes, "huvudman" if i == 0 else "enhet",
          f"Kommun {n:04d}" if i == 0 else f"Skola {n:04d}-{i}", "" if i == 0 else "grundskola", when())
         for i, g in enumerate(groups)])
    people = [uuid.uuid4() for _ in range(PEOPLE)]
    db.executemany(
        "INSERT INTO users (id, email, display_name, locale, created_at) VALUES (?, ?, ?, 'sv', ?)",
        [(p.bytes, f"person{i}@org{n:04d}.example", f"Person {n}-{i}", when()) for i, p in enumerate(people)])
    db.executemany(
        "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
        [(groups[i % GROUPS].bytes, p.bytes, "processledare" if i < GROUPS else "deltagare", when())
         for i, p in enumerate(people)])
    if owner is not None:
        db.execute("INSERT INTO organisation_owners (organisation_id, user_id, created_at) VALUES (?, ?, ?)",
                   (org.bytes, owner.bytes, when()))
        db.execute("INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, 'processledare', ?)",
                   (groups[0].bytes, owner.bytes, when()))
    else:
        db.execute("INSERT INTO organisation_owners (organisation_id, user_id, created_at) VALUES (?, ?, ?)",
                   (org.bytes, people[0].bytes, when()))
    db.executemany(
        "INSERT INTO invitations (id, group_id, email, invited_by, role, token_hash, status, expires_at, "
        "last_sent_at, send_count, created_at) VALUES (?, ?, ?, ?, 'deltagare', ?, 'pending', ?, ?, 1, ?)",
        [(uuid.uuid4().bytes, g.bytes, f"invited{i}@org{n:04d}.example", people[i].bytes,
          hashlib.sha256(uuid.uuid4().bytes).hexdigest(), when(timedelta(days=14)), when(), when())
         for i, g in enumerate(groups)])
    db.executemany(
        "INSERT INTO audit_events (id, at, actor_user_id, action, subject, client_ip, outcome) "
        "VALUES (?, ?, ?, 'sign_in', NULL, '127.0.0.1', 'ok')",
        [(uuid.uuid4().bytes, when(timedelta(seconds=-i)), people[i % PEOPLE].bytes) for i in range(AUDIT)])
    calendar(db, org, groups, people)
    return org, groups[0]


def calendar(db, org, groups, people):
    """The organisation's year in dates as a year of use leaves it: its holidays, each group's
    usual time, ten moved meetings per group in last year's cycle (the current one is the
    bench's own), and calendar addresses for ten of its people."""
    db.execute("INSERT INTO school_holidays (organisation_id, autumn_week, christmas_first_week, "
               "christmas_last_week, sports_week, easter, summer_first_week, summer_last_week, revision) "
               "VALUES (?, 45, 52, 1, 8, 'after', 27, 31, 1)", (org.bytes,))
    db.executemany("INSERT INTO calendar_defaults (group_id, weekday, starts, place, revision) "
                   "VALUES (?, 3, 840, 'Personalrummet', 1)", [(g.bytes,) for g in groups])
    last_year = uuid.uuid4()
    db.execute("INSERT INTO cycles (id, organisation_id, label, created_at) VALUES (?, ?, '2025/26', ?)",
               (last_year.bytes, org.bytes, when(timedelta(days=-365))))
    db.executemany(
        "INSERT INTO meeting_times (group_id, cycle_id, step, number, day, starts, minutes, place, "
        "cancelled, sequence, updated_at) VALUES (?, ?, ?, ?, '2025-09-16', 840, 90, 'Aulan', 0, 1, ?)",
        [(g.bytes, last_year.bytes, step, number, when(timedelta(days=-300)))
         for g in groups for step in range(1, 6) for number in (1, 2)])
    db.executemany("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)",
                   [(p.bytes, hashlib.sha256(uuid.uuid4().bytes).hexdigest(), when()) for p in people[:10]])


MEMBERS = 30
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def step_ids(kind):
    """The stable ids of step 1 of the huvudman track of one kind (`field`, `prompt`)."""
    with open(os.path.join(ROOT, "content", "ids.toml"), encoding="utf-8") as f:
        return sorted(set(re.findall(rf'"(1/huvudman/{kind}/[^"]+)"', f.read())))


def group_work(db, org, group, me):
    """Step 1 of `group` open in the organisation's cycle, with MEMBERS members (the bench user
    among them) who have each written in every field and under every prompt, and the group's
    answer to every field in two versions."""
    existing = [uuid.UUID(bytes=row[0]) for row in
                db.execute("SELECT user_id FROM memberships WHERE group_id = ?", (group.bytes,))]
    extra = [uuid.uuid4() for _ in range(MEMBERS - len(existing))]
    db.executemany(
        "INSERT INTO users (id, email, display_name, locale, created_at) VALUES (?, ?, ?, 'sv', ?)",
        [(p.bytes, f"member{i}@bench.example", f"Medlem {i}", when()) for i, p in enumerate(extra)])
    db.executemany(
        "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, 'deltagare', ?)",
        [(group.bytes, p.bytes, when()) for p in extra])
    members = existing + extra
    cycle = uuid.uuid4()
    db.execute("INSERT INTO cycles (id, organisation_id, label, created_at) VALUES (?, ?, '2026/27', ?)",
               (cycle.bytes, org.bytes, when()))
    db.execute("INSERT INTO step_states (group_id, cycle_id, step, state, opened_at, opened_by, done_at) "
               "VALUES (?, ?, 1, 'open', ?, ?, NULL)", (group.bytes, cycle.bytes, when(), me.bytes))
    text = "Vi har pratat om det här på APT och i arbetslagen. " * 8
    for field in step_ids("field"):
        db.executemany(
            "INSERT INTO contributions (group_id, cycle_id, field, user_id, step, body, base_version, saved_at) "
            "VALUES (?, ?, ?, ?, 1, ?, 2, ?)",
            [(group.bytes, cycle.bytes, field, m.bytes, f"{text}({i})", when()) for i, m in enumerate(members)])
        db.executemany(
            "INSERT INTO answer_versions (group_id, cycle_id, field, version, body, saved_by, saved_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(group.bytes, cycle.bytes, field, v, f"{text}[v{v}]", members[v].bytes, when()) for v in (1, 2)])
        db.execute("INSERT INTO answers (group_id, cycle_id, field, step, body, version, agreed, saved_by, saved_at) "
                   "VALUES (?, ?, ?, 1, ?, 2, 0, ?, ?)",
                   (group.bytes, cycle.bytes, field, f"{text}[v2]", members[2].bytes, when()))
    for prompt in step_ids("prompt"):
        db.executemany(
            "INSERT INTO prompt_notes (id, group_id, cycle_id, step, prompt, user_id, body, created_at) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
            [(uuid.uuid4().bytes, group.bytes, cycle.bytes, prompt, m.bytes, f"Anteckning {i}", when())
             for i, m in enumerate(members)])


def front(step, track):
    """The TOML front matter of a step's Swedish file."""
    import tomllib
    folder = next(d for d in sorted(os.listdir(os.path.join(ROOT, "content", "steps")))
                  if d.startswith(f"{step:02d}-"))
    with open(os.path.join(ROOT, "content", "steps", folder, f"{track}.sv.md"), encoding="utf-8") as f:
        return tomllib.loads(f.read().split("+++")[1])


def document(step, track, text):
    """A step's document as the server stores it (`DocumentBody` as JSON), every field written."""
    import json
    return json.dumps({"tasks": [
        {"id": t["id"], "title": t["title"], "fields": [
            {"key": f"{step}/{track}/field/{t['id']}/{f['id']}", "label": f["label"],
             "value": text, "text": text, "agreed": True} for f in t["fields"]]}
        for t in front(step, track)["tasks"]]})


def report(db, org):
    """ORG's huvudman group with steps 1-5 finalised, and every unit's submissions answered."""
    org = uuid.UUID(org)
    # The current cycle: the newest (the organisation also has last year's, in dates).
    (cycle,) = db.execute("SELECT id FROM cycles WHERE organisation_id = ? ORDER BY created_at DESC LIMIT 1",
                          (org.bytes,)).fetchone()
    groups = db.execute("SELECT id, track FROM groups WHERE organisation_id = ? ORDER BY name",
                        (org.bytes,)).fetchall()
    huvudman = next(g for g, track in groups if track == "huvudman")
    (leader,) = db.execute("SELECT user_id FROM memberships WHERE group_id = ? AND role = 'processledare'",
                           (huvudman,)).fetchone()
    text = "Vi har sett att undervisningen utvecklas när arbetslagen följer upp tillsammans. " * 5
    for step in range(1, 6):
        db.execute("INSERT INTO artefact_versions (group_id, cycle_id, step, version, title, snapshot, "
                   "finalised_by, finalised_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                   (huvudman, cycle, step, front(step, "huvudman")["artefact"]["title"],
                    document(step, "huvudman", text), leader, when()))
    for unit, track in groups:
        if track != "enhet":
            continue
        (lead,) = db.execute("SELECT user_id FROM memberships WHERE group_id = ? AND role = 'processledare'",
                             (unit,)).fetchone()
        for step in range(1, 6):
            body = '{"Document": ' + document(step, "enhet", text) + "}"
            for handover in (h for h in front(step, "enhet").get("handovers", []) if h["direction"] == "up"):
                submission = uuid.uuid4()
                db.execute("INSERT INTO submissions (id, organisation_id, group_id, cycle_id, step, handover, "
                           "version, title, artefact_version, body, submitted_by, submitted_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, 1, ?, 1, ?, ?, ?)",
                           (submission.bytes, org.bytes, unit, cycle, step, handover["id"], handover["title"],
                            body, lead, when()))
                db.execute("INSERT INTO submission_responses (submission_id, number, kind, body, responded_by, "
                           "responded_at) VALUES (?, 1, 'comment', ?, ?, ?)",
                           (submission.bytes, "Tack, vi läser det på ledningsgruppen. " * 3, leader, when()))


def main():
    path, what, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    db = sqlite3.connect(path, timeout=30)
    with db:
        if what == "first":
            me = uuid.uuid4()
            db.execute("INSERT INTO users (id, email, display_name, locale, created_at) VALUES (?, ?, ?, 'sv', ?)",
                       (me.bytes, "bench@verkstad.example", "Bänk Användare", when()))
            org, group = organisation(db, 0, owner=me)
            group_work(db, org, group, me)
            # The bench user's calendar address: the session token with `-kalender` after it.
            db.execute("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)",
                       (me.bytes, hashlib.sha256(f"{arg}-kalender".encode()).hexdigest(), when()))
            db.execute("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (hashlib.sha256(arg.encode()).hexdigest(), me.bytes, when(), when(), when(timedelta(hours=11))))
            print(org, group)
        elif what == "report":
            report(db, arg)
        else:
            for n in range(1, int(arg) + 1):
                organisation(db, n)
    db.close()


if __name__ == "__main__":
    main()
