"""Stance model and ``rashomon check`` figures.

1. FNC-1, out of fold (5 folds grouped by story): FNC-1 score, macro F1 and F1 per class of
   the stance model, beside its in-fold figures and a plain TF-IDF + logistic-regression
   baseline measured in the same run (targets: FNC ≥ 0.80, macro F1 ≥ 0.60, disagree F1 ≥ 0.40).
2. Speed: start-up (encoder and model load), cost per claim–passage pair, and ``check``
   latency over 10,000 stored articles (the 460 FNC-1 bodies plus articles built from
   their shuffled sentences), against reading every article; and how many related FNC-1
   pairs the candidate ranking lets through.
3. Example comparison gold: contradiction and agreement pairs with the models and with the
   rules alone (the word list), and the share comparisons add to analysing the examples.

Usage: ``python bench/stance.py [--articles 10000] [--no-examples]``
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import REPO, shared_path

from rashomon.evaluation.fnc import FncData, load_fnc, read_fnc
from rashomon.evaluation.stance import baseline_predictions, header, model_predictions, scores
from rashomon.lemmas import current_model, pack, parse_all, parsed
from rashomon.stance.features import PROTOTYPES, claim_text, passage
from rashomon.stance.sentences import sentence_spans

CACHE = REPO / "artifacts" / "fnc1_embeddings.npz"
EXAMPLES = REPO / "examples"


def fnc_figures(data: FncData) -> None:
    """Out-of-fold, in-fold and baseline figures side by side."""
    from rashomon.embeddings import load_encoder

    prototypes = load_encoder()(list(PROTOTYPES))
    oof, infold = model_predictions(data, prototypes)
    print(f"FNC-1: {len(data.labels):,} pairs, {len(set(data.stories))} stories, 5 folds by story")
    print(header())
    print(scores(data.labels, oof).line("stance model, out-of-fold"))
    print(scores(data.labels, infold).line("stance model, in-fold"))
    print(scores(data.labels, baseline_predictions(data)).line("TF-IDF + LR, out-of-fold"))
    shuffled, _ = model_predictions(data, prototypes, seed=1)
    print(scores(data.labels, shuffled).line("stance model, shuffled split"))
    print("targets (out-of-fold): FNC ≥ 0.80, macro F1 ≥ 0.60, disagree F1 ≥ 0.40")


def startup() -> None:
    """Seconds to load the encoder and the model, in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import time; t=time.perf_counter();"
        "from rashomon.embeddings import load_encoder; e=load_encoder(); e(['warm']);"
        "t1=time.perf_counter();"
        "from rashomon.stance.model import load_model; load_model();"
        "print(f'{t1-t:.2f} {time.perf_counter()-t1:.2f}')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    encoder_s, model_s = (float(x) for x in out.stdout.split())
    print(f"start-up: encoder {encoder_s:.2f} s (import + load + first call),"
          f" model {model_s:.2f} s")


def pair_cost(root: Path) -> None:
    """Microseconds per claim–passage pair (features and model), embeddings already stored."""
    from rashomon.embeddings import load_encoder
    from rashomon.stance.model import load_model

    bodies, pairs = read_fnc(root)
    model = load_model()
    encoder = load_encoder()
    texts = list(bodies.values())[:100]
    spans = [sentence_spans(t) for t in texts]
    started = time.perf_counter()
    vectors = encoder([t[s:e] for t, sp in zip(texts, spans, strict=True) for s, e in sp])
    n_sentences = len(vectors)
    encode_s = time.perf_counter() - started
    parse_all([*texts, *[str(p["headline"]) for p in pairs[:20]]])
    at = 0
    items = []
    for t, sp in zip(texts, spans, strict=True):
        items.append(passage(t, sp, vectors[at : at + len(sp)]))
        at += len(sp)
    heads = [str(p["headline"]) for p in pairs[:20]]
    head_vecs = encoder(heads)
    started = time.perf_counter()
    for h, v in zip(heads, head_vecs, strict=True):
        model.classify_many(claim_text(h, v), items)
    per_pair = (time.perf_counter() - started) / (len(heads) * len(items))
    print(f"encoding: {1000 * encode_s / n_sentences:.2f} ms per sentence"
          f" ({n_sentences} sentences of 100 articles); pair: {1e6 * per_pair:.0f} µs"
          " (features + both stages, sentences already embedded)")


def _build_store(path: str, root: Path, n: int) -> tuple[list[str], dict[int, str]]:
    """A store of ``n`` articles: the FNC-1 bodies, then bodies of shuffled sentences."""
    from rashomon.embeddings import load_encoder
    from rashomon.stance.index import centroid
    from rashomon.store import Store

    bodies, _ = read_fnc(root)
    data = np.load(CACHE, allow_pickle=False) if CACHE.exists() else None
    ids = sorted(bodies)
    spans = {i: sentence_spans(bodies[i]) for i in ids}
    if data is not None and list(data["ids"]) == ids:
        counts = data["counts"]
        vectors = data["body"]
    else:
        vectors = load_encoder()([bodies[i][s:e] for i in ids for s, e in spans[i]])
        counts = np.array([len(spans[i]) for i in ids])
    offsets = np.concatenate([[0], np.cumsum(counts)])
    # The words analysis stores with each article: each body is parsed once, and an article
    # of shuffled sentences takes the words of its sentences, moved to their new offsets.
    parse_all(bodies[i] for i in ids)
    pool = [(bodies[i][s:e], vectors[offsets[k] + j],
             [w._replace(start=w.start - s) for w in parsed(bodies[i]) if s <= w.start < e])
            for k, i in enumerate(ids) for j, (s, e) in enumerate(spans[i])]
    rng = random.Random(7)
    Store(path).close()
    conn = sqlite3.connect(path)
    article_ids: list[str] = []
    rows = []
    words: list[bytes] = []
    for k in range(n):
        if k < len(ids):
            text = bodies[ids[k]]
            words.append(pack(parsed(text)))
            sp = spans[ids[k]]
            vec = vectors[offsets[k] : offsets[k + 1]]
            aid = f"fnc-{ids[k]}"
        else:
            chosen = rng.sample(pool, 12)
            parts, sp, at, found = [], [], 0, []
            for sentence, _, sentence_words in chosen:
                parts.append(sentence)
                sp.append((at, at + len(sentence)))
                found.extend(w._replace(start=w.start + at) for w in sentence_words)
                at += len(sentence) + 1
            text = " ".join(parts)
            words.append(pack(found))
            vec = np.vstack([v for _, v, _ in chosen])
            aid = f"mix-{k}"
        article_ids.append(aid)
        rows.append((aid, text, vec, sp))
    conn.executemany(
        "INSERT INTO articles (id, outlet, title, language, text, analyzed, record_hash,"
        " stored_at) VALUES (?, ?, '', 'en', ?, 1, '', '')",
        [(aid, f"outlet{hash(aid) % 40}", text) for aid, text, _, _ in rows],
    )
    conn.executemany(
        "INSERT INTO sentence_vectors VALUES (?, 'all-MiniLM-L6-v2', ?, ?, ?, ?)",
        [(aid, len(sp), np.asarray(sp, dtype=np.int32).tobytes(),
          vec.astype(np.float16).tobytes(), centroid(vec).tobytes())
         for aid, _, vec, sp in rows],
    )
    conn.executemany(
        "INSERT INTO passage_words VALUES (?, ?, ?)",
        [(aid, current_model(), blob) for aid, blob in zip(article_ids, words, strict=True)],
    )
    conn.commit()
    conn.close()
    return article_ids, bodies


def check_latency(root: Path, n: int) -> None:
    """``check`` seconds per claim over ``n`` stored articles, and the ranking's recall."""
    from rashomon.stance.check import check_claims
    from rashomon.store import Store

    _, pairs = read_fnc(root)
    heads = sorted({str(p["headline"]) for p in pairs})
    rng = random.Random(3)
    sample = rng.sample(heads, 12)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "check.db")
        started = time.perf_counter()
        _build_store(path, root, n)
        print(f"built a {n:,}-article store in {time.perf_counter() - started:.0f} s")
        with Store(path, readonly=True) as store:
            check_claims(store, [sample[0]])  # warm: encoder, model, page cache
            times = []
            found: dict[str, set[str]] = {}
            for claim in sample:
                started = time.perf_counter()
                rows = check_claims(store, [claim])
                times.append(time.perf_counter() - started)
                found[claim] = {r.article for r in rows}
            started = time.perf_counter()
            check_claims(store, [sample[1]], include_unrelated=True)
            full = time.perf_counter() - started
    print(f"check over {n:,} articles: median {statistics.median(times):.2f} s, max"
          f" {max(times):.2f} s per claim (target < 2 s); reading every article (--all):"
          f" {full:.2f} s ({full / statistics.median(times):.1f}×)")
    related = [(str(p["headline"]), f"fnc-{p['body_id']}") for p in pairs
               if p["headline"] in found and p["stance"] != "unrelated"]
    kept = sum(article in found[h] for h, article in related)
    print(f"related FNC-1 pairs of the sampled claims reported by check: {kept}/{len(related)}"
          f" ({kept / max(1, len(related)):.1%}); the rest were ranked out or judged unrelated")


def examples() -> None:
    """Comparison gold on examples/, models vs rules alone, and the analysis share."""
    from rashomon.compare.align import AlignSettings
    from rashomon.config import load_settings
    from rashomon.embeddings import load_encoder
    from rashomon.evaluation.stories import evaluate_corpus
    from rashomon.ingest import iter_articles
    from rashomon.nlp.pipeline import analyze_batch, cached_pipeline
    from rashomon.records import AnalyzedArticle, Article
    from rashomon.stance.index import embed_texts
    from rashomon.stories import build as story_build
    from rashomon.stories.grouper import grouping_settings

    settings = load_settings()
    articles = [a for a in iter_articles([str(EXAMPLES)], settings) if isinstance(a, Article)]
    nlp = cached_pipeline(settings.model)
    load_encoder()(["warm"])
    started = time.perf_counter()
    records = [r for r in analyze_batch(nlp, articles) if isinstance(r, AnalyzedArticle)]
    analysis = time.perf_counter() - started
    started = time.perf_counter()
    embed_texts([r.text for r in records], load_encoder())
    indexing = time.perf_counter() - started
    original = story_build.compare_claims
    figures = {}
    spent = {}
    for name, use in (("models", True), ("rules only", False)):
        def compare(claims, lexicon=None, settings=None, _use=use, **rest):  # type: ignore[no-untyped-def]
            return original(claims, lexicon, AlignSettings(use_models=_use), **rest)

        story_build.compare_claims = compare
        started = time.perf_counter()
        figures[name] = evaluate_corpus(records, EXAMPLES, grouping_settings(settings))
        spent[name] = time.perf_counter() - started
    story_build.compare_claims = original
    print(f"examples: {len(records)} articles; comparison pairs against examples/gold")
    print(f"{'':<12} {'kind':<14} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}")
    for name, result in figures.items():
        for kind in ("contradiction", "agreement"):
            prf = result[kind]
            print(f"{name:<12} {kind:<14} {prf.precision:>6.3f} {prf.recall:>6.3f}"
                  f" {prf.f1:>6.3f} {prf.predicted:>5} {prf.gold:>5}")
    extra = spent["models"] - spent["rules only"]
    print(f"analysis {analysis:.2f} s; sentence index +{indexing:.2f} s"
          f" ({indexing / analysis:.0%}); grouping and comparing {spent['models']:.2f} s,"
          f" of which the models {extra:.2f} s ({extra / analysis:.0%} of analysis)")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--no-examples", action="store_true")
    args = parser.parse_args()
    root = shared_path("data", "fnc1")
    if root is None:
        print("skipped FNC-1 figures: ../shared/data/fnc1 not found")
    else:
        fnc_figures(load_fnc(root, CACHE))
        startup()
        pair_cost(root)
        check_latency(root, args.articles)
    if not args.no_examples:
        examples()


if __name__ == "__main__":
    main()
