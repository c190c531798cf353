"""Reads a calendar feed as a calendar program would (icalendar, from PyPI) and prints its
events as JSON: uid, sequence, status, summary, location, description, the local start and the
start in UTC computed from the feed's own VTIMEZONE (so a wrong time-zone definition shows)."""

import json
import sys
from datetime import date, datetime, timezone

import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
zones = {str(z["TZID"]): z.to_tz() for z in calendar.walk("VTIMEZONE")}
events = []
for event in calendar.walk("VEVENT"):
    start = event["DTSTART"]
    value = start.dt
    if isinstance(value, datetime):
        zone = zones[str(start.params["TZID"])]
        local = value.replace(tzinfo=None)
        utc = local.replace(tzinfo=zone).astimezone(timezone.utc)
        when = {"local": local.isoformat(), "utc": utc.strftime("%Y-%m-%dT%H:%M")}
    else:
        when = {"day": value.isoformat()}
    events.append(
        {
            "uid": str(event["UID"]),
            "sequence": int(event.get("SEQUENCE", 0)),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            **when,
        }
    )
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME", "")), "events": events}, ensure_ascii=False))
