# Corporate Parenting Hub: a slim, non-root image. Build: docker build -t cphub .
# Runs gunicorn (cphub serve) by default; the same image runs the django-q2 worker (cphub worker).
# See docs/deployment.md (compose.yaml: PostgreSQL + web + worker behind a TLS-terminating proxy).

# --- GOV.UK Frontend (pinned by package-lock.json)
FROM node:22-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- Python packages: the runtime lock only, hashes required
FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes -r /tmp/requirements.lock
COPY pyproject.toml README.md /src/
COPY src /src/src
RUN /venv/bin/pip install --no-deps /src

# --- runtime
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cphub \
 && useradd --system --uid 10001 --gid cphub --home-dir /var/lib/cphub --shell /usr/sbin/nologin cphub \
 && mkdir -p /var/lib/cphub /app/static && chown cphub:cphub /var/lib/cphub
COPY --from=python /venv /venv
COPY --from=frontend /build/node_modules/govuk-frontend/dist/govuk /app/govuk-frontend
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=cphub.web.settings \
    CPHUB_HOME=/app CPHUB_VAR=/var/lib/cphub CPHUB_STATIC_ROOT=/app/static \
    CPHUB_GOVUK_FRONTEND=/app/govuk-frontend
# Static files are collected at build time (the throwaway key is only for this step; the app refuses to start
# without CPHUB_SECRET_KEY).
RUN CPHUB_SECRET_KEY=collectstatic-only-not-a-runtime-key python -m django collectstatic --noinput -v 0
USER cphub:cphub
WORKDIR /var/lib/cphub
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["cphub", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-collectstatic"]
