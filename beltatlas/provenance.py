"""Provenance: which class a number belongs to (报告 / 官方 / 示例 / 用户) and where it comes from.

Pure text builders; the Streamlit component that shows them lives in `ui.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from beltatlas.i18n import Lang, t
from beltatlas.schema import ProvenanceClass

#: Badge colours (Streamlit markdown badge colours), one per class, distinct for colour-blind readers
#: by label too: the class name is always written out.
BADGE_COLOURS: dict[ProvenanceClass, str] = {
    "report": "blue",
    "official": "green",
    "sample": "orange",
    "user": "violet",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def escape_markdown(text: str) -> str:
    """Escape text from data so Markdown shows it literally (no links, LaTeX, HTML or badges)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


@dataclass(frozen=True)
class Provenance:
    """Where the numbers of one chart or table come from.

    `quotes` holds (section, quoted sentence) pairs for report facts.
    """

    cls: ProvenanceClass
    source: str = ""
    quotes: tuple[tuple[str, str], ...] = ()

    def label(self, lang: Lang) -> str:
        return t(f"provenance.label.{self.cls}", lang)


def badge_markdown(prov: Provenance, lang: Lang) -> str:
    """One line of Markdown: the coloured class badge, its meaning and the source."""
    colour = BADGE_COLOURS[prov.cls]
    parts = [f":{colour}-badge[{prov.label(lang)}]", t(f"provenance.meaning.{prov.cls}", lang)]
    if prov.source:
        parts.append(t("provenance.source", lang) + escape_markdown(prov.source))
    return " · ".join(parts)


def quotes_markdown(prov: Provenance, lang: Lang) -> str:
    """The quoted report sentences, one block quote each, with the section they come from."""
    lines = []
    for section, quote in prov.quotes:
        lines.append(
            f"> {escape_markdown(quote)}\n>\n> — {t('provenance.section', lang)}{escape_markdown(section)}"
        )
    return "\n\n".join(lines)


def combine(*provs: Provenance) -> tuple[Provenance, ...]:
    """Distinct provenance entries in first-seen order (a chart mixing classes shows each once)."""
    seen: dict[tuple[str, str], Provenance] = {}
    for prov in provs:
        seen.setdefault((prov.cls, prov.source), prov)
    return tuple(seen.values())
