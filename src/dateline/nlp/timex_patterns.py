"""The TIMEX3 tagger's patterns: one regex per rule and the literal that triggers it.

Split from ``dateline.nlp.timex_rules`` (lexicons and value arithmetic) so that neither grows
past a readable size. Every pattern runs once over the whole text; the match is the timex
extent (leading prepositions such as "in" are never part of it, per TimeML).
"""

from __future__ import annotations

import re

from dateline.nlp.timex_rules import (
    _ORD_WORDS,
    _TEENS,
    _TENS,
    _UNITS_1,
    _WEEKDAY_NAMES,
    MONTH_NAMES,
    SET_ADVERBS,
    words,
)

__all__ = [
    "DAY",
    "MONTH",
    "PART",
    "QTY",
    "RULES",
    "SPOKEN_AFTER",
    "TRIGGERS",
    "UNIT",
    "WEEKDAY",
    "YEAR4",
]

# -- regex building blocks -------------------------------------------------------------------
_MONTH_ABBR = "|".join(words("Sept Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec"))
MONTH = rf"(?-i:(?P<mon>(?:{'|'.join(MONTH_NAMES)})(?![a-z])|(?:{_MONTH_ABBR})(?![a-z])\.?))"
WEEKDAY = rf"(?-i:(?P<wd>{'|'.join(_WEEKDAY_NAMES)}))"
_WD_ABBR = r"Mon\.|Tues?\.|Wed\.|Thu(?:rs?)?\.|Fri\.|Sat\.|Sun\."
_WD_PREFIX = rf"(?:(?-i:(?P<wdp>{'|'.join(_WEEKDAY_NAMES)}|{_WD_ABBR})),?\s+)?"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
YEAR4 = r"(?:1\d{3}|20\d{2})(?![\d])"
#: a year before the common era: "479 BC", "480 B.C."
BC_YEAR = r"(?P<bc>\d{1,4})\s*(?-i:BC|B\.C\.|BCE|B\.C\.E\.)(?!\w)"
#: a year named by reference to the story's last date: "August of that year", "May 3 of the
#: following year"
YREF = (
    r"(?P<yref>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)"
    r"\s+year\b(?![-'’])"
)
_NUMW = "|".join(
    sorted(
        [
            *(f"{t}[-\\s](?:{'|'.join(_UNITS_1)})" for t in _TENS),
            *_TEENS,
            *_TENS,
            *_UNITS_1,
            r"a\s+dozen",
            r"a\s+couple\s+of",
            r"a\s+couple",
            r"couple\s+of",
            r"a\s+hundred",
            r"a\s+thousand",
            r"a\s+few",
            r"half\s+an?",
            r"the\s+last\s+few",
            r"dozens\s+of",
            r"hundreds\s+of",
            "several",
            "many",
            "few",
            "some",
            "countless",
            "recent",
            "an?",
        ],
        key=len,
        reverse=True,
    )
)
_NUM_SINGLE = "|".join(
    sorted(
        [*(f"{t}-(?:{'|'.join(_UNITS_1)})" for t in _TENS), *_TEENS, *_TENS, *_UNITS_1],
        key=len,
        reverse=True,
    )
)
#: "one hundred", "two hundred and fifty" (thousands are left out: "two thousand" is a year)
_HUNDREDS = rf"(?:{'|'.join(_UNITS_1)}|a)\s+hundred(?:\s+(?:and\s+)?(?:{_NUM_SINGLE}))?"
QTY = rf"(?P<q>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\s+1/2|½)|\d+(?:\.\d+)?|{_HUNDREDS}|(?:{_NUMW}))"
UNIT = (
    r"(?P<unit>second|minute|hour|day|weekend|week|fortnight|month|quarter|year|decade"
    r"|centur(?:y|ie))"
)
PART = r"(?P<part>morning|afternoon|evening|night)"
_TZ_WORD = r"\s+(?-i:[ECMP][SD]?T|GMT|UTC|BST|CET)(?!\w)"
_TZ = rf"(?:{_TZ_WORD})?"

_F = re.IGNORECASE
#: "several times a day": a count of times the SET keeps inside its extent
_VAGUE_TIMES = r"several|many|multiple|numerous|countless|a\s+few|a\s+couple\s+of|a\s+dozen"
#: a year said in words: "nineteen ninety-six", "two thousand and three"
_SPOKEN = (
    rf"(?:(?P<c>eighteen|nineteen|twenty)[-\s]+(?P<t>{'|'.join(_TENS[1:])}|{'|'.join(_TEENS[1:])})"
    rf"(?:[-\s](?P<u>{'|'.join(_UNITS_1)}))?"
    rf"|(?P<k>two\s+thousand)(?:\s+(?:and\s+)?(?P<ku>{'|'.join(_TEENS + _UNITS_1)}))?)"
)
#: a spoken year right after a month or season: "January nineteen ninety-seven"
SPOKEN_AFTER = re.compile(rf",?\s+(?:of\s+)?{_SPOKEN}\b", _F)
#: (rule name, pattern); the tagger has one handler per name. Order breaks ties between
#: candidates with the same start and length (earlier wins).
RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(
            r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
            r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?(?![\w/-]|[.:]\d)"
        ),
    ),
    (
        "dotted",
        re.compile(
            r"(?<![\w/.-])(?:(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>(?:19|20)\d{2})"
            r"|(?P<y2>(?:19|20)\d{2})\.(?P<m2>1[0-2]|0[1-9])\.(?P<d2>3[01]|[12]\d|0[1-9]))"
            r"(?![\w/]|[.,]\d)"
        ),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\w/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4}|\d{2})"
            r"(?![\w/]|[.,]\d)"
        ),
    ),
    (
        "year_dash",
        re.compile(
            r"(?<![\w$£€¥#.,:/-])(?P<y1>1\d{3}|20\d{2})(?:\s?[-–—]\s?|/)(?P<y2>\d{4}|\d{2})"
            r"(?![\w%]|[-–.,:/]\d)"
        ),
    ),
    (
        "mdy",
        re.compile(rf"\b{_WD_PREFIX}{MONTH}\s*{DAY}(?:,?\s*(?P<year>{YEAR4})|\s+of\s+{YREF})?", _F),
    ),
    (
        "day_of",
        re.compile(r"\bthe\s+(?P<ord>first|last|final)\s+day\s+of\s+(?=(?-i:[A-Z]))", _F),
    ),
    ("month_quarter", re.compile(rf"\bthe\s+(?=(?-i:{MONTH})(?:,?\s+\d{{4}})?\s+quarter\b)", _F)),
    ("nth_day", re.compile(r"\bthe\s+(?P<nth>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b", _F)),
    (
        "week_of",
        re.compile(
            rf"\bthe\s+week(?P<we>end)?\s+of\s+{_WD_PREFIX}{MONTH}\s*{DAY}"
            r"(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?\b)?"
            rf"(?:,?\s*(?P<year>{YEAR4})|\s+of\s+{YREF})?",
            _F,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b{_WD_PREFIX}(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"
            rf"(?:,?\s+(?P<year>{YEAR4})|\s+of\s+{YREF})?",
            _F,
        ),
    ),
    ("my", re.compile(rf"\b{MONTH},?\s+(?:of\s+)?(?:(?P<year>{YEAR4})|{BC_YEAR})", _F)),
    (
        "month",
        re.compile(
            r"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|that"
            rf"|the\s+(?:previous|preceding|following))\s+)?{MONTH}"
            r"(?:,?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b"
            rf"|\s+(?:of\s+)?{YREF})?",
            _F,
        ),
    ),
    ("spoken_year", re.compile(rf"\b(?:(?P<the>the\s+year)\s+)?{_SPOKEN}\b", _F)),
    (
        "era_year",
        re.compile(
            r"(?<![\w$£€¥#.,:/])(?P<year>\d{1,4})\s*(?-i:(?P<era>BC|B\.C\.|BCE|B\.C\.E\.|AD|A\.D\.|CE))"
            r"(?![\w])|(?-i:\b(?P<era2>AD|A\.D\.))\s*(?P<year2>\d{1,4})\b",
            _F,
        ),
    ),
    (
        "year_apos",
        re.compile(
            r"(?:(?<=\bin )|(?<=\bsince )|(?<=\bby )|(?<=\buntil )|(?<=\bbefore )"
            r"|(?<=\bafter )|(?<=\bfrom )|(?<=\bthrough ))['’](?P<yy>\d{2})(?![\w'’%])",
            _F,
        ),
    ),
    ("year_word", re.compile(rf"\bthe\s+year\s+(?P<year>{YEAR4})", _F)),
    (
        "year",
        re.compile(r"(?<![\w$£€¥#.,:/'’])(?<!\d[-–])(?P<year>1\d{3}|20\d{2})(?![\w%]|[.,:/]\d)"),
    ),
    (
        "decade",
        re.compile(
            r"(?:\b(?P<the>the)\s+)?(?:\b(?P<pm>early|mid|late)(?:-|\s+))?"
            r"(?:(?P<ap>['’])(?P<d1>\d)0s|\b(?P<cent>1\d|20)(?P<d2>\d)0s|\b(?P<d3>\d)0s)(?!\w)",
            _F,
        ),
    ),
    (
        "decade_word",
        re.compile(
            r"\bthe\s+(?:(?P<pm>early|mid|late)[-\s]+)?(?P<w>twenties|thirties|forties|fifties|"
            r"sixties|seventies|eighties|nineties)\b",
            _F,
        ),
    ),
    (
        "century",
        re.compile(
            rf"(?:\bthe\s+)?(?:\b(?P<pm>early|mid|late)[-\s]+)?\b(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)"
            rf"|(?P<w>twenty-first|twenty-second|{'|'.join(_ORD_WORDS)}))[-\s]+century\b"
            r"(?:\s+(?P<era>(?-i:BC|B\.C\.|BCE|B\.C\.E\.))(?!\w))?",
            _F,
        ),
    ),
    (
        "century_turn",
        re.compile(
            r"\bthe\s+turn\s+of\s+the\s+(?:(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]+"
            rf"|(?P<w>twenty-first|{'|'.join(_ORD_WORDS)})[-\s]+)?century\b"
            r"|(?<![\w-])(?P<mid>mid-?century)\b(?!-)",
            _F,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:the\s+)?(?:(?P<pyear>1\d{3}|20\d{2})\s+|(?P<prel>this|last|next)\s+year['’]s\s+"
            r"|(?:the\s+)?(?P<ago>year-(?:ago|earlier))\s+)?"
            r"(?:fiscal\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|"
            r"3rd|4th)[-\s](?:fiscal\s+)?(?P<unit>quarter|half)\b(?:\s+of\s+(?:fiscal\s+)?"
            rf"(?:(?P<year>{YEAR4})|(?P<rel>this|last|next|the|the\s+current|the\s+previous)"
            r"\s+year\b))?",
            _F,
        ),
    ),
    (
        "the_quarter",
        re.compile(
            r"\bthe\s+(?:(?P<mod>latest|most\s+recent|current|comparable|same|year-ago|"
            rf"year-earlier|(?P<year>{YEAR4}))\s+)?(?:(?P<mod2>year-ago|year-earlier|fiscal)\s+)?"
            r"(?P<unit>quarter|period)\b(?!-|\s+of\b)",
            _F,
        ),
    ),
    (
        "quarter_year_back",
        re.compile(
            r"\bthe\s+(?:same\s+|corresponding\s+|comparable\s+)?(?:quarter|period)\s+"
            r"(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b(?!['’])"
            r"|\blast\s+year['’]s\s+(?:quarter|period)\b",
            _F,
        ),
    ),
    (
        "latest_year",
        re.compile(
            r"\bthe\s+(?:latest|most\s+recent)\s+(?:full\s+)?(?:fiscal\s+)?year\b(?![-'’])", _F
        ),
    ),
    ("year_ago_adj", re.compile(r"\byear-(?:earlier|ago)\b(?!-)", _F)),
    (
        "qnotation",
        re.compile(
            rf"\b(?-i:(?P<q>[QH]))(?P<n>[1-4])(?:(?:\s+|\s*['’]|\s*-\s*)(?P<year>{YEAR4}|\d{{2}}))?"
            r"(?![\w-])",
            _F,
        ),
    ),
    (
        "qnotation_rev",
        re.compile(
            rf"\b(?P<n>[1-4])(?-i:(?P<q>[QH]))(?:(?:\s*['’]|\s*-\s*|\s+)?(?P<year>{YEAR4}|\d{{2}}))?"
            r"(?![\w-])",
        ),
    ),
    (
        "fiscal",
        re.compile(
            r"\b(?:fiscal(?:\s+year)?\s+|(?-i:FY)\s*)['’]?(?P<year>1\d{3}|20\d{2}|\d{2})(?!\w)", _F
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?:(?P<rel>this\s+past|this\s+coming|the\s+next|the\s+following|this|last|next"
            r"|past|coming|the)\s+)?"
            rf"(?P<s>spring|summer|fall|autumn|winter)\b"
            rf"(?:,?\s+(?:of\s+)?(?:(?P<year>{YEAR4})|{BC_YEAR}|['’](?P<yy>\d{{2}})(?![\w'’])))?",
            _F,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past"
            r"|the\s+(?:previous|preceding|following))\s+)?"
            rf"{WEEKDAY}(?P<pl>s)?(?:\s+(?P<part>morning|afternoon|evening|night)s?)?\b",
            _F,
        ),
    ),
    (
        "relday",
        re.compile(
            rf"\b(?P<d>yesterday|today|tomorrow|tonight)(?:\s+{PART})?\b"
            r"|\bthe\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow)\b",
            _F,
        ),
    ),
    ("thispart", re.compile(rf"\b(?P<rel>this|last)\s+{PART}\b", _F)),
    (
        "daypart",
        re.compile(
            r"\b(?:(?P<mid>mid(?:-|\s+)|mid(?=morning|afternoon|evening))"
            r"|(?P<h>1[0-2]|0?[1-9])\s+in\s+the\s+"
            r"|(?:(?<=\bin )|(?<=\bduring ))the\s+(?P<el>early\s+|late\s+)?)"
            rf"{PART}\b(?!\s+(?:of|hours)\b)(?:\s+(?P<d>yesterday|today|tomorrow)\b)?",
            _F,
        ),
    ),
    (
        "relunit",
        re.compile(
            r"\b(?:(?P<the>the)\s+)?(?P<rel>last|next|this\s+past|this\s+coming|this|coming|past|"
            r"previous|prior|preceding|following|current|same)\s+(?:(?P<fiscal>fiscal)\s+)?"
            rf"(?:{UNIT}|{PART}|(?P<season>spring|summer|fall|autumn|winter))\b(?!-)",
            _F,
        ),
    ),
    ("the_weekend", re.compile(r"\bthe\s+weekend\b", _F)),
    (
        "the_year",
        re.compile(
            r"\b(?:(?P<pm>early|earlier|late|later)\s+in\s+)?"
            r"the\s+(?:(?:full|fiscal|full\s+fiscal|calendar|whole|entire)\s+)?(?P<y>year)\b"
            r"(?![-'’]|\s+(?:before|after|earlier|ago|prior|[0-9]|[a-z]+teen|two\s+thousand))"
            r"(?=(?P<ended>\s+(?:ended|ending|to\s+(?-i:[A-Z0-9])))?)",
            re.IGNORECASE,
        ),
    ),
    (
        "year_end",
        re.compile(
            r"\b(?:year(?:-|\s+|['’]s\s+)|(?P<unit>month|week)(?:-|['’]s\s+))end\b(?!-of)", _F
        ),
    ),
    (
        "week_from_day",
        re.compile(
            r"(?:\b(?P<aw>a\s+week\s+(?:from|on)\s+)|(?<=\bon )|(?<=\bby )|(?<=\buntil )"
            rf"|(?<=\bfrom )){WEEKDAY}\b(?P<wk>\s+week\b(?![-'’]))?",
            _F,
        ),
    ),
    (
        "before_last",
        re.compile(
            r"\bthe\s+(?P<unit>week|weekend|month|year)\s+(?P<ba>before\s+last|after\s+next)\b",
            _F,
        ),
    ),
    (
        "end_of",
        re.compile(
            r"\bthe\s+(?:very\s+)?(?P<pm>end|beginning|start|middle|close)\s+of\s+(?:the|this)\s+"
            r"(?P<unit>year|month|week|decade|century|quarter)\b",
            _F,
        ),
    ),
    (
        "that",
        re.compile(
            rf"\bthat\s+(?:(?:same|very)\s+)?(?:{UNIT}|{PART}|(?P<season>spring|summer|autumn|winter))"
            r"\b(?!-)",
            _F,
        ),
    ),
    (
        "the_unit_before",
        re.compile(
            rf"\bthe\s+(?:{UNIT}|{PART})\s+(?P<dir>before|after|earlier|prior)\b"
            r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|but|when|while|he|she|they|it|we|I)\b)",
            _F,
        ),
    ),
    ("ago", re.compile(rf"\b(?:{QTY}\s+)?{UNIT}(?P<pl>s)?\s+ago\b", _F)),
    (
        "from_now",
        re.compile(rf"\b{QTY}\s+{UNIT}(?P<pl>s)?\s+(?:from\s+(?:now|today)|hence)\b", _F),
    ),
    (
        "later",
        re.compile(rf"\b(?:{QTY}\s+)?{UNIT}(?P<pl>s)?\s+(?P<dir>later|earlier)\b(?!\s+than)", _F),
    ),
    (
        "duration",
        re.compile(
            r"(?:\b(?P<the>the)\s+(?:(?P<rel>past|last|next|first|coming|previous|following|final|"
            r"remaining|initial|preceding)\s+)?)?(?:\b"
            rf"{QTY}(?P<qhalf>\s+and\s+a\s+half)?(?P<adj>(?:\s+[a-z]+(?:-[a-z]+)?){{0,2}}?)\s+)?"
            rf"{UNIT}(?P<pl>s)?\b"
            r"(?P<half>\s+and\s+a\s+half\b)?(?!-|\s+old\b|\s+of\s+age\b)",
            _F,
        ),
    ),
    (
        "duration_range",
        re.compile(
            rf"\b(?:(?P<between>between)\s+)?(?P<q1>\d+(?:\.\d+)?|{_NUM_SINGLE})\s*"
            r"(?P<gap>to|-|–|and)\s*"
            rf"(?P<q>\d+(?:\.\d+)?|{_NUM_SINGLE})\s+{UNIT}(?P<pl>s)\b"
            r"(?!-|\s+(?:old|of\s+age|ago|later|earlier|hence|from\s+now)\b)",
            _F,
        ),
    ),
    (
        "hyphen_duration",
        re.compile(
            rf"\b(?P<q>\d+(?:\.\d+)?|{_NUM_SINGLE}|several|multi|many)-{UNIT}\b(?!-)",
            _F,
        ),
    ),
    ("long_duration", re.compile(rf"\b{UNIT}(?P<pl>s)?-long\b", _F)),
    (
        "set_every",
        re.compile(
            rf"\b(?:every|each)\s+(?:(?P<other>other)\s+)?(?:{QTY}\s+)?(?:{UNIT}|{PART}|{WEEKDAY}"
            rf"|(?P<s>spring|summer|fall|autumn|winter)|{MONTH})(?P<pl>s)?\b",
            _F,
        ),
    ),
    (
        "set_times",
        re.compile(
            rf"\b(?:once|twice|thrice|(?:\d+|{'|'.join(_UNITS_1 + _TEENS)}|{_VAGUE_TIMES})\s+times"
            rf"|(?:\d+|{_NUM_SINGLE})\s+(?:seconds|minutes|hours|days|nights|weeks|months))\s+"
            rf"(?:(?:a|an|per|each|every)\s+{UNIT}\b|(?P<adv>{'|'.join(SET_ADVERBS)})\b)"
            r"(?!\s+(?:ago|later|earlier|before|after|from|hence|of)\b)",
            _F,
        ),
    ),
    ("set_adverb", re.compile(rf"\b(?P<adv>{'|'.join(SET_ADVERBS)})\b", _F)),
    (
        "set_weekends",
        re.compile(
            r"(?:(?<=\bon )|(?<=\bat )|(?<=\bover )|(?<=\bduring ))weekends\b"
            rf"|\bthe\s+(?P<ord>first|second|third|fourth|last|final)\s+{WEEKDAY}\s+of\s+"
            r"(?:every|each)\s+month\b",
            _F,
        ),
    ),
    (
        "clock",
        re.compile(
            r"(?<![\w:.$£€])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*"
            rf"(?P<ap>[ap])(?:\.\s?m\.|m\b|\.m\b)(?P<tz>{_TZ})",
            _F,
        ),
    ),
    (
        "clock24",
        re.compile(
            r"(?<![\w:.,])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"
            rf"(?P<tz>{_TZ}|\s+hours\b|\s*h\b)",
            _F,
        ),
    ),
    (
        "clock_zone",  # "0930 GMT", "2130 local time": four digits only with a zone
        re.compile(
            r"(?<![\w:.,$£€#-])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)"
            rf"(?:{_TZ_WORD}|(?=\s+local\s+time\b))"
        ),
    ),
    (
        "oclock",
        re.compile(
            r"(?<![\w:.])(?P<h>1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven|twelve)\s+o['’]\s?clock\b"
            r"(?:\s*(?P<ap>[ap])(?:\.\s?m\.|m\b|\.m\b)"
            r"|\s+(?:in\s+the\s+(?P<part>morning|afternoon|evening)|at\s+(?P<night>night)))?"
            rf"(?P<tz>{_TZ})",
            _F,
        ),
    ),
    (
        "clock_words",
        re.compile(
            r"\b(?P<frac>half|a\s+quarter|quarter)\s+(?P<dir>past|to|after)\s+"
            r"(?P<h>1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"(?:\s+o['’]\s?clock)?(?![\w$%]|[.,]\d|\s+(?:million|billion|percent|per)\b)"
            r"(?:\s*(?P<ap>[ap])(?:\.\s?m\.|m\b|\.m\b)"
            r"|\s+(?:in\s+the\s+(?P<part>morning|afternoon|evening)|at\s+(?P<night>night)))?"
            rf"(?P<tz>{_TZ})",
            _F,
        ),
    ),
    ("noon", re.compile(rf"\b(?P<w>noon|midnight|midday)\b(?P<tz>{_TZ})", _F)),
    (
        "ref",
        re.compile(
            r"\b(?P<now>right\s+now|now|currently|nowadays|these\s+days|the\s+present\s+day)\b"
            r"|(?<=\bat )(?P<now2>present|the\s+moment)\b"
            r"|\b(?P<past>recently|more\s+recently|lately|the\s+past|the\s+other\s+day)\b"
            r"|\b(?P<fut>the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|soon"
            r"|a\s+later\s+date"
            r"|the\s+(?:near|short)(?:er)?\s+term)\b"
            r"|(?:(?<=\bin )|(?<=\bfor )|(?<=\bover ))"
            r"(?P<coming>coming\s+(?:days|weeks|months|quarters|years))\b"
            r"|(?<=\bin )(?P<fut2>future)\b"
            r"|\b(?P<adj>current|recent)\b(?!-)",
            _F,
        ),
    ),
    (
        "holiday",
        re.compile(
            r"\b(?-i:(?P<h>Christmas(?:\s+Day|\s+Eve)?|New\s+Year's\s+(?:Day|Eve)|Halloween|"
            rf"Valentine's\s+Day|Boxing\s+Day|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|"
            r"Election\s+Day|Easter(?:\s+Sunday|\s+Monday|\s+week)?|Good\s+Friday|"
            r"Ash\s+Wednesday|Palm\s+Sunday|Maundy\s+Thursday|Fourth\s+of\s+July|"
            r"Independence\s+Day|Veterans\s+Day|Remembrance\s+Day|Armistice\s+Day|"
            r"Bastille\s+Day|St\.?\s+Patrick's\s+Day|Juneteenth|Mother's\s+Day|Father's\s+Day|"
            r"Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|Presidents'?\s+Day|Columbus\s+Day|"
            r"Black\s+Friday|Cyber\s+Monday))\b"
            rf"(?:,?\s+(?P<year>{YEAR4}))?",
            _F,
        ),
    ),
]


_UNIT_WORDS = "second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur"
_PARTS = "morning|afternoon|evening|night"
_SEASON_WORDS = "spring|summer|fall|autumn|winter"
#: a literal every match of a rule contains, searched in the lowercased text first: scanning
#: for a literal is ten times faster than trying a pattern with optional prefixes everywhere
TRIGGERS: dict[str, re.Pattern[str]] = {
    name: re.compile(literals)
    for name, literals in {
        "mdy": "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
        "week_of": "week(?:end)? of",
        "nth_day": r"the\s+\d\d?(?:st|nd|rd|th)\b",
        "day_of": r"day\s+of\s",
        "month_quarter": "quarter",
        "dmy": "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
        "my": "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
        "month": "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
        "decade": "0s",
        "era_year": r"\d\s*(?:bc|b\.c|ad|a\.d|ce)\b|\ba\.?d\.?\s*\d",
        "spoken_year": "eighteen|nineteen|twenty|thousand",
        "decade_word": "ties",
        "century": "centur",
        "century_turn": "century",
        "quarter": "quarter|half",
        "the_quarter": "quarter|period",
        "quarter_year_back": "quarter|period",
        "latest_year": "year",
        "year_ago_adj": "year-",
        "season": _SEASON_WORDS,
        "weekday": "day",
        "relday": "day|tomorrow|tonight",
        "thispart": _PARTS,
        "daypart": _PARTS,
        "relunit": f"{_UNIT_WORDS}|{_PARTS}|{_SEASON_WORDS}",
        "the_weekend": "weekend",
        "the_year": "year",
        "year_end": "end",
        "before_last": r"before\s+last|after\s+next",
        "week_from_day": r"day\s+week\b|week\s+(?:from|on)\s+\w+day",
        "end_of": _UNIT_WORDS,
        "that": f"{_UNIT_WORDS}|{_PARTS}|{_SEASON_WORDS}",
        "the_unit_before": f"{_UNIT_WORDS}|{_PARTS}",
        "ago": "ago",
        "from_now": r"from\s+(?:now|today)|hence",
        "later": "later|earlier",
        "duration": _UNIT_WORDS,
        "duration_range": f"(?:to|-|–|and)\\s*[\\w.]+\\s+(?:{_UNIT_WORDS})",
        "hyphen_duration": f"-(?:{_UNIT_WORDS})",
        "long_duration": "-long",
        "set_every": "every|each",
        "set_times": (
            r"(?:once|twice|thrice|times|seconds|minutes|hours|days|nights|weeks|months)\s+"
            r"(?:(?:a|an|per|each|every)\s|[a-z]+ly\b)"
        ),
        "set_adverb": r"(?:annual|ennial|year|quarter|month|week|dai|night|hour)ly\b",
        "set_weekends": r"weekends|of\s+(?:every|each)\s+month",
        "oclock": "o['’]\\s?clock",
        "clock_zone": r"\d{4}\s+(?:[ecmp][sd]?t|gmt|utc|bst|cet|local\s+time)\b",
        "clock_words": r"(?:half|quarter)\s+(?:past|to|after)\s",
        "year_apos": r"['’]\d\d",
        "qnotation": r"[qh][1-4]",
        # literals of the rules that once ran their whole pattern over the text (speed)
        "iso": r"\d-\d\d-\d",
        "numeric": r"\d/\d",
        "clock": r"\d\s*[ap](?:\.\s?)?m",
        "clock24": r"\d:\d",
        "noon": r"noon|midnight|midday",
        "fiscal": r"fiscal|fy",
        "year_word": r"year\s+\d",
        "year_dash": r"\d\d\d\d\s?[-–—/]",
        "qnotation_rev": r"[1-4][qh]",
        "dotted": r"\d\.\d",
        "ref": (
            r"now|current|days|present|moment|recent|lately|past|future|soon|other\s+day"
            r"|(?:near|short)(?:er)?\s+term|\bcoming\s+[dwmqy]|later\s+date"
        ),
        # every holiday name ends in "day" (Good Friday, Ash Wednesday) or has one of these
        "holiday": (
            r"day\b|christmas|easter|halloween|thanksgiving|juneteenth|new\s+year|fourth\s+of"
        ),
    }.items()
}
