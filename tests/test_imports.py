"""The import graph of ``rashomon``: no cycles, stages apart, evaluation out of runtime code.

The graph is read from the source (AST), not by importing: an edge for each ``import`` of a
``rashomon`` module. Imports at module level run when the module loads and must never form a
cycle. Imports inside functions (kept lazy for spaCy, Ray, sentence-transformers) count
separately: the pipeline, its engines, the stages and the readers must not rely on one to
break a cycle either (elsewhere, the CLI's commands load lazily so that the CLI starts fast).
Imports under ``if TYPE_CHECKING:`` are for the type checker only and are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "rashomon"
STAGES = ("actors", "statements", "events")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {
    _module_name(p): p for p in (SRC / PACKAGE).rglob("*.py")
}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    source = _resolve(module, node)
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        if submodule in MODULES:
            yield submodule
        elif source in MODULES:
            yield source


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> tuple[set[str], set[str]]:
    """The rashomon modules ``module`` imports at module level, and inside functions."""
    tree = ast.parse(MODULES[module].read_text("utf8"))
    top: set[str] = set()
    lazy: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                (lazy if in_function else top).update(_targets(module, child))
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            visit(child, inner)

    visit(tree, False)
    top.discard(module)
    lazy.discard(module)
    return top, lazy


GRAPH: dict[str, tuple[set[str], set[str]]] = {name: _imports(name) for name in MODULES}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_the_graph_is_read() -> None:
    top, _ = GRAPH["rashomon.nlp.pipeline"]
    assert "rashomon.actors.component" in top
    assert "rashomon.nlp.extensions" in top
    _, lazy = GRAPH["rashomon.store.doctor"]
    assert "rashomon.scale.engines" in lazy


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_cycle_among_module_level_imports() -> None:
    assert _cycles({name: top for name, (top, _) in GRAPH.items()}) == []


@pytest.mark.parametrize(
    "prefix",
    [
        "rashomon.nlp.",
        "rashomon.scale.",
        "rashomon.actors.",
        "rashomon.statements.",
        "rashomon.events.",
        "rashomon.ingest.registry",
        "rashomon.ingest.plugin",
        "rashomon.ingest.readers",
    ],
)
def test_analysis_and_readers_form_no_cycle_even_through_lazy_imports(prefix: str) -> None:
    """The pipeline, its engines, the stages and the readers need no lazy import to load."""
    both = {name: top | lazy for name, (top, lazy) in GRAPH.items()}
    assert [c for c in _cycles(both) if any(m.startswith(prefix) for m in c)] == []


@pytest.mark.parametrize("stage", STAGES)
def test_stages_meet_only_through_records_extensions_and_public_names(stage: str) -> None:
    """A stage reads another stage's package (its ``__init__``), never its modules."""
    prefix = f"{PACKAGE}.{stage}"
    reaching: list[tuple[str, str]] = []
    for name, (top, lazy) in GRAPH.items():
        if not (name == prefix or name.startswith(prefix + ".")):
            continue
        for target in top | lazy:
            for other in STAGES:
                other_prefix = f"{PACKAGE}.{other}."
                if other != stage and target.startswith(other_prefix):
                    reaching.append((name, target))
    assert reaching == []


def test_runtime_code_never_imports_evaluation() -> None:
    runtime = {
        name: top | lazy
        for name, (top, lazy) in GRAPH.items()
        if not name.startswith(f"{PACKAGE}.evaluation")
    }
    assert {
        name: sorted(t for t in targets if t.startswith(f"{PACKAGE}.evaluation"))
        for name, targets in runtime.items()
        if any(t.startswith(f"{PACKAGE}.evaluation") for t in targets)
    } == {}
