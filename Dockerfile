# Two stages: build the virtual environment with the compilers at hand, run from a slim image.
FROM python:3.11-slim AS build
WORKDIR /srv
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY app ./app
# Dependencies only: the application runs from /srv, beside its migrations and seed files.
RUN pip install --no-cache-dir . && pip uninstall --yes disclosure-rules

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 disclosure
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seed ./seed
# WEB_CONCURRENCY worker processes: several suit PostgreSQL; keep 1 on the SQLite default.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////srv/var/disclosure.db \
    WEB_CONCURRENCY=1 \
    LOG_FORMAT=json
RUN mkdir -p /srv/var && chown disclosure /srv/var
USER disclosure
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# Applies the migrations and seeds an empty database before it listens (replicas take turns);
# on SIGTERM, finishes the requests in flight (GRACEFUL_SHUTDOWN_SECONDS) and exits.
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
