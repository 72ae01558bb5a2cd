"""Unit tests for the pure matching functions of bench/crosscheck.py (tiny hand-made inputs)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "crosscheck.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_crosscheck", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_crosscheck"] = module
    spec.loader.exec_module(module)
    return module


cc = _load()


def route(method: str, path: str, handler: str | None, **extra: Any) -> dict[str, Any]:
    return {"method": method, "path": path, "handler": handler, "internal": False, **extra}


def internal(method: str, path: str) -> dict[str, Any]:
    return {"method": method, "path": path, "handler": "fw.view", "internal": True, "internal_reason": "x"}


# --- normalisation ---------------------------------------------------------------------------


def test_norm_method_maps_ws_to_websocket() -> None:
    assert cc.norm_method("WS") == "WEBSOCKET"
    assert cc.norm_method("websocket") == "WEBSOCKET"
    assert cc.norm_method("get") == "GET"
    assert cc.norm_method(None) == ""


def test_norm_path_converts_leftover_converters() -> None:
    assert cc.norm_path("/a/<int:x>/<y>") == "/a/{x}/{y}"
    assert cc.norm_path("/static/{path:path}") == "/static/{path}"
    assert cc.norm_path("items/{id}") == "/items/{id}"
    assert cc.norm_path("/re/<regex('[a-z]+'):name>") == "/re/{name}"


def test_loose_path_and_norm_handler() -> None:
    assert cc.loose_path("/a/{pk}/b/{id}") == "/a/{}/b/{}"
    assert cc.norm_handler("p.server.create_app.<locals>.health") == "p.server.create_app.health"
    assert cc.norm_handler("") is None


# --- module-name rewrite ----------------------------------------------------------------------


def test_detect_rewrite_strip() -> None:
    truth = {"pgadmin.a.f", "pgadmin.b.g", "pgadmin.c.h", "pgadmin.model.User"}
    docs = {"pgadmin4.pgadmin.a.f", "pgadmin4.pgadmin.b.g", "pgadmin4.pgadmin.c.h", "pgadmin4.x"}
    rw = cc.detect_module_rewrite(truth, docs)
    assert rw == cc.Rewrite("strip", "pgadmin4.", 3)
    assert rw.apply("pgadmin4.pgadmin.a.f") == "pgadmin.a.f"
    assert rw.apply("other.name") == "other.name"


def test_detect_rewrite_prepend() -> None:
    truth = {"prefect.server.api.f", "prefect.server.api.g", "prefect.server.models.M"}
    docs = {"api.f", "api.g", "models.M"}
    rw = cc.detect_module_rewrite(truth, docs)
    assert rw == cc.Rewrite("prepend", "prefect.server.", 3)
    assert rw.apply("api.f") == "prefect.server.api.f"


def test_rewrite_leaves_names_the_truth_already_has() -> None:
    truth = {"app.proxy.server.home", "app.proxy.ns.keys.create", "app.proxy.ns.keys.delete", "app.proxy.ns.teams.new"}
    docs = {"app.proxy.server.home", "keys.create", "keys.delete", "teams.new"}
    rw = cc.detect_module_rewrite(truth, docs)
    assert rw == cc.Rewrite("prepend", "app.proxy.ns.", 3)
    assert [rw.apply(n) for n in ("keys.create", "app.proxy.server.home", "app.proxy.server", "other.f")] == [
        "app.proxy.ns.keys.create",
        "app.proxy.server.home",
        "app.proxy.server",
        "app.proxy.ns.other.f",
    ]


def test_detect_rewrite_none_when_names_already_agree() -> None:
    truth = {"a.b.f", "a.b.g", "a.b.h", "a.b.i"}
    docs = {"a.b.f", "a.b.g", "a.b.h", "a.b.i", "x.a.b.f"}
    assert cc.detect_module_rewrite(truth, docs) is None


# --- handlers ---------------------------------------------------------------------------------


def test_handler_verdict() -> None:
    drf = route(
        "GET",
        "/t/{pk}/",
        "rest_framework.mixins.RetrieveModelMixin.retrieve",
        view_class="app.api.ThingViewSet",
        action="retrieve",
    )
    assert cc.handler_verdict(drf, "rest_framework.mixins.RetrieveModelMixin.retrieve") == "exact"
    assert cc.handler_verdict(drf, "app.api.ThingViewSet.retrieve") == "view_class"
    assert cc.handler_verdict(drf, "app.api.ThingViewSet.list") == "mismatch"
    node = route("DELETE", "/n/{gid}", None, view_class="pg.NodeV", dispatch_method="delete")
    assert cc.handler_verdict(node, None) == "null"
    assert cc.handler_verdict(node, "pg.NodeV.delete") == "view_class"
    assert cc.handler_verdict(node, "pg.Other.delete") == "mismatch"
    inherited = route("GET", "/tags/", "rest_framework.generics.ListAPIView.get", view_class="app.views.TagList")
    assert cc.handler_verdict(inherited, "app.views.TagList.get") == "view_class"
    assert cc.handler_verdict(inherited, "app.views.TagList.post") == "mismatch"
    closure = route("GET", "/health", "p.create_app.<locals>.health")
    assert cc.handler_verdict(closure, "p.create_app.health") == "exact"


def test_route_segment() -> None:
    assert cc.route_segment(route("WS", "/ws", "a.b")) == "websocket"
    assert cc.route_segment(route("GET", "/x", "a.b")) == "http"
    assert cc.route_segment(route("GET", "/n", None, dispatch_method="d", view_class="V")) == "nodeview"
    third = route("GET", "/l", "flask_security.views.login", handler_in_source_root=False)
    assert cc.route_segment(third) == "third_party"
    inherited = route("GET", "/v", "rf.mixins.X.list", kind="drf_viewset", handler_in_source_root=False)
    inherited["view_class_in_source_root"] = True
    assert cc.route_segment(inherited) == "drf_viewset"


# --- routes -----------------------------------------------------------------------------------


def _truth() -> dict[str, Any]:
    return {
        "routes": [
            route("GET", "/items/{id}", "app.items.get_item"),
            route("POST", "/items", "app.items.create"),
            route("WS", "/ws", "app.ws.stream"),
            route(
                "GET",
                "/api/things/{pk}/",
                "rest_framework.mixins.RetrieveModelMixin.retrieve",
                view_class="app.api.ThingViewSet",
                action="retrieve",
                kind="drf_viewset",
                handler_in_source_root=False,
                view_class_in_source_root=True,
            ),
            route("POST", "/dup", "app.a.dup"),
            route("POST", "/dup", "app.a.dup"),
            route("DELETE", "/gone", "app.g.gone"),
            route("DELETE", "/nodes/{gid}", None, view_class="app.n.NodeV", dispatch_method="delete"),
            internal("GET", "/docs"),
            internal("GET", "/admin/x"),
        ]
    }


def _docgen() -> list[dict[str, Any]]:
    return [
        route("GET", "/items/{id}", "app.items.get_item"),
        route("POST", "/items", "app.items.wrong"),
        route("WEBSOCKET", "/ws", "app.ws.stream"),
        route("GET", "/api/things/{pk}/", "app.api.ThingViewSet.retrieve"),
        route("POST", "/dup", "app.a.dup"),
        route("DELETE", "/nodes/{gid}", None),
        route("GET", "/docs", None),
        route("ANY", "/admin/", None),
        route("HEAD", "/items/{id}", "app.items.get_item"),
        route("GET", "/extra", "x.extra"),
        route("GET", "/gone", "app.g.gone"),
    ]


def test_match_routes_counts_and_shares() -> None:
    rep = cc.match_routes(_truth(), _docgen())
    assert rep["truth_routes"] == 8
    assert rep["truth_internal"] == 2
    assert rep["docgen_routes"] == 11
    assert rep["matched"] == 6
    assert rep["recall"] == 0.75
    assert rep["extra_count"] == 2
    assert rep["precision"] == 0.75
    assert rep["neutral"] == {"head_options": 1, "internal": 2}
    assert rep["handler"] == {
        "compared": 6,
        "exact": 3,
        "view_class": 1,
        "null": 1,
        "mismatch": 1,
        "agreement": 0.8333,
    }
    assert rep["missing"] == [
        {
            "method": "POST",
            "path": "/dup",
            "handler": "app.a.dup",
            "segment": "http",
            "reason": "fewer duplicates",
        },
        {
            "method": "DELETE",
            "path": "/gone",
            "handler": "app.g.gone",
            "segment": "http",
            "reason": "method differs",
        },
    ]
    assert [(e["method"], e["path"], e["reason"]) for e in rep["extra"]] == [
        ("GET", "/gone", "method differs"),
        ("GET", "/extra", "not found"),
    ]
    assert rep["handler_mismatches"][0]["docgen"] == "app.items.wrong"
    assert rep["segments"] == {
        "drf_viewset": {"truth": 1, "matched": 1, "recall": 1.0, "handler_agreement": 1.0},
        "http": {"truth": 5, "matched": 3, "recall": 0.6, "handler_agreement": 0.6667},
        "nodeview": {"truth": 1, "matched": 1, "recall": 1.0, "handler_agreement": 1.0},
        "websocket": {"truth": 1, "matched": 1, "recall": 1.0, "handler_agreement": 1.0},
    }


def test_targets_hold_recall_apart_from_registry_routes() -> None:
    truth = {"routes": [route("GET", "/a", "app.a"), route("GET", "/b", "app.b")]}
    truth["routes"] += [route("GET", f"/n{i}", None, view_class="app.N", dispatch_method="get") for i in range(2)]
    rep = cc.match_routes(truth, [route("GET", "/a", "app.a"), route("GET", "/b", "app.b")])
    result = {"routes": rep, "models": {"found_share": 1.0, "field_recall": 1.0}}
    assert rep["recall"] == 0.5
    assert cc.targets_of(result) == {
        "route recall, NodeView apart": 1.0,
        "route precision": 1.0,
        "handler agreement": 1.0,
        "models found": 1.0,
        "field recall": 1.0,
    }
    assert rep["segments"]["nodeview"]["recall"] == 0.0


def test_third_party_source_offline_is_an_error(tmp_path: Path) -> None:
    app = cc.AppSpec("label-studio", "label-studio", "1.23.2", "label_studio", tmp_path / "t.json")
    with pytest.raises(cc.BenchError, match=r"^label-studio: dependency django-rq==3.1 is missing and downloads"):
        cc.ensure_dependencies(app, tmp_path, download=False)
    (tmp_path / "label-studio-deps/django_rq").mkdir(parents=True)
    assert cc.ensure_dependencies(app, tmp_path, download=False) == tmp_path / "label-studio-deps"
    assert cc.ensure_dependencies(cc.AppSpec("pgadmin4", "pgadmin4", "9", "x", tmp_path), tmp_path) is None


def test_match_routes_pairs_duplicates_by_handler() -> None:
    truth = {"routes": [route("GET", "/s/{f}", "app.static"), route("GET", "/s/{f}", "app.redirects.static")]}
    docs = [route("GET", "/s/{f}", "app.redirects.static"), route("GET", "/s/{f}", "app.static")]
    rep = cc.match_routes(truth, docs)
    assert rep["matched"] == 2
    assert rep["handler"]["agreement"] == 1.0


def test_match_routes_loose_and_prefix_reasons() -> None:
    truth = {"routes": [route("GET", "/a/{pk}", "m.a"), route("GET", "/api/x", "m.x")]}
    docs = [route("GET", "/a/{id}", "m.a"), route("GET", "/x", "m.x")]
    rep = cc.match_routes(truth, docs)
    assert rep["recall"] == 0.0
    assert rep["recall_loose"] == 0.5
    assert rep["missing_reasons"] == {"param names differ": 1, "extra prefix /api": 1}
    assert rep["extra_reasons"] == {"param names differ": 1, "missing prefix /api": 1}


def test_match_routes_internal_loose_and_rewrite() -> None:
    truth = {"routes": [route("GET", "/api/t/{pk}/", "a.v"), internal("GET", "/api/t/{pk}.{format}/")]}
    docs = [route("GET", "/api/t/{pk}/", "pkg.a.v"), route("GET", "/api/t/{id}.{format}/", "pkg.a.v")]
    rep = cc.match_routes(truth, docs, cc.Rewrite("strip", "pkg.", 1))
    assert rep["matched"] == 1
    assert rep["handler"]["exact"] == 1
    assert rep["neutral"] == {"internal": 1}
    assert rep["precision"] == 1.0


def test_fake_catalog_from_truth_is_perfect() -> None:
    truth = _truth()
    truth["models"] = {"A@m": ["x"]}
    truth["model_kinds"] = {"A@m": "pydantic"}
    truth["model_in_source_root"] = {"A@m": True}
    cat = cc.fake_catalog_from_truth(truth)
    rep = cc.match_routes(truth, cat["routes"])
    assert (rep["recall"], rep["precision"], rep["handler"]["agreement"]) == (1.0, 1.0, 1.0)
    assert cc.match_models(truth, cat["models"])["field_recall"] == 1.0


# --- models -----------------------------------------------------------------------------------


def model(module: str, name: str, kind: str, fields: list[str]) -> dict[str, Any]:
    return {
        "id": f"{module}.{name}",
        "name": name,
        "module": module,
        "kind": kind,
        "fields": [{"name": f} for f in fields],
    }


def test_match_models() -> None:
    truth = {
        "models": {"A@m.x": ["a", "b", "c"], "B@m.x": ["d"], "C@m.y": ["e"], "D@m.z": ["f"]},
        "model_kinds": {"A@m.x": "pydantic", "B@m.x": "sqlalchemy", "C@m.y": "pydantic", "D@m.z": "pydantic"},
        "model_in_source_root": {"A@m.x": True, "B@m.x": True, "C@m.y": False, "D@m.z": True},
    }
    docs = [
        model("m.x", "A", "pydantic", ["a", "b"]),
        model("m.x", "B", "dataclass", ["d", "z"]),
        model("m.other", "D", "pydantic", []),
    ]
    rep = cc.match_models(truth, docs)
    assert (rep["truth"], rep["found"], rep["found_share"], rep["name_only"]) == (3, 2, 0.6667, 1)
    assert (rep["fields_found"], rep["field_recall"], rep["field_recall_all"]) == (3, 0.75, 0.6)
    assert rep["per_kind"]["pydantic"] == {
        "truth": 2,
        "found": 1,
        "found_share": 0.5,
        "name_only": 1,
        "kind_agreement": 1.0,
        "truth_fields": 4,
        "fields_found": 2,
        "field_recall": 0.6667,
        "field_recall_all": 0.5,
    }
    assert rep["per_kind"]["sqlalchemy"]["kind_agreement"] == 0.0
    assert rep["missing"] == ["D@m.z"]
    assert rep["field_misses"] == [{"model": "A@m.x", "missing": ["c"]}]


# --- OpenAPI ----------------------------------------------------------------------------------


def _op(params: list[tuple[str, str, bool]], body: dict[str, Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {"parameters": [{"name": n, "in": w, "required": r} for n, w, r in params]}
    if body is not None:
        op["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return op


def test_schema_name() -> None:
    assert cc.schema_name({"$ref": "#/components/schemas/Item"}) == "Item"
    assert cc.schema_name({"type": "array", "items": {"$ref": "#/components/schemas/Log"}}) == "array[Log]"
    assert cc.schema_name({"anyOf": [{"type": "string"}, {"$ref": "#/x/A"}]}) == "anyOf[A,string]"
    assert cc.schema_name({}) == "any"


def test_compare_openapi() -> None:
    ref = {"$ref": "#/components/schemas/Item"}
    truth = {
        "paths": {
            "/items": {"get": _op([("q", "query", False), ("x-v", "header", False)]), "post": _op([], ref)},
            "/items/{id}": {"get": _op([("id", "path", True)]), "delete": _op([("id", "path", True)])},
            "/filter": {"post": _op([], {"$ref": "#/components/schemas/Body_filter"})},
        }
    }
    docgen = {
        "paths": {
            "/api/items": {
                "get": _op([("q", "query", True), ("x-v", "header", False)]),
                "post": _op([], ref),
            },
            "/api/items/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {},
                "delete": _op([("id", "path", True), ("z", "query", False)]),
            },
            "/api/filter": {"post": _op([], {"$ref": "#/components/schemas/FilterBody"})},
            "/api/extra": {"get": _op([])},
            "/ui-settings": {"get": _op([])},
        },
        "components": {"parameters": {"Id": {"name": "id", "in": "path", "required": True}}},
    }
    rep = cc.compare_openapi(truth, docgen)
    assert rep["path_mapping"] == "strip '/api'"
    assert (rep["truth_operations"], rep["docgen_operations"], rep["docgen_outside_mount"]) == (5, 6, 1)
    assert (rep["matched"], rep["operations_recall"], rep["operations_precision"]) == (5, 1.0, 0.8333)
    assert rep["extra_operations"] == ["GET /extra"]
    assert rep["params_exact_share"] == 0.6
    assert (rep["param_recall"], rep["param_precision"], rep["param_required_agreement"]) == (1.0, 0.8, 0.75)
    assert (rep["body_compared"], rep["body_agreement"], rep["body_named_model_agreement"]) == (2, 0.5, 1.0)
    assert rep["body_diffs"] == [{"op": "POST /filter", "truth": "Body_filter", "docgen": "FilterBody"}]


def test_fake_openapi_round_trips() -> None:
    truth = {"openapi": {"openapi": "3.1.0", "paths": {"/a": {"get": _op([])}}}}
    spec = cc.fake_openapi_from_truth(truth)
    assert list(spec["paths"]) == ["/api/a"]
    assert cc.compare_openapi(truth["openapi"], spec)["operations_recall"] == 1.0


def test_validate_openapi_reports_non_documents() -> None:
    ok = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert cc.validate_openapi(ok) is None
    assert cc.validate_openapi({"paths": {}}).startswith("ValidatorDetectError")


def test_docgen_argv_uses_this_interpreter() -> None:
    assert cc.docgen_argv("python -m docgen") == [sys.executable, "-m", "docgen"]
    assert cc.docgen_argv("docgen --verbose") == ["docgen", "--verbose"]


def test_an_app_without_models_holds_only_its_route_figures_against_the_target() -> None:
    rep = cc.match_routes({"routes": [route("GET", "/a", "app.a")]}, [route("GET", "/a", "app.a")])
    result = {"routes": rep, "models": {"truth": 0, "found_share": None, "field_recall": None}}
    assert cc.targets_of(result) == {"route recall": 1.0, "route precision": 1.0, "handler agreement": 1.0}


def _probe() -> Any:
    spec = importlib.util.spec_from_file_location("bench_truth_probe", _PATH.with_name("truth_probe.py"))
    assert spec is not None and spec.loader is not None
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    return probe


def test_truth_probe_names_a_tornado_group_after_the_decorated_verb_not_its_wrapper() -> None:
    probe = _probe()

    def authenticated(method: Any) -> Any:
        def decorated(self: Any, *args: Any, **kwargs: Any) -> Any:  # no functools.wraps
            return method(self, *args, **kwargs)

        return decorated

    class Base:
        def get(self, *args: Any) -> None: ...

    class Token(Base):
        @authenticated
        def get(self, token: str) -> None: ...

    assert probe._tornado_path(r"/api/tokens/([^/]+)$", Token, {"GET": Base.get}) == "/api/tokens/{token}"
    assert probe._tornado_path(r"/api/([^/]+)$", Base, {"GET": Base.get}) == "/api/{arg1}"


def test_truth_probe_unwraps_a_wrapper_closing_over_two_functions_to_the_one_it_is_named_after() -> None:
    probe = _probe()

    def auth_decorator(check: Any) -> Any:
        def decorator(method: Any) -> Any:
            def decorated(self: Any, *args: Any, **kwargs: Any) -> Any:  # closes over check and method
                check(self)
                return method(self, *args, **kwargs)

            decorated.__name__ = method.__name__
            return decorated

        return decorator

    def check_token(self: Any) -> None: ...

    def post(self: Any, token: str) -> None: ...

    wrapped = auth_decorator(check_token)(post)
    assert probe.unwrapped(wrapped) is post
    wrapped.__name__ = "other"
    assert probe.unwrapped(wrapped) is wrapped  # two candidates, neither named like it: left as it is


def test_truth_probe_marks_a_tornado_rule_shadowed_by_an_earlier_same_pattern() -> None:
    probe = _probe()
    assert probe.shadowed(["/hub/login", "/hub/api", "/hub/login", "/hub/login/?"]) == [False, False, True, False]


def test_truth_probe_counts_the_views_cornice_adds_by_itself_as_internal() -> None:
    probe = _probe()

    def _preflight_view(request: Any) -> None: ...

    def _fallback_view(request: Any) -> None: ...

    def get_hello(request: Any) -> None: ...

    def head_hello(request: Any) -> None: ...

    _preflight_view.__module__ = _fallback_view.__module__ = "kinto.core.cornice.cors"
    gets = {id(get_hello)}
    assert probe._cornice_added(_preflight_view, ("OPTIONS",), gets) == "Cornice CORS preflight"
    assert probe._cornice_added(_fallback_view, None, gets) == "Cornice 405 fallback"
    assert probe._cornice_added(get_hello, ("HEAD",), gets) == "Cornice HEAD of a GET view"
    assert probe._cornice_added(head_hello, ("HEAD",), gets) is None  # a HEAD with a view of its own
    assert probe._cornice_added(get_hello, ("GET",), gets) is None


def test_truth_probe_paths_of_unnamed_and_optional_groups() -> None:
    probe = _probe()
    assert probe._django_paths(["^api/", r"^initialize/([0-9a-f]{32})/(\d+)$"]) == ["/api/initialize/{arg0}/{arg1}"]
    assert probe._django_paths(["en/", r"^(?P<pk>\d+)/delete/(?P<logs>session|logs)?$"]) == [
        "/en/{pk}/delete/{logs}",
        "/en/{pk}/delete/",
    ]
    assert probe._django_paths([r"^qrcode.(?P<type>(png|svg))$", "^settings/?$"]) == ["/qrcode.{type}settings/"]


def test_truth_probe_takes_a_static_files_subclass_of_another_name_as_a_static_mount() -> None:
    probe = _probe()

    class StaticFiles:  # stands in for starlette.staticfiles.StaticFiles
        pass

    class Static(StaticFiles):  # an app's own subclass, serving its UI with an index.html fallback
        pass

    assert probe.static_files(StaticFiles())
    assert probe.static_files(Static())
    assert not probe.static_files(object())


def test_truth_probe_sees_a_dispatch_override_behind_a_django_mixin() -> None:
    probe = _probe()

    class View:
        def dispatch(self) -> None: ...

    class LoginRequiredMixin:
        def dispatch(self) -> None: ...  # checks, then calls the next dispatch

    class GraphQLView(View):  # a library's view answering every method in dispatch()
        def dispatch(self) -> None: ...

    class Custom(LoginRequiredMixin, GraphQLView):
        pass

    class Plain(LoginRequiredMixin, View):
        pass

    View.__module__ = "django.views.generic.base"
    LoginRequiredMixin.__module__ = "django.contrib.auth.mixins"
    GraphQLView.__module__ = "graphene_django.views"
    assert probe._own_dispatch(Custom)
    assert not probe._own_dispatch(Plain)
