#!/usr/bin/env bash
# Install (or upgrade) Dudao's production stack on a Debian-family server from a bundle made by
# `make bundle`, without a network: Debian packages, a venv from the bundled wheels, the source in
# /opt/dudao, PostgreSQL database and role, Redis, nginx, three systemd units (web, worker, beat),
# migrations, static files, then waits for /readyz. Run as root from the unpacked bundle:
#   tar -xzf dudao-bundle-<rev>.tar.gz && cd dudao-bundle-<rev> && ./install.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$here/dudao
APP=/opt/dudao
[ "$(id -u)" = 0 ] || { echo "请以 root 运行 (run as root)"; exit 1; }

echo "== Debian 软件包 (offline) =="
if ls "$here"/debs/*.deb >/dev/null 2>&1; then
  apt-get install -y -q --no-download "$here"/debs/*.deb
fi

echo "== 用户与目录 =="
id dudao >/dev/null 2>&1 || useradd --system --home "$APP" --shell /usr/sbin/nologin dudao
mkdir -p "$APP" /etc/dudao /var/lib/dudao/media /var/lib/dudao/backups
rsync -a --delete --exclude var --exclude venv --exclude node_modules "$src"/ "$APP"/
tar -xzf "$here/node_modules.tar.gz" -C "$APP"
[ -f /etc/dudao/dudao.env ] || {
  sed "s/^DUDAO_SECRET_KEY=.*/DUDAO_SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=')/" \
    "$APP/deploy/dudao.env.example" >/etc/dudao/dudao.env
  chmod 640 /etc/dudao/dudao.env; chgrp dudao /etc/dudao/dudao.env
  echo "已生成 /etc/dudao/dudao.env：请核对 DUDAO_ALLOWED_HOSTS 与证书路径。"
}

echo "== Python 环境 (bundled wheels) =="
[ -x "$APP/venv/bin/python" ] || python3 -m venv "$APP/venv"
"$APP/venv/bin/pip" install -q --no-index --find-links "$here/wheels" "setuptools>=69" wheel
"$APP/venv/bin/pip" install -q --no-index --find-links "$here/wheels" --no-build-isolation -e "$APP"

echo "== PostgreSQL 与 Redis =="
systemctl enable --now postgresql redis-server
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='dudao'\"" | grep -q 1 \
  || su postgres -c "createuser dudao"
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='dudao'\"" | grep -q 1 \
  || su postgres -c "createdb -O dudao dudao"

echo "== 迁移、静态文件、译文 =="
chown -R dudao:dudao "$APP" /var/lib/dudao
run() { su dudao -s /bin/bash -c "set -a; . /etc/dudao/dudao.env; set +a; cd $APP && venv/bin/python manage.py $*"; }
run migrate --noinput
run collectstatic --noinput -v0
run compile_catalogues

echo "== nginx 与 systemd =="
install -m 644 "$APP/deploy/nginx/dudao.conf" /etc/nginx/conf.d/dudao.conf
[ -f /etc/dudao/tls/server.crt ] || {
  mkdir -p /etc/dudao/tls
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$(hostname)" \
    -keyout /etc/dudao/tls/server.key -out /etc/dudao/tls/server.crt 2>/dev/null
  echo "已生成自签名证书 /etc/dudao/tls/：请换成单位的正式证书。"
}
install -m 644 "$APP"/deploy/systemd/dudao-*.service /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now dudao-web dudao-worker dudao-beat
nginx -t && systemctl reload-or-restart nginx

echo "== 就绪检查 =="
for _ in $(seq 1 60); do
  if curl -fsk https://127.0.0.1/readyz >/dev/null; then echo "Dudao 已就绪：https://$(hostname)/"; exit 0; fi
  sleep 2
done
curl -sk https://127.0.0.1/readyz || true
echo "就绪检查未通过：journalctl -u dudao-web -u dudao-worker" >&2
exit 1
