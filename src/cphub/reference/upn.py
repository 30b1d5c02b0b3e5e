"""Unique pupil numbers (UPNs): the DfE check letter (DfE, "Unique pupil numbers (UPNs): guidance for schools and
local authorities"). A UPN is a check letter, the 3-digit LA code, the 4-digit establishment number, 2 digits for
the year allocated and a 3-character serial (a final letter marks a temporary UPN)."""

from __future__ import annotations

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # I, O and S are never used


def check_letter(upn: str) -> str | None:
    """The check letter that ``upn``'s characters 2-13 call for, or None when they are not a UPN's.

    Each character is multiplied by its position (2 to 13), a letter (position 13 of a temporary UPN) counting as its
    place in :data:`CHECK_LETTERS`; the sum modulo 23 is the place of the check letter in that alphabet."""
    body = upn.upper()[1:13]
    if len(body) != 12:
        return None
    total = 0
    for pos, ch in enumerate(body, start=2):
        if ch.isdigit():
            value = int(ch)
        elif ch in CHECK_LETTERS and pos == 13:
            value = CHECK_LETTERS.index(ch)
        else:
            return None
        total += value * pos
    return CHECK_LETTERS[total % 23]


def with_check_letter(body: str) -> str:
    """A UPN made from its characters 2-13 with the right check letter in front."""
    letter = check_letter("?" + body)
    if letter is None:
        raise ValueError(f"not the body of a UPN: {body!r}")
    return letter + body
