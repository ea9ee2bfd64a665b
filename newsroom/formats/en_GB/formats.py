"""The desk's times (LANGUAGE_CODE en-gb): a 24-hour clock with the zone's abbreviation, wherever the admin shows one
(lists, history, messages), as its workflow events and revisions show them; the rest is Django's own en_GB."""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"
TIME_FORMAT = "H:i"
