"""Words the attribution tagger may see as hints, though the rules do not read them.

The tagger's features may name no word of the corpus it learns from ("our words only",
docs/quotes.md); without a hint, a cue verb missing from our lexicons looks to it like any
other verb. These lists, written from general English (verbs, nouns and adjectives of
saying, judging, believing, feeling and showing; not taken from any corpus), let it learn
how far words of each kind are cues. The rules do not read them: many are cues only
sometimes ("figure", "rate", "data"), which a learned weight can say and a rule cannot.
"""

from __future__ import annotations

__all__ = ["HINT_ADJECTIVES", "HINT_NOUNS", "HINT_VERBS"]

#: verbs of saying, judging, believing, showing and deciding
_VERBS = """
    accept acclaim admonish advise affirm agonize analyse analyze approve ascertain assess
    assume attest attribute avow awe badmouth banter bash beg belittle berate bet bewail
    blab blurt boo brief bristle brush cajole calculate canvass caricature celebrate censure
    certify chastise cheer chime chortle chuckle clamor clamour coax commend compliment
    concur condone confide conjecture contemplate contest contradict convey correct
    corroborate counsel court crow crusade cry dare debunk decree defy deliberate delight
    demur denigrate deplore deride designate detect dictate differ dig disapprove discount
    discredit disparage disregard dissent divulge document dread dream editorialize
    elaborate emphasise encourage enquire envisage envision espouse exclaim excoriate exhort
    expose extol favour figure fire flag flout forecast foresee forewarn frown fume gauge
    gloat grant greet grouse grumble grunt gush hammer harangue heckle hedge herald hesitate
    hiss holler hypothesize illustrate implement implore impugn inform inquire insinuate
    instruct interject interrupt intimate invite jab jeer judge justify lampoon lean lecture
    lobby long mandate marvel mean measure moan mull murmur mutter nag name negate nominate
    notify opine opt ordain pan paraphrase parody pen perceive petition phone pillory pin
    ponder posit postulate pray preach presume pretend prioritize proclaim profess project
    prompt pronounce protest prove query quibble rage rank rant rap rate rationalize rave
    reason reassert rebuff recant reckon reconsider reflect rejoice relate relay relent
    remonstrate renounce reprimand reproach rescind resent resolve restate retract reverse
    review revoke rule ruminate satirize scream scrutinize second seethe sense shout shrug
    sigh sing slander slur smear snap snarl sneer sniff snipe solicit specify spell spin
    spotlight squabble stammer stipulate storm stutter submit summarize summon suppose
    surmise swear sympathize tally taunt teach tease theorize thunder tip trumpet underline
    unveil uphold utter venture verify vilify vindicate volunteer wager wail wave whine
    whisper yell
    """
HINT_VERBS = frozenset(_VERBS.split())

#: nouns of saying, judging, believing and of evidence ("poll", "study")
_NOUNS = """
    accolade acknowledgement acknowledgment admission advice affirmation analysis anecdote
    anxiety apology applause approval assumption assurance attitude backing backlash bet
    blessing blowback briefing censure commentary concession condemnation confession
    conjecture conviction counsel data declaration decree denunciation depiction diagnosis
    disapproval disclosure dismissal dissent edict evidence exhortation expectation
    explanation expression figures finding forecast hunch hypothesis indication inference
    insinuation instruction interview invitation jab jibe judgement judgment lecture message
    motion narrative notion observation outcry outlook perspective petition poll posture
    premise presumption proclamation pronouncement proposition protest pushback rallying
    rationale reaction reassurance recommendation record refusal rejection remarks reprimand
    reproach resolution revelation rhetoric ruling rumor rumour scorn scrutiny sentiment
    slogan speculation speech study summary supposition survey suspicion taunt testimony
    tirade tribute verdict viewpoint whisper word
    """
HINT_NOUNS = frozenset(_NOUNS.split())

#: adjectives of attitude and certainty
_ADJECTIVES = """
    agreeable amenable annoyed apologetic appalled apprehensive ardent averse bitter careful
    cognizant complimentary conscious content cool cynical defensive delighted derisive
    disgusted dismayed displeased elated emphatic enamored explicit firm forthright frank
    glad heartened hesitant hostile indignant irate irritated leery negative neutral
    noncommittal positive puzzled quick reassured reticent sanguine sharp shocked steadfast
    surprised sympathetic uneasy unequivocal vehement
    """
HINT_ADJECTIVES = frozenset(_ADJECTIVES.split())
