"""How source names are normalised into alias keys (no Django imports)."""

import functools
import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s\b")


@functools.lru_cache(maxsize=65536)  # linking compares the same few names again and again
def normalize_source_name(name: str) -> str:
    """Case-folded, accent-free, without a leading article or possessives: the alias key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.casefold())
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)
