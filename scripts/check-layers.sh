#!/usr/bin/env bash
# scripts/check-layers.sh: the layer rules of src/, checked on every build
# (the Makefile's check-layers target runs it after compiling the objects).
#
#   1. No file under src/core includes a PostgreSQL header, and every project
#      header it includes is a core one ("core/...").
#   2. No basename appears twice under src/.
#   3. No circle of #includes between the project's headers.
#   4. No circle between object files: a file may call into another only if
#      that one does not, directly or through others, call back into it.
#   5. The core never calls the glue: no symbol a core object uses is
#      defined by a glue object.
#
# Usage: scripts/check-layers.sh [OBJECT...]: checks 4 and 5 read the objects
# named (the Makefile passes the ones the build made), so a stale object of a
# removed file never counts.  Exits non-zero with one line per violation.
set -uo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-pg_config}
server_inc=$("$PG_CONFIG" --includedir-server)
client_inc=$("$PG_CONFIG" --includedir)
bad=0
fail() { echo "check-layers: $*" >&2; bad=1; }

# 1. core includes
while IFS= read -r line; do
  file=${line%%:*}
  rest=${line#*:}
  hdr=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]\([^>"]*\)[>"].*/\1/p' <<<"$rest")
  [ -n "$hdr" ] || continue
  case $rest in
    *'"'*)
      case $hdr in
        core/*) [ -f "src/$hdr" ] || fail "$file includes \"$hdr\", which is not a file under src/core" ;;
        *) fail "$file includes \"$hdr\": a core file includes only core headers (\"core/...\") and system headers" ;;
      esac ;;
    *)
      if [ -f "$server_inc/$hdr" ] || [ -f "$client_inc/$hdr" ]; then
        fail "$file includes <$hdr>, a PostgreSQL header: src/core is plain C"
      fi ;;
  esac
done < <(grep -rH '^[[:space:]]*#[[:space:]]*include' src/core)

# 2. unique basenames
dups=$(find src -type f \( -name '*.c' -o -name '*.h' \) -printf '%f\n' | sort | uniq -d)
for d in $dups; do
  fail "basename $d appears twice under src/: $(find src -name "$d" | tr '\n' ' ')"
done

# A circle in "A B" edges (A depends on B), found by tsort; prints its members.
circles() {
  local what=$1 edges=$2 out
  out=$(tsort <<<"$edges" 2>&1 >/dev/null | sed -n 's/^tsort: //p' | grep -v 'input contains a loop')
  if [ -n "$out" ]; then
    fail "$what form a circle: $(tr '\n' ' ' <<<"$out")"
  fi
}

# 3. include circles among project headers and sources
edges=$(grep -rH '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' src \
  | sed -n 's|^src/\([^:]*\):[[:space:]]*#[[:space:]]*include[[:space:]]*"\(core/[^"]*\|pg/[^"]*\)".*|\1 \2|p')
circles "#includes" "$edges"

# 4 and 5: symbol dependencies between objects (run after the build).
objs=$(printf '%s\n' "$@" | sort)
if [ $# -gt 0 ]; then
  defs=$(for o in $objs; do nm --defined-only -g "$o" | awk -v o="$o" 'NF==3 {print $3, o}'; done | sort -k1,1)
  uses=$(for o in $objs; do nm -u "$o" | awk -v o="$o" '{print $NF, o}'; done | sort -k1,1)
  # "user definer" for every symbol a file uses that another file defines
  edges=$(join <(echo "$uses") <(echo "$defs") | awk '$2 != $3 {print $2, $3}' | sort -u)
  circles "object files" "$edges"
  while read -r user definer; do
    case $user:$definer in
      src/core/*:src/pg/*) fail "$user calls into the glue ($definer): the core never calls back" ;;
    esac
  done <<<"$edges"
fi

exit $bad
