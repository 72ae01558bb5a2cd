"""Small catalogs for render and site tests, built inline from the catalog dataclasses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from docgen.config import Config
from docgen.model import (
    Auth,
    Body,
    Catalog,
    Commit,
    Diagnostic,
    DocParam,
    Docstring,
    FileHistory,
    Finding,
    FindingSource,
    Framework,
    History,
    HistoryStatus,
    HttpMethod,
    Location,
    Model,
    ModelField,
    ModelKind,
    Module,
    Param,
    ParamLocation,
    Project,
    Relation,
    RelationKind,
    Response,
    Route,
    Severity,
    Stage,
    Symbol,
    SymbolKind,
)

COMMIT = Commit(
    sha="0123456789abcdef0123456789abcdef01234567",
    date="2024-05-06T07:08:09+00:00",
    author="Ada Lovelace",
    summary="Add items API",
)
OLD_COMMIT = Commit(
    sha="fedcba9876543210fedcba9876543210fedcba98",
    date="2023-01-02T03:04:05+00:00",
    author="Grace Hopper",
    summary="Initial commit",
)


def route(method: str = "GET", path: str = "/items/{item_id}", **changes: Any) -> Route:
    """A route of the items API; keyword arguments replace fields."""
    base = Route(
        id=f"{method} {path}",
        method=HttpMethod(method),
        path=path,
        handler="app.api.items.read_item",
        app="app.main:app",
        location=Location("app/api/items.py", 12, 20),
        framework=Framework.FASTAPI,
        params=(
            Param(
                name="item_id", in_=ParamLocation.PATH, type="int", constraints={"ge": "1"}, description="The item id."
            ),
            Param(name="q", in_=ParamLocation.QUERY, type="str | None", required=False, default="None"),
        ),
        responses=(Response(status="200", type="Item", model="app.schemas.Item", description="The item."),),
        auth=(Auth(kind="oauth2", name="get_current_user", scopes=("items:read",)),),
        tags=("items",),
        summary="Read one item.",
        description="Returns the item with the given id.",
        group="app.api.items",
    )
    return replace(base, **changes)


def item_model(**changes: Any) -> Model:
    """The ``Item`` pydantic model."""
    base = Model(
        id="app.schemas.Item",
        name="Item",
        module="app.schemas",
        kind=ModelKind.PYDANTIC,
        location=Location("app/schemas.py", 5, 12),
        fields=(
            ModelField(name="id", type="int", description="Primary key."),
            ModelField(name="name", type="str", constraints={"max_length": "50"}),
            ModelField(name="price", type="float | None", required=False, default="None"),
            ModelField(name="tags", type="list[str]", required=False, default="[]"),
            ModelField(name="owner", type="Owner", required=False, default="None"),
        ),
        relations=(Relation(kind=RelationKind.NESTED, field="owner", target="app.schemas.Owner"),),
        summary="An item for sale.",
    )
    return replace(base, **changes)


def owner_model() -> Model:
    """The ``Owner`` model the item refers to."""
    return Model(
        id="app.schemas.Owner",
        name="Owner",
        module="app.schemas",
        kind=ModelKind.PYDANTIC,
        location=Location("app/schemas.py", 14, 18),
        fields=(ModelField(name="email", type="EmailStr"),),
    )


def create_route() -> Route:
    """``POST /items/`` with a body and no authentication."""
    return route(
        "POST",
        "/items/",
        handler="app.api.items.create_item",
        location=Location("app/api/items.py", 30, 40),
        params=(),
        request_body=Body(type="ItemCreate", model="app.schemas.Item"),
        responses=(Response(status="201", type="Item", model="app.schemas.Item", description="Created."),),
        auth=(),
        summary="Create an item.",
        description="",
    )


def symbols() -> tuple[Symbol, ...]:
    """The code-reference symbols of ``app.api.items``."""
    loc = Location("app/api/items.py")
    return (
        Symbol(
            id="app.api.items",
            kind=SymbolKind.MODULE,
            name="items",
            module="app.api.items",
            location=replace(loc, line=1),
        ),
        Symbol(
            id="app.api.items.read_item",
            kind=SymbolKind.FUNCTION,
            name="read_item",
            module="app.api.items",
            location=replace(loc, line=12),
            signature="(item_id: int, q: str | None = None) -> Item",
            docstring=Docstring(
                summary="Read one item.",
                params=(DocParam(name="item_id", type="int", description="The item id."),),
                returns="The item.",
                raises=(DocParam(name="HTTPException", type=None, description="When the item does not exist."),),
            ),
            parent="app.api.items",
            is_async=True,
        ),
        Symbol(
            id="app.api.items.Repo",
            kind=SymbolKind.CLASS,
            name="Repo",
            module="app.api.items",
            location=replace(loc, line=50),
            signature="(Base)",
            parent="app.api.items",
        ),
        Symbol(
            id="app.api.items.Repo.get",
            kind=SymbolKind.METHOD,
            name="get",
            module="app.api.items",
            location=replace(loc, line=55),
            signature="(self, key: str) -> Item",
            parent="app.api.items.Repo",
        ),
    )


def catalog(**changes: Any) -> Catalog:
    """A small FastAPI project: two routes, two models, one module of symbols, one finding."""
    history = History(
        status=HistoryStatus.AVAILABLE,
        head=COMMIT.sha,
        files={"app/api/items.py": FileHistory(OLD_COMMIT, 3, ("Grace Hopper",))},
        symbols={"app.api.items.read_item": COMMIT},
        recent=(COMMIT, OLD_COMMIT),
    )
    base = Catalog(
        project=Project(name="Shop", frameworks=(Framework.FASTAPI,), docgen_version="0.1.0", ruff_version="0.6.9"),
        modules=(
            Module(
                name="app.api.items", path="app/api/items.py", lines=60, docstring=Docstring(summary="Items endpoints.")
            ),
            Module(name="app.schemas", path="app/schemas.py", lines=20),
        ),
        routes=(create_route(), route()),
        models=(item_model(), owner_model()),
        symbols=symbols(),
        findings=(
            Finding(
                "F401",
                "`os` imported but unused",
                Location("app/api/items.py", 1),
                FindingSource.RUFF,
                url="https://docs.astral.sh/ruff/rules/unused-import/",
            ),
        ),
        history=history,
        diagnostics=(
            Diagnostic(
                Severity.WARNING, "DG904", "prefix could not be evaluated", Stage.LINK, Location("app/main.py", 3)
            ),
        ),
    )
    return replace(base, **changes)


def config(root: Path | None = None, **changes: Any) -> Config:
    """Settings for rendering (the root is never read by the render stage)."""
    return replace(Config(root=root or Path("/nonexistent/project")), **changes)


XSS_PATH = "/<svg onload=alert(1)>"
HOSTILE_DOC = (
    "Intro <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n"
    "[click](javascript:alert(3)) and [docs](https://example.com/docs).\n\n"
    "Template {{ config }} and {% include 'x' %} and {# c #}.\n\n"
    '--8<-- "/etc/passwd"\n\n'
    "::: app.secrets\n"
)


def hostile_catalog() -> Catalog:
    """Every string a hostile repository controls, set to an injection attempt."""
    evil = route(
        "POST",
        XSS_PATH,
        id=f"POST {XSS_PATH}",
        params=(
            Param(name="x|y`z", in_=ParamLocation.QUERY, type="str", default="'{{ 7*7 }}'", description=HOSTILE_DOC),
        ),
        auth=(),
        summary="<b onmouseover=alert(4)>hi</b>",
        description=HOSTILE_DOC,
        group="<img src=x onerror=alert(5)>",
        request_body=None,
    )
    model = item_model(description=HOSTILE_DOC, fields=(ModelField(name="name", type="str", default="'{{ config }}'"),))
    commit = Commit(COMMIT.sha, COMMIT.date, "<script>alert(6)</script>", "{% raw %} --8<-- x")
    modules = tuple(
        Module(name=name, path=f"{name}.py") for name in ("index", "search", "assets", "404", "sitemap", "Index")
    )
    return catalog(
        routes=(evil,),
        models=(model,),
        modules=modules,
        symbols=(),
        history=History(
            HistoryStatus.PARTIAL, head=COMMIT.sha, symbols={"app.api.items.read_item": commit}, recent=(commit,)
        ),
    )
