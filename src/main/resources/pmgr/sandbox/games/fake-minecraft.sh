#!/usr/bin/env bash
# Sandbox stand-in for a Minecraft server console. It behaves the way the manager observes a real
# server: boot lines in logs/latest.log, a "Done (" line once ready, console commands read from
# stdin (tmux send-keys types into it) and answered in latest.log, and a delayed exit on "stop".
# Tunables and the online players live in .sandbox/ next to this script (written by GameHost).
set -u
export LC_NUMERIC=C   # printf %.3f below must print a dot whatever the locale
cd "$(dirname "$0")" || exit 1

BOOT_DELAY=3        # seconds, as sleep(1) takes them
BOOT_MILLIS=3000    # the same delay for the "Time elapsed" line
STOP_DELAY=1
MC_VERSION=1.21.1
[ -f .sandbox/console.conf ] && . .sandbox/console.conf

LOG=logs/latest.log
OPS=.sandbox/ops
mkdir -p logs .sandbox
: > "$LOG"
touch "$OPS"

# Every console line goes to latest.log (what the manager reads) and to stdout (the tmux pane).
# Bash builtins only on the answering path (printf's %(...)T for the time): a real server answers a
# console command without starting processes, and a sandbox VM running dozens of these stays quiet.
log_line() {
  local thread=$1; shift
  local line
  printf -v line '[%(%H:%M:%S)T] [%s/INFO]: %s' -1 "$thread" "$*"
  printf '%s\n' "$line" >> "$LOG"
  printf '%s\n' "$line"
}
info() { log_line "Server thread" "$@"; }

# server.properties' max-players (20 when absent) into MAX; read at every list, as the manager may change it.
read_max_players() {
  local line
  MAX=""
  if [ -f server.properties ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^max-players=([0-9]+) ]]; then MAX=${BASH_REMATCH[1]}; break; fi
    done < server.properties
  fi
  MAX=${MAX:-20}
}

# The online players, one per line in .sandbox/players (blank lines ignored), into the array ONLINE.
read_online_players() {
  local name
  ONLINE=()
  [ -f .sandbox/players ] || return 0
  while IFS= read -r name || [ -n "$name" ]; do
    [[ $name =~ ^[[:space:]]*$ ]] || ONLINE+=("$name")
  done < .sandbox/players
}

list_players() {
  local names="" name
  read_online_players
  read_max_players
  for name in "${ONLINE[@]}"; do names+=${names:+, }$name; done
  info "There are ${#ONLINE[@]} of a max of $MAX players online: $names"
}

# ops.json as the server keeps it: one entry per operator (an offline-mode style UUID from the name).
write_ops_json() {
  local name hash sep=""
  {
    printf '['
    while IFS= read -r name; do
      [ -z "$name" ] && continue
      hash=$(printf 'OfflinePlayer:%s' "$name" | md5sum | cut -c1-32)
      printf '%s{"uuid":"%s-%s-3%s-%s-%s","name":"%s","level":4,"bypassesPlayerLimit":false}' "$sep" \
        "${hash:0:8}" "${hash:8:4}" "${hash:13:3}" "${hash:16:4}" "${hash:20:12}" "$name"
      sep=","
    done < "$OPS"
    printf ']\n'
  } > ops.json.tmp && mv ops.json.tmp ops.json
}

op_player() {
  if grep -qxF -- "$1" "$OPS"; then
    info "Nothing changed. The player already is an operator"
  else
    printf '%s\n' "$1" >> "$OPS"
    write_ops_json
    info "Made $1 a server operator"
  fi
}

deop_player() {
  if grep -qxF -- "$1" "$OPS"; then
    grep -vxF -- "$1" "$OPS" > "$OPS.tmp"; mv "$OPS.tmp" "$OPS"
    write_ops_json
    info "Made $1 no longer a server operator"
  else
    info "Nothing changed. The player is not an operator"
  fi
}

unknown_command() {
  info "Unknown or incomplete command, see below for error"
  info "$1<--[HERE]"
}

stop_server() {
  info "Stopping the server"
  info "Stopping server"
  info "Saving players"
  info "Saving worlds"
  sleep "$STOP_DELAY"
  info "ThreadedAnvilChunkStorage: All dimensions are saved"
  exit 0
}

log_line "ServerMain" "Environment: Environment[sessionHost=https://sessionserver.mojang.com, servicesHost=https://api.minecraftservices.com, name=PROD]"
info "Starting minecraft server version $MC_VERSION"
info "Loading properties"
info "Default game type: SURVIVAL"
info "Generating keypair"
info "Starting Minecraft server on *:25565"
info "Using epoll channel type"
info "Preparing level \"world\""
sleep "$BOOT_DELAY"
info "Preparing start region for dimension minecraft:overworld"
info "Time elapsed: $BOOT_MILLIS ms"
info "Done ($(printf '%.3f' "$BOOT_DELAY")s)! For help, type \"help\""

while IFS= read -r line; do
  line=${line%$'\r'}
  line=${line#"${line%%[![:space:]]*}"}   # trim leading blanks
  line=${line#/}                          # the console accepts an optional slash
  [ -z "$line" ] && continue
  cmd=${line%% *}
  arg=""
  [ "$cmd" != "$line" ] && arg=${line#* }
  case "$cmd" in
    list) list_players ;;
    say)  if [ -n "$arg" ]; then info "[Server] $arg"; else unknown_command "$line"; fi ;;
    op)   if [ -n "$arg" ]; then op_player "$arg"; else unknown_command "$line"; fi ;;
    deop) if [ -n "$arg" ]; then deop_player "$arg"; else unknown_command "$line"; fi ;;
    stop) stop_server ;;
    *)    unknown_command "$line" ;;
  esac
done
# stdin closed (no console attached): shut down like a stop rather than linger without input.
stop_server
