"""Scenario problems in the dashboard's language.

``sim`` words its problems in English (the CLI, the logs and the tests read them). The
dashboard shows them to Norwegian planners too, so the known wordings are translated here
by pattern; names, numbers and values inside a message stay as they are. A message no
pattern knows is shown in English (``tests/test_dashboard_units.py`` checks that every
problem the bad-input collection produces has a translation).
"""

from __future__ import annotations

import re

from dashboard.i18n import t
from sim import Problem
from sim.loader import show_value

# (English pattern, bokmål template); named groups are carried over unchanged
_NB_PATTERNS: list[tuple[str, str]] = [
    # values
    (
        r"must be between 0 and 1 \(write (?P<a>\S+) % as (?P<b>\S+)\)",
        "må være mellom 0 og 1 (skriv {a} % som {b})",
    ),
    (r"must be between (?P<a>\S+) and (?P<b>\S+)", "må være mellom {a} og {b}"),
    (r"must be between 0 and 100000 units", "må være mellom 0 og 100000 enheter"),
    (r"must not be negative", "kan ikke være negativ"),
    (r"must be at least (?P<a>.+)", "må være minst {a}"),
    (r"must be at most (?P<a>.+)", "kan være høyst {a}"),
    (r"must be greater than (?P<a>.+)", "må være større enn {a}"),
    (r"must be less than (?P<a>.+)", "må være mindre enn {a}"),
    (r"must be a number", "må være et tall"),
    (r"must be a whole number", "må være et heltall"),
    (r"key must be a whole number", "nøkkelen må være et heltall"),
    (r"is too large a number", "er et for stort tall"),
    (r"must be true or false", "må være true eller false"),
    (r"must be text \(put it in quotes\)", "må være tekst (sett den i anførselstegn)"),
    (r"must be text", "må være tekst"),
    (r"must be a date written as YYYY-MM-DD", "må være en dato skrevet som ÅÅÅÅ-MM-DD"),
    (
        r"must be a date written as YYYY-MM-DD, without a time",
        "må være en dato skrevet som ÅÅÅÅ-MM-DD, uten klokkeslett",
    ),
    (r"cannot be read as a date", "kan ikke leses som en dato"),
    (
        r"must be a mapping of keys to values \(an indented block or \{key: value\}\)",
        "må være nøkler med verdier (en innrykket blokk eller {{nøkkel: verdi}})",
    ),
    (r"must be a list, such as \[1, 2, 3\]", "må være en liste, for eksempel [1, 2, 3]"),
    (r"must be a finite number, not \.nan or \.inf", "må være et endelig tall, ikke .nan eller .inf"),
    (r"must be a finite weight, not negative", "må være en endelig vekt, ikke negativ"),
    (r"must be a non-negative finite amount of NOK", "må være et endelig beløp i kroner, ikke negativt"),
    (r"must be a non-negative amount of NOK", "må være et beløp i kroner, ikke negativt"),
    (r"must not be empty", "kan ikke være tom"),
    (r"may be at most (?P<a>\d+) characters long", "kan være høyst {a} tegn lang"),
    (r"may have at most (?P<a>\d+) entries", "kan ha høyst {a} oppføringer"),
    (r"needs at least 1 entry", "trenger minst én oppføring"),
    (r"needs at least (?P<a>\d+) entries", "trenger minst {a} oppføringer"),
    (r"this required key is missing", "denne nøkkelen mangler (den er påkrevd)"),
    (r"must be one of (?P<a>.+?); did you mean '(?P<b>[^']+)'\?", "må være én av {a}; mente du «{b}»?"),
    (r"must be one of (?P<a>.+)", "må være én av {a}"),
    (r"must be the file name of another scenario", "må være filnavnet til et annet scenario"),
    # keys and names
    (r"unknown key; did you mean '(?P<a>[^']+)'\?", "ukjent nøkkel; mente du «{a}»?"),
    (r"unknown key; the keys allowed here are: (?P<a>.+)", "ukjent nøkkel; tillatte nøkler her er: {a}"),
    (r"unknown key", "ukjent nøkkel"),
    (r"key (?P<inner>must .+)", "nøkkelen: {inner}"),
    (r"a key must be a name or a whole number", "en nøkkel må være et navn eller et heltall"),
    (
        r"a key must be a plain name, not a list or mapping",
        "en nøkkel må være et enkelt navn, ikke en liste eller blokk",
    ),
    (
        r"a key must not be empty or contain spaces, dots or colons",
        "en nøkkel kan ikke være tom eller inneholde mellomrom, punktum eller kolon",
    ),
    (
        r"a name must be lower case letters, digits and _ \(at most 40\), starting with a letter",
        "et navn må være små bokstaver, sifre og _ (høyst 40), og begynne med en bokstav",
    ),
    (
        r"duplicate key '(?P<a>[^']+)': it is already given on line (?P<b>\d+); keep one of them",
        "nøkkelen «{a}» står to ganger: den er gitt allerede på linje {b}; behold én av dem",
    ),
    (
        r"names a group that is not under groups; did you mean '(?P<a>[^']+)'\?",
        "viser til en gruppe som ikke står under groups; mente du «{a}»?",
    ),
    (
        r"names a group that is not under groups; groups are: (?P<a>.+)",
        "viser til en gruppe som ikke står under groups; gruppene er: {a}",
    ),
    (
        r"names an unknown (?P<a>[^;]+); did you mean '(?P<b>[^']+)'\?",
        "viser til ukjent {a}; mente du «{b}»?",
    ),
    (r"names an unknown (?P<a>[^;]+); (?P<inner>.+)", "viser til ukjent {a}; {inner}"),
    (r"choose one of (?P<a>.+)", "velg én av {a}"),
    (r"is not allowed here", "er ikke tillatt her"),
    (r"there is no such list item", "det finnes ikke noe slikt listeelement"),
    (
        r"there is no such list item \(the list has (?P<a>\d+) items?, numbered from 0\)",
        "det finnes ikke noe slikt listeelement (listen har {a} elementer, nummerert fra 0)",
    ),
    # distributions and probabilities
    (
        r"must be a distribution such as \{dist: fixed, value_days: 30\}",
        "må være en fordeling, for eksempel {{dist: fixed, value_days: 30}}",
    ),
    (
        r"needs 'dist:' naming the distribution \((?P<a>.+)\)",
        "trenger «dist:» med navnet på fordelingen ({a})",
    ),
    (r"unknown distribution; did you mean '(?P<a>[^']+)'\?", "ukjent fordeling; mente du «{a}»?"),
    (r"unknown distribution; choose one of (?P<a>.+)", "ukjent fordeling; velg én av {a}"),
    (
        r"probabilities must sum to 1 \(they sum to (?P<a>\S+)\)",
        "sannsynlighetene må summere til 1 (de summerer til {a})",
    ),
    (
        r"needs one probability per household size \((?P<a>\d+) sizes, (?P<b>\d+) probabilities\)",
        "trenger én sannsynlighet per husholdningsstørrelse ({a} størrelser, {b} sannsynligheter)",
    ),
    (
        r"needs one probability per value \((?P<a>\d+) values_days, (?P<b>\d+) probabilities\)",
        "trenger én sannsynlighet per verdi ({a} values_days, {b} sannsynligheter)",
    ),
    (r"needs at least one household size", "trenger minst én husholdningsstørrelse"),
    (r"a household size must be between 1 and 20 persons", "en husholdning må ha mellom 1 og 20 personer"),
    # dates, years, schedules
    (r"is before start_date \((?P<a>[^)]+)\)", "er før start_date ({a})"),
    (r"is before year \((?P<a>[^)]+)\)", "er før year ({a})"),
    (r"is after the end of the horizon \((?P<a>[^)]+)\)", "er etter slutten av perioden ({a})"),
    (
        r"the agreement ends before the horizon starts \((?P<a>[^)]+)\)",
        "avtalen slutter før perioden begynner ({a})",
    ),
    (
        r"the agreement ends before it starts \(first_occupancy (?P<a>[^)]+)\)",
        "avtalen slutter før den begynner (first_occupancy {a})",
    ),
    (
        r"the horizon may be at most 200 years after start_date",
        "perioden kan være høyst 200 år etter start_date",
    ),
    (r"the year must be between 1900 and 2200", "året må være mellom 1900 og 2200"),
    (r"the schedule has no value for (?P<a>.+)", "planen har ingen verdi for {a}"),
    (r"needs at least one year", "trenger minst ett år"),
    (
        r"the population must be a positive, finite number of inhabitants",
        "folketallet må være et positivt, endelig antall innbyggere",
    ),
    (r"needs a value for small, medium and large", "trenger en verdi for small, medium og large"),
    (r"agreement names must be unique", "avtalenavnene må være ulike"),
    (r"care_build needs a dwelling type with services", "care_build trenger en boligtype med tjenester"),
    (r"reserved shares add up to more than 1", "de reserverte andelene summerer til mer enn 1"),
    # the file itself
    (r"file not found", "fant ikke filen"),
    (r"is a folder, not a scenario file", "er en mappe, ikke en scenariofil"),
    (r"cannot read the file \((?P<a>.+)\)", "kan ikke lese filen ({a})"),
    (r"the file is UTF-16 text; save it as UTF-8", "filen er UTF-16-tekst; lagre den som UTF-8"),
    (
        r"the file is not UTF-8 text \(byte (?P<a>\S+) at offset (?P<b>\d+)\); save it as UTF-8",
        "filen er ikke UTF-8-tekst (byte {a} ved posisjon {b}); lagre den som UTF-8",
    ),
    (
        r"the file contains a control character \((?P<a>\S+)\) that YAML does not allow",
        "filen inneholder et kontrolltegn ({a}) som YAML ikke tillater",
    ),
    (
        r"the file is empty; a scenario needs at least name, groups and dwelling_types",
        "filen er tom; et scenario trenger minst name, groups og dwelling_types",
    ),
    (r"the file is too large \(over (?P<a>\S+) bytes\)", "filen er for stor (over {a} byte)"),
    (
        r"a scenario must be a mapping of keys to values, not a list",
        "et scenario må være nøkler med verdier, ikke en liste",
    ),
    (
        r"a scenario must be a mapping of keys to values, not a single value",
        "et scenario må være nøkler med verdier, ikke én enkelt verdi",
    ),
    (
        r"a tab is used for indentation; indent with spaces only",
        "tabulator er brukt til innrykk; bruk bare mellomrom",
    ),
    (r"nested more than (?P<a>\d+) levels deep", "nøstet mer enn {a} nivåer dypt"),
    (
        r"an alias refers to the mapping or list that contains it \(a recursive alias\)",
        "et alias viser til blokken eller listen det står i (et rekursivt alias)",
    ),
    (
        r"the document expands to more than (?P<a>\S+) values; it has too many aliases "
        r"\(a 'YAML bomb'\) or is far too large",
        "dokumentet vokser til mer enn {a} verdier; det har for mange alias (en «YAML-bombe») "
        "eller er altfor stort",
    ),
    (
        r"YAML tags such as (?P<a>\S+) are not allowed; write plain values",
        "YAML-tagger som {a} er ikke tillatt; skriv vanlige verdier",
    ),
    (r"YAML syntax error: (?P<a>.+?) \(the parser says: (?P<b>.+)\)", "YAML-feil: {a} (parseren sier: {b})"),
    (r"YAML syntax error: (?P<a>.+)", "YAML-feil: {a}"),
    (
        r"parent scenario file not found \(looked for (?P<a>.+)\)",
        "fant ikke scenariofilen det bygger på (lette etter {a})",
    ),
    (r"parent scenario file not found", "fant ikke scenariofilen det bygger på"),
    (
        r"the files extend each other in a cycle \((?P<a>.+)\)",
        "filene bygger på hverandre i ring ({a})",
    ),
    (r"more than (?P<a>\d+) levels of extends", "mer enn {a} nivåer med extends"),
    (r"expected dotted\.path=value", "ventet sti.med.punktum=verdi"),
    # the calibration section and the starting state per 1000 (issue 17)
    (
        r"'(?P<a>[^']+)' is not a key of (?P<b>\S+); did you mean '(?P<c>[^']+)'\?",
        "«{a}» er ikke en nøkkel i {b}; mente du «{c}»?",
    ),
    (
        r"'(?P<a>[^']+)' is not a key of (?P<b>\S+) \(it has: (?P<c>.*)\)",
        "«{a}» er ikke en nøkkel i {b} (den har: {c})",
    ),
    (r"'(?P<a>[^']+)' is not a key of (?P<b>.+)", "«{a}» er ikke en nøkkel i {b}"),
    (
        r"must name a number with decimals \(not a whole number, text or a section\)",
        "må vise til et desimaltall (ikke et heltall, en tekst eller et avsnitt)",
    ),
    (
        r"(?P<a>\S+) is a list; a free parameter cannot be inside a list",
        "{a} er en liste; en fri parameter kan ikke stå i en liste",
    ),
    (r"(?P<a>\S+) is a single value, not a mapping", "{a} er én verdi, ikke en blokk med nøkler"),
    (
        r"must be a dotted path of names such as (?P<a>\S+)",
        "må være en sti av navn med punktum, for eksempel {a}",
    ),
    (r"must lie between low and high \((?P<a>.+)\)", "må ligge mellom low og high ({a})"),
    (r"this path is already a free parameter", "denne stien er allerede en fri parameter"),
    (r"(?P<a>\S+) in (?P<b>\d+) is already a target", "{a} i {b} er allerede et mål"),
    (r"must be a metric name such as homeless_mean", "må være navnet på et tall, for eksempel homeless_mean"),
    (
        r"is not a yearly metric; did you mean '(?P<a>[^']+)'\?",
        "er ikke et årlig tall fra modellen; mente du «{a}»?",
    ),
    (
        r"is not a yearly metric \(see the README's list of metrics\)",
        "er ikke et årlig tall fra modellen (se listen i README)",
    ),
    (r"give either year or years \(one of them\)", "oppgi enten year eller years (ett av dem)"),
    (r"a year is given twice", "et år er oppgitt to ganger"),
    (r"give count or per_1000, not both", "oppgi count eller per_1000, ikke begge"),
]

# the parser hints inside a YAML syntax error (the part before "the parser says")
_NB_SYNTAX_HINTS: dict[str, str] = {
    "a ':' where none was expected; check the indentation here and on the line above, a comment "
    "without '#', or a value that needs quotes": "et «:» der det ikke skulle være ett; sjekk innrykket her "
    "og på linjen over, en kommentar uten «#», eller en verdi som trenger anførselstegn",
    "a line is not 'key: value'; check for a missing ':' or an unclosed quote": "en linje er ikke "
    "«nøkkel: verdi»; se etter et manglende «:» eller et anførselstegn som ikke er lukket",
    "a quote or bracket is not closed": "et anførselstegn eller en parentes er ikke lukket",
    "the indentation does not line up": "innrykkene stemmer ikke overens",
    "a value is missing or misplaced": "en verdi mangler eller står feil",
    "the file holds more than one YAML document ('---')": "filen har mer enn ett YAML-dokument («---»)",
    "a character that cannot start a value; put the value in quotes": "et tegn som ikke kan starte en "
    "verdi; sett verdien i anførselstegn",
    "an alias (*name) refers to an anchor (&name) not defined before it": "et alias (*navn) viser til et "
    "anker (&navn) som ikke er definert før det",
    "a quote is not closed": "et anførselstegn er ikke lukket",
    "a bracket or brace is not closed": "en parentes eller krøllparentes er ikke lukket",
    "text that is not 'key: value' or a comment; start comments with '#'": "tekst som ikke er «nøkkel: "
    "verdi» eller en kommentar; start kommentarer med «#»",
    "a '|' or '>' must be followed by a new line": "etter «|» eller «>» må det komme en ny linje",
    "an anchor (&name) or alias (*name) without a name": "et anker (&navn) eller alias (*navn) uten navn",
}

_COMPILED = [(re.compile(f"^{p}$", re.S), nb) for p, nb in _NB_PATTERNS]


def translate(message: str, lang: str) -> str:
    """``message`` (one of ``sim``'s problem wordings) in ``lang``; English as it is."""
    text = " ".join(message.split())  # as str(Problem) shows it
    if lang != "nb":
        return text
    for pattern, nb in _COMPILED:
        m = pattern.match(text)
        if m:
            # a group named "inner" is itself a message; a YAML hint has its own wording
            parts = {
                k: translate(v, lang) if k == "inner" else _NB_SYNTAX_HINTS.get(v, v)
                for k, v in m.groupdict().items()
            }
            return nb.format(**parts)
    return text


def known(message: str) -> bool:
    """Whether :func:`translate` has a bokmål wording for ``message``."""
    text = " ".join(message.split())
    return any(p.match(text) for p, _ in _COMPILED)


def problem_line(p: Problem, lang: str) -> str:
    """``FILE:LINE: path: what is wrong (got VALUE)`` in ``lang`` (as ``str(p)`` in English)."""
    got = f" ({t('problem.got', lang)} {show_value(p.value)})" if p.has_value else ""
    return f"{p.file}:{p.line}: {p.path or t('problem.file', lang)}: {translate(p.message, lang)}{got}"
