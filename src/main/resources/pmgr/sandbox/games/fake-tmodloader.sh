#!/usr/bin/env bash
# Sandbox stand-in for the tModLoader dedicated server console that runs in a tmux session inside
# the "container". It answers what the manager types with `docker exec <c> tmux send-keys`:
# "playing" lists one ": name (ip:port)" line per player and a count line, "say" broadcasts,
# "exit" saves and quits (which ends the container). Players come from $PMGR_CONTAINER_DIR/players;
# $PMGR_CONTAINER_DIR/answer-delay (seconds), when present, makes it slow to answer "playing".
set -u
STATE=${PMGR_CONTAINER_DIR:-.}
IMAGE_VERSION=$(cat "$STATE/image-version" 2>/dev/null || echo 1)

players() {
  [ -f "$STATE/players" ] || return 0
  grep -v '^[[:space:]]*$' "$STATE/players"
}

list_playing() {
  local count=0 name
  while IFS= read -r name; do
    printf ': %s (192.168.1.%d:%d)\n' "$name" $((20 + count)) $((51234 + count))
    count=$((count + 1))
  done < <(players)
  case $count in
    0) echo ": No players connected." ;;
    1) echo "1 player connected." ;;
    *) echo "$count players connected." ;;
  esac
}

echo "Terraria Server v1.4.4.9 - tModLoader v2024.$IMAGE_VERSION.3.0"
echo "Finding Mods..."
echo "Instantiating Mods..."
echo "Resetting game objects 100%"
echo "Loading world data: 100%"
echo "Settling liquids 100%"
echo "Listening on port 7777"
echo "Type 'help' for a list of commands."
echo
echo "Server started"

while printf ': ' && IFS= read -r line; do
  line=${line%$'\r'}
  cmd=${line%% *}
  arg=""
  [ "$cmd" != "$line" ] && arg=${line#* }
  case "$cmd" in
    "")      ;;
    playing) # a slow server (tests): $STATE/answer-delay seconds before the answer
             [ -f "$STATE/answer-delay" ] && sleep "$(cat "$STATE/answer-delay")"
             list_playing ;;
    say)     echo "<Server> $arg" ;;
    exit)    echo "Saving world data: 100%"; echo "Validating world save: 100%"; exit 0 ;;
    *)       echo "Invalid command." ;;
  esac
done
