"""Chinese script: traditional → simplified with OpenCC, and the cleaning the 吉安 source needs."""

import re
from functools import lru_cache

import opencc

# Machine conversion left pinyin after some characters: 經(jīng), 區(qū).
_PINYIN_ARTEFACT = re.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def spellings(text: str) -> set[str]:
    """The text as typed and in simplified characters (the catalogs are stored simplified); none
    for blank text."""
    text = text.strip()
    return {text, to_simplified(text)} if text else set()


def simplified_document(text: str) -> str:
    """A traditional-character document with pinyin artefacts, as the simplified original."""
    return _PINYIN_ARTEFACT.sub("", to_simplified(text))
