"""The dashboard's FastAPI application: pages and a JSON API over one posture store.

Every route is a GET; the app has no write endpoint. With a token, every request must carry
it (``Authorization: Bearer TOKEN``, or the ``incloud_token`` cookie a ``?token=`` visit
sets), compared with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, cast

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from .. import __version__
from ..errors import InputError
from ..history.diff import Diff, diff, pick_scans
from ..store import PostureStore
from ..store.posture import GapRow
from . import charts, pages, views

COOKIE = "incloud_token"
ACCOUNT = Path(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_-]+$")
UID = Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")
Verdict = Literal["fail", "unknown", "pass", "not_applicable"]
SeverityName = Literal["critical", "high", "medium", "low", "info"]
DOMAIN_CSS = {
    "identity": "s-1",
    "data_protection": "s-2",
    "network": "s-3",
    "compliance": "s-4",
    "application": "s-5",
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def create_app(store: PostureStore, token: str | None = None) -> FastAPI:
    """The dashboard over ``store``; with ``token``, every request must carry it."""
    app = FastAPI(
        title="incloud dashboard",
        version=__version__,
        description="Read-only posture history: scans, findings, matrix, frameworks, trends.",
        docs_url=None,  # Swagger UI loads from a CDN: the OpenAPI document is at /openapi.json
        redoc_url=None,
    )

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if token is not None:
            offered = _offered(request)
            if offered is None or not hmac.compare_digest(offered.encode(), token.encode()):
                return JSONResponse({"detail": "a valid token is required"}, status_code=401)
            if "token" in request.query_params:  # from a link: keep it in a cookie instead
                target = request.url.remove_query_params("token")
                query = f"?{target.query}" if target.query else ""
                redirect = RedirectResponse(f"{target.path}{query}", status_code=303)
                redirect.set_cookie(COOKIE, token, httponly=True, samesite="strict")
                return redirect
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = pages.policy()
        return response

    @app.exception_handler(InputError)
    async def not_found(request: Request, error: InputError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return HTMLResponse(pages.render("error.html", message=str(error), nav=_nav(store)), 404)

    _api(app, store)
    _pages(app, store)
    return app


def _offered(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.query_params.get("token") or request.cookies.get(COOKIE)


class Problem(BaseModel):
    """Why a request has no answer: what it names is not recorded (one line)."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Not recorded, or not a pair of scans to compare"}
}


def _api(app: FastAPI, store: PostureStore) -> None:
    @app.get("/api/scans", tags=["api"], responses=NOT_FOUND)
    def api_scans(
        account: Annotated[str | None, Query(max_length=32)] = None,
    ) -> list[views.ScanOut]:
        """Every recorded scan (of one account), oldest first."""
        return [views.scan_out(s) for s in store.scans(account)]

    @app.get("/api/overview", tags=["api"], responses=NOT_FOUND)
    def api_overview() -> views.Overview:
        """Every account's latest scan."""
        return views.overview(store)

    @app.get("/api/trend", tags=["api"], responses=NOT_FOUND)
    def api_organisation_trend() -> list[views.TrendPoint]:
        """Failing findings per domain across the organisation, scan by scan."""
        return views.organisation_trend(store)

    @app.get("/api/accounts/{account}/matrix", tags=["api"], responses=NOT_FOUND)
    def api_matrix(account: Annotated[str, ACCOUNT]) -> views.MatrixOut:
        """The account's responsibility matrix in its latest scan."""
        return views.matrix(store, account)

    @app.get("/api/accounts/{account}/frameworks", tags=["api"], responses=NOT_FOUND)
    def api_frameworks(account: Annotated[str, ACCOUNT]) -> list[views.FrameworkOut]:
        """The frameworks recorded in the account's latest scan."""
        return views.frameworks(store, account)

    @app.get("/api/accounts/{account}/trend", tags=["api"], responses=NOT_FOUND)
    def api_trend(account: Annotated[str, ACCOUNT]) -> list[views.TrendPoint]:
        """Failing findings per domain and framework scores, scan by scan."""
        return views.trend(store, account)

    @app.get("/api/accounts/{account}/gaps", tags=["api"], responses=NOT_FOUND)
    def api_gaps(account: Annotated[str, ACCOUNT]) -> list[GapRow]:
        """The failed reads of the account's latest scan."""
        return views.gaps(store, account)

    @app.get("/api/findings", tags=["api"], responses=NOT_FOUND)
    def api_findings(
        account: Annotated[str | None, Query(max_length=32)] = None,
        verdict: Verdict | None = None,
        severity: SeverityName | None = None,
        domain: Annotated[str | None, Query(max_length=32)] = None,
        muted: bool | None = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        sort: views.SortName = "severity",
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> views.FindingPage:
        """Findings of each account's latest scan, filtered, searched and sorted."""
        return views.findings(
            store,
            account=account,
            verdict=verdict,
            severity=severity,
            domain=domain,
            muted=muted,
            q=q,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/findings/{uid}", tags=["api"], responses=NOT_FOUND)
    def api_finding(uid: Annotated[str, UID]) -> views.FindingHistory:
        """One finding in every scan that judged it."""
        return views.finding_history(store, uid)

    @app.get("/api/diff", tags=["api"], responses=NOT_FOUND)
    def api_diff(
        before: Annotated[str | None, Query(max_length=64)] = None,
        after: Annotated[str | None, Query(max_length=64)] = None,
        account: Annotated[str | None, Query(max_length=32)] = None,
    ) -> Diff:
        """What changed between two scans (default: the account's last two)."""
        if before is None and after is not None:
            raise InputError("name the earlier scan too")
        first, second = pick_scans(store, before, after, account)
        return diff(store, first, second)


def _nav(store: PostureStore, account: str | None = None) -> dict[str, Any]:
    accounts = list(views.latest_scans(store))
    return {
        "accounts": accounts,
        "account": account or (accounts[0] if len(accounts) == 1 else None),
    }


def _pages(app: FastAPI, store: PostureStore) -> None:
    html: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}

    @app.get("/", **html)
    def overview_page() -> str:
        data = views.overview(store)
        points = views.organisation_trend(store)
        domains = sorted({d for p in points for d in p.failing})
        trend = charts.line_chart(
            "Failing findings per domain, every account",
            [p.collected_at for p in points],
            {d: [float(p.failing.get(d, 0)) for p in points] for d in domains},
            DOMAIN_CSS,
        )
        return pages.render("overview.html", overview=data, chart=trend, nav=_nav(store))

    @app.get("/accounts/{account}", **html)
    def account_page(account: Annotated[str, ACCOUNT]) -> str:
        latest = views.latest_scans(store)
        if account not in latest:
            raise InputError(f"no scan of account {account!r} is recorded")
        scan, count = latest[account]
        summary = views.account_summary(store, account, scan, count)
        points = views.trend(store, account)
        times = [p.collected_at for p in points]
        domains = sorted({d for p in points for d in p.failing})
        by_domain = charts.line_chart(
            "Failing findings per domain",
            times,
            {d: [float(p.failing.get(d, 0)) for p in points] for d in domains},
            DOMAIN_CSS,
        )
        names = sorted({f for p in points for f in p.frameworks})
        by_framework = charts.line_chart(
            "Framework score",
            times,
            {f: [p.frameworks.get(f) for p in points] for f in names},
            {f: f"s-{i % 5 + 1}" for i, f in enumerate(names)},
            unit="%",
            top=100.0,
        )
        return pages.render(
            "account.html",
            summary=summary,
            charts=[by_domain, by_framework],
            scans=list(reversed(store.scans(account)))[:30],
            nav=_nav(store, account),
        )

    @app.get("/matrix/{account}", **html)
    def matrix_page(account: Annotated[str, ACCOUNT]) -> str:
        data = views.matrix(store, account)
        return pages.render("matrix.html", matrix=data, nav=_nav(store, account))

    @app.get("/matrix/{account}/{service}", **html)
    def service_page(account: Annotated[str, ACCOUNT], service: Annotated[str, ACCOUNT]) -> str:
        data = views.matrix(store, account)
        if service not in data.services:
            raise InputError(f"{service!r} is not in use in {account}")
        duties = [(row, row.cells[service]) for row in data.rows if service in row.cells]
        evidence = views.findings(store, account=account, limit=5000).findings
        evidence = [f for f in evidence if f.service == service]
        return pages.render(
            "service.html",
            matrix=data,
            service=service,
            duties=duties,
            evidence=evidence,
            nav=_nav(store, account),
        )

    @app.get("/findings", **html)
    def findings_page(
        account: Annotated[str, Query(max_length=32)] = "",
        verdict: Annotated[str, Query(max_length=32)] = "",
        severity: Annotated[str, Query(max_length=32)] = "",
        domain: Annotated[str, Query(max_length=32)] = "",
        muted: Annotated[str, Query(max_length=8)] = "",
        q: Annotated[str, Query(max_length=200)] = "",
        sort: Annotated[str, Query(max_length=16)] = "severity",
    ) -> str:
        # the form sends every field, empty ones as "": "" means any
        for name, value, allowed in (
            ("verdict", verdict, views.VERDICTS),
            ("severity", severity, views.SEVERITIES),
            ("muted", muted, ("yes", "no")),
            ("sort", sort, views.SORTS),
        ):
            if value and value not in allowed:
                raise InputError(f"unknown {name} {value!r} (choose: {', '.join(allowed)})")
        page = views.findings(
            store,
            account=account or None,
            verdict=verdict or None,
            severity=severity or None,
            domain=domain or None,
            muted=None if not muted else muted == "yes",
            q=q or None,
            sort=cast(views.SortName, sort or "severity"),
        )
        filters = {
            "account": account,
            "verdict": verdict,
            "severity": severity,
            "domain": domain,
            "muted": muted,
            "q": q,
            "sort": sort,
        }
        return pages.render(
            "findings.html",
            page=page,
            filters=filters,
            verdicts=views.VERDICTS,
            severities=views.SEVERITIES,
            sorts=views.SORTS,
            domains=sorted(DOMAIN_CSS),
            nav=_nav(store, account or None),
        )

    @app.get("/findings/{uid}", **html)
    def finding_page(uid: Annotated[str, UID]) -> str:
        data = views.finding_history(store, uid)
        return pages.render("finding.html", record=data, nav=_nav(store, data.finding.account_id))

    @app.get("/frameworks/{account}", **html)
    def frameworks_page(account: Annotated[str, ACCOUNT]) -> str:
        data = views.frameworks(store, account)
        return pages.render(
            "frameworks.html", frameworks=data, account=account, nav=_nav(store, account)
        )

    @app.get("/gaps/{account}", **html)
    def gaps_page(account: Annotated[str, ACCOUNT]) -> str:
        data = views.gaps(store, account)
        return pages.render("gaps.html", gaps=data, account=account, nav=_nav(store, account))
