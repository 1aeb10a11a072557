"""PolNeAR parsed once and kept on disk, for training and scoring the attribution tagger.

spaCy's parse of a split (the costly part) is kept as a DocBin in a cache folder outside
the repository; each load re-runs dateline's own components up to the quote stage, so a
change to the rules or the tagger is seen without parsing again. Nothing read here is
ever written into the repository.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DIR = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_CACHE = ROOT.parent / "cache-polnear"

#: dateline's components run before the quote stage (what the rules and the tagger read)
BEFORE_QUOTES = (
    "dateline_hyphen_lemmas",
    "dateline_entities",
    "dateline_timex",
    "dateline_coref",
    "dateline_stance",
)


def parsed_split(
    split: str, *, cache: Path = DEFAULT_CACHE, limit: int | None = None
) -> Iterator[tuple[Any, Any]]:
    """(annotated doc, Doc ready for ``dateline_quotes``) for each text of a PolNeAR split."""
    from spacy.tokens import DocBin

    from dateline.eval.attribution import articles_of, read_polnear
    from dateline.nlp.pipeline import DATELINE_COMPONENTS, load_pipeline, make_doc
    from dateline.nlp.structure import TITLE_KEY

    docs = read_polnear(POLNEAR_DIR / split)
    if limit:
        docs = docs[:limit]
    articles = articles_of(docs)
    nlp = load_pipeline()
    ours = [n for n in nlp.pipe_names if n in DATELINE_COMPONENTS]
    path = cache / f"{split}-{len(docs)}.spacy"
    titles_path = cache / f"{split}-{len(docs)}.titles"
    if not path.exists():
        with nlp.select_pipes(disable=ours):
            parsed = list(nlp.pipe(make_doc(nlp, a) for a in articles))
        bin_ = DocBin(store_user_data=False)
        for doc in parsed:
            bin_.add(doc)
        cache.mkdir(parents=True, exist_ok=True)
        bin_.to_disk(path)
        titles_path.write_text(
            "\n".join(
                ";".join(f"{s},{e}" for s, e in d.user_data.get(TITLE_KEY, [])) for d in parsed
            ),
            encoding="utf-8",
        )
    lines = titles_path.read_text(encoding="utf-8").split("\n")
    loaded = DocBin().from_disk(path).get_docs(nlp.vocab)
    # a DocBin keeps no tensor: the token vectors (the tagger's probe reads them) are made
    # again by the model's tok2vec, which reads only the words
    tok2vec = nlp.get_pipe("tok2vec")
    for gold, article, doc, line in zip(docs, articles, loaded, lines, strict=True):
        doc.user_data[TITLE_KEY] = [
            tuple(int(x) for x in pair.split(",")) for pair in line.split(";") if pair
        ]
        doc._.dct = article.published_at
        doc._.article_id = article.id
        doc = tok2vec(doc)
        for name in BEFORE_QUOTES:
            doc = nlp.get_pipe(name)(doc)
        yield gold, doc


if __name__ == "__main__":
    import sys
    import time

    for split in sys.argv[1:] or ["dev", "train"]:
        started = time.perf_counter()
        n = sum(1 for _ in parsed_split(split))
        print(f"{split}: {n} docs in {time.perf_counter() - started:.0f} s")
