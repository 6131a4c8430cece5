"""The clinical-text lexicon of the medical-necessity audit: what the note is searched for.

Two kinds of phrase, both plain data read by :mod:`dermclaim.necessity.nlp`:

* **targets** — the concepts the benign-lesion coverage policies (LCD L34200 / L35498 "Removal
  of Benign Skin Lesions", RULES.md §9.2 and §10) accept as indications, and the cues that show
  a removal was cosmetic. Each is a spaCy token pattern (``LOWER``/``REGEX``/``IN``), so it
  matches word forms without a model or lemmatizer.
* **modifiers** — ConText triggers (negation, uncertainty, hypothetical, historical, family,
  procedural boilerplate) curated for dermatology notes from medspaCy's default English rules.
  Differences from the defaults, on purpose: "suspicious for", "worrisome for" and "concerning
  for" are *part of* the concern-for-malignancy indication, not uncertainty; "may", "could",
  "questionable" and "vs" are uncertainty (the defaults only know "might be"); consent and
  procedure boilerplate ("risks including bleeding and infection were discussed", "hemostasis")
  mark what they touch as procedural, so it is not read as a symptom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Pattern = list[dict[str, Any]]
Kind = Literal["medical", "cosmetic"]


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    kind: Kind
    label: str  # how a message names it
    historical_counts: bool = False  # a past finding still supports the procedure (pathology)


CONCEPTS: dict[str, Concept] = {
    c.key: c
    for c in (
        Concept("bleeding", "medical", "bleeding"),
        Concept("itching", "medical", "itching"),
        Concept("pain", "medical", "pain or tenderness"),
        Concept("inflammation", "medical", "irritation or inflammation (erythema, edema, crusting)"),
        Concept("infection", "medical", "infection (purulence, drainage)"),
        Concept("growth", "medical", "recent change or growth"),
        Concept("color_change", "medical", "colour change"),
        Concept("atypia", "medical", "atypical features or clinical concern for malignancy"),
        Concept("obstruction", "medical", "obstruction of an orifice or of vision"),
        Concept("trauma", "medical", "repeated trauma (catches on clothing or jewellery, cut shaving)"),
        Concept("function", "medical", "functional impairment"),
        Concept("pathology", "medical", "pathology-confirmed disease", historical_counts=True),
        Concept("hyperhidrosis", "medical", "primary hyperhidrosis refractory to topical treatment"),
        Concept("premalignant", "medical", "actinic keratoses or other premalignant lesions"),
        Concept("acne", "medical", "acne (comedonal or inflammatory)"),
        Concept("appearance", "cosmetic", "appearance"),
        Concept("preference", "cosmetic", "patient preference"),
        Concept("bothersome", "cosmetic", "'bothersome' without symptoms"),
        Concept("makeup", "cosmetic", "makeup trapping"),
        Concept("distress", "cosmetic", "emotional distress about appearance"),
        Concept("asymptomatic", "cosmetic", "asymptomatic lesion"),
    )
}


def _w(words: str) -> dict[str, Any]:
    """One token that is any of the space-separated lower-case words (a set look-up: fast)."""
    forms = words.split()
    return {"LOWER": forms[0]} if len(forms) == 1 else {"LOWER": {"IN": forms}}


def _opt(words: str | None = None) -> dict[str, Any]:
    """An optional token: any token, or one of ``words``."""
    return {"OP": "?"} if words is None else _w(words) | {"OP": "?"}


_PRONOUN = "it them this these the her his their its lesion lesions"
_RELATIVE = (
    "mother father mom dad sister sisters brother brothers sibling siblings aunt aunts uncle uncles "
    "cousin cousins grandmother grandfather grandparent grandparents son sons daughter daughters "
    "parent parents children child"
)
_MALIGNANCY = (
    "malignancy malignant melanoma cancer carcinoma bcc scc nmsc skin basal squamous dysplasia dysplastic"
)
_CHANGE = "change changes changed changing"
_OBJECTS = (
    "clothes clothing shirt shirts collar collars bra straps strap belt belts waistband waistbands "
    "jewelry jewellery necklace necklaces earring earrings glasses razor zipper zippers seatbelt purse "
    "backpack towel sock socks shoe shoes hat helmet"
)

#: (concept key, literal shown in docs, token pattern)
TARGETS: tuple[tuple[str, str, Pattern], ...] = (
    (
        "bleeding",
        "bleeding",
        [_w("bleed bleeds bleeding bled bloody hemorrhage hemorrhagic haemorrhage haemorrhagic")],
    ),
    ("itching", "itching", [_w("itch itchy itches itching itched pruritic pruritus")]),
    ("pain", "pain", [_w("pain painful tender tenderness sore hurts hurt hurting ache aches aching")]),
    (
        "inflammation",
        "inflamed",
        [
            _w(
                "inflamed inflammation inflammatory irritated irritation erythema erythematous swollen "
                "swelling "
                "edema edematous oedema oedematous crusted crusting oozing oozes weeping"
            )
        ],
    ),
    (
        "infection",
        "infected",
        [_w("infected infection purulent purulence pus abscess drainage draining cellulitis")],
    ),
    ("growth", "growing", [_w("growing grown grows grew enlarging enlarged enlargement enlarges evolving")]),
    ("growth", "getting bigger", [_w("getting gotten got become became becoming"), _w("bigger larger")]),
    (
        "growth",
        "increased in size",
        [_w("increased increasing increase " + _CHANGE), _w("in"), _w("size shape")],
    ),
    ("growth", "recent change", [_w("recent recently new"), _w(_CHANGE)]),
    ("growth", "changing", [_w("changing")]),
    ("color_change", "colour change", [_w("color colour"), _w(_CHANGE)]),
    ("color_change", "change in colour", [_w(_CHANGE), _w("in of"), _w("color colour pigment pigmentation")]),
    ("color_change", "darkening", [_w("darkened darkening darkens turned turning"), _w("black darker dark")]),
    ("color_change", "darkening", [_w("darkening darkened")]),
    ("atypia", "atypical", [_w("atypia atypical asymmetric asymmetry variegated variegation")]),
    (
        "atypia",
        "irregular border",
        [_w("irregular"), _w("border borders pigment pigmentation pigmented network margin margins")],
    ),
    ("atypia", "ugly duckling", [_w("ugly"), _w("duckling")]),
    (
        "atypia",
        "concerning for malignancy",
        [
            _w("concern concerning suspicious suspicion worrisome worrying"),
            _w("for of about"),
            _opt("a an"),
            _w(_MALIGNANCY),
        ],
    ),
    ("atypia", "suspicious lesion", [_w("suspicious worrisome")]),
    ("atypia", "melanoma", [_w("melanoma malignancy carcinoma")]),
    ("atypia", "skin cancer", [_w("skin"), _w("cancer")]),
    (
        "obstruction",
        "obstructs vision",
        [
            _w(
                "obstruct obstructs obstructed obstructing obstruction occludes occluded occluding "
                "occlusion block blocks "
                "blocked blocking impair impairs impaired impairing restrict restricts restricted "
                "restricting interferes "
                "interfered interfering"
            ),
            _opt("with the her his patient's"),
            _opt("visual peripheral external left right"),
            _w(
                "vision visual field sight nares naris nostril ear canal meatus airway mouth orifice "
                "eyelid lid"
            ),
        ],
    ),
    (
        "obstruction",
        "obstructing",
        [
            _w(
                "obstructs obstructed obstructing obstruction obstructive occludes occluded occluding "
                "occlusion"
            )
        ],
    ),
    (
        "trauma",
        "catches on clothing",
        [
            _w("catch catches catching caught snag snags snagged snagging rub rubs rubbed rubbing irritated"),
            _opt("on in against by with"),
            _opt(_PRONOUN),
            _w(_OBJECTS),
        ],
    ),
    (
        "trauma",
        "catches on clothing",
        [_w("catch catches catching caught snag snags snagged snagging"), _w("on in")],
    ),
    (
        "trauma",
        "bra strap rubs it",
        [
            _w(_OBJECTS),
            _opt("strap straps line lines"),
            _w("rubs rubbed rubbing catches caught snags snagged irritates irritated traumatizes"),
        ],
    ),
    (
        "trauma",
        "cut while shaving",
        [
            _w("cut cuts cutting nick nicks nicked nicking traumatized injured injures"),
            _opt(_PRONOUN),
            _opt("while when during with"),
            _w("shave shaves shaving razor"),
        ],
    ),
    (
        "trauma",
        "repeated trauma",
        [
            _w("repeated repeatedly recurrent frequent frequently chronic chronically"),
            _w("trauma traumatized irritation injury injured friction"),
        ],
    ),
    ("trauma", "traumatized", [_w("traumatized traumatised")]),
    ("function", "functional impairment", [_w("functional"), _w("impairment limitation deficit")]),
    (
        "function",
        "interferes with walking",
        [
            _w(
                "interferes interfering interfered limits limiting limited impairs impairing impaired "
                "difficulty trouble"
            ),
            _opt("with"),
            _opt("her his the patient's"),
            _w(
                "walk walking ambulation ambulating gait grip gripping function range motion use "
                "wearing work typing writing"
            ),
        ],
    ),
    (
        "function",
        "painful to walk",
        [_w("painful hurts difficult unable"), _w("to"), _w("walk stand grip wear write type")],
    ),
    (
        "pathology",
        "biopsy showed",
        [
            _w("biopsy biopsies path pathology histology histologic histologically dermatopathology"),
            _opt("report result results"),
            _w(
                "showed shows show revealed reveals demonstrated demonstrates confirmed confirms proven "
                "proved "
                "consistent diagnostic"
            ),
        ],
    ),
    (
        "pathology",
        "biopsy-proven",
        [_w("biopsy path pathology histologically"), _w("-"), _w("proven confirmed")],
    ),
    ("pathology", "biopsy-proven", [_w("biopsy-proven biopsy-confirmed")]),
    ("pathology", "severe atypia on pathology", [_w("moderate severe"), _w("atypia dysplasia")]),
    ("hyperhidrosis", "hyperhidrosis", [_w("hyperhidrosis")]),
    (
        "hyperhidrosis",
        "excessive sweating",
        [
            _w("excessive profuse severe"),
            _opt("axillary underarm palmar plantar facial craniofacial"),
            _w("sweat sweating perspiration"),
        ],
    ),
    (
        "hyperhidrosis",
        "failed aluminum chloride",
        [
            _w("failed refractory unresponsive"),
            _opt("to"),
            _opt(),
            _w(
                "aluminum aluminium topical topicals drysol antiperspirant antiperspirants "
                "glycopyrronium iontophoresis"
            ),
        ],
    ),
    ("premalignant", "actinic keratoses", [_w("actinic solar"), _w("keratosis keratoses damage cheilitis")]),
    ("premalignant", "AKs", [_w("ak aks")]),
    (
        "premalignant",
        "field cancerization",
        [_w("field"), _w("cancerization cancerisation treatment therapy")],
    ),
    ("acne", "acne", [_w("acne comedones comedonal comedone")]),
    (
        "appearance",
        "cosmetic",
        [
            _w(
                "cosmetic cosmetically cosmetics cosmesis aesthetic aesthetics aesthetically unsightly "
                "unattractive disfiguring"
            )
        ],
    ),
    # "appearance" alone is also clinical ("stuck-on appearance"): only the patient's view of it counts
    (
        "appearance",
        "dislikes its appearance",
        [
            _w(
                "dislikes dislike hates hate unhappy bothered concerned conscious improve improves "
                "improving improved better change"
            ),
            _opt("with about by of"),
            _opt("the its her his their how"),
            _opt("it they"),
            _w("appearance look looks"),
        ],
    ),
    ("appearance", "for appearance", [_w("for"), _opt("the its her his their"), _w("appearance looks")]),
    (
        "appearance",
        "appearance reasons",
        [_w("appearance appearances"), _w("reasons reason concerns concern purposes sake")],
    ),
    ("appearance", "the way it looks", [_w("way"), _w("it they"), _w("looks look")]),
    (
        "appearance",
        "does not like how it looks",
        [
            _w("not n't"),
            _w("like"),
            _opt("the its her his their how"),
            _opt("way"),
            _opt("it they"),
            _w("appearance look looks"),
        ],
    ),
    ("appearance", "wrinkles", [_w("wrinkle wrinkles rhytid rhytids rhytides photoaging rejuvenation")]),
    ("appearance", "fine lines", [_w("fine glabellar frown forehead smile marionette"), _w("lines")]),
    ("appearance", "crow's feet", [_w("crow crow's"), _opt("'s"), _w("feet")]),
    (
        "preference",
        "patient wants it removed",
        [
            _w(
                "want wants wanted would request requests requested prefer prefers desire desires ask "
                "asks asked wishes"
            ),
            _opt("like to for"),
            _opt("have get the them it"),
            _opt("it them this these lesion lesions"),
            _w("removed removal remove gone off taken treated frozen"),
        ],
    ),
    (
        "preference",
        "patient preference",
        [_w("patient patient's pt personal"), _w("preference request choice")],
    ),
    (
        "preference",
        "at patient's request",
        [
            _w("at per upon on"),
            _opt("the her his"),
            _w("patient patient's pt pt's her his"),
            _opt("'s own"),
            _w("request insistence preference"),
        ],
    ),
    ("preference", "elective", [_w("elective electively")]),
    ("bothersome", "bothersome", [_w("bothersome bothers bothering bothered annoying nuisance")]),
    (
        "makeup",
        "makeup trapping",
        [
            _w("makeup make-up cosmetics foundation"),
            _opt("gets is getting"),
            _w("trap traps trapped trapping caught catches accumulates accumulating"),
        ],
    ),
    (
        "makeup",
        "traps makeup",
        [_w("trap traps trapped trapping"), _w("makeup make-up cosmetics foundation")],
    ),
    ("makeup", "makeup trapping", [_w("make"), _w("-"), _w("up"), _w("trap traps trapped trapping")]),
    (
        "distress",
        "emotional distress",
        [
            _w("emotional emotionally psychological psychologically psychosocial"),
            _w("distress distressed distressing upset burden impact"),
        ],
    ),
    ("distress", "self-conscious", [_w("self"), _w("-"), _w("conscious")]),
    ("distress", "self-conscious", [_w("self-conscious embarrassed embarrassing embarrassment ashamed")]),
    ("asymptomatic", "asymptomatic", [_w("asymptomatic nonsymptomatic non-symptomatic")]),
    (
        "asymptomatic",
        "no symptoms",
        [_w("no without denies nil"), _opt("associated other any"), _w("symptoms")],
    ),
)

#: ConText modifiers: (category, literal, direction, token pattern).
#: Categories: NEGATED_EXISTENCE, POSSIBLE_EXISTENCE, HYPOTHETICAL, HISTORICAL, FAMILY,
#: PROCEDURAL (consent and procedure boilerplate), TERMINATE and PSEUDO.
MODIFIERS: tuple[tuple[str, str, str, Pattern], ...] = (
    # negation
    ("NEGATED_EXISTENCE", "no", "FORWARD", [_w("no nil"), _opt("further other active")]),
    ("NEGATED_EXISTENCE", "denies", "FORWARD", [_w("deny denies denied denying")]),
    (
        "NEGATED_EXISTENCE",
        "not",
        "FORWARD",
        [_w("not n't never"), _opt("been appear had have felt noted seen")],
    ),
    ("NEGATED_EXISTENCE", "without", "FORWARD", [_w("without w/o")]),
    ("NEGATED_EXISTENCE", "negative for", "FORWARD", [_w("negative neg"), _w("for")]),
    ("NEGATED_EXISTENCE", "free of", "FORWARD", [_w("free absence lack"), _w("of")]),
    ("NEGATED_EXISTENCE", ": none", "BACKWARD", [_w(":"), _w("none no denies")]),
    ("NEGATED_EXISTENCE", "resolved", "BACKWARD", [_opt("has have now"), _w("resolved absent unlikely")]),
    ("NEGATED_EXISTENCE", "inconsistent with", "FORWARD", [_w("inconsistent unlikely"), _opt("with to be")]),
    ("NEGATED_EXISTENCE", "ruled out", "FORWARD", [_w("ruled excluded"), _opt("out")]),
    (
        "NEGATED_EXISTENCE",
        "no evidence of",
        "FORWARD",
        [_w("no"), _opt("clinical dermoscopic"), _w("evidence signs sign features history"), _w("of for")],
    ),
    # uncertainty
    ("POSSIBLE_EXISTENCE", "rule out", "FORWARD", [_w("rule r"), _opt("/"), _w("out o")]),
    ("POSSIBLE_EXISTENCE", "r/o", "FORWARD", [_w("r/o ro ddx differential")]),
    (
        "POSSIBLE_EXISTENCE",
        "possible",
        "FORWARD",
        [
            _w(
                "possible possibly probable probably likely questionable questionably presumed "
                "presumably perhaps maybe ?"
            )
        ],
    ),
    (
        "POSSIBLE_EXISTENCE",
        "may",
        "FORWARD",
        [_w("may might could can't cannot"), _opt("be have not exclude")],
    ),
    (
        "POSSIBLE_EXISTENCE",
        "unsure if",
        "FORWARD",
        [_w("unsure unclear uncertain wonders wondering thinks feels"), _opt("if whether that")],
    ),
    ("POSSIBLE_EXISTENCE", "versus", "BIDIRECTIONAL", [_w("vs vs. versus")]),
    (
        "POSSIBLE_EXISTENCE",
        "worried about",
        "FORWARD",
        [_w("worried concerned anxious scared afraid"), _w("about that of it")],
    ),
    # hypothetical
    ("HYPOTHETICAL", "if", "FORWARD", [_w("if should unless whether")]),
    (
        "HYPOTHETICAL",
        "return for",
        "FORWARD",
        [_w("return returns rtc call recheck"), _opt("for if with to")],
    ),
    ("HYPOTHETICAL", "watch for", "FORWARD", [_w("watch monitor observe look"), _w("for")]),
    (
        "HYPOTHETICAL",
        "risk of",
        "FORWARD",
        [_w("risk risks complication complications"), _opt("of including include includes such")],
    ),
    (
        "HYPOTHETICAL",
        "prevent",
        "FORWARD",
        [_w("prevent prevents preventing avoid avoids avoiding reduce minimize minimise")],
    ),
    ("HYPOTHETICAL", "in case of", "FORWARD", [_w("in"), _w("case"), _opt("of")]),
    # procedural boilerplate: consent, hemostasis, aftercare
    (
        "PROCEDURAL",
        "risks discussed",
        "BIDIRECTIONAL",
        [_w("risks consent consented counseled counselled discussed explained reviewed verbal written")],
    ),
    (
        "PROCEDURAL",
        "hemostasis",
        "BIDIRECTIONAL",
        [
            _w(
                "hemostasis haemostasis ebl tolerated aftercare postop post-op postoperative "
                "post-procedure dressing "
                "vaseline petrolatum bandage"
            )
        ],
    ),
    ("PROCEDURAL", "blood loss", "BIDIRECTIONAL", [_w("blood"), _w("loss")]),
    ("PROCEDURAL", "wound care", "BIDIRECTIONAL", [_w("wound"), _w("care")]),
    # history and family
    (
        "HISTORICAL",
        "history of",
        "FORWARD",
        [_opt("past personal prior remote"), _opt("medical"), _w("history hx h/o pmh pmhx"), _opt("of")],
    ),
    ("HISTORICAL", "previously", "FORWARD", [_w("previous previously prior formerly remote")]),
    ("HISTORICAL", "years ago", "BACKWARD", [{"IS_DIGIT": True}, _w("years yrs decades"), _w("ago")]),
    (
        "HISTORICAL",
        "years ago",
        "BACKWARD",
        [_w("many several few two three ten"), _w("years yrs decades"), _w("ago")],
    ),
    ("FAMILY", "family history", "FORWARD", [_w("family fam familial fhx fh")]),
    ("FAMILY", "mother", "FORWARD", [_w(_RELATIVE), _opt("'s '")]),
    # scope terminators
    (
        "TERMINATE",
        "but",
        "TERMINATE",
        [_w("but however although though except yet otherwise whereas which and/or ;")],
    ),
    ("TERMINATE", "aside from", "TERMINATE", [_w("aside apart"), _w("from")]),
    (
        "TERMINATE",
        "presents with",
        "TERMINATE",
        [_w("present presents presenting report reports note notes complains c/o endorses states")],
    ),
    # pseudo-modifiers: look like a trigger but are not one
    ("PSEUDO", "not only", "PSEUDO", [_w("not"), _w("only")]),
    ("PSEUDO", "no doubt", "PSEUDO", [_w("no"), _w("doubt")]),
    ("PSEUDO", "history of present illness", "PSEUDO", [_w("history"), _w("and of"), _w("physical present")]),
    ("PSEUDO", "HPI", "PSEUDO", [_w("hpi")]),
    (
        "PSEUDO",
        "3-month history of",
        "PSEUDO",
        [
            {"IS_DIGIT": True},
            _opt("-"),
            _w("day days week weeks month months year years wk wks mo mos yr yrs"),
            _opt("-"),
            _w("history hx"),
            _opt("of"),
        ],
    ),
    (
        "PSEUDO",
        "several-month history of",
        "PSEUDO",
        [
            _w("a one two three four six several few many"),
            _opt("-"),
            _w("day days week weeks month months year years wk wks mo mos yr yrs"),
            _opt("-"),
            _w("history hx"),
            _opt("of"),
        ],
    ),
    (
        "PSEUDO",
        "her daughter noticed",
        "PSEUDO",
        [
            _w(_RELATIVE),
            _w(
                "noticed notices noted notes saw sees observed observes says said reports reported "
                "thinks told points"
            ),
        ],
    ),
)
