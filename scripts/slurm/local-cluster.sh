#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, from Debian's slurm-wlm and munge, to try and test
# scripts/slurm/sweep.sbatch without a real cluster. Root only (slurmd runs jobs as their user).
#   scripts/slurm/local-cluster.sh start    install the packages if missing (apt-get), then start
#                                           munged, slurmctld and slurmd; waits for an idle node
#   eval "$(scripts/slurm/local-cluster.sh env)"   SLURM_CONF for sinfo, sbatch, squeue, scontrol
#   scripts/slurm/local-cluster.sh status   exit 0 when the cluster answers with an idle node
#   scripts/slurm/local-cluster.sh stop     cancel its jobs, stop its daemons (a munged that was
#                                           running before start is left running)
# start and stop are idempotent. The configuration, state and logs live in one folder,
# $ADABAYES_SLURM_DIR (default /var/tmp/adabayes-slurm); nothing under /etc/slurm is touched.
# Exit 77: Slurm cannot be installed or started here (not root, no apt, a Slurm already running).
set -euo pipefail
dir="${ADABAYES_SLURM_DIR:-/var/tmp/adabayes-slurm}"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"
me="local-cluster"

say() { echo "$me: $*" >&2; }
cannot() {
  say "$*"
  exit 77
}

# the pid in file $1, if that process is alive
alive_pid() {
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# this machine's CPUs (nproc alone answers OMP_NUM_THREADS when that is set)
cpus() { env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc; }

node_state() {
  timeout 10 sinfo -h -N -o %t 2>/dev/null | head -n 1
}

running() {
  [[ -f $conf ]] && alive_pid "$dir/slurmctld.pid" >/dev/null \
    && alive_pid "$dir/slurmd.pid" >/dev/null
}

install_packages() {
  local pkgs=(slurm-wlm munge)
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
      && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null || cannot "Slurm is not installed and there is no apt-get"
  say "installing ${pkgs[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # the daemons are started here, not by the packages' service scripts
  apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 \
           && apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null; } \
    || cannot "apt-get install ${pkgs[*]} failed"
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already running: using it"
    return 0
  fi
  install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
  install -d -o munge -g munge -m 0755 /run/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile=/etc/munge/munge.key
    else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    fi
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- munged --pid-file=/run/munge/munged.pid
  cp /run/munge/munged.pid "$dir/munged.pid"
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cannot "munged did not answer (see /var/log/munge/munged.log)"
}

write_conf() {
  local host cpus mem cg
  host=$(hostname -s)
  cpus=$(cpus)
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  # a container's memory limit, when lower than the machine's
  cg=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || echo max)
  if [[ $cg =~ ^[0-9]+$ ]] && ((cg / 1048576 < mem)); then
    mem=$((cg / 1048576))
  fi
  cat >"$conf.tmp" <<EOF
# written by scripts/slurm/local-cluster.sh: a one-node cluster on $host
ClusterName=adabayes-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MailProg=/bin/true
MinJobAge=600
KillWait=30
# a requeued job waits this long (default 120 s) before it may start again
AuthInfo=cred_expire=5
# schedule often: a requeued job starts again within seconds of becoming eligible
SchedulerParameters=sched_interval=2,bf_interval=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.tmp" "$conf"
}

start() {
  local s=""
  if running; then
    s=$(node_state)
    if [[ $s =~ ^(idle|mix|alloc)$ ]]; then
      say "already running ($s); SLURM_CONF=$conf"
      return 0
    fi
  fi
  [[ $(id -u) -eq 0 ]] || cannot "needs root (slurmd runs jobs as their user); run it as root"
  if pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null; then
    running || cannot "a slurmctld or slurmd not started by this script runs here; stop it first"
  fi
  install_packages
  mkdir -p "$dir/state" "$dir/spool"
  chmod 0755 "$dir"
  start_munge
  if ! running; then
    write_conf
    # a clean controller: no jobs from an earlier start
    slurmctld -c -f "$conf"
    slurmd -f "$conf"
  fi
  for _ in $(seq 60); do
    s=$(node_state)
    case "$s" in
      idle) break ;;
      down* | drain* | drng*) scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null \
                                || true ;;
    esac
    sleep 0.5
  done
  if [[ $s != idle ]]; then
    cannot "the node is not idle after 30 s (sinfo: ${s:-no answer}); logs in $dir"
  fi
  say "running: one node, $(cpus) CPUs; SLURM_CONF=$conf"
}

stop() {
  local pid jobs
  if ! alive_pid "$dir/slurmctld.pid" >/dev/null && ! alive_pid "$dir/slurmd.pid" >/dev/null \
      && ! alive_pid "$dir/munged.pid" >/dev/null; then
    rm -f "$dir/munged.pid"
    say "not running"
    return 0
  fi
  if running; then
    jobs=$(timeout 10 squeue -h -o %A 2>/dev/null || true)
    if [[ -n $jobs ]]; then
      # shellcheck disable=SC2086 # one argument per job id
      scancel $jobs 2>/dev/null || true
      for _ in $(seq 80); do
        [[ -z $(timeout 10 squeue -h -o %A 2>/dev/null) ]] && break
        sleep 0.5
      done
    fi
    timeout 20 scontrol shutdown >/dev/null 2>&1 || true
  fi
  for d in slurmd slurmctld munged; do
    pid=$(alive_pid "$dir/$d.pid") || continue
    [[ $d == munged && $(cat "/proc/$pid/comm" 2>/dev/null) != munged ]] && continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$dir/munged.pid"
  say "stopped"
}

status() {
  if running; then
    say "slurmctld $(alive_pid "$dir/slurmctld.pid"), slurmd $(alive_pid "$dir/slurmd.pid");" \
      "SLURM_CONF=$conf"
    timeout 10 sinfo || true
    [[ $(node_state) =~ ^(idle|mix|alloc)$ ]]
  else
    say "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
