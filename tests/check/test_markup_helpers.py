"""DG405 on text the module's own helpers build: safe when every return of the helper is safe markup."""

from __future__ import annotations

from docgen.testing import link_sources


def found(files: dict[str, str]) -> list[tuple[str, int, str]]:
    linked, _ = link_sources(files)
    return [(f.code, f.location.line, f.message) for f in linked.findings if f.code == "DG405"]


def test_dg405_takes_a_call_of_a_method_returning_safe_markup_as_safe() -> None:
    files = {
        "widgets.py": '''
            """Widgets."""
            from django.utils.safestring import mark_safe


            class PartsWidget:
                """Parts."""

                def render(self, name, value, widgets):
                    """Markup."""
                    output = []
                    for widget in widgets:
                        output.append(widget.render(name, value))
                    mark_safe(self.format_output(output))
                    mark_safe(self.format_output(value))
                    return mark_safe(self.raw(name))

                def format_output(self, rendered) -> str:
                    """Wrapped."""
                    return '<div class="parts">%s</div>' % "".join(rendered)

                def raw(self, name):
                    """Not escaped."""
                    if name:
                        return "<b>fixed</b>"
                    return f"<b>{name}</b>"
        '''
    }
    # `value` is no rendered text, and `raw` returns its parameter unescaped on one path
    assert found(files) == [
        ("DG405", 14, "mark_safe() of text that is not fixed"),
        ("DG405", 15, "mark_safe() of text that is not fixed"),
    ]


def test_dg405_follows_module_functions_and_stops_at_recursion() -> None:
    files = {
        "tags.py": '''
            """Tags."""
            from django.utils.html import format_html
            from markupsafe import Markup


            def icon(name, size="fa-fw"):
                """An icon."""
                return format_html('<i class="{} {}"></i>', name, size)


            def wrap(text, tag="<p>"):
                """Wrapped in a tag."""
                return tag + text + "</p>"


            def loop(name):
                """Calls itself."""
                return loop(name)


            def show(watch):
                """Markup."""
                Markup(wrap(icon(watch.title)))
                Markup(loop("x"))
                Markup(f"<a href='{watch.url}'>")
                Markup(wrap(watch.body))
                return Markup(wrap("<b>x</b>", tag=watch.tag))
        '''
    }
    # a helper is as safe as what the call passes it, defaults included
    assert found(files) == [
        ("DG405", 24, "Markup() of text that is not fixed"),
        ("DG405", 25, "Markup() of text that is not fixed"),
        ("DG405", 26, "Markup() of text that is not fixed"),
        ("DG405", 27, "Markup() of text that is not fixed"),
    ]


def test_dg405_takes_a_format_of_a_translated_string_with_safe_arguments_as_safe() -> None:
    files = {
        "views.py": '''
            """Views."""
            from django.utils.html import format_html
            from django.utils.safestring import mark_safe
            from django.utils.translation import gettext as _


            def created(url, code):
                """Markup."""
                mark_safe(_("The voucher has been created: {code}").format(
                    code=format_html('<a href="{url}">{code}</a>', url=url, code=code)
                ))
                mark_safe("&nbsp;&times;")
                return mark_safe(_("Created: {code}").format(code=code))
        '''
    }
    assert found(files) == [("DG405", 13, "mark_safe() of text that is not fixed")]


def test_dg405_takes_character_entities_of_numbers_as_safe_and_of_characters_as_not() -> None:
    files = {
        "tags.py": '''
            """Tags."""
            from django.utils.safestring import mark_safe


            def anon_email(value):
                """Each character as a numeric entity."""
                mark_safe("".join(["&#{0};".format(ord(char)) for char in value]))
                mark_safe("<b>%d</b>" % len(value))
                return mark_safe("".join(chr(int(char)) for char in value))
        '''
    }
    assert found(files) == [("DG405", 9, "mark_safe() of text that is not fixed")]
