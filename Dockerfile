# Regiescan: the Telegram bot. Data lives in the /data volume; the process runs as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REGIESCAN_DATA_DIR=/data

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin regiescan

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY dialogs/ dialogs/
COPY storage/ storage/
COPY regiescan/ regiescan/
COPY locales/ locales/
# Editable install: the catalogs in /app/locales are found next to the packages.
RUN pip install -e . \
    && mkdir -p /data && chown regiescan:regiescan /data && chmod 0700 /data

USER regiescan
VOLUME ["/data"]
# Long polling by default; for a webhook add: --webhook URL --listen 0.0.0.0 --port 8443
# --secret-token S (and publish the port). The dashboard (REGIESCAN_WEBAPP_URL) listens on
# REGIESCAN_WEBAPP_LISTEN: in a container set it to 0.0.0.0:8080 and publish 8080 to the HTTPS proxy.
CMD ["regiescan", "run"]
