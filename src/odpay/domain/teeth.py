"""Tooth numbers, surfaces and areas as procedurelog stores them (US nomenclature).

Schema reference, procedurelog.ToothNum / Surf / ToothRange: teeth 1–32 and A–T, supernumerary
51–82 and AS–TS; surfaces B/F, V, M, O/I, D, L; quadrants UL, UR, LR, LL; sextants 1–6; arches
U and L; a range is tooth numbers separated by commas, stored without dashes.
"""

_PERMANENT = {str(n) for n in range(1, 33)}
_PRIMARY = {chr(c) for c in range(ord("A"), ord("T") + 1)}
TEETH = frozenset(
    _PERMANENT | _PRIMARY | {str(n) for n in range(51, 83)} | {t + "S" for t in _PRIMARY}
)
SURFACES = frozenset("BFVMOIDL")
QUADRANTS = frozenset({"UL", "UR", "LR", "LL"})
SEXTANTS = frozenset({"1", "2", "3", "4", "5", "6"})
ARCHES = frozenset({"U", "L"})


def is_tooth(text: str) -> bool:
    return text in TEETH


def is_surfaces(text: str) -> bool:
    """One to seven distinct surface letters."""
    return 0 < len(text) == len(set(text)) and set(text) <= SURFACES


def tooth_range(text: str) -> str | None:
    """`2,3, 13-15` stored as `2,3,13,14,15`; None when a part is not a tooth or a range of
    permanent or primary teeth in ascending order."""
    teeth: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        first, dash, last = part.partition("-")
        if not dash:
            if part not in _PERMANENT | _PRIMARY:
                return None
            teeth.append(part)
        elif first.isdigit() and last.isdigit() and {first, last} <= _PERMANENT:
            if int(first) > int(last):
                return None
            teeth += [str(n) for n in range(int(first), int(last) + 1)]
        elif {first, last} <= _PRIMARY and first <= last:
            teeth += [chr(c) for c in range(ord(first), ord(last) + 1)]
        else:
            return None
    return ",".join(teeth)
