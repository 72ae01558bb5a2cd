"""docgen's own rules from inline sources: each DG code firing and not firing, and inline suppression."""

from __future__ import annotations

import pytest

from docgen.testing import link_sources

APP = '''
"""Shop."""
from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token")


def current_user(token: str = Depends(oauth2)) -> str:
    """The caller.

    Args:
        token: Bearer token.
    """
    return token


class Order(BaseModel):
    """An order."""

    id: int


@app.get("/orders")
def list_orders() -> list[Order]:
    return []


@app.get("/orders/{order_id}", summary="Fetch an order")
def get_order(order_id: int) -> Order:
    return Order(id=order_id)


@app.post("/orders")
def create_order(order: Order) -> Order:
    """Place an order."""
    return order


@app.delete("/orders/{order_id}")
def delete_order(order_id: int, user: str = Depends(current_user)) -> None:
    """Cancel an order."""


@app.post("/token")
def login() -> str:
    """Exchange credentials for a token."""
    return ""


@app.post("/signup")
def create_account() -> str:
    """Open an account."""
    return ""
'''


def found(files: dict[str, str], prefix: str = "DG") -> list[tuple[str, int, str]]:
    linked, _ = link_sources(files)
    return [(f.code, f.location.line, f.message) for f in linked.findings if f.code.startswith(prefix)]


def test_dg101_undocumented_route_and_dg402_unauthenticated_state_change() -> None:
    # GET /orders/{order_id} is documented by summary=, DELETE needs a user, and the token and
    # sign-up endpoints hand out credentials: none of them is reported.
    assert found({"app.py": APP}) == [
        ("DG103", 22, "undocumented model field Order.id"),
        ("DG101", 26, "undocumented route GET /orders"),
        ("DG402", 36, "POST /orders changes state without authentication"),
    ]


def test_dg102_dg103_models_and_fields() -> None:
    source = '''
    """Schemas."""
    from pydantic import BaseModel, Field


    class Bare(BaseModel):
        size: int


    class Told(BaseModel):
        """Told."""

        name: str = Field(description="A name.")
        note: str
        """An attribute docstring counts."""
    '''
    assert found({"schemas.py": source}) == [
        ("DG102", 5, "undocumented model Bare"),
        ("DG103", 6, "undocumented model field Bare.size"),
    ]


def test_dg104_undocumented_public_definitions_and_dg105_modules() -> None:
    source = '''
    def public():
        pass


    def _private():
        pass


    class Service:
        def start(self):
            pass

        def __init__(self):
            pass


    class Documented:
        """Documented."""

        def run(self):
            """Run."""
    '''
    assert found({"svc.py": source, "empty.py": "", "_impl.py": "x = 1\n"}) == [
        ("DG104", 1, "undocumented public function public"),
        ("DG105", 1, "undocumented public module svc"),
        ("DG104", 9, "undocumented public class Service"),
        ("DG104", 10, "undocumented public method Service.start"),
    ]


def test_dg201_documented_parameter_that_does_not_exist() -> None:
    source = '''
    """Functions."""


    def fetch(author_id: int, db: object) -> None:
        """Fetch.

        Args:
            author_id: Id.
            db: Session.
            include_books: Embed books.
        """


    def forward(*args: int, **kwargs: int) -> None:
        """Forward.

        Args:
            *args: Positional.
            timeout: Read from kwargs, so not a finding.
        """


    def numpy_style(x: int, y: int) -> None:
        """Numpy.

        Parameters
        ----------
        x, y : int
            Coordinates.
        z : int
            Gone.
        """
    '''
    assert found({"f.py": source}) == [
        ("DG201", 4, "docstring of fetch documents 'include_books', which is not a parameter"),
        ("DG201", 23, "docstring of numpy_style documents 'z', which is not a parameter"),
    ]


def test_dg202_undocumented_parameter_only_when_some_are_documented() -> None:
    source = '''
    """Functions."""


    def partly(a: int, b: int, *rest: int, **options: int) -> None:
        """Partly.

        Args:
            a: Documented.
        """


    def summary_only(a: int, b: int) -> None:
        """Nothing about parameters."""


    class Box:
        """Box."""

        def put(self, item: int, where: int) -> None:
            """Put.

            Args:
                item: The item.
            """

        @classmethod
        def make(cls, size: int) -> None:
            """Make.

            Args:
                size: Size.
            """

        @staticmethod
        def check(value: int, strict: bool) -> None:
            """Check.

            Args:
                strict: Strictly.
            """
    '''
    assert found({"f.py": source}) == [
        ("DG202", 4, "parameter 'b' of partly is not documented"),
        ("DG202", 19, "parameter 'where' of Box.put is not documented"),
        ("DG202", 35, "parameter 'value' of Box.check is not documented"),
    ]


def test_dg203_documented_return_of_a_function_returning_none() -> None:
    source = '''
    """Functions."""


    def wrong() -> None:
        """Wrong.

        Returns:
            The result.
        """


    def right() -> int:
        """Right.

        Returns:
            The result.
        """
        return 1


    def says_none() -> None:
        """Says none.

        Returns:
            None.
        """
    '''
    assert found({"f.py": source}) == [
        ("DG203", 4, "docstring of wrong documents a return value, but it returns None"),
    ]


def test_inline_suppression_by_code_prefix_or_bare() -> None:
    source = '''
    """Functions."""
    TEXT = "# docgen: ignore[DG104]"


    def one():  # docgen: ignore[DG104] - kept private by convention
        pass


    def two():  # docgen: ignore[DG2]
        pass


    def three():  # docgen: ignore[DG1, DG402]
        pass


    def four():  # noqa: D103  # docgen: ignore
        pass


    def five():
        pass
    '''
    assert found({"f.py": source}) == [
        ("DG104", 9, "undocumented public function two"),
        ("DG104", 21, "undocumented public function five"),
    ]


def test_dg402_leaves_views_that_take_every_method_alone() -> None:
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from views import ping, submit

            urlpatterns = [path("ping/", ping), path("submit/", submit)]
        """,
        "views.py": '''
            """Views."""
            from django.views.decorators.http import require_POST


            def ping(request):
                """Health check."""


            @require_POST
            def submit(request):
                """Take a form."""
        ''',
    }
    linked, _ = link_sources(files)
    assert [(r.method.value, r.path) for r in linked.routes] == [("ANY", "/ping/"), ("POST", "/submit/")]
    assert found(files, "DG4") == [("DG402", 10, "POST /submit/ changes state without authentication")]


def test_dg402_is_not_claimed_where_the_handler_shows_an_access_check_docgen_does_not_read() -> None:
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from views import Delete, Rename, open_submit, submit

            urlpatterns = [
                path("submit/", submit),
                path("open/", open_submit),
                path("delete/", Delete.as_view()),
                path("rename/", Rename.as_view()),
            ]
        """,
        "access.py": '''
            """The project's own checks."""


            def organizer_permission_required(permission):
                """Check the organizer permission."""
                return lambda view: view


            class EventPermissionRequiredMixin:
                """Check the event permission."""
        ''',
        "views.py": '''
            """Views."""
            from django.views import View
            from django.views.decorators.http import require_POST

            from access import EventPermissionRequiredMixin, organizer_permission_required


            @require_POST
            @organizer_permission_required("organizer:write")
            def submit(request):
                """Take a form."""


            @require_POST
            def open_submit(request):
                """Take a form from anyone."""


            class Delete(EventPermissionRequiredMixin, View):
                """Delete the event."""

                def post(self, request):
                    """Delete it."""


            class Rename(View):
                """Rename the event."""

                def post(self, request):
                    """Rename it."""
        ''',
    }
    assert found(files, "DG402") == [
        ("DG402", 15, "POST /open/ changes state without authentication"),
        ("DG402", 29, "POST /rename/ changes state without authentication"),
    ]


@pytest.mark.parametrize(
    ("middleware", "expected"),
    [
        ("access.PermissionMiddleware", []),  # the project's own middleware refusing callers: may guard every URL
        ("access.UserAuthenticationMiddleware", [("DG402", 6, "POST /submit/ changes state without authentication")]),
        (
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            [("DG402", 6, "POST /submit/ changes state without authentication")],
        ),
    ],
)
def test_dg402_is_not_claimed_behind_a_projects_own_permission_middleware(
    middleware: str, expected: list[tuple[str, int, str]]
) -> None:
    files = {
        "settings.py": f'ROOT_URLCONF = "urls"\nMIDDLEWARE = ["{middleware}"]\n',
        "urls.py": """
            from django.urls import path
            from views import submit

            urlpatterns = [path("submit/", submit)]
        """,
        "access.py": '''
            """The project's middleware."""


            class PermissionMiddleware:
                """Refuse callers without the permission a URL needs."""


            class UserAuthenticationMiddleware:
                """Say who the caller is."""
        ''',
        "views.py": '''
            """Views."""
            from django.views.decorators.http import require_POST


            @require_POST
            def submit(request):
                """Take a form."""
        ''',
    }
    assert found(files, "DG402") == expected


def test_dg402_leaves_token_checks_password_views_and_credential_view_classes_alone() -> None:
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from views import Change, Reset, Rename, delete

            urlpatterns = [
                path("password/change/", Change.as_view()),
                path("password/reset/", Reset.as_view()),
                path("rename/", Rename.as_view()),
                path("delete/", delete),
            ]
        """,
        "auth.py": '''
            """Token checks."""


            def check_token(view):
                """Refuse requests without a valid x-api-key."""
                return view
        ''',
        "views.py": '''
            """Views."""
            from django.contrib.auth.views import PasswordChangeView, PasswordResetView
            from django.views import View
            from django.views.decorators.http import require_POST

            import auth


            class Change(PasswordChangeView):
                """Change one's password (Django requires a login)."""


            class Reset(PasswordResetView):
                """Ask for a reset link (public by design)."""


            class Rename(View):
                """Rename."""

                @auth.check_token
                def post(self, request):
                    """Rename it."""


            @require_POST
            def delete(request):
                """Delete."""
        ''',
    }
    assert found(files, "DG402") == [("DG402", 26, "POST /delete/ changes state without authentication")]


def test_dg405_takes_a_join_of_escaped_parts_as_safe_and_of_any_other_part_as_not() -> None:
    files = {
        "tags.py": '''
            """Template tags."""
            from django.utils.html import conditional_escape, format_html
            from django.utils.safestring import mark_safe


            def signal(responses, name, links, raw):
                """Markup."""
                parts = []
                for response in responses:
                    if response:
                        parts.append(conditional_escape(response))
                mark_safe("".join(parts))
                info = ["<p>", format_html("<b>{}</b>", name)] + [format_html("<a href={}>{}</a>", *u) for u in links]
                mark_safe("".join(info))
                mixed = []
                mixed.append(conditional_escape(name))
                mixed.append(raw)
                mark_safe("".join(mixed))
                replaced = [format_html("<i>{}</i>", name)]
                replaced[0] = raw
                return mark_safe(" ".join(replaced))
        '''
    }
    # a raw part appended, or stored over an item, makes the joined list unsafe
    assert found(files, "DG405") == [
        ("DG405", 18, "mark_safe() of text that is not fixed"),
        ("DG405", 21, "mark_safe() of text that is not fixed"),
    ]


def test_dg402_reads_the_access_mixin_of_the_view_class_when_its_verb_comes_from_another_base() -> None:
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from views import EntryDelete, OpenDelete

            urlpatterns = [
                path("entry/<int:pk>/delete", EntryDelete.as_view()),
                path("open/<int:pk>", OpenDelete.as_view()),
            ]
        """,
        "views.py": '''
            """Views."""
            from django.views.generic import DeleteView


            class OwnerDeleteMixin:
                """Refuse objects of other owners."""

                def delete(self, request, *args, **kwargs):
                    """Delete with a message."""


            class AppPermissionMixin:
                """Log the user in first."""


            class EntryDelete(OwnerDeleteMixin, DeleteView, AppPermissionMixin):
                """Delete an entry (the delete verb is OwnerDeleteMixin's)."""

                login_required = True


            class OpenDelete(OwnerDeleteMixin, DeleteView):
                """Delete anything."""
        ''',
    }
    # the verbs are OwnerDeleteMixin's (line 8) and Django's (POST, at its pattern): only OpenDelete is open
    assert found(files, "DG402") == [
        ("DG402", 6, "POST /open/{pk} changes state without authentication"),
        ("DG402", 8, "DELETE /open/{pk} changes state without authentication"),
    ]


def test_dg402_leaves_handlers_named_for_a_login_of_any_kind_alone() -> None:
    files = {
        "main.py": '''
            """The API."""
            from fastapi import FastAPI

            app = FastAPI()


            @app.post("/auth/nostr")
            async def nostr_login():
                """Log in with a signed event."""


            @app.post("/auth/ldap")
            async def ldap_sign_in():
                """Log in against the directory."""


            @app.post("/auth/history")
            async def clear_login_history():
                """Forget past logins."""
        ''',
    }
    # a name that ends in a login hands out a session; one that only mentions logins does not
    assert found(files, "DG402") == [("DG402", 18, "POST /auth/history changes state without authentication")]


def test_dg402_leaves_logouts_and_redirects_alone() -> None:
    files = {
        "settings.py": 'ROOT_URLCONF = "urls"\n',
        "urls.py": """
            from django.urls import path
            from django.views.generic.base import RedirectView
            from views import Moved, logout, sign_out, wipe

            urlpatterns = [
                path("logout/", logout),
                path("session/end/", sign_out),
                path("code", RedirectView.as_view(url="https://example.org/code")),
                path("old/", Moved.as_view()),
                path("wipe/", wipe),
            ]
        """,
        "views.py": '''
            """Views."""
            from django.views.decorators.http import require_POST
            from django.views.generic.base import RedirectView


            class Moved(RedirectView):
                """Moved for good."""

                url = "/new/"


            @require_POST
            def logout(request):
                """End the session."""


            @require_POST
            def sign_out(request):
                """End the session."""


            @require_POST
            def wipe(request):
                """Delete everything."""
        ''',
    }
    assert found(files, "DG402") == [("DG402", 23, "POST /wipe/ changes state without authentication")]


def test_dg405_takes_escaped_translated_and_fixed_parts_as_safe_markup() -> None:
    files = {
        "views.py": '''
            """Views."""
            from django.utils.html import escape
            from django.utils.safestring import mark_safe
            from django.utils.translation import gettext as _

            LINK = "https://example.org"


            def powered(url, name, plain):
                """Markup."""
                mark_safe('<a href="{}">{}</a>'.format(escape(url), _("Powered by")))
                mark_safe(_("Normal category") if plain else LINK)
                mark_safe("<b>{}</b>".format(name))
                return mark_safe(name)
        '''
    }
    assert found(files, "DG405") == [
        ("DG405", 13, "mark_safe() of text that is not fixed"),
        ("DG405", 14, "mark_safe() of text that is not fixed"),
    ]


def test_dg405_follows_safe_text_through_local_names_rendered_templates_and_media_types() -> None:
    files = {
        "views.py": '''
            """Views."""
            from django.http import HttpResponse
            from django.template.loader import get_template
            from django.utils.safestring import mark_safe
            from django.utils.translation import pgettext


            def label(valid, request, ctx, name, rows):
                """Markup."""
                opt = ""
                if valid:
                    text = pgettext("form", "is valid")
                else:
                    text = pgettext("form", "has errors")
                opt += '<strong class="sr-only"> {}</strong>'.format(text)
                mark_safe(opt)
                mark_safe(get_template("badge.html").render(ctx, request=request).strip())
                shown = "<b>fixed</b>"
                if valid:
                    shown = name
                mark_safe(shown)
                HttpResponse("\\n".join(rows), content_type="text/plain; version=0.0.4")
                return HttpResponse(f"<p>{name}</p>")
        '''
    }
    # the branch that binds a parameter keeps `shown` unsafe; a text/plain response is no HTML
    assert found(files, "DG405") == [
        ("DG405", 21, "mark_safe() of text that is not fixed"),
        ("DG405", 23, "HttpResponse built from run-time values is sent as HTML unescaped"),
    ]
