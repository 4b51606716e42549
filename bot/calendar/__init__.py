"""Calendars: iCalendar feeds built from the agenda, and the CalDAV adapter the sync engine uses."""
