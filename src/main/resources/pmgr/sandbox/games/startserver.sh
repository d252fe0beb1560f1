#!/usr/bin/env bash
# Sandbox start script, in place of a modpack's startserver.sh that would launch java.
# The console runs under a java-looking name so that `pgrep -f java` / `pgrep -f 'java.*neoforge'`
# find it the way the manager finds a real server, and `kill -0 <pid>` sees it exit after "stop".
cd "$(dirname "$0")" || exit 1
echo "Starting server (sandbox)..."
exec -a "java -Xms10G -Xmx10G @user_jvm_args.txt @libraries/net/neoforged/neoforge/21.1.77/unix_args.txt nogui" \
  bash ./fake-minecraft.sh
