# Regiescan: the Telegram bot. Data lives in the /data volume; the process runs as a non-root user.
# Stage 1 builds the wheel (catalogs and data inside); stage 2 installs only that wheel.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY dialogs/ dialogs/
COPY storage/ storage/
COPY regiescan/ regiescan/
COPY locales/ locales/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REGIESCAN_DATA_DIR=/data

# Fallback fonts for the PDF: emoji and symbols (Symbola), Chinese, Japanese, Korean (WenQuanYi).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-symbola fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin regiescan
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && mkdir -p /data && chown regiescan:regiescan /data && chmod 0700 /data

WORKDIR /app
USER regiescan
VOLUME ["/data"]
# The bot rewrites /data/heartbeat every 30 s; `regiescan health` fails when it is 2 min old.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["regiescan", "health"]
# Long polling by default; for a webhook add: --webhook URL --listen 0.0.0.0 --port 8443
# and REGIESCAN_WEBHOOK_SECRET (and publish the port). The dashboard (REGIESCAN_WEBAPP_URL) listens on
# REGIESCAN_WEBAPP_LISTEN: in a container set it to 0.0.0.0:8080 and publish 8080 to the HTTPS proxy.
CMD ["regiescan", "run"]
