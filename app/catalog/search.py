"""Text search over the obligations, from an index kept while the catalog revision stands.

`q` finds a row by what a reader would type: its item, content, category, domain, deadline or
the notices it covers (国有土地 finds the 国有土地使用权出让 rows by their domain, 中标结果 the rows
covering a 中标（成交）结果公告). The catalogs are stored in simplified characters, so the query
is matched as typed and simplified. Rows are ranked by where the words were found: the item
first, then the notices, the headings, the content.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.catalog.models import Domain, Obligation
from app.core.chinese import spellings
from app.core.revisions import CATALOG, RevisionCache
from app.statutes.models import NoticeType

# Where a match counts most: a row found by its item is what was asked for; one whose content
# merely mentions the words, least.
WEIGHTS = (("item", 8), ("notices", 4), ("headings", 2), ("content", 1))


@dataclass(frozen=True)
class SearchIndex:
    texts: dict[int, dict[str, str]]
    """Obligation id → its searchable texts, by where they come from (WEIGHTS)."""

    def scores(self, q: str) -> dict[int, int]:
        """Each matching obligation's score; a row matches when every word of the query is found in it."""
        words = [spellings(word) for word in dict.fromkeys(q.split())]
        scores: dict[int, int] = {}
        for obligation_id, texts in self.texts.items():
            total = 0
            for typed in words:
                found = sum(weight for field, weight in WEIGHTS if any(s in texts[field] for s in typed))
                if not found:
                    break
                total += found
            else:
                if total:
                    scores[obligation_id] = total
        return scores


def _load(session: Session) -> SearchIndex:
    domains = {row.code: row.name for row in session.exec(select(Domain))}
    notice_names = {row.code: " ".join((row.name, *row.synonyms)) for row in session.exec(select(NoticeType))}
    texts = {
        row.id: {
            "item": row.item,
            "notices": " ".join(notice_names.get(code, "") for code in row.notice_types),
            "headings": " ".join((*row.category, domains.get(row.domain_code, ""))),
            "content": " ".join((row.content, row.deadline_text or "")),
        }
        for row in session.exec(select(Obligation))
    }
    return SearchIndex(texts)


_indexes = RevisionCache(CATALOG, _load)


def search_index(session: Session) -> SearchIndex:
    return _indexes.get(session)
