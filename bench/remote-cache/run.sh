#!/usr/bin/env bash
# Remote-cache benchmark (docs/remote-cache.md): real `dotnet build`s of Fashion-MNIST's 60,000 training images
# (Debian's dataset-fashion-mnist) against a real nginx WebDAV cache on loopback.
#   1. converting locally (no cache) vs a second machine (empty download cache and output) pulling from a warm cache;
#   2. sharded conversion with n = 1, 2, 4 concurrent processes (own folders, only the cache shared), wall time,
#      then an assembling build whose files must have the MD5s of the single-machine build.
# Prints ratios against the baseline measured in the same run, whole builds and above the floor (an up-to-date build of
# the same project: what `dotnet build` costs before any dataset work). Needs nginx and dataset-fashion-mnist.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
fm=/usr/share/datasets/fashion-mnist
work=$(mktemp -d /tmp/dd-bench-cache.XXXXXX)
trap 'kill $(cat "$work/nginx/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_PACKAGES="$work/packages"
version="0.1.0-bench.$(date +%s)"

dotnet pack "$repo/sdk/Datadings.Sdk" -c Release -o "$work/feed" -p:Version="$version" -nodeReuse:false -v:q >/dev/null
cat > "$work/NuGet.config" <<XML
<configuration><packageSources><clear /><add key="feed" value="$work/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
XML

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/root/cache" "$work/nginx/body" "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/logs/error.log;
events { worker_connections 256; }
http { access_log off; client_body_temp_path $work/nginx/body; client_max_body_size 0;
  server { listen 127.0.0.1:$port; root $work/nginx/root;
    location /cache/ { dav_methods PUT; create_full_put_path on; } } }
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" -g "user root;"

md5() { md5sum "$1" | cut -d' ' -f1; }
# project FOLDER CACHE_URL PUSH SHARDSIZE
project() {
  mkdir -p "$1"; cp "$work/NuGet.config" "$1/"
  cat > "$1/fm.dsproj" <<XML
<Project Sdk="Datadings.Sdk/$version">
  <PropertyGroup><DatadingsRemoteCache>$2</DatadingsRemoteCache><DatadingsRemoteCachePush>$3</DatadingsRemoteCachePush></PropertyGroup>
  <ItemGroup>
    <DatasetSource Include="train-images" Url="$fm/train-images-idx3-ubyte.gz" Md5="$(md5 $fm/train-images-idx3-ubyte.gz)" />
    <DatasetSource Include="train-labels" Url="$fm/train-labels-idx1-ubyte.gz" Md5="$(md5 $fm/train-labels-idx1-ubyte.gz)" />
    <DatasetConversion Include="train" Converter="Idx" Images="train-images" Labels="train-labels" $4 />
  </ItemGroup>
</Project>
XML
  (cd "$1" && dotnet restore -nodeReuse:false -v:q >/dev/null)
}
# build FOLDER [args…]: seconds of the build (restore done beforehand, so both sides pay only the build); the CPU
# seconds (user+sys of the build and its children) go to FOLDER/cpu
build() {
  local dir=$1; shift
  local start=$(date +%s.%N)
  (cd "$dir" && DATADINGS_CACHE="$dir/.dl" /usr/bin/time -f "%U %S" -o "$dir/time" dotnet build --no-restore -nodeReuse:false -tl:off -v:n "$@" > "$dir/build.log" 2>&1) || { tail -30 "$dir/build.log"; exit 1; }
  awk '{print $1 + $2}' "$dir/time" > "$dir/cpu"
  echo "$(date +%s.%N) - $start" | bc
}
# Outputs go to bin/datasets whatever the configuration; an empty or missing folder fails the comparison.
sums() { (cd "$1"/bin/datasets && ls *.msgpack >/dev/null && md5sum * | sort) || echo "no datasets in $1"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds today)"
url="http://127.0.0.1:$port/cache"

echo "== second machine from a warm remote cache vs converting (60,000 images)"
project "$work/local" "" false ""
t_local=$(build "$work/local")
project "$work/push" "$url/warm/" true ""
t_push=$(build "$work/push")
project "$work/pull" "$url/warm/" false ""
t_pull=$(build "$work/pull")
grep -q "train: pulled 60,000 samples" "$work/pull/build.log" || { echo "second machine did not pull"; exit 1; }
grep -q "train-images: not fetched" "$work/pull/build.log" || { echo "second machine fetched the sources"; exit 1; }
! grep -q "train: converted" "$work/pull/build.log" || { echo "second machine converted"; exit 1; }
[ "$(sums "$work/local")" = "$(sums "$work/pull")" ] || { echo "pulled files differ"; exit 1; }
c_local=$(cat "$work/local/cpu"); c_push=$(cat "$work/push/cpu"); c_pull=$(cat "$work/pull/cpu")
tasks="task lines: $(grep -ho 'train: converted.*samples/s)' "$work/local/build.log") | $(grep -ho 'train: pulled.*in [0-9.]* *[a-z]*' "$work/pull/build.log")"
# The floor: `dotnet build` of the same, now up-to-date project (MSBuild start-up, evaluation, stamp checks): what
# any build costs, cache or not. Measured on both sides and averaged.
t_floor=$(echo "($(build "$work/pull") + $(build "$work/local")) / 2" | bc -l)
c_floor=$(echo "($(cat "$work/pull/cpu") + $(cat "$work/local/cpu")) / 2" | bc -l)
grep -q "train: up to date" "$work/local/build.log" || { echo "the floor build was not up to date"; exit 1; }
printf "convert locally        %6.1f s wall %6.1f s CPU  (baseline)\n" "$t_local" "$c_local"
printf "convert + push         %6.1f s wall %6.1f s CPU  %.2fx wall %.2fx CPU\n" "$t_push" "$c_push" "$(echo "$t_push / $t_local" | bc -l)" "$(echo "$c_push / $c_local" | bc -l)"
printf "second machine (pull)  %6.1f s wall %6.1f s CPU  %.3fx wall %.3fx CPU   goal <= 0.1\n" "$t_pull" "$c_pull" "$(echo "$t_pull / $t_local" | bc -l)" "$(echo "$c_pull / $c_local" | bc -l)"
printf "up-to-date build       %6.1f s wall %6.1f s CPU  (the floor of any dotnet build)\n" "$t_floor" "$c_floor"
printf "above the floor: pull %.1f s vs convert %.1f s wall = %.3fx; CPU %.1f s vs %.1f s = %.3fx\n" \
  "$(echo "$t_pull - $t_floor" | bc -l)" "$(echo "$t_local - $t_floor" | bc -l)" "$(echo "($t_pull - $t_floor) / ($t_local - $t_floor)" | bc -l)" \
  "$(echo "$c_pull - $c_floor" | bc -l)" "$(echo "$c_local - $c_floor" | bc -l)" "$(echo "($c_pull - $c_floor) / ($c_local - $c_floor)" | bc -l)"
echo "$tasks"

# Each conversion already uses every core (DatadingsConversionParallelism=0), so on one 2-core machine n processes
# compete for the same cores; the second series gives each process one thread, as one core per machine would.
for par in ${BENCH_PARALLELISMS:-0 1}; do
echo "== sharded conversion (ShardSize=7500: 8 shards), n concurrent processes with DatadingsConversionParallelism=$par, then an assembling build"
project "$work/single-$par" "" false 'ShardSize="7500"'
build "$work/single-$par" -p:DatadingsConversionParallelism=$par >/dev/null
floor=$(build "$work/single-$par" -p:DatadingsConversionParallelism=$par)
base=""; base_task=""; base_cpu=""
for n in 1 2 4; do
  for ((k = 0; k < n; k++)); do project "$work/p$par-n$n-$k" "$url/p$par-n$n/" true 'ShardSize="7500"'; done
  start=$(date +%s.%N)
  pids=()
  for ((k = 0; k < n; k++)); do build "$work/p$par-n$n-$k" -p:DatadingsShardIndex=$k -p:DatadingsShardCount=$n -p:DatadingsConversionParallelism=$par >/dev/null & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  # The conversion task alone (without MSBuild start-up, restore of nothing, source checks): the slowest process.
  task=$(for ((k = 0; k < n; k++)); do grep -ho 'train: converted [0-9,]* samples in [0-9.]* s' "$work/p$par-n$n-$k/build.log" | grep -o '[0-9.]* s$' | cut -d' ' -f1; done | sort -g | tail -1)
  project "$work/p$par-n$n-assemble" "$url/p$par-n$n/" false 'ShardSize="7500"'
  t_assemble=$(build "$work/p$par-n$n-assemble" -p:DatadingsShardCount=$n)
  same=$([ "$(sums "$work/single-$par")" = "$(sums "$work/p$par-n$n-assemble")" ] && echo identical || echo DIFFERENT)
  # CPU seconds (user+sys) of each shard build: their sum is the work all machines do together; the largest is what
  # the slowest of n separate machines would take, free of the cores these n processes share here.
  cpus=$(for ((k = 0; k < n; k++)); do cat "$work/p$par-n$n-$k/cpu"; done)
  cpu_sum=$(echo "$cpus" | paste -sd+ | bc -l); cpu_max=$(echo "$cpus" | sort -g | tail -1)
  base=${base:-$wall}; base_task=${base_task:-$task}; base_cpu=${base_cpu:-$cpu_sum}
  printf "n=%d  shard builds %5.1f s wall (%.2fx of n=1; above the %.1f s floor %.2fx), slowest conversion task %4.1f s (%.2fx)   assemble %4.1f s   output %s to the single build\n" \
    "$n" "$wall" "$(echo "$wall / $base" | bc -l)" "$floor" "$(echo "($wall - $floor) / ($base - $floor)" | bc -l)" "$task" "$(echo "$task / $base_task" | bc -l)" "$t_assemble" "$same"
  printf "      CPU: all shard builds %5.1f s (%.2fx of n=1), the largest %4.1f s (%.2fx; concurrent processes inflate CPU too)\n" \
    "$cpu_sum" "$(echo "$cpu_sum / $base_cpu" | bc -l)" "$cpu_max" "$(echo "$cpu_max / $base_cpu" | bc -l)"
done
done

# n separate machines, as this one machine can show them: each shard build alone (one after the other, all cores),
# against a single build run alternately with them; the slowest shard build's wall time is the sharded build's.
echo "== n = 2 and 4 separate machines: each shard build alone, against a single build (alternating, all cores)"
for n in 2 4; do
  project "$work/alone-single-$n" "$url/alone-single-$n/" true 'ShardSize="7500"'
  single=$(build "$work/alone-single-$n"); single_cpu=$(cat "$work/alone-single-$n/cpu")
  walls=(); cpus=()
  for ((k = 0; k < n; k++)); do
    project "$work/alone-$n-$k" "$url/alone-$n/" true 'ShardSize="7500"'
    walls+=("$(build "$work/alone-$n-$k" -p:DatadingsShardIndex=$k -p:DatadingsShardCount=$n)"); cpus+=("$(cat "$work/alone-$n-$k/cpu")")
  done
  slowest=$(printf "%s\n" "${walls[@]}" | sort -g | tail -1); largest=$(printf "%s\n" "${cpus[@]}" | sort -g | tail -1)
  printf "n=%d  single build %4.1f s wall %4.1f s CPU; slowest shard build %4.1f s wall (%.2fx), largest %4.1f s CPU (%.2fx)   goal (n=2) <= 0.6\n" \
    "$n" "$single" "$single_cpu" "$slowest" "$(echo "$slowest / $single" | bc -l)" "$largest" "$(echo "$largest / $single_cpu" | bc -l)"
done
