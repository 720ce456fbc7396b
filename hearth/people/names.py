"""Name normalisation and phonetic keys: the one definition used to index names and to search them."""

from __future__ import annotations

import re
import unicodedata

import jellyfish

_WORD = re.compile(r"[a-z]+")


def name_words(*names: str) -> list[str]:
    """Lower-case ASCII words of one or more names ("O'Neill-Smith" gives "oneill", "smith")."""
    words: list[str] = []
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        ascii_name = ascii_name.replace("'", "")
        words.extend(_WORD.findall(ascii_name))
    return words


def phonetic_keys(word: str) -> list[str]:
    """Two sound-alike keys per word: Soundex catches slips of the pen, Metaphone sound-alike spellings."""
    keys = [f"S:{jellyfish.soundex(word)}"]
    metaphone = jellyfish.metaphone(word)
    if metaphone:
        keys.append(f"M:{metaphone[:10]}")
    return keys


def pair_keys(first: str, second: str) -> set[str]:
    """Keys for two words of one name, the same whichever order they come in and however each is misspelt."""
    return {"|".join(sorted((a, b))) for a in phonetic_keys(first) for b in phonetic_keys(second)}


def similarity(query_word: str, candidate_words: list[str]) -> float:
    """How well one searched word matches the best of a person's name words (0 to 1)."""
    if not candidate_words:
        return 0.0
    return max(jellyfish.jaro_winkler_similarity(query_word, word) for word in candidate_words)
