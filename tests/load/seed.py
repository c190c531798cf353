#!/usr/bin/env python3
"""Seeds a Verkstad SQLite database (already migrated) for `make bench`.

  seed.py DB first TOKEN   the bench user's own organisation: 10 groups, 100 people with their
                           memberships, 10 pending invitations, 300 audit rows, and a session
                           whose cookie value is TOKEN. Prints the organisation's and the
                           huvudman group's ids.
  seed.py DB others N      N more organisations of the same shape, none of them the bench
                           user's (N = 999 gives 1,000 organisations, 10,000 groups, 100,000
                           people and memberships, 300,000 audit rows).

Values are written as the server writes them: UUIDs as 16-byte blobs, times as RFC 3339 text,
token hashes as hex SHA-256.
"""

import hashlib
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
    return org, groups[0]


def main():
    path, what, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    db = sqlite3.connect(path, timeout=30)
    with db:
        if what == "first":
            me = uuid.uuid4()
            db.execute("INSERT INTO users (id, email, display_name, locale, created_at) VALUES (?, ?, ?, 'sv', ?)",
                       (me.bytes, "bench@verkstad.example", "Bänk Användare", when()))
            org, group = organisation(db, 0, owner=me)
            db.execute("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (hashlib.sha256(arg.encode()).hexdigest(), me.bytes, when(), when(), when(timedelta(hours=11))))
            print(org, group)
        else:
            for n in range(1, int(arg) + 1):
                organisation(db, n)
    db.close()


if __name__ == "__main__":
    main()
