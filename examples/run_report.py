"""Text, Markdown and HTML reports for the results of a test run.

The renderers grow their output one `+=` at a time, which is how report code
usually starts life. hotlint flags each of those loops (HOT201);
`render_junit_summary` at the end builds its text from a list of parts and is
left alone.
"""
from collections import Counter
from html import escape
from typing import Iterable, NamedTuple

OUTCOMES = ("passed", "failed", "skipped", "error")


class TestResult(NamedTuple):
    name: str
    outcome: str
    duration: float
    message: str = ""


def summary_line(results: Iterable[TestResult]) -> str:
    counts = Counter(result.outcome for result in results)
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES if outcome in counts)


def render_text(results: list[TestResult]) -> str:
    report = "Test report\n===========\n"
    for result in results:
        report += f"{result.outcome.upper():<8} {result.name} ({result.duration:.3f}s)\n"
        if result.message:
            for line in result.message.splitlines():
                report += "         " + line + "\n"
    report += "\n" + summary_line(results) + "\n"
    return report


def render_markdown(results: list[TestResult], title: str = "Test results") -> str:
    table = f"## {title}\n\n| test | outcome | seconds |\n|---|---|---:|\n"
    for result in sorted(results, key=lambda r: r.duration, reverse=True):
        table = table + "| `{}` | {} | {:.3f} |\n".format(result.name, result.outcome, result.duration)
    return table


def slowest_tests(results: list[TestResult], limit: int = 5) -> str:
    ranked = sorted(results, key=lambda r: r.duration, reverse=True)[:limit]
    text = ""
    for position, result in enumerate(ranked, start=1):
        text += str(position) + ". " + result.name + "\n"
    return text


class HtmlReport:
    __slots__ = ("title", "body")

    def __init__(self, title: str) -> None:
        self.title = title
        self.body = ""

    def add_section(self, heading: str, results: list[TestResult]) -> None:
        self.body += f"<h2>{escape(heading)}</h2>\n<ul>\n"
        for result in results:
            self.body += f"<li class=\"{result.outcome}\">{escape(result.name)}</li>\n"
        self.body += "</ul>\n"

    def render(self) -> str:
        return (f"<!doctype html>\n<html><head><title>{escape(self.title)}</title></head>\n"
                f"<body>\n<h1>{escape(self.title)}</h1>\n{self.body}</body></html>\n")


def render_junit_summary(results: list[TestResult]) -> str:
    failures = sum(1 for result in results if result.outcome == "failed")
    parts = [f'<testsuite tests="{len(results)}" failures="{failures}">']
    parts.extend(
        f'  <testcase name="{escape(result.name)}" time="{result.duration:.3f}"/>'
        for result in results
    )
    parts.append("</testsuite>")
    return "\n".join(parts)


if __name__ == "__main__":
    demo = [
        TestResult("test_parse_empty", "passed", 0.002),
        TestResult("test_parse_unicode", "failed", 0.013, "expected 'é'\ngot 'e'"),
        TestResult("test_network", "skipped", 0.0, "offline"),
    ]
    print(render_text(demo))
    print(render_markdown(demo))
    print(slowest_tests(demo))
    page = HtmlReport("Nightly run")
    page.add_section("All tests", demo)
    print(page.render())
    print(render_junit_summary(demo))
