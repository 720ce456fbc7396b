"""Check digits and formats for the identifiers Hearth records: NHS numbers, UPNs and postcodes.

Pure Python (no Django), so it can be used from models, forms, importers and exports alike.

* **NHS number**: 10 digits; the 10th is a modulus 11 check digit over the first nine (weights
  10 down to 2). A remainder giving check digit 10 means the number is invalid. Written for people
  in groups of 3-3-4 ("943 476 5919"). Numbers beginning 999 are never issued and are reserved for
  test data; ``make_nhs_number`` only produces those.
* **UPN** (unique pupil number): 13 characters. Character 1 is a check letter; characters 2-4 are
  the DfE LA number, 5-8 the establishment number, 9-10 the year of allocation and 11-13 a serial.
  A temporary UPN has a letter as character 13. The check letter is CIN rule 1510
  (``/work/shared/reference/returns.md`` section 5): multiply character *n* by weight *n* for
  n = 2..13, sum, take the remainder mod 23 and look it up in ``A..Z`` without I, O and S. A letter
  in position 13 counts as its position in that same alphabet (A = 0 ... Z = 22), as in the
  903 validator's ``valid_upn`` and python-stdnum's ``gb.upn``.
* **Postcode**: UK postcode format, normalised to upper case with a single space before the
  inward code ("NE1 4ST"). District ("NE1") and sector ("NE1 4") helpers support partial search.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "NHS_TEST_RANGE",
    "UPN_CHECK_ALPHABET",
    "format_nhs_number",
    "make_nhs_number",
    "make_upn",
    "nhs_number_check_digit",
    "nhs_number_is_valid",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_upn",
    "postcode_district",
    "postcode_is_valid",
    "postcode_search_prefix",
    "postcode_sector",
    "upn_check_letter",
    "upn_is_valid",
]

_WHITESPACE = re.compile(r"\s+")

# ============================================================================================
# NHS number
# ============================================================================================

NHS_TEST_RANGE = (9_990_000_000, 9_999_999_999)
"""Inclusive range of NHS numbers that are never issued to a person (reserved for test data)."""

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_nhs_number(value: str) -> str:
    """Remove all whitespace from ``value`` ("943 476 5919" -> "9434765919"); no other checks."""
    return _WHITESPACE.sub("", value)


def nhs_number_check_digit(first_nine: str) -> int | None:
    """Return the modulus 11 check digit for nine digits, or ``None`` if none exists (remainder 1).

    Raises ``ValueError`` unless ``first_nine`` is exactly nine ASCII digits.
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, got {first_nine!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_is_valid(value: str) -> bool:
    """True if ``value`` (spaces allowed) is 10 digits with a correct modulus 11 check digit.

    This is the format check only: it does not say the number has been issued to anyone.
    """
    number = normalise_nhs_number(value)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return nhs_number_check_digit(number[:9]) == int(number[9])


def format_nhs_number(value: str) -> str:
    """Format a valid NHS number for display as "943 476 5919". Raises ``ValueError`` if invalid."""
    number = normalise_nhs_number(value)
    if not nhs_number_is_valid(number):
        raise ValueError(f"not a valid NHS number: {value!r}")
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def make_nhs_number(rng: random.Random) -> str:
    """Return a random valid NHS number in the never-issued test range 999 000 0000-999 999 9999.

    Deterministic for a seeded ``rng``. Returned without spaces.
    """
    while True:
        first_nine = f"999{rng.randrange(1_000_000):06d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


# ============================================================================================
# UPN (unique pupil number)
# ============================================================================================

UPN_CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""Check letters by remainder mod 23: A..Z without I, O and S (CIN rule 1510)."""

_UPN_BODY = re.compile(rf"[0-9]{{11}}[0-9{UPN_CHECK_ALPHABET}]")
_UPN = re.compile(rf"[{UPN_CHECK_ALPHABET}][0-9]{{11}}[0-9{UPN_CHECK_ALPHABET}]")


def normalise_upn(value: str) -> str:
    """Remove whitespace and upper-case ``value``; no other checks."""
    return _WHITESPACE.sub("", value).upper()


def upn_check_letter(body: str) -> str:
    """Return the check letter (character 1) for the 12 characters that follow it (characters 2-13).

    ``body`` is 11 digits followed by a digit or, for a temporary UPN, a letter from
    ``UPN_CHECK_ALPHABET``. Character *n* of the full UPN has weight *n*; the sum mod 23 indexes
    ``UPN_CHECK_ALPHABET``. Raises ``ValueError`` if ``body`` is not in that form.
    """
    if not _UPN_BODY.fullmatch(body):
        raise ValueError(f"expected 11 digits then a digit or letter (not I, O, S), got {body!r}")
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_ALPHABET.index(char)
        total += value * weight
    return UPN_CHECK_ALPHABET[total % 23]


def upn_is_valid(value: str) -> bool:
    """True if ``value`` is a well-formed 13-character UPN with the right check letter (rule 1510).

    Whitespace is ignored and letters are upper-cased first (store ``normalise_upn(value)``). The
    UPN-unknown codes UN1-UN7 are not UPNs and are rejected here. The LA number in characters 2-4
    is not checked against the list of LAs (CIN rule 1530 does that).
    """
    upn = normalise_upn(value)
    if not _UPN.fullmatch(upn):
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def make_upn(rng: random.Random, la_number: int, *, temporary: bool = False) -> str:
    """Return a random UPN with a correct check letter for the three-digit DfE ``la_number``.

    The establishment number, year and serial are random. With ``temporary=True`` character 13 is
    a letter, as in a temporary UPN. There is no reserved test range for UPNs, so a generated UPN
    could coincide with a real pupil's: use it only for synthetic records.
    Raises ``ValueError`` if ``la_number`` is not 0-999.
    """
    if not 0 <= la_number <= 999:
        raise ValueError(f"la_number must be a three-digit DfE LA number, got {la_number!r}")
    establishment = rng.randrange(10_000)
    year = rng.randrange(100)
    if temporary:
        serial = f"{rng.randrange(100):02d}{rng.choice(UPN_CHECK_ALPHABET)}"
    else:
        serial = f"{rng.randrange(1000):03d}"
    body = f"{la_number:03d}{establishment:04d}{year:02d}{serial}"
    return upn_check_letter(body) + body


# ============================================================================================
# Postcodes
# ============================================================================================

# Outward code: A9, A99, AA9, AA99, A9A, AA9A. First letter not Q, V, X; second letter not I, J, Z;
# the third-position letter of A9A is one of A B C D E F G H J K P S T U W; the fourth-position
# letter of AA9A is one of A B E H M N P R V W X Y. Inward code: digit then two letters, not
# C I K M O V. "GIR 0AA" (Girobank) is the one historic exception kept.
_OUTWARD = r"(?:[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]))"
_INWARD = r"(?:[0-9][ABD-HJLNP-UW-Z]{2})"
_POSTCODE = re.compile(rf"(?:{_OUTWARD} {_INWARD}|GIR 0AA)")
_OUTWARD_ONLY = re.compile(rf"(?P<outward>{_OUTWARD}|GIR)")
_SECTOR = re.compile(rf"(?P<outward>{_OUTWARD}|GIR) (?P<sector>[0-9])[A-Z]{{0,2}}")
# A full postcode typed without its space: the inward code is always the last three characters.
_COMPACT_FULL = re.compile(r"(?P<outward>[A-Z0-9]{2,4})(?P<inward>[0-9][A-Z]{2})")


def normalise_postcode(value: str) -> str:
    """Upper-case ``value`` and put a single space before the inward code: " ne14st" -> "NE1 4ST".

    A value that looks like a full postcode (ignoring spaces) gets exactly one space before its
    last three characters. Anything else (a partial postcode such as "ne1" or "ne1  4") is
    upper-cased with whitespace runs collapsed to one space. Does not validate: see
    ``postcode_is_valid``.
    """
    compact = _WHITESPACE.sub("", value).upper()
    match = _COMPACT_FULL.fullmatch(compact)
    if match:
        return f"{match['outward']} {match['inward']}"
    return _WHITESPACE.sub(" ", value).strip().upper()


def postcode_is_valid(value: str) -> bool:
    """True if ``value``, once normalised, is a full UK postcode in the standard format.

    Format only: a well-formed postcode may not exist (903 rule 392c checks the ONS directory).
    """
    return _POSTCODE.fullmatch(normalise_postcode(value)) is not None


def postcode_district(value: str) -> str | None:
    """Return the postcode district (outward code) of a full or partial postcode, else ``None``.

    "ne1 4st" -> "NE1"; "NE1 4" -> "NE1"; "ne1" -> "NE1". Without a space, a partial value is
    read as an outward code ("NE14" -> "NE14"), since "NE1 4" cannot be told from district NE14.
    """
    normalised = normalise_postcode(value)
    outward = normalised.split(" ", 1)[0]
    if _OUTWARD_ONLY.fullmatch(outward):
        return outward
    return None


def postcode_sector(value: str) -> str | None:
    """Return the postcode sector ("NE1 4") of a full postcode or a partial one with a sector.

    "NE1 4ST" -> "NE1 4"; "ne1 4s" -> "NE1 4"; "NE1" -> ``None`` (no sector given).
    """
    match = _SECTOR.fullmatch(normalise_postcode(value))
    if match:
        return f"{match['outward']} {match['sector']}"
    return None


def postcode_search_prefix(query: str) -> str | None:
    """Return the prefix to match normalised postcodes against for a full or partial ``query``.

    A full postcode gives itself ("NE1 4ST"); a sector, with or without part of the unit, gives
    itself normalised ("ne1 4" -> "NE1 4", "ne1 4s" -> "NE1 4S"); a district gives "NE1 " with a
    trailing space, so that "NE1" does not also match NE10-NE19. Returns ``None`` if ``query`` is
    none of these. Use with ``startswith`` on a field that stores ``normalise_postcode`` output.
    """
    normalised = normalise_postcode(query)
    if _POSTCODE.fullmatch(normalised) or _SECTOR.fullmatch(normalised):
        return normalised
    if _OUTWARD_ONLY.fullmatch(normalised):
        return normalised + " "
    return None
