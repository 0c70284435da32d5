#!/usr/bin/env bash
# Throwaway RabbitMQ and PostgreSQL servers on loopback, with their data in a temp folder.
#   scripts/servers.sh start DIR    installs what is missing (Debian, as root), starts both, waits
#                                   until they answer, and writes DIR/env with BOOKLINE_TEST_AMQP
#                                   and BOOKLINE_TEST_POSTGRES for the tests
#   scripts/servers.sh stop DIR     stops both (also half-started ones) and removes DIR
#   scripts/servers.sh ctl DIR ARGS runs rabbitmqctl against the throwaway broker
#   scripts/servers.sh kill-broker DIR        kill -9 of the broker's node, then starts it again (faults)
#   scripts/servers.sh restart-postgres DIR [fast|immediate]   restarts PostgreSQL (faults)
# Ports: RABBITMQ_PORT and POSTGRES_PORT, by default the first free from 5683 and 5443; epmd gets
# the AMQP port + 10000 and Erlang distribution + 20000.
set -uo pipefail

command=${1:?usage: servers.sh start|stop|ctl DIR}
dir=${2:?usage: servers.sh start|stop|ctl DIR}
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # the first port from $1 up, by $2, that nothing listens on (with its +10000 and +20000 companions)
  local port=$1
  while in_use "$port" || in_use $((port + 10000)) || in_use $((port + 20000)); do port=$((port + $2)); done
  echo "$port"
}
if [[ "$command" == start ]]; then
  amqp_port=${RABBITMQ_PORT:-$(free_port 5683 2)}
  pg_port=${POSTGRES_PORT:-$(free_port 5443 2)}
else
  # stop and ctl find the ports that start chose in DIR/env
  amqp_port=$(sed -n 's|.*BOOKLINE_TEST_AMQP=amqp://[^@]*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/env" 2>/dev/null)
  amqp_port=${amqp_port:-${RABBITMQ_PORT:-5683}}
  pg_port=$(sed -n 's|.*BOOKLINE_TEST_POSTGRES=postgres://[^@]*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/env" 2>/dev/null)
  pg_port=${pg_port:-${POSTGRES_PORT:-5443}}
fi
epmd_port=$((amqp_port + 10000))
rabbit_bin=/usr/lib/rabbitmq/bin
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

rabbit_env() {
  export HOME="$dir/rabbitmq" RABBITMQ_NODENAME="bookline$amqp_port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$amqp_port RABBITMQ_DIST_PORT=$((amqp_port + 20000)) ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$dir/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$dir/rabbitmq/log" RABBITMQ_PID_FILE="$dir/rabbitmq/pid" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq/rabbitmq" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/rabbitmq/advanced.config" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/rabbitmq/enabled_plugins" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq/rabbitmq-env.conf" \
    ERL_CRASH_DUMP="$dir/rabbitmq/erl_crash.dump"  # a failed start dumps here, not into the repository
}

as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_missing() {
  local missing=()
  [[ -x $rabbit_bin/rabbitmq-server ]] || missing+=(rabbitmq-server)
  [[ -n "$pg_bin" && -x $pg_bin/initdb ]] || missing+=(postgresql)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})" >&2; return 1
  fi
  echo "Installing ${missing[*]}..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/dev/null 2>&1 \
    || { echo "could not install ${missing[*]}" >&2; return 1; }
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
}

start_rabbitmq() {
  mkdir -p "$dir/rabbitmq/log" "$dir/rabbitmq/mnesia"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/rabbitmq/.erlang.cookie"
  chmod 400 "$dir/rabbitmq/.erlang.cookie"
  printf 'disk_free_limit.absolute = 50MB\nvm_memory_high_watermark.absolute = 1GB\nlog.console = false\n' > "$dir/rabbitmq/rabbitmq.conf"
  echo '[].' > "$dir/rabbitmq/advanced.config"; echo '[].' > "$dir/rabbitmq/enabled_plugins"; : > "$dir/rabbitmq/rabbitmq-env.conf"
  (rabbit_env; setsid nohup "$rabbit_bin/rabbitmq-server" > "$dir/rabbitmq/stdout.log" 2>&1 &)
  if ! (rabbit_env; "$rabbit_bin/rabbitmqctl" wait --timeout 90 "$dir/rabbitmq/pid" >/dev/null 2>&1); then
    echo "RabbitMQ did not start; its log:" >&2; tail -20 "$dir/rabbitmq/stdout.log" "$dir"/rabbitmq/log/*.log 2>/dev/null >&2; return 1
  fi
}

# fsync=off and full_page_writes=off trade durability against an operating-system crash for speed; a
# commit still reaches the operating system before it is acknowledged (synchronous_commit stays on),
# so a PostgreSQL process that crashes (the fault tests kill it) loses no committed transaction.
start_postgres() {
  mkdir -p "$dir/postgres"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir/postgres"
  as_postgres "$pg_bin/initdb" -D "$dir/postgres/data" -U postgres --auth=trust -N -E UTF8 --locale=C.UTF-8 >/dev/null \
    || { echo "initdb failed" >&2; return 1; }
  as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/server.log" -w -t 30 \
    -o "-p $pg_port -k $dir/postgres -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { echo "PostgreSQL did not start; its log:" >&2; tail -20 "$dir/postgres/server.log" >&2; return 1; }
}

stop_all() {
  if [[ -f "$dir/rabbitmq/pid" ]]; then
    (rabbit_env; timeout 60 "$rabbit_bin/rabbitmqctl" shutdown >/dev/null 2>&1) || kill -TERM "$(cat "$dir/rabbitmq/pid")" 2>/dev/null
  fi
  [[ -x /usr/bin/epmd || -n "$(command -v epmd)" ]] && epmd -port "$epmd_port" -kill >/dev/null 2>&1
  for e in /usr/lib/erlang/erts-*/bin/epmd; do [[ -x $e ]] && "$e" -port "$epmd_port" -kill >/dev/null 2>&1; done
  if [[ -f "$dir/postgres/data/postmaster.pid" ]]; then
    as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres/data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$dir"
}

case "$command" in
  start)
    mkdir -p "$dir"; chmod 755 "$dir"
    started=$(date +%s.%N)
    install_missing || exit 1
    start_postgres & pg=$!
    start_rabbitmq; rabbit=$?
    wait $pg; postgres=$?
    if [[ $rabbit -ne 0 || $postgres -ne 0 ]]; then stop_all; exit 1; fi
    printf 'export BOOKLINE_TEST_AMQP=amqp://guest:guest@127.0.0.1:%s/\nexport BOOKLINE_TEST_POSTGRES=postgres://postgres@127.0.0.1:%s/postgres\nexport BOOKLINE_TEST_SERVERS_DIR=%s\n' \
      "$amqp_port" "$pg_port" "$dir" > "$dir/env"
    awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "RabbitMQ and PostgreSQL ready in %.1f s\n", e - s }'
    ;;
  stop) stop_all ;;
  ctl) shift 2; rabbit_env; exec "$rabbit_bin/rabbitmqctl" "$@" ;;
  kill-broker)
    # The node's OS process dies without a word (a power cut, the OOM killer); its data stays. The
    # pid file names the Erlang VM (beam.smp); its parent shell and epmd are left to the restart.
    pid=$(cat "$dir/rabbitmq/pid" 2>/dev/null) && kill -KILL "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    rm -f "$dir/rabbitmq/pid"
    (rabbit_env; setsid nohup "$rabbit_bin/rabbitmq-server" >> "$dir/rabbitmq/stdout.log" 2>&1 &)
    (rabbit_env; "$rabbit_bin/rabbitmqctl" wait --timeout 90 "$dir/rabbitmq/pid" >/dev/null 2>&1) \
      || { echo "RabbitMQ did not start again; its log:" >&2; tail -20 "$dir/rabbitmq/stdout.log" >&2; exit 1; }
    ;;
  restart-postgres)
    as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/server.log" -m "${3:-fast}" -w -t 60 restart >/dev/null \
      || { echo "PostgreSQL did not restart; its log:" >&2; tail -20 "$dir/postgres/server.log" >&2; exit 1; }
    ;;
  *) echo "usage: servers.sh start|stop|ctl|kill-broker|restart-postgres DIR" >&2; exit 2 ;;
esac
