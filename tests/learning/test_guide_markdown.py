"""The Markdown of guides becomes safe HTML: no script, no javascript: link, no raw HTML, no
picture from elsewhere; our pictures load lazily with their size."""

import re

from langso.learning.markdown import image_digests, render


def tags(html: str) -> str:
    """The markup of ``html`` without its text: what a browser would act on."""
    return " ".join(re.findall(r"<[^>]*>", html))


OURS = "/huong-dan/anh/" + "a" * 64


def test_script_and_raw_html_are_text_not_markup() -> None:
    html = render('Xin chào <script>alert("x")</script> <img src=x onerror="alert(1)"> <b>đậm</b>')
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html


def test_javascript_and_data_links_do_not_survive() -> None:
    html = render(
        "[bấm](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,x) "
        "[d](vbscript:x) [tốt](https://dichvucong.gov.vn/)"
    )
    # What the parser refused stays as harmless text; no tag carries it.
    assert "javascript" not in tags(html).lower()
    assert "data:" not in tags(html)
    assert "vbscript" not in tags(html)
    assert tags(html).count("<a ") == 1
    assert 'href="https://dichvucong.gov.vn/"' in html
    assert "noopener" in html


def test_pictures_from_elsewhere_are_dropped_and_ours_load_lazily() -> None:
    html = render(
        f"![ngoài](https://evil.example/a.png) ![gần giống](/huong-dan/anh/../x) ![của ta]({OURS})",
        sizes={"a" * 64: (240, 400)},
    )
    assert "evil.example" not in html
    assert "/x" not in html.replace(OURS, "")
    assert html.count("<img") == 1
    assert f'src="{OURS}"' in html
    assert 'loading="lazy"' in html
    assert 'width="240"' in html
    assert 'height="400"' in html
    assert image_digests(f"![a]({OURS}) ![b](https://x/y.png)") == ["a" * 64]


def test_the_allowed_subset_renders() -> None:
    html = render("# Lớn\n\n1. **đậm** và *nghiêng*\n2. hai\n\n- một ý\n\n### Nhỏ")
    assert "<h1>" not in html
    assert "<h3>Lớn</h3>" in html
    assert "<ol>" in html
    assert "<ul>" in html
    assert "<strong>đậm</strong>" in html
    assert "<em>nghiêng</em>" in html


def test_attributes_an_editor_could_smuggle_are_removed() -> None:
    html = render('[x](https://a.vn "t" onclick="alert(1)")\n\n<a href="https://a.vn" style="x">')
    assert "onclick" not in tags(html)
    assert "style" not in tags(html)
