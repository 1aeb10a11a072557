"""Given names that, in English-language news, almost always name a woman or a man.

Only a cue for pronouns: "Mary Hill met John Carter. She said ..." should not make John
Carter the speaker. Names borne often by both (Jordan, Alex, Jean, Andrea, Kim, Robin, ...)
are left out on purpose, and what the text itself says (a resolved "he", "Mrs.", "his
wife") always wins over the name.
"""

from __future__ import annotations

__all__ = ["FEMALE_NAMES", "MALE_NAMES", "name_gender", "titled"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FEMALE_NAMES = _words(
    """
    abigail ada adele agnes aisha alice alicia alison amanda amber amelia amy ana angela
    angelina anita ann anna anne annette antonia barbara beatrice belinda bernadette beth
    betty beverly bridget brigitte camilla carla carmen caroline carolyn catherine cecilia
    charlotte cheryl christina christine claire clara claudia colleen cynthia daisy daphne
    deborah denise diana diane donna doris dorothy edith eileen elaine eleanor elena
    elisabeth elizabeth ella ellen eloise emily emma erica esther eva fatima fiona
    florence frances gabriela gemma georgina gillian gloria grace gwen hannah harriet
    heather helen helena ingrid irene isabel isabella jacqueline jane janet janice
    jennifer jessica joan joanna josephine joyce judith judy julia julie karen katherine
    kathleen katie kate laura lauren linda lisa lorraine louise lucy lydia madeleine
    margaret maria marie marilyn martha mary maureen megan melanie melissa michelle
    miriam molly monica nadia nancy naomi natalie natasha nicole nina olivia pamela patricia
    paula pauline penelope priya rachel rebecca rita rosa rose rosemary ruth sally samantha
    sandra sara sarah sharon sheila sofia sonia sophie stephanie susan suzanne svetlana
    sylvia tamara teresa theresa tina ursula valerie vanessa veronica victoria virginia
    wendy yvonne zoe
    """
)

MALE_NAMES = _words(
    """
    aaron abdul adam adrian ahmed alan albert alexander alfred andrew angus anthony
    antonio arthur barry benjamin bernard bill billy boris brian bruce carl carlos charles
    christopher colin craig dan daniel darren david dennis derek dmitri donald douglas
    duncan edward eric ernest eugene felix fernando francis frank fred frederick gareth gary
    geoffrey george gerald giovanni gordon graham gregory hans harold harry henry howard hugh
    ian ivan jack jacob james jason jeffrey jeremy jim joe john jonathan jorge jose joseph
    juan karl keith kenneth kevin larry lawrence leonard louis luis malcolm marco mark martin
    matthew michael miguel mohammed muhammad nathan neil nicholas nigel oliver oscar patrick
    paul peter philip pierre rafael ralph raymond richard robert roger ronald roy russell
    ryan samuel scott sean sergei simon stanley stephen steven stuart thomas timothy tom tony
    trevor victor vincent vladimir walter wayne william yusuf
    """
)


def _gender_of(word: str) -> str | None:
    word = word.lower().strip(".,")
    return "f" if word in FEMALE_NAMES else "m" if word in MALE_NAMES else None


def name_gender(name: str) -> str | None:
    """'f' or 'm' from a person's given name, or None when it does not tell. The given name
    is the first word, or the first after a title the model kept ("Inspector Mary Hill");
    never the surname ("Tom Grace")."""
    words = name.split()
    if len(words) == 1:
        return _gender_of(words[0])
    return next((g for w in words[:-1] if (g := _gender_of(w)) is not None), None)


def titled(name: str) -> bool:
    """Whether a word the lists do not know comes before the given name ("Headteacher Mary
    Hill", "Detective Tom Reed"): a title the model kept in the name."""
    words = name.split()
    return len(words) >= 3 and _gender_of(words[0]) is None and _gender_of(words[1]) is not None
