"""Following endpoints through releases' changes, on changelog records built inline."""

from __future__ import annotations

from docgen.changelog.build import Releases
from docgen.changelog.history import trail
from docgen.model import Framework, HttpMethod, Location, Route
from docgen.model.apidiff import ApiChange, ApiDiff, ChangeLevel, Side
from docgen.model.apihistory import RouteChange, RouteHistory, RouteRelease
from docgen.model.changelog import Changelog, Release


def route(path: str, *, deprecated: bool = False, method: str = "GET") -> Route:
    return Route(
        id=f"{method} {path}",
        method=HttpMethod(method),
        path=path,
        handler="app.handler",
        app="app:app",
        location=Location("app.py", 3),
        framework=Framework.FASTAPI,
        deprecated=deprecated,
    )


def change(rule: str, path: str, level: ChangeLevel = ChangeLevel.NON_BREAKING, message: str = "") -> ApiChange:
    return ApiChange(rule=rule, level=level, method="GET", path=path, message=message or rule)


def release(name: str, previous: str, *changes: ApiChange) -> Release:
    diff = ApiDiff(base=Side(label=previous, commit=f"{previous}-sha"), head=Side(label=name), changes=changes)
    return Release(name=name, commit=f"{name}-sha", date="2024-01-02", previous=previous, diff=diff)


RELEASES = (  # newest first, as the changelog holds them
    release(
        "v4",
        "v3",
        change("endpoint-added", "/gone"),
        change("endpoint-reactivated", "/old"),
        change("response-property-became-optional", "/items/{id}", ChangeLevel.BREAKING, "`a` became optional"),
    ),
    release("v3", "v2", change("api-path-removed-without-deprecation", "/gone", ChangeLevel.BREAKING)),
    release(
        "v2",
        "v1",
        change("endpoint-deprecated", "/old"),
        change("endpoint-deprecated", "/items/{item_id}"),
        change("new-optional-request-parameter", "/items/{item_id}", message="`q` added"),
    ),
    release("v1", "v0", change("endpoint-added", "/gone"), change("request-path-parameter-renamed", "/old")),
)
NEWEST = (route("/gone"), route("/items/{id}", deprecated=True), route("/old"), route("/kept", deprecated=True))


def histories(count: int, *, complete: bool = False) -> dict[str, RouteHistory]:
    releases = Releases(Changelog(releases=RELEASES), NEWEST, complete=complete)
    found = trail(releases, count)
    assert found is not None
    catalog = (*NEWEST, route("/uncommitted"))
    return found.for_routes(catalog).routes


def test_each_endpoint_is_followed_through_every_release() -> None:
    assert histories(10) == {
        "GET /gone": RouteHistory(added="v4"),  # removed in v3, so its v1 addition no longer counts
        "GET /items/{id}": RouteHistory(
            added="v0",
            added_before=True,
            changed=(
                RouteRelease(
                    release="v2",
                    changes=(
                        RouteChange(
                            rule="new-optional-request-parameter", level=ChangeLevel.NON_BREAKING, message="`q` added"
                        ),
                    ),
                ),
                RouteRelease(
                    release="v4",
                    changes=(
                        RouteChange(
                            rule="response-property-became-optional",
                            level=ChangeLevel.BREAKING,
                            message="`a` became optional",
                        ),
                    ),
                ),
            ),
            deprecated="v2",
        ),
        "GET /old": RouteHistory(
            added="v0",
            added_before=True,
            changed=(
                RouteRelease(
                    release="v1",
                    changes=(
                        RouteChange(
                            rule="request-path-parameter-renamed",
                            level=ChangeLevel.NON_BREAKING,
                            message="request-path-parameter-renamed",
                        ),
                    ),
                ),
                RouteRelease(
                    release="v4",
                    changes=(
                        RouteChange(
                            rule="endpoint-reactivated", level=ChangeLevel.NON_BREAKING, message="endpoint-reactivated"
                        ),
                    ),
                ),
            ),
        ),
        "GET /kept": RouteHistory(added="v0", added_before=True, deprecated="v0", deprecated_before=True),
    }


def test_a_complete_history_claims_its_first_release_exactly() -> None:
    found = histories(10, complete=True)
    assert (found["GET /kept"], found["GET /gone"].added) == (RouteHistory(added="v0", deprecated="v0"), "v4")


def test_fewer_releases_start_later_and_say_so() -> None:
    found = histories(1)
    assert [(r.added, r.added_before, [c.release for c in r.changed]) for r in found.values()] == [
        ("v4", False, []),
        ("v3", True, ["v4"]),
        ("v3", True, ["v4"]),
        ("v3", True, []),
    ]
    assert found["GET /items/{id}"].deprecated == "v3"  # deprecated in v2, before the start: since "≤ v3"
    assert found["GET /items/{id}"].deprecated_before is True
