#!/usr/bin/env bash
# The nginx:alpine image of a sandbox container (the docker stand-in's console for nginx images):
# this machine's REAL nginx, as the host's user, with the compose service's volumes mounted under
# the container's rootfs (symlinks: ./nginx.conf -> rootfs/etc/nginx/nginx.conf, ...) and its pid,
# error log and prefix in the container's folder. nginx:alpine has the stream module built in; a
# Debian nginx has it as a module, loaded here (-g load_module) so the same nginx.conf works in both.
# `docker exec <container> nginx ...` finds the container's nginx (bin/nginx) first on its PATH.
# nginx runs in its own session (a terminal hangup would make it reload, not stop); this console
# stops it when the container stops.
set -u
dir=${PMGR_CONTAINER_DIR:?}
rootfs=$dir/rootfs
compose_dir=${PMGR_COMPOSE_DIR:-$PWD}
real=$(PATH=$PATH:/usr/sbin:/sbin command -v nginx) || { echo "nginx (sandbox image): nginx is not installed on this machine (apt-get install nginx libnginx-mod-stream)"; exit 1; }

rm -rf "$rootfs"
mkdir -p "$rootfs/etc/nginx" "$dir/run" "$dir/log" "$dir/bin"
IFS=',' read -ra volumes <<< "${PMGR_CONTAINER_VOLUMES:-}"
for volume in ${volumes[@]+"${volumes[@]}"}; do
  source=${volume%%:*}; rest=${volume#*:}; target=${rest%%:*}
  case "$source" in /*) ;; *) source=$compose_dir/${source#./} ;; esac
  mkdir -p "$rootfs$(dirname "$target")"
  ln -sfn "$source" "$rootfs$target"
done

globals="pid $dir/run/nginx.pid;"
if "$real" -V 2>&1 | grep -q -- '--with-stream=dynamic'; then
  modules=$("$real" -V 2>&1 | sed -n 's/.*--modules-path=\([^ ]*\).*/\1/p')
  globals="$globals load_module ${modules:-/usr/lib/nginx/modules}/ngx_stream_module.so;"
fi
cat > "$dir/bin/nginx" <<WRAPPER
#!/usr/bin/env bash
exec $(printf '%q' "$real") -p $(printf '%q' "$rootfs/etc/nginx/") -c $(printf '%q' "$rootfs/etc/nginx/nginx.conf") \
  -e $(printf '%q' "$dir/log/error.log") -g $(printf '%q' "$globals") "\$@"
WRAPPER
chmod +x "$dir/bin/nginx"

stop() {
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  exit 0
}
trap stop HUP TERM INT

echo "nginx (sandbox image): $("$real" -v 2>&1)"
setsid "$real" -p "$rootfs/etc/nginx/" -c "$rootfs/etc/nginx/nginx.conf" -e "$dir/log/error.log" \
  -g "$globals daemon off;" </dev/null >>"$dir/log/nginx.out" 2>&1 &
pid=$!
wait "$pid"
status=$?
echo "nginx exited ($status):"
tail -n 5 "$dir/log/error.log" 2>/dev/null
exit "$status"
