"""`/`: where a newcomer lands, with the way to everything else. Plain HTML, nothing fetched."""

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Disclosure Rules Service · 公共资源配置领域政府信息公开规则服务</title>
<link rel="icon" href="/static-offline-docs/favicon.png">
<style>
  body { font: 15px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 760px;
         margin: 2rem auto; padding: 0 1rem; color: #1f2937; }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; } p.sub { margin-top: 0; color: #4b5563; }
  ul { padding-left: 1.2rem; } a { color: #1d4ed8; }
  pre { background: #f3f4f6; padding: .8rem; overflow-x: auto; border-radius: 4px; font-size: 13px; }
</style>
</head>
<body>
<h1>Disclosure Rules Service</h1>
<p class="sub">公共资源配置领域政府信息公开目录，作为可核验的规则：公开什么、谁公开、何时公开、在哪里公开。</p>
<ul>
  <li><a href="/docs">Swagger UI</a>: every operation, tried in the browser (use <b>Authorize</b> for a key) ·
      在线调试</li>
  <li><a href="/redoc">ReDoc</a>: the same reference, to read · 接口文档</li>
  <li><a href="/dashboard">Dashboard</a>: on-time rates, trend and overdue notices · 公开情况看板</li>
  <li><a href="/openapi.json">/openapi.json</a>: the OpenAPI document, for generated clients</li>
  <li><a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></li>
</ul>
<p>First calls · 试一试:</p>
<pre>curl -G '{base}v1/obligations' --data-urlencode 'jurisdiction=350582' --data-urlencode 'q=成交公示'
curl '{base}v1/obligations/15/due-date?triggered_at=2025-09-26'
curl '{base}v1/notice-types'</pre>
<p>Writes and event-level reads need an API key: <code>python -m app keys create NAME --scope events:write
--jurisdiction CODE</code>, sent as <code>X-API-Key</code>. The README says the rest.</p>
</body>
</html>
"""


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def landing(request: Request) -> HTMLResponse:
    # The address the visitor used, so the first calls can be pasted as they are.
    return HTMLResponse(PAGE.replace("{base}", html.escape(str(request.base_url))))
