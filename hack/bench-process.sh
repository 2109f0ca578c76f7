#!/usr/bin/env bash
# bench-process.sh: whole-process timings of `fleetctl divide` against a binary calling Karmada's
# core.AssignReplicas (internal/compat/karmada/cmd/karmada-divide) on the same request file, and against
# `fleetctl version` (process start alone); and of fleetkit-divide (internal/dividebench/cmd), the same
# small program as karmada-divide around fleetkit's distribute.Divide instead: what a program embedding
# the divider pays, without the rest of fleetctl. `make bench-process` runs it; it is not part of
# `make test`.
#
# It builds the binaries into $BENCH_DIR (default ~/.cache/fleetkit/bin/bench-process, outside the
# repository), generates a DynamicWeight request of $CLUSTERS clusters and $REPLICAS replicas
# (deterministic), checks that the binaries assign the same replicas to every cluster, then runs $N
# interleaved rounds (the order rotates every round) of:
#
#   version      fleetctl version
#   divide       fleetctl divide -f REQUEST          (table)
#   divide-json  fleetctl divide -f REQUEST -o json
#   karmada      karmada-divide -f REQUEST
#   sdk-divide   fleetkit-divide -f REQUEST
#
# and prints the median and minimum wall time of each (milliseconds, output to /dev/null) and the
# ratios divide/version, karmada/divide and karmada/sdk-divide. Wall time is taken with bash's EPOCHREALTIME around each
# process, so every case carries the same fork/exec cost.
#
# COMPARE="label=/path/to/fleetctl ..." adds the three fleetctl cases of other binaries to the same
# rounds (e.g. COMPARE="before=$HOME/old-fleetctl"), to measure a change with before and after
# interleaved on a shared, noisy machine.
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
N=${N:-25}
CLUSTERS=${CLUSTERS:-5000}
REPLICAS=${REPLICAS:-1000000}
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/fleetkit/bin/bench-process}
COMPARE=${COMPARE:-}

mkdir -p "$BENCH_DIR"
echo "building fleetctl, fleetkit-divide and karmada-divide into $BENCH_DIR" >&2
"$GO" build -o "$BENCH_DIR/fleetctl" ./examples/fleetctl
"$GO" build -o "$BENCH_DIR/fleetkit-divide" ./internal/dividebench/cmd/fleetkit-divide
(cd internal/compat/karmada && "$GO" build -o "$BENCH_DIR/karmada-divide" ./cmd/karmada-divide)

# generate prints a DynamicWeight request: clusters c-0000... with availableReplicas drawn from
# [100, 2000) by a Park-Miller generator (exact in awk's doubles), so every machine gets the same file.
generate() {
	awk -v n="$CLUSTERS" -v r="$REPLICAS" 'BEGIN {
		x = 20260101
		printf "{\"strategy\": \"DynamicWeight\", \"replicas\": %d, \"clusters\": [", r
		for (i = 0; i < n; i++) {
			x = (x * 16807) % 2147483647
			printf "%s{\"name\": \"c-%04d\", \"availableReplicas\": %d}", (i ? ", " : ""), i, 100 + x % 1900
		}
		print "]}"
	}'
}

req="$BENCH_DIR/request-${CLUSTERS}x${REPLICAS}.json"
generate >"$req"

# rows prints "cluster replicas" for every cluster given replicas, sorted, from either binary's table
# (both print a summary line and a header first).
rows() { awk 'NR > 2 && $2 > 0 { print $1, $2 }' | LC_ALL=C sort; }
for b in "fleetctl divide" fleetkit-divide; do
	read -ra cmd <<<"$BENCH_DIR/$b"
	if ! diff <("${cmd[@]}" -f "$req" | rows) <("$BENCH_DIR/karmada-divide" -f "$req" | rows) >/dev/null; then
		echo "$b and karmada-divide disagree on $req" >&2
		exit 1
	fi
done
echo "fleetctl divide, fleetkit-divide and karmada-divide assign the same replicas to all $CLUSTERS clusters" >&2
# fleetctl pauses collection while its packages initialise (examples/fleetctl/internal/startup): a
# collection in `fleetctl version` means the pause no longer works.
gcs=$(GOGC='' GOMEMLIMIT='' GODEBUG=gctrace=1 "$BENCH_DIR/fleetctl" version 2>&1 >/dev/null | grep -c '^gc ' || true)
echo "collections during fleetctl version: $gcs (want 0)" >&2

# The cases, as "name<TAB>command".
cases=()
add_fleetctl() { # label binary
	local p=${1:+$1:}
	cases+=("${p}version	$2 version")
	cases+=("${p}divide	$2 divide -f $req")
	cases+=("${p}divide-json	$2 divide -f $req -o json")
}
add_fleetctl "" "$BENCH_DIR/fleetctl"
cases+=("karmada	$BENCH_DIR/karmada-divide -f $req")
cases+=("sdk-divide	$BENCH_DIR/fleetkit-divide -f $req")
for c in $COMPARE; do
	add_fleetctl "${c%%=*}" "${c#*=}"
done

times="$BENCH_DIR/times.txt"
: >"$times"
echo "$N rounds of ${#cases[@]} processes" >&2
for ((i = 0; i < N; i++)); do
	for ((j = 0; j < ${#cases[@]}; j++)); do
		entry=${cases[(i + j) % ${#cases[@]}]}
		name=${entry%%	*}
		read -ra cmd <<<"${entry#*	}"
		start=$EPOCHREALTIME
		"${cmd[@]}" >/dev/null
		end=$EPOCHREALTIME
		echo "$name $start $end" >>"$times"
	done
done

# Medians and minimums per case, in the order of the cases, then the ratios.
printf '%s\n' "${cases[@]%%	*}" | awk -v clusters="$CLUSTERS" -v replicas="$REPLICAS" -v n="$N" '
	NR == FNR { order[++k] = $1; next }
	{ ms[$1, ++count[$1]] = ($3 - $2) * 1000 }
	function median(name,   i, j, t, a, c) {
		c = count[name]
		for (i = 1; i <= c; i++) a[i] = ms[name, i]
		for (i = 2; i <= c; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		low[name] = a[1]
		return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
	}
	END {
		printf "%d clusters x %d replicas (DynamicWeight), %d interleaved rounds, wall ms\n", clusters, replicas, n
		printf "%-24s %8s %8s\n", "case", "median", "min"
		for (i = 1; i <= k; i++) {
			med[order[i]] = median(order[i])
			printf "%-24s %8.1f %8.1f\n", order[i], med[order[i]], low[order[i]]
		}
		printf "divide/version  %.2fx (median)  %.2fx (min)\n", med["divide"] / med["version"], low["divide"] / low["version"]
		printf "karmada/divide  %.1fx (median)  %.1fx (min)\n", med["karmada"] / med["divide"], low["karmada"] / low["divide"]
		printf "karmada/sdk-divide  %.1fx (median)  %.1fx (min)\n", med["karmada"] / med["sdk-divide"], low["karmada"] / low["sdk-divide"]
	}' - "$times"
